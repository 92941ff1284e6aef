"""The outbox records each local change in the change's own transaction, with old values."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select

from hdf_field.domain.enums import Area, GeoPrecision, OrgKind
from hdf_field.imports.writer import OrganisationWriter
from hdf_field.storage.database import Database
from hdf_field.storage.orm import KEEP_BOOKKEEPING, Officer, Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.outbox import RecordChange, record_mutations
from hdf_field.sync.tables import OutboxEntry


def entries(db: Database) -> list[OutboxEntry]:
    with db.session() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def test_create_update_and_rollback(db: Database) -> None:
    with UnitOfWork(db) as uow:
        org = Organisation(name="Acme", departement="59")
        uow.session.add(org)
        uow.commit()
    with UnitOfWork(db) as uow:
        o = uow.session.get(Organisation, org.id)
        o.name = "Acme SA"
        o.tags = ["textile"]
        o.city = o.city  # not a change
        uow.commit()
    with UnitOfWork(db) as uow:
        uow.session.get(Organisation, org.id).name = "rolled back"
        uow.session.flush()  # the outbox row is written... and rolled back with the change
    created, updated = entries(db)
    assert created.base_version == 0 and created.changes["name"] == [None, "Acme"]
    assert created.changes["status"] == [None, "identified"]  # defaults travel too
    assert updated.base_version == 1
    assert updated.changes == {"name": ["Acme", "Acme SA"], "tags": [[], ["textile"]]}
    assert created.mutation_id != updated.mutation_id


def test_expired_attribute_still_gives_the_old_value(db: Database) -> None:
    with UnitOfWork(db) as uow:
        org = Organisation(name="Old")
        uow.session.add(org)
        uow.commit()
    with UnitOfWork(db) as uow:
        o = uow.session.get(Organisation, org.id)
        uow.session.expire(o, ["name"])
        o.name = "New"
        uow.commit()
    assert entries(db)[-1].changes == {"name": ["Old", "New"]}


def test_pulled_changes_and_bulk_writers(db: Database) -> None:
    with UnitOfWork(db) as uow:
        uow.session.info[KEEP_BOOKKEEPING] = True
        uow.session.add(Organisation(name="From the registry", version=7))
        uow.commit()
    assert entries(db) == []
    rid = uuid.uuid4()
    with db.engine.begin() as conn:
        conn.execute(insert(Organisation.__table__).values(id=rid, name="Imported"))
        n = record_mutations(
            conn,
            "organisation",
            [RecordChange(rid, {"name": (None, "Imported"), "siret": (None, None)})],
        )
    assert n == 1
    [entry] = entries(db)
    assert (entry.record_id, entry.changes) == (rid, {"name": [None, "Imported"]})


AWKWARD: dict[str, Any] = {
    "name": 'Café "Le Nord" \\ Lille\nbis',
    "trade_name": None,
    "naf_code": "10.71C",
    "head_office": True,
    "register_active": False,
    "founded_on": date(1999, 12, 31),
    "lat": 50.629250112345673,
    "lon": 0.1 + 0.2,
    "geo_precision": GeoPrecision.ADDRESS,
    "area": Area.NPDC,
    "kind": OrgKind.RESEARCH_LAB,
    "priority": 3,
    "opening_hours": {"1": [["08:30", "12:00"]]},
    "tags": ['a"b', "é"],
    "deleted_at": datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=UTC),
    "source": "test",
}


def creations(db: Database) -> dict[str, dict[str, Any]]:
    """Each created organisation's outbox changes, by SIRET."""
    return {
        e.changes["siret"][1]: e.changes
        for e in entries(db)
        if e.base_version == 0 and e.entity == "organisation"
    }


@pytest.mark.parametrize("in_sql", [True, False], ids=["sqlite-encoded", "python-encoded"])
def test_bulk_creations_travel_as_a_hand_created_record(db: Database, in_sql: bool) -> None:
    with UnitOfWork(db) as uow:
        officer = Officer(name="Claire", email="claire@hdf.fr")
        uow.session.add(officer)
        uow.commit()
    register = [
        {**AWKWARD, "siret": "1", "assigned_officer_id": officer.id},
        {
            **AWKWARD,
            "siret": "2",
            "assigned_officer_id": None,
            "head_office": None,
            "deleted_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            "opening_hours": None,
            "lat": -1e-7,
            "name": "Ordinaire",
        },
    ]
    with db.engine.begin() as conn:
        writer = OrganisationWriter(conn, actor=None, source="test")
        writer.outbox_in_sql = in_sql
        writer.upsert([dict(r) for r in register], key="siret", update_fields=["name"])
    with UnitOfWork(db) as uow:
        for row in register:
            uow.session.add(Organisation(**{**row, "siret": "hand" + row["siret"]}))
        uow.commit()
    sent = creations(db)
    for row in register:
        bulk, hand = sent[row["siret"]], sent["hand" + row["siret"]]
        assert bulk.pop("siret") == [None, row["siret"]]
        hand.pop("siret")
        assert bulk == hand
    assert sent["1"]["lat"] == [None, 50.629250112345673]
    assert sent["1"]["assigned_officer_id"] == [None, str(officer.id)]
    assert sent["2"]["deleted_at"] == [None, "2026-01-02T03:04:05+00:00"]
    assert "opening_hours" not in sent["2"] and "head_office" not in sent["2"]
    ids = [e.mutation_id for e in entries(db)]
    assert len(set(ids)) == len(ids)
    assert {i.variant for i in ids} == {uuid.RFC_4122}
    assert {i.version for i in ids} == {4, 7}  # bulk rows time-ordered, the ORM's random
