from __future__ import annotations

import uuid

import pytest

from hdf_field.domain.enums import Area, FunnelStatus, GeoPrecision
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.services.demo import demo_siret
from hdf_field.services.organisations import (
    find_organisation,
    organisation_fields,
    update_organisation,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation
from hdf_field.storage.uow import UnitOfWork

SIRET = demo_siret(123)


@pytest.fixture
def org_id(db: Database) -> uuid.UUID:
    with UnitOfWork(db, actor="test") as uow:
        officer = Officer(name="Gaëlle Lenglet", email="gaelle@agence.example")
        org = Organisation(
            name="Textiles Valoria",
            siret=SIRET,
            siren=SIRET[:9],
            postal_code="59100",
            city="Roubaix",
            insee_code="59512",
            departement="59",
            area=Area.NPDC,
            lat=50.69,
            lon=3.18,
            geo_precision=GeoPrecision.COMMUNE,
            assigned_officer=officer,
            tags=["démo"],
        )
        uow.session.add_all([officer, org])
        uow.commit()
        return org.id


def test_find_by_uuid_with_or_without_dashes_and_by_siret(db: Database, org_id: uuid.UUID) -> None:
    with db.session() as s:
        for ref in (
            str(org_id),
            org_id.hex,
            SIRET,
            f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}",
        ):
            assert find_organisation(s, ref).id == org_id
        for bad in ("nope", str(uuid.uuid4()), demo_siret(124)):
            with pytest.raises(NotFoundError):
                find_organisation(s, bad)


def test_fields_are_json_ready_and_complete(db: Database, org_id: uuid.UUID) -> None:
    with db.session() as s:
        fields = organisation_fields(find_organisation(s, SIRET))
    assert fields["id"] == str(org_id)
    assert fields["siret"] == SIRET and fields["version"] == 1
    assert fields["status"] == "identified" and fields["area"] == "ex-Nord-Pas-de-Calais"
    assert fields["assigned_officer_name"] == "Gaëlle Lenglet"
    assert {"lat", "lon", "name", "created_at", "tags", "opening_hours"} <= set(fields)
    assert isinstance(fields["created_at"], str)


def test_update_normalises_and_bumps_version(db: Database, org_id: uuid.UUID) -> None:
    fields = update_organisation(
        db,
        org_id.hex,
        {
            "phone": "+33 3 20 11 22 33",
            "email": "Contact@Valoria.EXAMPLE",
            "priority": "3",
            "status": "interested",
            "tags": "démo, export",
            "opening_hours": "1-5 08:30-12:00 14:00-18:00",
        },
        actor="cli:test",
    )
    assert fields["version"] == 2
    assert fields["phone"] == "03 20 11 22 33"
    assert fields["email"] == "Contact@valoria.example"
    assert fields["priority"] == 3 and fields["status"] == "interested"
    assert fields["tags"] == ["démo", "export"]
    assert fields["updated_by"] == "cli:test"
    with db.session() as s:
        org = s.get(Organisation, org_id)
        assert org is not None and org.status is FunnelStatus.INTERESTED
        assert org.opening_hours is not None and org.opening_hours["5"] == [
            ["08:30", "12:00"],
            ["14:00", "18:00"],
        ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"priority": "2", "email": "not-an-email"}, "email"),
        ({"name": "New name", "colour": "red"}, "colour"),
        ({"name": "New name", "version": "7"}, "version"),
        ({"siret": "73282932000075"}, "siret"),
        ({"phone": "12"}, "phone"),
        ({"kind": "giant"}, "kind"),
        ({"lat": "95"}, "lat"),
        ({"assigned_officer": "nobody@nowhere.example"}, "assigned_officer_id"),
    ],
)
def test_a_bad_field_changes_nothing(
    db: Database, org_id: uuid.UUID, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        update_organisation(db, SIRET, changes, actor="t")
    assert err.value.field == field
    with db.session() as s:
        org = s.get(Organisation, org_id)
        assert org is not None and org.version == 1 and org.name == "Textiles Valoria"


def test_hand_placed_position_is_manual_and_survives_a_new_postcode(
    db: Database, org_id: uuid.UUID
) -> None:
    fields = update_organisation(db, SIRET, {"lat": "50.70", "lon": "3.20"}, actor="t")
    assert fields["geo_precision"] == "manual" and fields["lat"] == 50.70
    fields = update_organisation(db, SIRET, {"postal_code": "80000", "city": "Amiens"}, actor="t")
    assert (fields["lat"], fields["lon"], fields["geo_precision"]) == (50.70, 3.20, "manual")


def test_new_commune_regeocodes_and_updates_area(db: Database, org_id: uuid.UUID) -> None:
    fields = update_organisation(db, SIRET, {"postal_code": "80000", "city": "Amiens"}, actor="t")
    assert fields["insee_code"] == "80021" and fields["departement"] == "80"
    assert fields["area"] == "ex-Picardie" and fields["geo_precision"] == "commune"
    assert 49.8 < fields["lat"] < 50.0
    fields = update_organisation(db, SIRET, {"insee_code": "02408"}, actor="t")
    assert fields["city"] == "Laon" and fields["departement"] == "02"
    with pytest.raises(ValidationError) as err:
        update_organisation(db, SIRET, {"insee_code": "75056"}, actor="t")
    assert err.value.field == "insee_code"


def test_siret_change_sets_siren_and_officer_by_email(db: Database, org_id: uuid.UUID) -> None:
    new = demo_siret(777)
    fields = update_organisation(
        db, org_id.hex, {"siret": new, "assigned_officer": "gaelle@agence.example"}, actor="t"
    )
    assert fields["siret"] == new and fields["siren"] == new[:9]
    assert fields["assigned_officer_name"] == "Gaëlle Lenglet"


def test_stale_version_is_refused(db: Database, org_id: uuid.UUID) -> None:
    update_organisation(db, SIRET, {"priority": "2"}, actor="a")
    with pytest.raises(ValidationError, match="changed meanwhile"):
        update_organisation(db, SIRET, {"priority": "0"}, actor="b", expected_version=1)


def test_belgian_partner_is_placed_by_postcode(db: Database, org_id: uuid.UUID) -> None:
    fields = update_organisation(
        db,
        SIRET,
        {"country": "BE", "postal_code": "7500", "city": "Tournai", "phone": "069 12 34 56"},
        actor="t",
    )
    assert fields["country"] == "BE" and fields["area"] == "Belgium"
    assert fields["insee_code"] is None and fields["departement"] is None
    assert fields["phone"] == "+32 69 12 34 56"
    assert fields["geo_precision"] in ("postcode", "commune")
    assert 50.5 < fields["lat"] < 50.7 and 3.3 < fields["lon"] < 3.5
