"""Importers on hostile files (small limits, tiny files): over-long lines are skipped with exact
accounting, huge cells and zip bombs are refused in one line, and nothing already stored is
lost."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from hdf_field.domain.enums import GeoPrecision
from hdf_field.domain.errors import InputFileError
from hdf_field.imports.kbo import import_kbo
from hdf_field.imports.limits import ReadLimits
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.report import TRUNCATED
from hdf_field.imports.sirene import import_sirene
from hdf_field.imports.sirene_layout import layout_row
from hdf_field.imports.tabular import import_table, load_mapping
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from tests.imports_support import (
    SireneWriter,
    sirene_row,
    siret_for,
    write_shared_strings_xlsx,
)
from tests.integration.imports.test_kbo_import import write_kbo

# A real SIRENE line is about 300 characters here: 2,000 leaves it room, not a hostile one.
LIMITS = ReadLimits(line_chars=2000, record_chars=4000, field_chars=500)


def _sirets(db: Database) -> set[str]:
    with db.session() as s:
        return {o.siret for o in s.scalars(select(Organisation)) if o.siret}


def _reject_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_sirene_skips_an_over_long_line_and_imports_the_rest(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    huge = ",".join(layout_row(sirene_row(3))) + "X" * 50_000 + "\n"
    path = write_sirene([sirene_row(1), sirene_row(2), huge, sirene_row(4)])

    report = import_sirene(db, path, places=places, limits=LIMITS)

    assert (report.read, report.created, report.rejected) == (4, 3, 1)
    assert report.balanced
    assert [(r.line, r.reason) for r in report.rejects] == [
        (4, "line longer than 2,000 characters")
    ]
    assert _sirets(db) == {siret_for(1), siret_for(2), siret_for(4)}
    assert report.reject_file is not None
    rows = _reject_rows(report.reject_file)
    assert rows[1][1:3] == ["4", "line longer than 2,000 characters"]
    assert len(rows[1][3].encode()) <= 1024 and rows[1][3].endswith(TRUNCATED)
    assert rows[1][3].startswith(siret_for(3)[:9])


def test_a_one_line_sirene_file_is_refused_and_keeps_what_is_stored(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces, tmp_path: Path
) -> None:
    import_sirene(db, write_sirene([sirene_row(1)], name="first.csv"), places=places)
    one_line = tmp_path / "one_line.csv"
    one_line.write_text("siren,nic,siret" + ",x" * 10_000, encoding="utf-8")

    with pytest.raises(InputFileError, match=r"one_line\.csv: header line longer than 2,000"):
        import_sirene(db, one_line, places=places, limits=LIMITS)

    assert _sirets(db) == {siret_for(1)}
    assert not (tmp_path / "one_line.rejects.csv").exists()


def test_sirene_geoloc_lines_past_the_limit_are_ignored(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces, tmp_path: Path
) -> None:
    geoloc = tmp_path / "geo.csv"
    geoloc.write_text(
        "siret,x_longitude,y_latitude\n"
        + f"{siret_for(1)},3.06,50.63"
        + "9" * 5000
        + "\n"
        + f"{siret_for(2)},3.07,50.64\n",
        encoding="utf-8",
    )
    rows = [
        sirene_row(
            n, coordonneeLambertAbscisseEtablissement="", coordonneeLambertOrdonneeEtablissement=""
        )
        for n in (1, 2)
    ]
    report = import_sirene(db, write_sirene(rows), geoloc=geoloc, places=places, limits=LIMITS)
    assert (report.created, report.rejected) == (2, 0)
    with db.session() as s:
        located = {o.siret: (o.lat, o.geo_precision) for o in s.scalars(select(Organisation))}
    assert located[siret_for(2)] == (pytest.approx(50.64), GeoPrecision.ADDRESS)
    assert located[siret_for(1)][1] == GeoPrecision.COMMUNE  # its line was skipped


MAPPING = {"columns": {"Nom": "name", "CP": "postal_code", "Notes": "notes"}}


def test_a_csv_list_cell_over_the_limit_rejects_its_row_naming_the_column(
    db: Database, places: GazetteerPlaces, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Nom;CP;Notes\nAlpha;59000;ok\nBeta;59000;" + "n" * 600 + "\nGamma;80000;\n",
        encoding="utf-8",
    )
    (tmp_path / "map.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    report = import_table(db, path, tmp_path / "map.json", places=places, limits=LIMITS)
    assert (report.read, report.created, report.rejected) == (3, 2, 1)
    assert [(r.line, r.reason) for r in report.rejects] == [
        (3, "column 'Notes': value longer than 500 characters")
    ]


def test_an_xlsx_with_a_huge_shared_string_is_refused_and_keeps_what_is_stored(
    db: Database, places: GazetteerPlaces, tmp_path: Path
) -> None:
    (tmp_path / "map.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    first = tmp_path / "first.csv"
    first.write_text("Nom;CP;Notes\nAlpha;59000;\n", encoding="utf-8")
    import_table(db, first, tmp_path / "map.json", places=places)
    book = write_shared_strings_xlsx(
        tmp_path / "list.xlsx", [["Nom", "CP", "Notes"], ["Beta", "59000", "x" * 200_000]]
    )
    limits = ReadLimits(xlsx_member_bytes=100_000)

    with pytest.raises(InputFileError) as caught:
        import_table(db, book, tmp_path / "map.json", places=places, limits=limits)

    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{book}: member xl/sharedStrings.xml inflates to 200,")
    with db.session() as s:
        assert [o.name for o in s.scalars(select(Organisation))] == ["Alpha"]


def test_a_mapping_file_too_large_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text('{"columns": {}, "pad": "' + "x" * (1024 * 1024) + '"}', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"map\.json: mapping file larger than"):
        load_mapping(path)


def _kbo_zip(tmp_path: Path, bomb: bytes | None = None) -> Path:
    folder = write_kbo(tmp_path / "kbo")
    path = tmp_path / "KboOpenData.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in sorted(folder.iterdir()):
            data = member.read_bytes()
            if bomb is not None and member.name == "activity.csv":
                data += bomb
            zf.writestr(member.name, data)
    return path


def test_a_kbo_zip_bomb_is_refused_before_any_row_is_read(
    db: Database, places: GazetteerPlaces, tmp_path: Path
) -> None:
    good = _kbo_zip(tmp_path / "good")
    import_kbo(db, good, "7500,7700,8500-8999", places=places)
    with db.session() as s:
        before = sorted(o.name for o in s.scalars(select(Organisation)))
    bomb = _kbo_zip(tmp_path / "bomb", b"\n" * 3_000_000)  # ~3,000:1 once deflated

    with pytest.raises(InputFileError) as caught:
        import_kbo(db, bomb, "7500,7700,8500-8999", places=places)

    assert "member activity.csv has a compression ratio of" in str(caught.value)
    with db.session() as s:
        assert sorted(o.name for o in s.scalars(select(Organisation))) == before


def test_a_kbo_member_over_its_size_limit_is_refused(
    db: Database, places: GazetteerPlaces, tmp_path: Path
) -> None:
    path = _kbo_zip(tmp_path)
    with pytest.raises(InputFileError, match=r"member address\.csv inflates to [\d,]+ bytes"):
        import_kbo(db, path, "7500", places=places, limits=ReadLimits(zip_member_bytes=600))


def test_a_kbo_csv_line_past_the_limit_is_rejected_with_its_line(
    db: Database, places: GazetteerPlaces, tmp_path: Path
) -> None:
    folder = write_kbo(tmp_path / "kbo")
    with (folder / "enterprise.csv").open("a", encoding="utf-8") as f:
        f.write('"' + "9" * 5000 + '","AC"\n')
    report = import_kbo(db, folder, "7500,7700,8500-8999", places=places, limits=LIMITS)
    assert report.balanced
    assert ("enterprise.csv", 8, "line longer than 2,000 characters") in [
        (Path(r.file).name, r.line, r.reason) for r in report.rejects
    ]
    assert report.created == 3
