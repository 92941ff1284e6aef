"""Planning against the database: read prospects, officers and fixed visits; save a plan.

The solvers work on plain :mod:`hdf_field.planning.inputs`; this adapter is the only place
that knows how the campaign's records become values, priorities and fixed appointments, and
how a chosen plan becomes planned :class:`Visit` rows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from hdf_field.domain.enums import FunnelStatus, VisitStatus
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.planning.campaign import (
    CampaignOptions,
    plan_campaign,
    territory_key,
)
from hdf_field.planning.day_route import plan_day
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import CampaignPlan, DayPlan, Place
from hdf_field.planning.zones import PARIS
from hdf_field.services.contacts import reachable_contact
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Officer, Organisation, Visit
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.planning import (
    active_officer_records,
    all_assignments,
    cluster_naf_prefixes,
    first_reachable_contacts,
    located_organisations,
    officer_by_email,
    officer_planned_visits,
    organisations_with_follow_up_due,
    pending_unfixed_visits,
    planned_visits_with_a_time,
)
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork

NOT_YET_VISITED = (FunnelStatus.IDENTIFIED, FunnelStatus.CONTACTED, FunnelStatus.VISIT_PLANNED)
# INSEE workforce bands ("tranche d'effectifs") → extra value for larger establishments.
SIZE_BONUS = {"11": 0.5, "12": 0.5, "21": 1.0, "22": 1.0, "31": 1.5, "32": 1.5}
DEFAULT_DURATION_MIN = 60


@dataclass(frozen=True, slots=True)
class SaveResult:
    created: int
    replaced: int
    kept_fixed: int
    updated: int = 0  # already planned visits re-timed in place
    moved: int = 0  # of those, the ones given another time or officer


def prospect_value(
    priority: int,
    never_visited: bool,
    follow_up_due: bool,
    cluster_fit: bool,
    workforce_band: str | None,
) -> float:
    """Why a prospect is worth a visit, as one number (1 = an ordinary never-visited firm).

    Priority set by the manager counts most; a due follow-up is a promise; never-visited
    prospects are the campaign's point; a NAF code a cluster serves means an easier match;
    larger establishments bring more members. Bands above 32 (500+ staff) count as 32.
    """
    size = SIZE_BONUS.get(workforce_band or "", 0.0)
    if workforce_band and workforce_band[:1] in "45":
        size = 1.5
    return (
        0.5
        + 1.0 * max(0, min(3, priority))
        + (1.0 if never_visited else 0.0)
        + (2.0 if follow_up_due else 0.0)
        + (1.0 if cluster_fit else 0.0)
        + size
    )


def officer_spec(o: Officer) -> OfficerSpec:
    if o.home_lat is None or o.home_lon is None:
        raise ValidationError("home", code="officer.no_home", params={"email": o.email})
    return OfficerSpec(
        id=str(o.id),
        name=o.name,
        home=Place(o.home_commune or "domicile", o.home_lat, o.home_lon),
        working_days=tuple(int(d) for d in (o.working_days or [1, 2, 3, 4, 5])),
        day_start=o.day_start,
        day_end=o.day_end,
        lunch_start=o.lunch_start,
        lunch_minutes=o.lunch_minutes,
        early_departure_min=o.early_departure_min if o.early_departure_min is not None else 60,
        territory=tuple(o.territory or ()),
        email=o.email,
    )


def find_officer(session: Session, key: str) -> Officer:
    """An officer by UUID or e-mail address."""
    officer: Officer | None = None
    try:
        officer = session.get(Officer, uuid.UUID(key))
    except ValueError:
        officer = officer_by_email(session, email=key.strip().lower())
        if officer is None:
            officer = officer_by_email(session, email=key.strip())
    if officer is None or officer.deleted_at is not None:
        raise NotFoundError(code="officer.not_found", params={"value": key})
    return officer


def active_officers(session: Session) -> list[Officer]:
    return sorted(active_officer_records(session), key=lambda o: collation_key(o.name))


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    lo = datetime.combine(first, time(0), tzinfo=PARIS).astimezone(UTC)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC)
    return lo, hi


def load_prospects(session: Session, first: date, last: date) -> list[Prospect]:
    """Organisations worth visiting in [first, last], plus the fixed visits planned then."""
    lo, hi = _day_bounds(first, last)
    prefixes = cluster_naf_prefixes(session)
    due = organisations_with_follow_up_due(session, by=last)
    visits = planned_visits_with_a_time(session)
    fixed_in = [
        v for v in visits if v.fixed and v.planned_start is not None and lo <= v.planned_start < hi
    ]
    # planned elsewhere (another range, or fixed): do not plan them again here
    busy = {v.organisation_id for v in visits if v.fixed or not (lo <= v.planned_start < hi)}  # type: ignore[operator]
    # already planned in the range, not fixed: a re-plan moves that visit rather than adding one
    booked_in = {
        v.organisation_id: str(v.id)
        for v in sorted(visits, key=lambda v: (v.planned_start, str(v.id)), reverse=True)
        if not v.fixed and v.organisation_id not in busy
    }
    # a person who objected is never named on a plan (see reachable_contact)
    contacts = first_reachable_contacts(session)
    out: list[Prospect] = []
    orgs = {o.id: o for o in located_organisations(session)}
    for org in orgs.values():
        if org.id in busy or not org.register_active:
            continue
        never = org.status in NOT_YET_VISITED
        if not never and org.id not in due:
            continue
        fit = bool(org.naf_code) and any(org.naf_code.startswith(p) for p in prefixes)  # type: ignore[union-attr]
        free = _prospect(
            org,
            contacts.get(org.id),
            prospect_value(org.priority, never, org.id in due, fit, org.workforce_band),
        )
        out.append(replace(free, visit_id=booked_in.get(org.id)))
    for v in fixed_in:
        fixed_org = orgs.get(v.organisation_id)
        if fixed_org is None:
            continue
        base = _prospect(fixed_org, contacts.get(fixed_org.id), 0.0)
        out.append(
            replace(
                base,
                duration_min=v.duration_min,
                fixed_time=v.planned_start,
                fixed_officer_id=str(v.officer_id),
                visit_id=str(v.id),
                purpose=v.purpose,
            )
        )
    return out


def _prospect(org: Organisation, contact: Contact | None, value: float) -> Prospect:
    address = " ".join(x for x in (org.street, org.postal_code, org.city) if x)
    contact_name = (
        " ".join(x for x in (contact.first_name, contact.last_name) if x) if contact else None
    )
    return Prospect(
        id=str(org.id),
        name=org.trade_name or org.name,
        lat=float(org.lat),  # type: ignore[arg-type]
        lon=float(org.lon),  # type: ignore[arg-type]
        value=round(value, 2),
        duration_min=DEFAULT_DURATION_MIN,
        opening_hours=org.opening_hours or None,
        departement=org.departement,
        area=org.area.value if org.area is not None else None,
        kind=org.kind.value if org.kind is not None else None,
        address=address,
        contact_name=contact_name,
        contact_phone=(contact.phone if contact else None) or org.phone,
    )


def campaign_inputs(
    db: Database, start: date, weeks: int, officer_keys: Sequence[str] | None = None
) -> tuple[list[OfficerSpec], list[Prospect]]:
    """The officers (all active ones by default) and the prospects a campaign plans."""
    if weeks < 1:
        raise ValidationError("weeks", code="integer.at_least", params={"min": 1})
    last = start + timedelta(days=7 * weeks - 1)
    with db.session() as session:
        officers = (
            [find_officer(session, k) for k in officer_keys]
            if officer_keys
            else active_officers(session)
        )
        specs = [
            officer_spec(o) for o in officers if o.home_lat is not None and o.home_lon is not None
        ]
        if not specs:
            raise ValidationError("officers", code="planning.no_officer")
        prospects = load_prospects(session, start, last)
    return specs, prospects


def plan_campaign_from_db(
    db: Database,
    start: date,
    weeks: int,
    *,
    officer_keys: Sequence[str] | None = None,
    options: CampaignOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CampaignPlan:
    specs, prospects = campaign_inputs(db, start, weeks, officer_keys)
    return plan_campaign(
        prospects, specs, start, weeks, options=options, progress=progress, cancel=cancel
    )


def plan_day_from_db(
    db: Database, officer_key: str, day: date, *, options: CampaignOptions | None = None
) -> DayPlan:
    """One officer's day.

    If visits are already planned that day, they are re-ordered and re-timed (and those that
    cannot fit are explained); otherwise the day is proposed from the officer's patch: their
    fixed appointments, then the best prospects around them.
    """
    with db.session() as session:
        officer = find_officer(session, officer_key)
        spec = officer_spec(officer)
        booked = _booked_visits(session, officer.id, day)
        if any(p.fixed_time is None for p in booked):
            if day.isoweekday() not in spec.working_days:
                spec = replace(spec, working_days=(day.isoweekday(),))
            return plan_day(spec, day, booked)
        prospects = load_prospects(session, day, day)
        oid = officer.id
        assigned = all_assignments(session)
    mine = [
        p
        for p in prospects
        if (p.fixed_time is not None and p.fixed_officer_id == str(oid))
        or (
            p.fixed_time is None
            and assigned.get(uuid.UUID(p.id), oid) == oid
            and (not spec.territory or territory_key(p) in spec.territory)
        )
    ]
    if day.isoweekday() not in spec.working_days:
        spec = replace(spec, working_days=(day.isoweekday(),))  # asked for explicitly
    plan = plan_campaign(mine, [spec], day, 1, options=options, dates=[day])
    return plan.days[0]


def _booked_visits(session: Session, officer_id: uuid.UUID, day: date) -> list[Prospect]:
    lo, hi = _day_bounds(day, day)
    out: list[Prospect] = []
    for v in officer_planned_visits(session, officer_id=officer_id, start=lo, end=hi):
        org = session.get(Organisation, v.organisation_id)
        if org is None or org.lat is None or org.lon is None:
            continue
        contact = reachable_contact(session, org.id)
        out.append(
            replace(
                _prospect(org, contact, 1.0 + org.priority),
                duration_min=v.duration_min,
                fixed_time=v.planned_start if v.fixed else None,
                fixed_officer_id=str(officer_id) if v.fixed else None,
                visit_id=str(v.id),
                purpose=v.purpose,
            )
        )
    return out


def save_plan(
    db: Database, days: Sequence[DayPlan], *, actor: str | None = None, dry_run: bool = False
) -> SaveResult:
    """Write the plan as planned visits, replacing the earlier unfixed plans it supersedes.

    One transaction: either every day is saved or none; ``dry_run`` rolls it back, so the
    counts can be shown before the user confirms. Fixed appointments are not touched;
    visits already planned and kept are re-timed in place; other non-fixed planned visits of
    the same officers on the same days are tombstoned, except those listed as unserved. An
    organisation the plan places is visited once: its other non-fixed planned visits — with
    another officer, on another day — are tombstoned too (a re-plan moves it, it does not
    copy it). Visits already carried out (done, or with an outcome recorded) stay.
    """
    now = utcnow()
    created = replaced = kept = updated = moved = 0
    with UnitOfWork(db, actor=actor) as uow:
        s = uow.session
        placed: set[uuid.UUID] = set()  # organisations this plan visits
        keep: set[uuid.UUID] = set()  # their visits that stand for them in this plan
        by_officer: dict[str, list[DayPlan]] = defaultdict(list)
        for d in days:
            by_officer[d.officer_id].append(d)
        # a visit the plan moves to another officer or day is not retired on its old day
        in_plan = {uuid.UUID(st.visit_id) for d in days for st in d.stops if st.visit_id}
        for officer_id, officer_days in by_officer.items():
            oid = uuid.UUID(officer_id)
            if s.get(Officer, oid) is None:
                raise NotFoundError(code="officer.not_found", params={"value": str(officer_id)})
            for d in officer_days:
                lo, hi = _day_bounds(d.day, d.day)
                # booked visits the day could not hold stay booked: a person decides
                left_out = {u.organisation_id for u in d.unserved}
                for old in officer_planned_visits(
                    s, officer_id=oid, start=lo, end=hi, unfixed_only=True
                ):
                    if old.id in in_plan or str(old.organisation_id) in left_out:
                        continue
                    old.deleted_at = now
                    replaced += 1
                for stop in d.stops:
                    existing = s.get(Visit, uuid.UUID(stop.visit_id)) if stop.visit_id else None
                    placed.add(uuid.UUID(stop.organisation_id))
                    if stop.fixed and stop.visit_id and (existing is None or existing.fixed):
                        keep.add(uuid.UUID(stop.visit_id))
                        kept += 1
                        continue
                    if existing is not None and existing.deleted_at is None:
                        keep.add(existing.id)
                        new_start = stop.start.astimezone(UTC)
                        if existing.officer_id != oid or existing.planned_start != new_start:
                            moved += 1
                        existing.officer_id = oid
                        existing.planned_start = new_start
                        existing.plan_order = stop.order
                        existing.fixed = stop.fixed  # locked in the planner: keep it there
                        updated += 1
                        continue
                    org = s.get(Organisation, uuid.UUID(stop.organisation_id))
                    if org is None:
                        raise NotFoundError(
                            code="organisation.not_found",
                            params={"id": str(stop.organisation_id)},
                        )
                    visit = Visit(
                        id=uuid.uuid4(),
                        organisation_id=org.id,
                        officer_id=oid,
                        planned_start=stop.start.astimezone(UTC),
                        duration_min=int(round((stop.departure - stop.start).total_seconds() / 60)),
                        status=VisitStatus.PLANNED,
                        fixed=stop.fixed,  # a visit locked in the planner, not yet saved
                        plan_order=stop.order,
                        purpose=stop.purpose,
                    )
                    s.add(visit)
                    keep.add(visit.id)
                    if org.status in (FunnelStatus.IDENTIFIED, FunnelStatus.CONTACTED):
                        org.status = FunnelStatus.VISIT_PLANNED
                    created += 1
        replaced += _retire_superseded(s, placed, keep, now)
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
    return SaveResult(created, replaced, kept, updated, moved)


def _retire_superseded(
    s: Session, placed: set[uuid.UUID], keep: set[uuid.UUID], now: datetime
) -> int:
    """Tombstone the placed organisations' other unfixed, not yet carried out, planned visits."""
    retired = 0
    for old in pending_unfixed_visits(s, organisation_ids=sorted(placed)):
        if old.id not in keep:
            old.deleted_at = now
            retired += 1
    return retired
