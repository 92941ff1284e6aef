"""SIRENE stock import into a real SQLite database, with every awkward row INSEE publishes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hdf_field.domain.enums import Area, FunnelStatus, GeoPrecision, OrgKind
from hdf_field.domain.errors import InputFileError
from hdf_field.domain.progress import Cancelled
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene import import_sirene
from hdf_field.imports.sirene_layout import SIRENE_COLUMNS, layout_row
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.imports_support import SireneWriter, sirene_row, siret_for
from tests.progress_support import CancelWhen, Recorder

MASKED = {
    "statutDiffusionEtablissement": "P",
    "numeroVoieEtablissement": "[ND]",
    "typeVoieEtablissement": "[ND]",
    "libelleVoieEtablissement": "[ND]",
    "denominationUsuelleEtablissement": "[ND]",
    "coordonneeLambertAbscisseEtablissement": "[ND]",
    "coordonneeLambertOrdonneeEtablissement": "[ND]",
    "codePostalEtablissement": "62000",
    "libelleCommuneEtablissement": "ARRAS",
    "codeCommuneEtablissement": "62041",
}


def _bad_check_digit(n: int) -> str:
    good = siret_for(n)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def _raw(row: dict[str, str], keep: int | None = None) -> str:
    fields = layout_row(row)[:keep] if keep else layout_row(row)
    return ",".join(fields) + "\n"


def _orgs(db: Database) -> dict[str, Organisation]:
    with db.session() as s:
        return {o.siret: o for o in s.scalars(select(Organisation)) if o.siret}


@pytest.fixture
def awkward(write_sirene: SireneWriter) -> Path:
    bad7 = _bad_check_digit(7)
    bad18 = _bad_check_digit(18)
    rows: list[dict[str, str] | str] = [
        sirene_row(1, denominationUsuelleEtablissement='ACME, "LILLE" SAS'),  # line 2
        sirene_row(  # line 3: no coordinates → commune centroid
            2,
            codeCommuneEtablissement="80021",
            codePostalEtablissement="80000",
            libelleCommuneEtablissement="AMIENS",
            coordonneeLambertAbscisseEtablissement="",
            coordonneeLambertOrdonneeEtablissement="",
        ),
        sirene_row(3, **MASKED),  # line 4: partially public
        sirene_row(4, etatAdministratifEtablissement="F"),  # line 5: closed, never known
        sirene_row(5, codeCommuneEtablissement="75056", codePostalEtablissement="75001"),  # 6
        sirene_row(6, codeCommuneEtablissement="2A004", codePostalEtablissement="20000"),  # 7
        sirene_row(7, siret=bad7, siren=bad7[:9], nic=bad7[9:]),  # line 8: check digit
        _raw(sirene_row(8), keep=20),  # line 9: truncated
        sirene_row(1, denominationUsuelleEtablissement="ACME NOUVEAU"),  # line 10: again
        sirene_row(  # line 11: older nomenclature
            9,
            activitePrincipaleEtablissement="72.2Z",
            nomenclatureActivitePrincipaleEtablissement="NAFRev1",
        ),
        {**sirene_row(10), "siret": ""},  # line 12: missing SIRET
        sirene_row(  # line 13: Lambert-93 of Paris for a Lille row → centroid
            11,
            coordonneeLambertAbscisseEtablissement="652000",
            coordonneeLambertOrdonneeEtablissement="6862000",
        ),
        sirene_row(12, activitePrincipaleEtablissement="85.32Z"),  # line 14
        sirene_row(13, activitePrincipaleEtablissement="94.99Z"),  # line 15
        sirene_row(14, activitePrincipaleEtablissement="72.19Z"),  # line 16
        sirene_row(15, siren="732829320"),  # line 17: siren+nic ≠ siret
        sirene_row(16, dateCreationEtablissement="17/05/2004"),  # line 18
        sirene_row(17, complementAdresseEtablissement="BAT A\nETAGE 2"),  # lines 19-20
        sirene_row(18, siret=bad18, siren=bad18[:9], nic=bad18[9:]),  # line 21
    ]
    return write_sirene(rows, bom=True)


def test_every_row_is_accounted_for(db: Database, awkward: Path, places: GazetteerPlaces) -> None:
    report = import_sirene(db, awkward, places=places)

    assert (report.read, report.created, report.updated) == (19, 9, 0)
    assert (report.skipped, report.rejected) == (4, 6)
    assert report.balanced
    assert report.duplicates == 1 and report.closed_unknown == 1
    assert [(r.line, r.file) for r in report.rejects] == [
        (line, str(awkward)) for line in (8, 9, 12, 17, 18, 21)
    ]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 9


def test_reject_file_lists_line_reason_and_raw_text(
    db: Database, awkward: Path, places: GazetteerPlaces
) -> None:
    report = import_sirene(db, awkward, places=places)

    assert report.reject_file == awkward.parent / "StockEtablissement_utf8.rejects.csv"
    with report.reject_file.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["line"]) for r in rows] == [8, 9, 12, 17, 18, 21]
    reasons = [r["reason"] for r in rows]
    assert "fails its check digit" in reasons[0] and "fails its check digit" in reasons[5]
    assert reasons[1].startswith("expected 53 columns, found 20")
    assert reasons[2] == "missing SIRET"
    assert "do not make SIRET" in reasons[3]
    assert reasons[4].startswith("dateCreationEtablissement")
    assert rows[5]["raw"].startswith(_bad_check_digit(18)[:9])


def test_register_fields_are_mapped(db: Database, awkward: Path, places: GazetteerPlaces) -> None:
    import_sirene(db, awkward, places=places)
    orgs = _orgs(db)

    acme = orgs[siret_for(1)]
    assert acme.name == "ACME NOUVEAU"  # the later row of the same SIRET wins
    assert acme.street == "25 rue NATIONALE"
    assert acme.naf_code == "62.01Z" and acme.naf_label == "Programmation informatique"
    assert acme.workforce_band == "11" and acme.head_office is True
    assert (acme.departement, acme.epci_code, acme.area) == ("59", "200093201", Area.NPDC)
    assert acme.geo_precision is GeoPrecision.ADDRESS and acme.source == "sirene"
    assert acme.kind is OrgKind.FIRM and acme.status is FunnelStatus.IDENTIFIED

    amiens = orgs[siret_for(2)]
    assert amiens.geo_precision is GeoPrecision.COMMUNE and amiens.area is Area.PICARDIE
    gaz_amiens = places.commune("80021")
    assert gaz_amiens is not None
    assert (amiens.lat, amiens.lon) == (gaz_amiens.lat, gaz_amiens.lon)

    masked = orgs[siret_for(3)]
    assert masked.name == f"Établissement {siret_for(3)}"
    assert masked.street is None and masked.postal_code == "62000"
    assert masked.geo_precision is GeoPrecision.COMMUNE and masked.departement == "62"

    old_naf = orgs[siret_for(9)]
    assert (old_naf.naf_code, old_naf.naf_label, old_naf.kind) == ("72.2Z", None, OrgKind.FIRM)
    assert orgs[siret_for(11)].geo_precision is GeoPrecision.COMMUNE
    assert orgs[siret_for(12)].kind is OrgKind.SCHOOL
    assert orgs[siret_for(13)].kind is OrgKind.SOCIAL_ECONOMY
    assert orgs[siret_for(14)].kind is OrgKind.RESEARCH_LAB
    assert orgs[siret_for(17)].address_complement == "BAT A\nETAGE 2"
    for org in orgs.values():
        assert org.lat is not None and org.lon is not None
        assert 48.8 <= org.lat <= 51.1 and 1.3 <= org.lon <= 4.3, org.siret
        assert org.version == 1 and org.created_at.tzinfo is not None


def test_reimport_updates_without_duplicates_and_keeps_campaign_fields(
    db: Database, awkward: Path, places: GazetteerPlaces
) -> None:
    import_sirene(db, awkward, places=places)
    with UnitOfWork(db, actor="officer@example.org") as uow:
        acme = uow.session.scalars(
            select(Organisation).where(Organisation.siret == siret_for(1))
        ).one()
        acme.status = FunnelStatus.VISITED
        acme.priority = 3
        acme.tags = ["mobilité"]
        acme.notes = "Rencontré le directeur"
        acme.kind = OrgKind.SOCIAL_ECONOMY
        uow.commit()
    before = _orgs(db)

    again = import_sirene(db, awkward, places=places)

    assert (again.read, again.created, again.updated, again.skipped, again.rejected) == (
        19,
        0,
        9,
        4,
        6,
    )
    assert again.changed == 0
    after = _orgs(db)
    assert set(after) == set(before)
    acme = after[siret_for(1)]
    assert (acme.status, acme.priority, acme.tags, acme.notes, acme.kind) == (
        FunnelStatus.VISITED,
        3,
        ["mobilité"],
        "Rencontré le directeur",
        OrgKind.SOCIAL_ECONOMY,
    )
    assert all(after[k].version == before[k].version for k in after)


def test_changed_and_closed_establishments_are_updated(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    first = write_sirene([sirene_row(1), sirene_row(2), sirene_row(3)], "month1.csv")
    import_sirene(db, first, places=places)
    second = write_sirene(
        [
            sirene_row(
                1,
                trancheEffectifsEtablissement="21",
                numeroVoieEtablissement="7",
                indiceRepetitionEtablissement="B",
                typeVoieEtablissement="BD",
            ),
            sirene_row(2, etatAdministratifEtablissement="F"),
            sirene_row(3),
        ],
        "month2.csv",
    )

    report = import_sirene(db, second, places=places)

    assert (report.created, report.updated, report.changed) == (0, 3, 2)
    orgs = _orgs(db)
    moved = orgs[siret_for(1)]
    assert moved.workforce_band == "21" and moved.version == 2
    assert moved.street == "7 bis boulevard NATIONALE"
    closed = orgs[siret_for(2)]
    assert closed.register_active is False and closed.version == 2
    assert orgs[siret_for(3)].version == 1


def test_same_siret_in_different_batches_counts_once(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    path = write_sirene(
        [
            sirene_row(1, denominationUsuelleEtablissement="FIRST"),
            sirene_row(2),
            sirene_row(3),
            sirene_row(1, denominationUsuelleEtablissement="LAST"),
            sirene_row(4),
        ]
    )

    report = import_sirene(db, path, places=places, batch_size=2)

    assert (report.read, report.created, report.skipped, report.duplicates) == (5, 4, 1, 1)
    assert _orgs(db)[siret_for(1)].name == "LAST"


def test_manually_placed_coordinates_are_kept(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    path = write_sirene([sirene_row(1)])
    import_sirene(db, path, places=places)
    with UnitOfWork(db) as uow:
        org = uow.session.scalars(select(Organisation)).one()
        org.lat, org.lon, org.geo_precision = 50.5, 3.1, GeoPrecision.MANUAL
        uow.commit()

    import_sirene(db, path, places=places)

    org = next(iter(_orgs(db).values()))
    assert (org.lat, org.lon, org.geo_precision) == (50.5, 3.1, GeoPrecision.MANUAL)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"siret": "73282932000074"}\n', "no 'siret' column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"siret,siren,nic\n73282932000074,732829320,00074\n", "missing columns"),
        (b"", "empty file"),
    ],
)
def test_wrong_format_raises_one_line_and_changes_nothing(
    db: Database,
    tmp_path: Path,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    content: bytes,
    message: str,
) -> None:
    import_sirene(db, write_sirene([sirene_row(1)]), places=places)
    bad = tmp_path / "not_sirene.csv"
    bad.write_bytes(content)

    with pytest.raises(InputFileError) as err:
        import_sirene(db, bad, places=places)

    assert message in str(err.value) and str(bad) in str(err.value)
    assert "\n" not in str(err.value)
    assert len(_orgs(db)) == 1


def test_failure_half_way_rolls_back_every_batch(
    db: Database, tmp_path: Path, places: GazetteerPlaces
) -> None:
    path = tmp_path / "broken.csv"
    with path.open("wb") as f:
        f.write((",".join(SIRENE_COLUMNS) + "\n").encode())
        for n in range(1, 30):
            f.write(_raw(sirene_row(n)).encode())
        f.write(b"\xff\xfe not utf-8\n")

    with pytest.raises(InputFileError, match="not UTF-8"):
        import_sirene(db, path, places=places, batch_size=5)

    assert _orgs(db) == {}
    assert not (tmp_path / "broken.rejects.csv").exists()


def test_cancel_rolls_back_and_progress_is_reported(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    path = write_sirene([sirene_row(n) for n in range(1, 40)])
    seen = Recorder()

    with pytest.raises(Cancelled):
        import_sirene(
            db,
            path,
            places=places,
            batch_size=5,
            progress=seen,
            cancel=CancelWhen(lambda: len(seen.updates) >= 3),
        )

    assert _orgs(db) == {}
    assert len(seen.updates) == 3 and all(t == path.stat().st_size for _, t in seen.pairs)
    assert seen.done == sorted(seen.done)

    seen = Recorder()
    report = import_sirene(db, path, places=places, progress=seen)
    assert report.created == 39 and seen.pairs[-1] == (path.stat().st_size, path.stat().st_size)


def test_geolocated_file_fills_missing_coordinates(
    db: Database, write_sirene: SireneWriter, tmp_path: Path, places: GazetteerPlaces
) -> None:
    no_xy = {
        "coordonneeLambertAbscisseEtablissement": "",
        "coordonneeLambertOrdonneeEtablissement": "",
    }
    path = write_sirene([sirene_row(1, **no_xy), sirene_row(2, **no_xy), sirene_row(3, **no_xy)])
    lambert = tmp_path / "geo_l93.csv"
    lambert.write_text(
        "siret;x;y;qualite_xy;epsg\n"
        f"{siret_for(1)};704000.5;7060000.5;11;2154\n"
        f"{siret_for(2)};704000.5;7060000.5;33;2154\n",  # commune-level quality: not used
        encoding="utf-8",
    )
    wgs84 = tmp_path / "geo_wgs84.csv"
    wgs84.write_text(f"siret,longitude,latitude\n{siret_for(3)},3.0601,50.6402\n", encoding="utf-8")

    import_sirene(db, path, places=places, geoloc=lambert)
    orgs = _orgs(db)
    assert orgs[siret_for(1)].geo_precision is GeoPrecision.ADDRESS
    assert orgs[siret_for(1)].lat == pytest.approx(50.635, abs=0.01)
    assert orgs[siret_for(2)].geo_precision is GeoPrecision.COMMUNE

    import_sirene(db, path, places=places, geoloc=wgs84)
    org3 = _orgs(db)[siret_for(3)]
    assert (org3.lat, org3.lon, org3.geo_precision) == (50.6402, 3.0601, GeoPrecision.ADDRESS)


def test_geolocated_file_without_epsg_is_refused(
    db: Database, write_sirene: SireneWriter, tmp_path: Path, places: GazetteerPlaces
) -> None:
    geo = tmp_path / "geo.csv"
    geo.write_text(f"siret,x,y\n{siret_for(1)},704000,7060000\n", encoding="utf-8")

    with pytest.raises(InputFileError, match="EPSG"):
        import_sirene(db, write_sirene([sirene_row(1)]), places=places, geoloc=geo)
    with pytest.raises(InputFileError, match="not found"):
        import_sirene(
            db, write_sirene([sirene_row(1)]), places=places, geoloc=tmp_path / "none.csv"
        )
    assert _orgs(db) == {}
    report = import_sirene(
        db, write_sirene([sirene_row(1)]), places=places, geoloc=geo, geoloc_epsg=2154
    )
    assert report.created == 1


def test_rejects_go_to_the_temporary_folder_when_the_input_folder_is_read_only(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces, tmp_path: Path
) -> None:
    bad = _bad_check_digit(2)
    path = write_sirene([sirene_row(1), sirene_row(2, siret=bad, siren=bad[:9], nic=bad[9:])])
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")

    report = import_sirene(db, path, places=places, reject_file=blocked / "rejects.csv")

    assert report.rejected == 1 and report.reject_file is not None
    assert report.reject_file.parent != blocked and report.reject_file.exists()
    report.reject_file.unlink()
