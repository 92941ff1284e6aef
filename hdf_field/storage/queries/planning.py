"""What planning reads and retires: officers, prospects, planned visits, follow-ups, contacts.

Shared by the campaign and day planners, the day's fill-in suggestions, the campaign's
coverage lines and the printed round's notes. Lookups by many organisation ids go in slices
of :data:`CHUNK`, to stay under SQLite's limit on bound parameters.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime

from sqlalchemy import Row, false, func, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, FollowUpStatus, FunnelStatus, OrgKind, VisitStatus
from hdf_field.storage.orm import Cluster, Contact, FollowUp, Officer, Organisation, Visit

CHUNK = 500  # ids per IN (...) list


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


# --- officers ---------------------------------------------------------------------------------


def officer_by_email(session: Session, *, email: str) -> Officer | None:
    """The officer with exactly this address (deleted ones included: the caller decides)."""
    return session.scalar(select(Officer).where(Officer.email == email))


def active_officer_records(session: Session) -> list[Officer]:
    """Officers not deleted and marked active, in no particular order."""
    return list(
        session.scalars(
            select(Officer).where(Officer.deleted_at.is_(None), Officer.active.is_(True))
        )
    )


# --- organisations ----------------------------------------------------------------------------


def located_organisations(session: Session) -> list[Organisation]:
    """Live organisations that have a position: the only ones a route can reach."""
    return list(
        session.scalars(
            select(Organisation).where(
                Organisation.deleted_at.is_(None),
                Organisation.lat.is_not(None),
                Organisation.lon.is_not(None),
            )
        )
    )


def organisations_by_id(
    session: Session, *, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Organisation]:
    """The organisations among ``ids`` (deleted ones included), by id."""
    found: dict[uuid.UUID, Organisation] = {}
    for chunk in _chunks(ids):
        found.update(
            (o.id, o)
            for o in session.scalars(select(Organisation).where(Organisation.id.in_(chunk)))
        )
    return found


def assigned_officer_ids(
    session: Session, *, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID | None]:
    """Each organisation's assigned officer (None: nobody's), for the ids that exist."""
    assigned: dict[uuid.UUID, uuid.UUID | None] = {}
    for chunk in _chunks(organisation_ids):
        for org_id, owner in session.execute(
            select(Organisation.id, Organisation.assigned_officer_id).where(
                Organisation.id.in_(chunk)
            )
        ):
            assigned[org_id] = owner
    return assigned


def all_assignments(session: Session) -> dict[uuid.UUID, uuid.UUID | None]:
    """Organisation → assigned officer, for every organisation (deleted ones too) that has
    one."""
    return {
        o.id: o.assigned_officer_id
        for o in session.scalars(
            select(Organisation).where(Organisation.assigned_officer_id.is_not(None))
        )
    }


def assigned_organisation_ids(
    session: Session, *, officer_id: uuid.UUID, limit: int
) -> list[uuid.UUID]:
    """The officer's assigned organisations, highest priority first, then by name."""
    return list(
        session.scalars(
            select(Organisation.id)
            .where(Organisation.assigned_officer_id == officer_id)
            .order_by(Organisation.priority.desc(), Organisation.name)
            .limit(limit)
        ).all()
    )


def organisation_cities(
    session: Session, *, ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, str | None]:
    """Organisation → city, for the ids that exist (one IN list: a week's stops)."""
    return {
        oid: city
        for oid, city in session.execute(
            select(Organisation.id, Organisation.city).where(Organisation.id.in_(ids))
        )
    }


def organisation_group_rows(
    session: Session,
) -> Sequence[Row[uuid.UUID, FunnelStatus, str | None, Area | None, OrgKind]]:
    """``(id, status, departement, area, kind)`` of every live organisation."""
    return session.execute(
        select(
            Organisation.id,
            Organisation.status,
            Organisation.departement,
            Organisation.area,
            Organisation.kind,
        ).where(Organisation.deleted_at.is_(None))
    ).all()


def cluster_naf_prefixes(session: Session) -> list[str]:
    """Every NAF code prefix a live cluster serves (repeats kept)."""
    return [
        p
        for c in session.scalars(select(Cluster).where(Cluster.deleted_at.is_(None)))
        for p in c.naf_prefixes
    ]


# --- visits -----------------------------------------------------------------------------------


def planned_visits_with_a_time(session: Session) -> list[Visit]:
    """Every live planned visit that has a planned start, whoever and whenever."""
    return list(
        session.scalars(
            select(Visit).where(
                Visit.deleted_at.is_(None),
                Visit.status == VisitStatus.PLANNED,
                Visit.planned_start.is_not(None),
            )
        )
    )


