"""Logging a visit: one transaction that records it, moves the funnel and schedules follow-up.

The funnel never goes backwards: a second, disappointing visit to an organisation already
oriented towards a cluster does not undo the orientation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, VisitOutcome, VisitStatus
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.needs import NEEDS_BY_KEY
from hdf_field.domain.record_rules import check_field
from hdf_field.services.contacts import check_may_contact
from hdf_field.storage.database import Database
from hdf_field.storage.orm import FollowUp, Officer, Organisation, Visit
from hdf_field.storage.queries import contacts as queries
from hdf_field.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class LogVisit:
    organisation_id: str
    officer_name: str
    officer_email: str
    started_at: datetime  # UTC-aware
    outcome: VisitOutcome
    interest: int  # 0..3
    duration_min: int = 60
    contact_id: str | None = None
    visit_id: str | None = None  # a planned visit being completed; None: the earliest planned one
    needs: tuple[str, ...] = ()
    recommended_clusters: tuple[str, ...] = ()
    next_step: str | None = None
    follow_up_date: date | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class VisitLogged:
    visit_id: str
    organisation_id: str
    old_status: FunnelStatus
    new_status: FunnelStatus
    follow_up_id: str | None = None
    changed: tuple[str, ...] = field(default=("visit", "organisation"))


def funnel_after(
    current: FunnelStatus, interest: int, recommended: bool, outcome: VisitOutcome
) -> FunnelStatus:
    target = FunnelStatus.VISITED
    if interest >= 2 or outcome is VisitOutcome.INTERESTED:
        target = FunnelStatus.INTERESTED
    if recommended:
        target = FunnelStatus.ORIENTED
    return target if target.rank > current.rank else current


# A report is written after the visit; a clock a little ahead (or a visit logged at the door)
# is tolerated, a visit dated later than this is a planned one and is refused as "done".
FUTURE_TOLERANCE = timedelta(hours=1)


def _validate(cmd: LogVisit, now: datetime | None = None) -> None:
    if not 0 <= cmd.interest <= 3:
        raise ValidationError(
            "interest", code="integer.range", params={"low": 0, "high": 3, "value": cmd.interest}
        )
    if cmd.started_at.tzinfo is None:
        raise ValidationError("started_at", code="visit.naive_time")
    if cmd.started_at > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        raise ValidationError("started_at", code="visit.future")
    unknown = [n for n in cmd.needs if n not in NEEDS_BY_KEY]
    if unknown:
        raise ValidationError(
            "needs", code="visit.unknown_needs", params={"needs": ", ".join(unknown)}
        )
    if cmd.duration_min <= 0 or cmd.duration_min > 600:
        raise ValidationError("duration_min", code="visit.duration", params={"low": 1, "high": 600})
    if not cmd.officer_email.strip():
        raise ValidationError("officer", code="officer.identity_missing")
    if cmd.follow_up_date is not None and cmd.follow_up_date < cmd.started_at.date():
        raise ValidationError("follow_up_date", code="visit.follow_up_before")
    # The registry's rules for what travels (domain.record_rules): a visit logged here must
    # never be refused when it syncs.
    for name, text in (("next_step", cmd.next_step), ("notes", cmd.notes)):
        if text and text.strip():
            check_field("visit", name, text.strip())
    check_field("visit", "needs", list(cmd.needs))
    check_field("visit", "recommended_clusters", list(cmd.recommended_clusters))
    check_field("visit", "interest", cmd.interest)


def officer_id_for(uow: UnitOfWork, name: str, email: str) -> uuid.UUID:
    """The officer row of this laptop's user, created on first use."""
    email = email.strip().lower()
    officer = queries.officer_by_email(uow.session, email=email)
    if officer is None:
        officer = Officer(name=name.strip() or email, email=email)
        uow.session.add(officer)
        uow.session.flush()
    return officer.id


def log_visit(db: Database, cmd: LogVisit) -> VisitLogged:
    _validate(cmd)
    with UnitOfWork(db, actor=cmd.officer_email) as uow:
        s = uow.session
        org = s.get(Organisation, uuid.UUID(cmd.organisation_id))
        if org is None or org.deleted_at is not None:
            raise NotFoundError(code="organisation.not_found", params={"id": cmd.organisation_id})
        officer_id = officer_id_for(uow, cmd.officer_name, cmd.officer_email)
        visit: Visit | None = None
        if cmd.visit_id:
            visit = s.get(Visit, uuid.UUID(cmd.visit_id))
            if visit is None or visit.organisation_id != org.id:
                raise NotFoundError(code="visit.not_found", params={"id": cmd.visit_id})
        else:
            visit = queries.first_planned_visit(s, organisation_id=org.id)
        if visit is None:
            visit = Visit(
                organisation_id=org.id, officer_id=officer_id, planned_start=cmd.started_at
            )
            s.add(visit)
        visit.status = VisitStatus.DONE
        visit.actual_start = cmd.started_at
        visit.actual_duration_min = cmd.duration_min
        visit.duration_min = visit.duration_min or cmd.duration_min
        visit.outcome = cmd.outcome
        visit.interest = cmd.interest
        visit.needs = list(cmd.needs)
        visit.recommended_clusters = list(cmd.recommended_clusters)
        visit.next_step = (cmd.next_step or "").strip() or None
        visit.follow_up_date = cmd.follow_up_date
        visit.notes = (cmd.notes or "").strip() or None
        contact_id = uuid.UUID(cmd.contact_id) if cmd.contact_id else None
        if contact_id is not None and contact_id != visit.contact_id:
            check_may_contact(s, contact_id, org.id)
        visit.contact_id = contact_id
        old = org.status
        org.status = funnel_after(old, cmd.interest, bool(cmd.recommended_clusters), cmd.outcome)
        s.flush()
        follow_up_id = None
        if cmd.follow_up_date is not None:
            follow_up = FollowUp(
                organisation_id=org.id,
                visit_id=visit.id,
                officer_id=officer_id,
                due_date=cmd.follow_up_date,
                action=visit.next_step or "Relance",
                status=FollowUpStatus.OPEN,
            )
            s.add(follow_up)
            s.flush()
            follow_up_id = str(follow_up.id)
        result = VisitLogged(str(visit.id), str(org.id), old, org.status, follow_up_id)
        uow.commit()
    return result
