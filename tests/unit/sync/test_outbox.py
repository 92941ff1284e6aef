"""The outbox records each local change in the change's own transaction, with old values."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select

from hdf_field.storage.database import Database
from hdf_field.storage.orm import KEEP_BOOKKEEPING, Organisation
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
        n = record_mutations(conn, "organisation", [
            RecordChange(rid, {"name": (None, "Imported"), "siret": (None, None)})])
    assert n == 1
    [entry] = entries(db)
    assert (entry.record_id, entry.changes) == (rid, {"name": [None, "Imported"]})
