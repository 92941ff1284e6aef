"""Mapped CSV/XLSX lists: matching, validation with line and column, membership updates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from hdf_field.domain.enums import Area, FunnelStatus, GeoPrecision, OrgKind
from hdf_field.domain.errors import InputFileError
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene import import_sirene
from hdf_field.imports.tabular import import_table, load_mapping, normalized_name
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from tests.imports_support import SireneWriter, sirene_row, siret_for

MEMBERS = {
    "columns": {
        "Raison sociale": "name",
        "SIRET": "siret",
        "Code postal": "postal_code",
        "Ville": "city",
        "Courriel": "email",
        "Thèmes": "tags",
    },
    "defaults": {"status": "member", "tags": ["pôle-mobilité"], "kind": "firm"},
    "match": ["siret", "name+postal_code"],
}
HEADER = ["Raison sociale", "SIRET", "Code postal", "Ville", "Courriel", "Thèmes"]


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def _mapping(tmp_path: Path, data: dict[str, object] = MEMBERS) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _orgs(db: Database) -> list[Organisation]:
    with db.session() as s:
        return list(s.scalars(select(Organisation).order_by(Organisation.name)))


def test_membership_list_updates_matches_and_creates(
    db: Database, write_sirene: SireneWriter, tmp_path: Path, places: GazetteerPlaces
) -> None:
    import_sirene(
        db,
        write_sirene([sirene_row(1, denominationUsuelleEtablissement="ACME"), sirene_row(2)]),
        places=places,
    )
    listing = _write_csv(
        tmp_path / "membres.csv",
        [
            ["ACME SAS", siret_for(1), "59000", "Lille", "contact@acme.fr", "hydrogène; bois"],
            ["Entreprise 2", "", "59000", "LILLE", "", ""],  # matched by name + postal code
            ["Nouvelle Coop", "", "80000", "Amiens", "", ""],  # created
            ["Mauvais SIRET", "12345678901234", "59000", "Lille", "", ""],  # line 5
            ["Sans courriel", "", "59000", "Lille", "pas-un-courriel", ""],  # line 6
            ["", "", "62000", "Arras", "", ""],  # line 7: nothing to name it
        ],
    )

    report = import_table(db, listing, _mapping(tmp_path), places=places, lang="en")

    assert (report.read, report.created, report.updated, report.rejected) == (6, 1, 2, 3)
    assert report.balanced
    assert [r.line for r in report.rejects] == [5, 6, 7]
    assert "column 'SIRET' (siret)" in report.rejects[0].reason
    assert "column 'Courriel' (email)" in report.rejects[1].reason
    orgs = {o.name: o for o in _orgs(db)}
    acme = orgs["ACME"]  # the register name stays; the list adds what it knows
    assert acme.status is FunnelStatus.MEMBER and acme.email == "contact@acme.fr"
    assert acme.tags == ["pôle-mobilité", "hydrogène", "bois"]
    assert acme.version == 2
    assert orgs["ENTREPRISE 2"].status is FunnelStatus.MEMBER
    coop = orgs["Nouvelle Coop"]
    assert (coop.insee_code, coop.departement, coop.area) == ("80021", "80", Area.PICARDIE)
    assert coop.geo_precision is GeoPrecision.COMMUNE and coop.source == "csv"
    assert coop.kind is OrgKind.FIRM and coop.tags == ["pôle-mobilité"]


def test_reimport_is_idempotent_and_never_demotes(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    listing = _write_csv(tmp_path / "l.csv", [["Coop A", "", "80000", "Amiens", "", ""]])
    import_table(db, listing, _mapping(tmp_path), places=places)
    prospects = {**MEMBERS, "defaults": {"status": "contacted"}}

    again = import_table(db, listing, _mapping(tmp_path, prospects), places=places)

    assert (again.created, again.updated) == (0, 1)
    (org,) = _orgs(db)
    assert org.status is FunnelStatus.MEMBER and org.version == 1


def test_xlsx_list_with_numbers_typed_as_numbers(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["Atelier Picard", int(siret_for(9)), 80000, "Amiens", None, "bois"])
    sheet.append(["Labo", "pas un siret", 80000, "Amiens", None, None])
    path = tmp_path / "partenaires.xlsx"
    book.save(path)

    report = import_table(db, path, _mapping(tmp_path), places=places)

    assert (report.read, report.created, report.rejected) == (2, 1, 1)
    assert report.rejects[0].line == 3
    (org,) = _orgs(db)
    assert (org.siret, org.postal_code) == (siret_for(9), "80000")
    assert org.tags == ["pôle-mobilité", "bois"]


IDENTIFIERS = {
    "columns": {
        "Nom": "name",
        "SIRET": "siret",
        "SIREN": "siren",
        "N° entreprise": "be_enterprise_number",
        "CP": "postal_code",
        "Ville": "city",
        "Code commune": "insee_code",
        "Pays": "country",
    },
    "match": ["siret", "be_enterprise_number", "name+postal_code"],
}


def test_xlsx_number_cells_get_their_leading_zeros_back(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(IDENTIFIERS["columns"]))
    # Excel keeps what looks like a number as a number: 00075675900015 becomes 75675900015.
    sheet.append(["Verrerie", 75675900015, None, None, 2100, "Saint-Quentin", 2691, "France"])
    sheet.append(["Sucrerie", 44010700001.0, 440107.0, None, 2100.0, None, None, None])
    sheet.append(["Brasserie", None, None, 200065765, 7500, "Tournai", None, "BE"])
    sheet.append(["Fonderie", 75675900016, None, None, 2100, None, None, None])  # line 5
    sheet.append(["Texte", None, None, None, "2100", None, None, None])  # typed as text
    path = tmp_path / "aisne.xlsx"
    book.save(path)

    report = import_table(db, path, _mapping(tmp_path, IDENTIFIERS), places=places, lang="en")

    assert (report.read, report.created, report.rejected) == (5, 4, 1)
    (reject,) = report.rejects
    assert (reject.file, reject.line) == (str(path), 5)
    assert reject.reason == "column 'SIRET' (siret): SIRET 00075675900016 fails its check digit"
    assert report.reject_file is not None
    assert "00075675900016 fails its check digit" in Path(report.reject_file).read_text("utf-8")
    orgs = {o.name: o for o in _orgs(db)}
    verrerie = orgs["Verrerie"]
    assert (verrerie.siret, verrerie.siren) == ("00075675900015", "000756759")
    assert (verrerie.postal_code, verrerie.insee_code) == ("02100", "02691")
    assert (verrerie.departement, verrerie.area) == ("02", Area.PICARDIE)
    sucrerie = orgs["Sucrerie"]  # the float form Excel also writes
    assert (sucrerie.siret, sucrerie.siren) == ("00044010700001", "000440107")
    assert sucrerie.insee_code == "02691"  # located from the restored postcode
    brasserie = orgs["Brasserie"]  # a Belgian postcode has four digits, nothing to restore
    assert (brasserie.be_enterprise_number, brasserie.postal_code) == ("0200.065.765", "7500")
    assert brasserie.area is Area.BELGIUM
    assert orgs["Texte"].postal_code == "2100"  # text is never padded


def test_scientific_notation_from_a_spreadsheet_export_is_rejected(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    listing = _write_csv(
        tmp_path / "export.csv",
        [
            ["Verrerie", "7.56759E+10", "02100", "Saint-Quentin", "", ""],  # line 2
            ["Sucrerie", "00044010700001", "02100", "Saint-Quentin", "", ""],
        ],
    )

    report = import_table(db, listing, _mapping(tmp_path), places=places, lang="en")

    assert (report.read, report.created, report.rejected) == (2, 1, 1)
    (reject,) = report.rejects
    assert reject.line == 2
    assert reject.reason.startswith(
        "column 'SIRET' (siret): '7.56759E+10' is a number in "
        "scientific notation, its digits are lost"
    )
    assert [o.siret for o in _orgs(db)] == ["00044010700001"]


def test_unknown_field_in_mapping_is_one_line_error(tmp_path: Path) -> None:
    bad = {**MEMBERS, "columns": {"Raison sociale": "raison_sociale"}}
    with pytest.raises(InputFileError, match="unknown field 'raison_sociale'"):
        load_mapping(_mapping(tmp_path, bad))


def test_mapping_column_missing_from_file(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    path = tmp_path / "l.csv"
    path.write_text("Nom;CP\nA;80000\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="Raison sociale"):
        import_table(db, path, _mapping(tmp_path), places=places)
    assert _orgs(db) == []


def test_normalized_names_ignore_case_accents_and_legal_form() -> None:
    assert normalized_name("Société Générale S.A.S.") == normalized_name("SOCIETE GENERALE")
    assert normalized_name("ACME SARL") == "acme"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "colonne 'Courriel' (E-mail) : adresse e-mail invalide : 'broken'",
        ),
        ("en", "column 'Courriel' (email): not a valid e-mail address: 'broken'"),
    ],
)
def test_reject_reasons_are_written_in_the_users_language(
    db: Database, tmp_path: Path, places: GazetteerPlaces, lang: str, expected: str
) -> None:
    """Issue 12: no English sentence inside a French reject file, and the reverse."""
    listing = _write_csv(
        tmp_path / "list.csv", [["Verrerie", "", "02100", "Saint-Quentin", "broken", ""]]
    )

    report = import_table(db, listing, _mapping(tmp_path), places=places, lang=lang)

    assert [r.reason for r in report.rejects] == [expected]
    assert report.reject_file is not None
    with Path(report.reject_file).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][2] == expected
