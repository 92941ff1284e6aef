"""The planning queries on a real database: what each keeps, which row wins, and the slices
of ids that keep IN lists under SQLite's parameter limit."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hdf_field.domain.enums import FollowUpStatus, VisitOutcome, VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, FollowUp, Officer, Organisation, Visit
from hdf_field.storage.queries.planning import (
    CHUNK,
    earliest_open_follow_ups,
    first_planned_start,
    first_reachable_contacts,
    latest_done_visits,
    officer_planned_visits,
    organisations_by_id,
    pending_unfixed_visits,
)
from hdf_field.storage.uow import UnitOfWork

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _officer_and_org(s: object) -> tuple[Officer, Organisation]:
    officer = Officer(name="Léa", email="lea@example.org")
    org = Organisation(name="Fonderie")
    s.add_all([officer, org])  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    return officer, org


def test_organisations_by_id_reads_past_one_slice(db: Database) -> None:
    with UnitOfWork(db) as uow:
        orgs = [Organisation(name=f"Org {i}") for i in range(CHUNK + 3)]
        uow.session.add_all(orgs)
        uow.commit()
        ids = sorted(o.id for o in orgs)
    with db.session() as s:
        found = organisations_by_id(s, ids=[*ids, uuid.uuid4()])
    assert set(found) == set(ids)
    assert found[ids[-1]].name == next(o.name for o in orgs if o.id == ids[-1])


def test_the_latest_done_visit_wins_and_planned_or_deleted_ones_do_not_count(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        officer, org = _officer_and_org(s)

        def visit(days_ago: int, **kw: object) -> Visit:
            v = Visit(
                organisation_id=org.id,
                officer_id=officer.id,
                actual_start=NOW - timedelta(days=days_ago),
                **{"status": VisitStatus.DONE, **kw},
            )
            s.add(v)
            return v

        visit(30)
        latest = visit(10)
        visit(2, deleted_at=NOW)
        visit(1, status=VisitStatus.PLANNED)
        uow.commit()
        latest_id, org_id = latest.id, org.id
    with db.session() as s:
        found = latest_done_visits(s, organisation_ids=[org_id])
    assert found[org_id].id == latest_id


def test_the_earliest_open_follow_up_wins_and_due_by_filters(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        _, org = _officer_and_org(s)
        for due, status, deleted in (
            (date(2026, 12, 20), FollowUpStatus.OPEN, None),
            (date(2026, 12, 5), FollowUpStatus.OPEN, None),
            (date(2026, 11, 1), FollowUpStatus.DONE, None),
            (date(2026, 11, 2), FollowUpStatus.OPEN, NOW),
        ):
            s.add(
                FollowUp(
                    organisation_id=org.id,
                    due_date=due,
                    action=f"relance {due}",
                    status=status,
                    deleted_at=deleted,
                )
            )
        uow.commit()
        org_id = org.id
    with db.session() as s:
        assert earliest_open_follow_ups(s, organisation_ids=[org_id])[org_id].due_date == date(
            2026, 12, 5
        )
        assert (
            earliest_open_follow_ups(s, organisation_ids=[org_id], due_by=date(2026, 12, 4)) == {}
        )
        later = earliest_open_follow_ups(s, organisation_ids=[org_id], due_by=date(2026, 12, 31))
        assert later[org_id].due_date == date(2026, 12, 5)


def test_the_first_created_contact_who_did_not_object_is_named(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        _, org = _officer_and_org(s)
        other = Organisation(name="Sans contact joignable")
        s.add(other)
        s.flush()
        s.add_all(
            [
                Contact(
                    organisation_id=org.id,
                    last_name="Objecte",
                    objection=True,
                    created_at=NOW - timedelta(days=9),
                ),
                Contact(
                    organisation_id=org.id,
                    last_name="Supprimé",
                    deleted_at=NOW,
                    created_at=NOW - timedelta(days=8),
                ),
                Contact(
                    organisation_id=org.id, last_name="Premier", created_at=NOW - timedelta(days=5)
                ),
                Contact(
                    organisation_id=org.id, last_name="Second", created_at=NOW - timedelta(days=1)
                ),
                Contact(organisation_id=other.id, last_name="Non", objection=True),
            ]
        )
        uow.commit()
        org_id, other_id = org.id, other.id
    with db.session() as s:
        by_ids = first_reachable_contacts(s, organisation_ids=[org_id, other_id])
        everyone = first_reachable_contacts(s)
    assert {k: c.last_name for k, c in by_ids.items()} == {org_id: "Premier"}
    assert {k: c.last_name for k, c in everyone.items()} == {org_id: "Premier"}


def test_an_officers_planned_visits_in_a_range_in_time_order(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        officer, org = _officer_and_org(s)
        starts = [NOW + timedelta(hours=h) for h in (5, 1, 3)]
        for k, start in enumerate(starts):
            s.add(
                Visit(
                    organisation_id=org.id,
                    officer_id=officer.id,
                    planned_start=start,
                    status=VisitStatus.PLANNED,
                    fixed=k == 2,
                )
            )
        s.add(  # outside the range
            Visit(
                organisation_id=org.id,
                officer_id=officer.id,
                planned_start=NOW + timedelta(days=1),
                status=VisitStatus.PLANNED,
            )
        )
        uow.commit()
        officer_id = officer.id
    with db.session() as s:
        every = officer_planned_visits(
            s, officer_id=officer_id, start=NOW, end=NOW + timedelta(hours=12)
        )
        unfixed = officer_planned_visits(
            s, officer_id=officer_id, start=NOW, end=NOW + timedelta(hours=12), unfixed_only=True
        )
        first = first_planned_start(s, officer_id=officer_id, since=NOW + timedelta(hours=2))
    assert [v.planned_start for v in every] == sorted(starts)
    assert [v.planned_start for v in unfixed] == [
        NOW + timedelta(hours=1),
        NOW + timedelta(hours=5),
    ]
    assert first == NOW + timedelta(hours=3)


def test_pending_unfixed_visits_leave_fixed_and_carried_out_ones(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        officer, org = _officer_and_org(s)
        base = {"organisation_id": org.id, "officer_id": officer.id, "planned_start": NOW}
        pending = Visit(**base, status=VisitStatus.PLANNED)
        s.add_all(
            [
                pending,
                Visit(**base, status=VisitStatus.PLANNED, fixed=True),
                Visit(**base, status=VisitStatus.PLANNED, outcome=VisitOutcome.INTERESTED),
                Visit(**base, status=VisitStatus.PLANNED, actual_start=NOW),
                Visit(**base, status=VisitStatus.DONE),
                Visit(**base, status=VisitStatus.PLANNED, deleted_at=NOW),
            ]
        )
        uow.commit()
        org_id, pending_id = org.id, pending.id
    with db.session() as s:
        found = pending_unfixed_visits(s, organisation_ids=[org_id])
    assert [v.id for v in found] == [pending_id]
