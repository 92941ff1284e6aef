"""A SIRENE import with the prefilter gives exactly what full parsing gives; zips are read."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hdf_field.domain.enums import GeoPrecision
from hdf_field.domain.errors import InputFileError
from hdf_field.domain.progress import Cancelled
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.prefilter import PrefixTest
from hdf_field.imports.reading import CsvSource
from hdf_field.imports.report import ImportReport
from hdf_field.imports.sirene import import_sirene
from hdf_field.imports.sirene_layout import layout_row
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import Organisation
from tests.imports_support import SireneWriter, sirene_row, siret_for
from tests.progress_support import CancelWhen

OUTSIDE = [("75056", "75001"), ("69123", "69001"), ("2A004", "20000"), ("2b033", "20200")]
INSIDE = [("59350", "59000"), ("80021", "80000"), ("62041", "62000"), ("02408", "02000")]


def _mixed_rows(count: int, inside_share: float = 0.1) -> list[dict[str, str] | str]:
    """Mostly other départements (by default), with every awkward case in both places."""
    rnd = random.Random(11)
    rows: list[dict[str, str] | str] = []
    for n in range(count):
        inside = rnd.random() < inside_share
        commune, postcode = rnd.choice(INSIDE if inside else OUTSIDE)
        row = sirene_row(n, codeCommuneEtablissement=commune, codePostalEtablissement=postcode)
        kind = rnd.randrange(12)
        if kind == 0:
            row["enseigne1Etablissement"] = 'CAFE "LE 59", LILLE'  # quotes, delimiter
        elif kind == 1:
            row["complementAdresseEtablissement"] = "BAT A\nETAGE 2"  # a line break
        elif kind == 2:
            bad = siret_for(n)[:-1] + str((int(siret_for(n)[-1]) + 1) % 10)
            row.update(siret=bad, siren=bad[:9], nic=bad[9:])  # check digit
        elif kind == 3:
            row["libelleCommuneEtablissement"] = "59350 VILLE"  # a code in another column
        elif kind == 4:
            rows.append(",".join(layout_row(row)[:30]) + "\n")  # too short
            continue
        elif kind == 5:
            row["codeCommuneEtablissement"] = ""  # empty commune
        elif kind == 6:
            row["dateCreationEtablissement"] = "17/05/2004"  # a bad value
        elif kind == 7:
            rows.append(",".join(layout_row(row)).replace("\n", "") + "\r\n")  # CRLF
            continue
        elif kind == 8 and n > 10:
            row = sirene_row(n - 5, codeCommuneEtablissement=commune)  # a SIRET met again
        rows.append(row)
    return rows


def _outcome(db: Database, report: ImportReport) -> tuple[Any, ...]:
    with db.session() as s:
        stored = sorted(
            (o.siret, o.name, o.insee_code, o.register_active, o.lat, o.lon)
            for o in s.scalars(select(Organisation))
        )
    counts = (
        report.read,
        report.created,
        report.updated,
        report.skipped,
        report.rejected,
        report.duplicates,
        report.closed_unknown,
    )
    rejects = [(r.line, r.reason) for r in report.rejects]
    return counts, rejects, stored


def test_prefilter_changes_nothing_but_the_speed(
    tmp_path: Path, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    # Over 1 MiB of text, so the prefilter judges several blocks.
    path = write_sirene(_mixed_rows(8000), bom=True)
    assert path.stat().st_size > 1_400_000
    outcomes = []
    for prefilter in (True, False):
        db = open_database(tmp_path / f"prefilter_{prefilter}.sqlite3")
        report = import_sirene(db, path, places=places, batch_size=500, prefilter=prefilter)
        assert report.balanced
        outcomes.append(_outcome(db, report))
        db.dispose()
    assert outcomes[0] == outcomes[1]
    counts, rejects, stored = outcomes[0]
    assert counts[4] == len(rejects) > 0 and counts[3] > 5000 and len(stored) > 500
    with CsvSource(path, "test") as src:  # most rows never reached the parser
        src.prefilter(
            src.header.index("codeCommuneEtablissement"), PrefixTest(frozenset(DEPARTEMENTS))
        )
        parsed = sum(1 for _ in src)
    assert src.prefiltered > 5000 and parsed + src.prefiltered == counts[0]


def test_a_regional_extract_gives_the_same_outcome_too(
    tmp_path: Path, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    """70 % in the region: the prefilter hands the file back to the parser after a sample."""
    path = write_sirene(_mixed_rows(3000, inside_share=0.7))
    outcomes = []
    for prefilter in (True, False):
        db = open_database(tmp_path / f"regional_{prefilter}.sqlite3")
        report = import_sirene(db, path, places=places, prefilter=prefilter)
        outcomes.append(_outcome(db, report))
        db.dispose()
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0][1] > 1000  # created


def test_the_zip_insee_publishes_is_read_without_extracting(
    db: Database, tmp_path: Path, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    path = write_sirene(_mixed_rows(400))
    archive = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(path, "StockEtablissement_utf8.csv")
    path.unlink()

    report = import_sirene(db, archive, places=places)

    other = open_database(tmp_path / "other.sqlite3")
    with zipfile.ZipFile(archive) as z:
        z.extract("StockEtablissement_utf8.csv", tmp_path / "x")
    plain = import_sirene(other, tmp_path / "x" / "StockEtablissement_utf8.csv", places=places)
    assert _outcome(db, report) == _outcome(other, plain)
    assert report.read == 400 and report.created > 0
    assert report.reject_file == tmp_path / "StockEtablissement_utf8.rejects.csv"
    other.dispose()


def test_a_zip_without_exactly_one_csv_is_refused_in_one_line(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.csv", "siret\n")
        z.writestr("b.csv", "siret\n")
    with pytest.raises(InputFileError) as caught:
        import_sirene(db, archive, places=places)
    message = str(caught.value)
    assert "\n" not in message and "'a.csv', 'b.csv'" in message


def test_cancel_is_honoured_during_a_long_run_of_other_departements(
    db: Database,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hdf_field.imports.reading as reading

    monkeypatch.setattr(reading, "_PAUSE_EVERY", 200)
    rows: list[dict[str, str] | str] = [sirene_row(1)]
    rows += [sirene_row(n, codeCommuneEtablissement="75056") for n in range(2, 2000)]
    path = write_sirene(rows)
    seen: list[int] = []

    def cancel() -> bool:
        seen.append(1)
        return len(seen) >= 3

    with pytest.raises(Cancelled):
        import_sirene(db, path, places=places, cancel=CancelWhen(cancel))
    with db.session() as s:
        assert s.scalars(select(Organisation)).first() is None


def test_the_geolocated_file_may_be_zipped(
    db: Database, tmp_path: Path, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    no_xy = {
        "coordonneeLambertAbscisseEtablissement": "",
        "coordonneeLambertOrdonneeEtablissement": "",
    }
    path = write_sirene([sirene_row(1, **no_xy), sirene_row(2, **no_xy)])
    archive = tmp_path / "GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv",
            f"siret;x;y;qualite_xy;epsg\n{siret_for(1)};704000.5;7060000.5;11;2154\n",
        )
    import_sirene(db, path, places=places, geoloc=archive)
    with db.session() as s:
        located = {o.siret: o.geo_precision for o in s.scalars(select(Organisation))}
    assert located == {siret_for(1): GeoPrecision.ADDRESS, siret_for(2): GeoPrecision.COMMUNE}
