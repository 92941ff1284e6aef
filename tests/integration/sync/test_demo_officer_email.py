"""A demo database whose officer has the e-mail of a registry officer syncs.

The pull upserted officers by id, so the registry's officer hit the local demo officer's
unique e-mail and every sync of that database crashed. The registry's officer now takes the
local row over (same person): the row gets the registry's id and values, and everything that
pointed at it follows, in the pull page's transaction.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from hdf_field.domain.enums import Role
from hdf_field.registry import service as registry_service
from hdf_field.registry.app import create_app
from hdf_field.registry.sequence import catch_up
from hdf_field.services.demo import build_demo
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import FollowUp, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.service import SyncService
from tests.integration.sync.conftest import ASGISyncTransport


def test_registry_officer_takes_over_the_demo_officer_with_the_same_email(
    tmp_path: Path, _template_db: Path
) -> None:
    laptop_path = tmp_path / "laptop.sqlite3"
    shutil.copyfile(_template_db, laptop_path)
    db = open_database(laptop_path)
    reg_path = tmp_path / "registry.sqlite3"
    shutil.copyfile(_template_db, reg_path)
    rdb = registry_service.open_registry(reg_path)
    try:
        build_demo(db, prospects=120, seed=5)
        with db.session() as s:
            demo = s.scalars(select(Officer).order_by(Officer.email)).first()
            assert demo is not None
            email, demo_id = demo.email, demo.id
            visits = s.scalar(
                select(func.count()).select_from(Visit).where(Visit.officer_id == demo_id)
            )
            assigned = s.scalar(
                select(func.count())
                .select_from(Organisation)
                .where(Organisation.assigned_officer_id == demo_id)
            )
            follow_ups = s.scalar(
                select(func.count()).select_from(FollowUp).where(FollowUp.officer_id == demo_id)
            )
        assert visits and assigned

        with UnitOfWork(rdb) as uow:
            officer = Officer(name="Registry Name", email=email.upper(), phone="0320000000")
            uow.session.add(officer)
            uow.session.flush()
            catch_up(uow.session)
            registry_service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, None)
            token = registry_service.create_token(uow.session, "chef@hdf.fr")
            uow.commit()
            registry_id = officer.id

        transport = ASGISyncTransport(create_app(rdb))
        report = SyncService(db, "http://registry.test", token, transport=transport).run()
        assert report.pending == 0

        with db.session() as s:
            assert s.get(Officer, demo_id) is None
            merged = s.get(Officer, registry_id)
            assert merged is not None
            assert (merged.name, merged.phone) == ("Registry Name", "0320000000")
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(Officer)
                    .where(func.lower(Officer.email) == email.lower())
                )
                == 1
            )
            assert (
                s.scalar(
                    select(func.count()).select_from(Visit).where(Visit.officer_id == registry_id)
                )
                == visits
            )
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(Organisation)
                    .where(Organisation.assigned_officer_id == registry_id)
                )
                == assigned
            )
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(FollowUp)
                    .where(FollowUp.officer_id == registry_id)
                )
                == follow_ups
            )
        # A second sync has nothing left to fix.
        again = SyncService(db, "http://registry.test", token, transport=transport).run()
        assert again.pending == 0
    finally:
        db.dispose()
        rdb.dispose()
