"""What the planner screen reads and writes: officers, a day's booked visits, candidates.

Every function opens its own session and returns frozen values, so the screen can call them
from its worker thread and keep nothing but plain data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select

from hdf_field.domain.errors import NotFoundError
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.manual import retime
from hdf_field.planning.model import DayPlan
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
from hdf_field.storage.orm import Contact, Organisation


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
            contact = session.scalar(
                select(Contact)
                .where(Contact.organisation_id == org.id, Contact.deleted_at.is_(None))
                .order_by(Contact.created_at)
            )
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


def week_plans(
    db: Database, officer_id: str, monday: date, *, replace_day: DayPlan | None = None
) -> list[DayPlan]:
    """The officer's saved days of that week, timed; ``replace_day`` stands for its day
    (the plan on screen, saved or not)."""
    plans: list[DayPlan] = []
    with db.session() as session:
        officer = find_officer(session, officer_id)
        spec = officer_spec(officer)
        booked = {
            monday + timedelta(days=k): _booked_visits(session, officer.id, monday + timedelta(k))
            for k in range(7)
        }
    for day, visits in booked.items():
        if replace_day is not None and replace_day.day == day:
            if replace_day.stops:
                plans.append(replace_day)
            continue
        if visits:
            plans.append(retime(_working(spec, day), day, visits).plan)
    if not plans:
        raise NotFoundError("aucune visite planifiée cette semaine")
    return plans


def _working(spec: OfficerSpec, day: date) -> OfficerSpec:
    if day.isoweekday() in spec.working_days:
        return spec
    return replace(spec, working_days=(*spec.working_days, day.isoweekday()))
