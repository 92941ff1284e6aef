"""Guessing a list's mapping from its header, and refusing column choices that cannot work."""

from __future__ import annotations

from hdf_field.services.imports import IGNORED, check_columns, guess_mapping


def test_titles_seen_in_partner_lists_find_their_field() -> None:
    guess = guess_mapping(
        [
            "Raison sociale",
            "N° SIRET",
            "CP",
            "Ville",
            "E-mail",
            "Téléphone",
            "Site Web",
            "Nom commercial",
            "Code APE",
            "Couleur préférée",
        ]
    )
    assert guess == {
        "Raison sociale": "name",
        "N° SIRET": "siret",
        "CP": "postal_code",
        "Ville": "city",
        "E-mail": "email",
        "Téléphone": "phone",
        "Site Web": "website",
        "Nom commercial": "trade_name",
        "Code APE": "naf_code",
        "Couleur préférée": IGNORED,
    }


def test_a_field_goes_to_the_first_column_naming_it_except_tags() -> None:
    guess = guess_mapping(["Nom", "Dénomination", "Tags", "Étiquettes"])
    assert guess == {"Nom": "name", "Dénomination": IGNORED, "Tags": "tags", "Étiquettes": "tags"}


def test_column_choices_need_an_identity_and_one_column_per_field() -> None:
    assert check_columns({"a": IGNORED}) == "no column is mapped to a field"
    assert "name, the SIRET" in (check_columns({"a": "city"}) or "")
    assert "city" in (check_columns({"a": "name", "b": "city", "c": "city"}) or "")
    assert check_columns({"a": "name", "b": "tags", "c": "tags"}) is None
    assert check_columns({"a": "siret"}) is None