def officer_planned_visits(
    session: Session,
    *,
    officer_id: uuid.UUID,
    start: datetime,
    end: datetime,
    unfixed_only: bool = False,
) -> list[Visit]:
    """The officer's live planned visits starting in [start, end), in time order;
    ``unfixed_only`` leaves out the fixed appointments."""
    query = select(Visit).where(
        Visit.officer_id == officer_id,
        Visit.deleted_at.is_(None),
        Visit.status == VisitStatus.PLANNED,
        Visit.planned_start >= start,
        Visit.planned_start < end,
    )
    if unfixed_only:
        query = query.where(Visit.fixed.is_(False))
    return list(session.scalars(query.order_by(Visit.planned_start)))


def first_planned_start(
    session: Session, *, officer_id: uuid.UUID, since: datetime
) -> datetime | None:
    """When the officer's first live planned visit from ``since`` starts (None: none)."""
    return session.scalar(
        select(func.min(Visit.planned_start)).where(
            Visit.officer_id == officer_id,
            Visit.status == VisitStatus.PLANNED,
            Visit.deleted_at.is_(None),
            Visit.planned_start >= since,
        )
    )


def pending_unfixed_visits(
    session: Session, *, organisation_ids: Sequence[uuid.UUID]
) -> list[Visit]:
    """The organisations' live planned visits that are neither fixed nor carried out (no
    outcome, no actual start): those a new plan may retire."""
    found: list[Visit] = []
    for chunk in _chunks(organisation_ids):
        found.extend(
            session.scalars(
                select(Visit).where(
                    Visit.organisation_id.in_(chunk),
                    Visit.deleted_at.is_(None),
                    Visit.status == VisitStatus.PLANNED,
                    Visit.fixed.is_(False),
                    Visit.outcome.is_(None),
                    Visit.actual_start.is_(None),
                )
            )
        )
    return found


def latest_done_visits(
    session: Session, *, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Visit]:
    """Each organisation's live done visit with the latest actual start."""
    last: dict[uuid.UUID, Visit] = {}
    for chunk in _chunks(organisation_ids):
        for v in session.scalars(
            select(Visit)
            .where(
                Visit.organisation_id.in_(chunk),
                Visit.status == VisitStatus.DONE,
                Visit.deleted_at.is_(None),
            )
            .order_by(Visit.actual_start)
        ):
            last[v.organisation_id] = v  # ordered: the latest wins
    return last


def organisations_with_done_visit(session: Session) -> set[uuid.UUID]:
    """Organisations (live or not) with at least one live done visit."""
    return set(
        session.scalars(
            select(Visit.organisation_id).where(
                Visit.deleted_at.is_(None), Visit.status == VisitStatus.DONE
            )
        )
    )


# --- follow-ups and contacts ------------------------------------------------------------------


def organisations_with_follow_up_due(session: Session, *, by: date) -> set[uuid.UUID]:
    """Organisations with a live open follow-up due on or before ``by``."""
    return set(
        session.scalars(
            select(FollowUp.organisation_id).where(
                FollowUp.deleted_at.is_(None),
                FollowUp.status == FollowUpStatus.OPEN,
                FollowUp.due_date <= by,
            )
        )
    )


def earliest_open_follow_ups(
    session: Session, *, organisation_ids: Sequence[uuid.UUID], due_by: date | None = None
) -> dict[uuid.UUID, FollowUp]:
    """Each organisation's live open follow-up due first (only those due by ``due_by`` when
    given)."""
    due: dict[uuid.UUID, FollowUp] = {}
    for chunk in _chunks(organisation_ids):
        query = select(FollowUp).where(
            FollowUp.organisation_id.in_(chunk),
            FollowUp.deleted_at.is_(None),
            FollowUp.status == FollowUpStatus.OPEN,
        )
        if due_by is not None:
            query = query.where(FollowUp.due_date <= due_by)
        for f in session.scalars(query.order_by(FollowUp.due_date.desc())):
            due[f.organisation_id] = f  # ordered: the earliest due wins
    return due


def first_reachable_contacts(
    session: Session, *, organisation_ids: Sequence[uuid.UUID] | None = None
) -> dict[uuid.UUID, Contact]:
    """Each organisation's first created live contact who has not objected to being
    contacted (every organisation's when ``organisation_ids`` is None): the person a plan or
    a printed round names, never one who objected."""
    contacts: dict[uuid.UUID, Contact] = {}
    query = (
        select(Contact)
        .where(Contact.deleted_at.is_(None), Contact.objection.is_(false()))
        .order_by(Contact.created_at, Contact.id)
    )
    slices = (
        [query]
        if organisation_ids is None
        else [
            query.where(Contact.organisation_id.in_(chunk)) for chunk in _chunks(organisation_ids)
        ]
    )
    for sliced in slices:
        for c in session.scalars(sliced):
            contacts.setdefault(c.organisation_id, c)  # ordered: the first created wins
    return contacts
