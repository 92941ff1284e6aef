from __future__ import annotations

from sqlalchemy import select

from hdf_field.domain.enums import FunnelStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork


def test_new_records_get_uuid_version_and_utc_timestamps(db: Database) -> None:
    with UnitOfWork(db, actor="alice@example.org") as uow:
        org = Organisation(name="Acme")
        uow.session.add(org)
        uow.commit()
    with db.session() as s:
        stored = s.scalars(select(Organisation)).one()
    assert stored.version == 1
    assert stored.created_at.tzinfo is not None
    assert stored.updated_by == "alice@example.org"
    assert stored.status is FunnelStatus.IDENTIFIED


def test_an_update_bumps_version_and_a_rollback_keeps_nothing(db: Database) -> None:
    with UnitOfWork(db) as uow:
        org = Organisation(name="Acme")
        uow.session.add(org)
        uow.commit()
        org_id = org.id
    with UnitOfWork(db, actor="bob") as uow:
        o = uow.session.get(Organisation, org_id)
        assert o is not None
        o.name = "Acme SA"
        uow.commit()
    with UnitOfWork(db) as uow:
        o = uow.session.get(Organisation, org_id)
        assert o is not None
        o.name = "lost"
        # leaving without commit rolls back
    with db.session() as s:
        o = s.get(Organisation, org_id)
        assert o is not None
        assert (o.name, o.version, o.updated_by) == ("Acme SA", 2, "bob")
