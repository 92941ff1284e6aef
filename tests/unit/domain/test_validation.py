from __future__ import annotations

from datetime import date

import pytest

from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.validation import (
    validate_email,
    validate_naf_code,
    validate_opening_hours,
    validate_organisation_field,
    validate_phone,
    validate_priority,
    validate_tags,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0320123456", "03 20 12 34 56"),
        ("03.20.12.34.56", "03 20 12 34 56"),
        ("+33 3 20 12 34 56", "03 20 12 34 56"),
        ("+33 (0)6 12 34 56 78", "06 12 34 56 78"),
        ("0033612345678", "06 12 34 56 78"),
        ("+32 69 12 34 56", "+32 69 12 34 56"),
        ("+32 2 123 45 67", "+32 2 123 45 67"),
        ("+32 475 12 34 56", "+32 475 12 34 56"),
        ("069 12 34 56", "+32 69 12 34 56"),  # 9 digits: Belgian landline
    ],
)
def test_phone_normalisation(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected


def test_belgian_context_reads_ten_digit_mobile_as_belgian() -> None:
    assert validate_phone("0475 12 34 56", country="BE") == "+32 475 12 34 56"


@pytest.mark.parametrize(
    "raw", ["12345", "+33 0320123456", "+44 20 7946 0958", "03201234567", "abc"]
)
def test_bad_phones_are_rejected_naming_the_field(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_phone(raw)
    assert err.value.field == "phone"


def test_empty_phone_clears() -> None:
    assert validate_phone("  ") is None


@pytest.mark.parametrize("good", ["a.b@example.fr", "contact+crm@Sub.Example.COM"])
def test_email_accepts(good: str) -> None:
    assert validate_email(good) is not None


def test_email_lowercases_domain_only() -> None:
    assert validate_email("Jean.Dupont@Example.FR") == "Jean.Dupont@example.fr"


@pytest.mark.parametrize(
    "bad", ["no-at.example.fr", "a@b", "a b@example.fr", "a@@example.fr", "a@.fr"]
)
def test_email_rejects(bad: str) -> None:
    with pytest.raises(ValidationError):
        validate_email(bad)


def test_priority_range() -> None:
    assert validate_priority("3") == 3
    for bad in ("4", "-1", "high"):
        with pytest.raises(ValidationError):
            validate_priority(bad)


def test_tags_comma_list_dedup() -> None:
    assert validate_tags(" démo, export ,, démo ,Agro") == ["démo", "export", "Agro"]


def test_naf_normalised_to_dotted() -> None:
    assert validate_naf_code("2910z") == "29.10Z"
    with pytest.raises(ValidationError):
        validate_naf_code("291")


def test_enum_by_value_or_name() -> None:
    assert validate_organisation_field("status", "visited") is FunnelStatus.VISITED
    assert validate_organisation_field("area", "ex-Picardie") is Area.PICARDIE
    assert validate_organisation_field("area", "PICARDIE") is Area.PICARDIE
    with pytest.raises(ValidationError, match="allowed"):
        validate_organisation_field("status", "hot")


def test_siret_check_digit() -> None:
    assert validate_organisation_field("siret", "732 829 320 00074") == "73282932000074"
    with pytest.raises(ValidationError, match="check digit"):
        validate_organisation_field("siret", "73282932000075")


def test_unknown_and_read_only_fields() -> None:
    with pytest.raises(ValidationError) as err:
        validate_organisation_field("colour", "red")
    assert err.value.field == "colour"
    with pytest.raises(ValidationError, match="read-only"):
        validate_organisation_field("version", "3")


def test_coordinates_in_range() -> None:
    assert validate_organisation_field("lat", "50,63") == pytest.approx(50.63)
    with pytest.raises(ValidationError):
        validate_organisation_field("lat", "91")
    with pytest.raises(ValidationError):
        validate_organisation_field("lon", "east")


def test_opening_hours_compact_form() -> None:
    hours = validate_opening_hours("1-5 08:30-12:00 14:00-18:00; 6 09:00-12:00")
    assert hours is not None
    assert hours["1"] == [["08:30", "12:00"], ["14:00", "18:00"]]
    assert hours["6"] == [["09:00", "12:00"]]
    assert "7" not in hours
    with pytest.raises(ValidationError):
        validate_opening_hours("1 12:00-08:00")


def test_postal_code_depends_on_country() -> None:
    assert validate_organisation_field("postal_code", "7500", country="BE") == "7500"
    with pytest.raises(ValidationError):
        validate_organisation_field("postal_code", "7500")


def test_dates() -> None:
    assert validate_organisation_field("founded_on", "2019-03-01") == date(2019, 3, 1)


def test_every_editable_field_has_labels() -> None:
    from hdf_field.domain.validation import ORGANISATION_FIELD_LABELS, ORGANISATION_VALIDATORS

    assert set(ORGANISATION_FIELD_LABELS) == set(ORGANISATION_VALIDATORS)
