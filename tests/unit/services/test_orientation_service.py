from __future__ import annotations

from datetime import UTC, datetime

from hdf_field.domain.enums import Area, GeoPrecision, VisitStatus
from hdf_field.services.demo import demo_siret
from hdf_field.services.orientation import orient_organisation
from hdf_field.services.reference import cluster_uuid, ensure_reference_data
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork

SIRET = demo_siret(42)


def add_car_parts_maker(db: Database) -> None:
    with UnitOfWork(db, actor="t") as uow:
        officer = Officer(name="B. Lheureux", email="b@agence.example")
        org = Organisation(
            name="Équipements Valdor",
            siret=SIRET,
            naf_code="29.32Z",
            lat=50.357,
            lon=3.523,
            area=Area.NPDC,
            geo_precision=GeoPrecision.COMMUNE,
        )
        visit = Visit(
            organisation=org,
            officer=officer,
            status=VisitStatus.DONE,
            planned_start=datetime(2026, 11, 2, 9, tzinfo=UTC),
            needs=["decarbonisation", "export"],
        )
        uow.session.add_all([officer, org, visit])
        uow.commit()


def test_orients_from_the_database_with_visit_needs(db: Database) -> None:
    add_car_parts_maker(db)
    ensure_reference_data(db)
    hints = orient_organisation(db, SIRET)
    assert hints[0].cluster_name == "i-Trans"
    assert hints[0].cluster_id == str(cluster_uuid("i-Trans"))
    assert any("décarbonation" in r for r in hints[0].reasons)
    english = orient_organisation(db, SIRET, lang="en", limit=2)
    assert len(english) == 2 and english[0].reasons[0].startswith("NAF code 29.32Z")


def test_without_loaded_reference_data_the_shipped_file_is_used(db: Database) -> None:
    add_car_parts_maker(db)
    hints = orient_organisation(db, SIRET)
    assert hints and hints[0].cluster_name == "i-Trans"
