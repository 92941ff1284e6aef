"""Taking the demo away removes its records and leaves the officers' own ones."""

from __future__ import annotations

from datetime import date

from hdf_field.domain.enums import FollowUpStatus, VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import AppMeta, Contact, FollowUp, Officer, Organisation, Visit
from hdf_field.storage.queries.demo import (
    delete_demo_records,
    organisation_count,
    row_counts,
)
from hdf_field.storage.uow import UnitOfWork

DOMAIN = "demo.example"


def test_demo_records_go_and_real_ones_stay(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        demo_officer = Officer(name="Démo", email=f"demo@{DOMAIN}")
        real_officer = Officer(name="Léa", email="lea@example.org")
        demo_org = Organisation(name="Démo SA", source="demo")
        real_org = Organisation(name="Vraie SA", source="sirene")
        s.add_all([demo_officer, real_officer, demo_org, real_org])
        s.flush()
        real_org.assigned_officer_id = demo_officer.id
        s.add_all(
            [
                Contact(organisation_id=demo_org.id, last_name="Démo"),
                Contact(organisation_id=real_org.id, last_name="Vrai"),
                # a real organisation's visit by a demo officer goes with the officer
                Visit(
                    organisation_id=real_org.id,
                    officer_id=demo_officer.id,
                    status=VisitStatus.DONE,
                ),
                Visit(
                    organisation_id=real_org.id,
                    officer_id=real_officer.id,
                    status=VisitStatus.DONE,
                ),
                FollowUp(
                    organisation_id=demo_org.id,
                    due_date=date(2026, 12, 1),
                    action="x",
                    status=FollowUpStatus.OPEN,
                ),
                AppMeta(key="demo", value={"synthetic": True}),
            ]
        )
        uow.commit()
        real_id, real_officer_id = real_org.id, real_officer.id
    with UnitOfWork(db) as uow:
        assert organisation_count(uow.session) == 2
        assert organisation_count(uow.session, source="demo") == 1
        delete_demo_records(
            uow.session, source="demo", officer_email_domain=DOMAIN, meta_key="demo"
        )
        uow.commit()
    with db.session() as s:
        assert row_counts(s, models=(Organisation, Officer, Visit, Contact, FollowUp)) == {
            "organisation": 1,
            "officer": 1,
            "visit": 1,
            "contact": 1,
            "follow_up": 0,
        }
        real = s.get(Organisation, real_id)
        assert real is not None and real.assigned_officer_id is None
        assert [v.officer_id for v in real.visits] == [real_officer_id]
        assert s.get(AppMeta, "demo") is None
