"""What the planner screen reads and writes: officers, a day's booked visits, candidates.

Every function opens its own session and returns frozen values, so the screen can call them
from its worker thread and keep nothing but plain data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

# The planning vocabulary the planner screen edits, re-exported: the GUI reaches planning
# only through this service.
from hdf_field.planning.inputs import OfficerSpec as OfficerSpec
from hdf_field.planning.inputs import Prospect as Prospect
from hdf_field.planning.manual import Issue as Issue
from hdf_field.planning.manual import ManualDay as ManualDay
from hdf_field.planning.manual import retime as retime
from hdf_field.planning.model import DayPlan as DayPlan
from hdf_field.planning.model import PlannedStop as PlannedStop
from hdf_field.planning.model import Unserved as Unserved
from hdf_field.services.contacts import reachable_contact
from hdf_field.services.planning import (
    SaveResult,
    _booked_visits,
    _prospect,
    active_officers,
    find_officer,
    officer_spec,
    save_plan,
)
from hdf_field.services.prospects import ProspectFilter, search_prospects
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.queries.planning import (
    assigned_organisation_ids,
    first_planned_start,
    organisation_cities,
)


@dataclass(frozen=True, slots=True)
class OfficerChoice:
    id: str
    name: str
    email: str
    home: str
    spec: OfficerSpec


@dataclass(frozen=True, slots=True)
class DayInputs:
    """The day as stored: visits in their saved order (fixed ones carry their time)."""

    officer: OfficerSpec
    day: date
    visits: tuple[Prospect, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A search hit for the "Ajouter…" box."""

    id: str
    label: str
    has_position: bool


@dataclass(frozen=True, slots=True)
class Loaded:
    prospects: tuple[Prospect, ...]
    # names of the organisations that cannot be planned (no coordinates, unknown id)
    rejected: tuple[str, ...] = ()


def next_working_day(officer: OfficerSpec, day: date) -> date:
    """``day`` if the officer works then, else their next working day.

    The planner opens on it: on a Saturday, Monday's round is what the officer prepares.
    """
    for k in range(7):
        candidate = day + timedelta(days=k)
        if candidate.isoweekday() in officer.working_days:
            return candidate
    return day  # no working day at all: nothing better to show


def officer_choices(db: Database) -> list[OfficerChoice]:
    """Active officers who have a home to leave from (the day starts and ends there)."""
    with db.session() as session:
        return [
            OfficerChoice(str(o.id), o.name, o.email, o.home_commune or "", officer_spec(o))
            for o in active_officers(session)
            if o.home_lat is not None and o.home_lon is not None
        ]


def load_day(db: Database, officer_id: str, day: date) -> DayInputs:
    with db.session() as session:
        officer = find_officer(session, officer_id)
        spec = officer_spec(officer)
        booked = _booked_visits(session, officer.id, day)
    return DayInputs(spec, day, tuple(booked))


def load_prospects_by_id(db: Database, ids: Sequence[str]) -> Loaded:
    """Organisations to add to a day, in the order given, with their first contact."""
    out: list[Prospect] = []
    rejected: list[str] = []
    with db.session() as session:
        for key in ids:
            try:
                org = session.get(Organisation, uuid.UUID(key))
            except ValueError:
                org = None
            if org is None or org.deleted_at is not None:
                rejected.append(key)
                continue
            if org.lat is None or org.lon is None:
                rejected.append(org.trade_name or org.name)
                continue
            contact = reachable_contact(session, org.id)
            out.append(_prospect(org, contact, 1.0 + org.priority))
    return Loaded(tuple(out), tuple(rejected))


def search_candidates(db: Database, text: str, limit: int = 15) -> list[Candidate]:
    text = text.strip()
    if len(text) < 2:
        return []
    with db.session() as session:
        rows = search_prospects(session, ProspectFilter(text=text), limit=limit)
    return [
        Candidate(
            r.id,
            " — ".join(x for x in (r.trade_name or r.name, r.city) if x),
            r.lat is not None and r.lon is not None,
        )
        for r in rows
    ]


def save_day(db: Database, plan: DayPlan, *, actor: str | None = None) -> SaveResult:
    """One day's visits, in one transaction (see :func:`save_plan`)."""
    return save_plan(db, [plan], actor=actor)


@dataclass(frozen=True, slots=True)
class WeekVisit:
    start: datetime  # local time
    name: str
    commune: str
    fixed: bool


@dataclass(frozen=True, slots=True)
class WeekDay:
    day: date
    visits: tuple[WeekVisit, ...]
    km: float
    drive_min: float
    plan: DayPlan | None  # None: nothing booked that day


@dataclass(frozen=True, slots=True)
class WeekOverview:
    """An officer's saved week at a glance, each day timed as it would run.

    Monday to Friday always; Saturday and Sunday only when something is booked then or the
    officer works that day, so an ordinary week stays five columns wide.
    """

    officer_id: str
    officer_name: str
    monday: date
    days: tuple[WeekDay, ...]  # in date order

    @property
    def plans(self) -> list[DayPlan]:
        """Every booked day of the week, for the week pack and the ``.ics``."""
        return [d.plan for d in self.days if d.plan is not None]

    @property
    def visit_count(self) -> int:
        return sum(len(d.visits) for d in self.days)


def week_overview(db: Database, officer_id: str, any_day: date) -> WeekOverview:
    """The week holding ``any_day``, read in one session and re-timed like the day planner does
    (so the times and kilometres match what opening that day would show)."""
    monday = any_day - timedelta(days=any_day.weekday())
    with db.session() as session:
        officer = find_officer(session, officer_id)
        spec = officer_spec(officer)
        booked = {
            monday + timedelta(days=k): _booked_visits(session, officer.id, monday + timedelta(k))
            for k in range(7)
        }
        ids = {uuid.UUID(p.id) for visits in booked.values() for p in visits}
        communes = {
            str(oid): city or "" for oid, city in organisation_cities(session, ids=ids).items()
        }
    days: list[WeekDay] = []
    for day, visits in booked.items():
        if day.weekday() >= 5 and not visits and day.isoweekday() not in spec.working_days:
            continue
        plan = retime(_working(spec, day), day, visits).plan if visits else None
        rows = tuple(
            WeekVisit(s.start, s.name, communes.get(s.organisation_id, ""), s.fixed)
            for s in (plan.stops if plan is not None else ())
        )
        days.append(
            WeekDay(
                day,
                rows,
                plan.total_km if plan is not None else 0.0,
                plan.total_drive_min if plan is not None else 0.0,
                plan,
            )
        )
    return WeekOverview(spec.id, spec.name, monday, tuple(days))


def _working(spec: OfficerSpec, day: date) -> OfficerSpec:
    if day.isoweekday() in spec.working_days:
        return spec
    return replace(spec, working_days=(*spec.working_days, day.isoweekday()))


def first_booked_day(db: Database, officer_id: str, since: date) -> date | None:
    """The officer's first day from ``since`` with a planned visit (French time)."""
    from hdf_field.planning.zones import PARIS

    start = datetime.combine(since, datetime.min.time(), tzinfo=PARIS)
    with db.session() as s:
        first = first_planned_start(s, officer_id=uuid.UUID(officer_id), since=start)
    return first.astimezone(PARIS).date() if first is not None else None


def assigned_prospect_ids(db: Database, officer_id: str, limit: int = 7) -> list[str]:
    """The officer's assigned organisations, highest priority first (a day to show)."""
    with db.session() as s:
        ids = assigned_organisation_ids(s, officer_id=uuid.UUID(officer_id), limit=limit)
    return [str(i) for i in ids]
