"""Free time in a day becomes a proposal: nearby due follow-ups and valuable prospects.

A day of three booked visits that ends at 14:43 is a wasted afternoon. When the officer asks
for *Optimiser*, the day's own visits come first — never dropped for a suggestion — and the
spare time is offered to the officer's own prospects near the round: follow-ups that are due
(overdue ones first) and never-visited organisations, within :data:`FILL_RADIUS_KM` of home
or a stop. Organisations recorded as closed are never suggested (``load_prospects`` already
leaves them out; the test pins it).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from hdf_field.domain.progress import CancelToken
from hdf_field.planning.campaign import territory_key
from hdf_field.planning.day_route import plan_day
from hdf_field.planning.exact import EXACT_MAX_VISITS
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import DayPlan
from hdf_field.planning.travel import haversine_km
from hdf_field.services.planning import find_officer, load_prospects
from hdf_field.storage.database import Database
from hdf_field.storage.queries.planning import assigned_officer_ids, earliest_open_follow_ups

FILL_RADIUS_KM = 20.0  # a suggestion is at most this far (crow flies) from home or a stop
FILL_MAX = 6  # at most this many suggestions offered to the optimiser per day
SUGGESTED = "Suggestion"  # purpose prefix: what the officer sees on screen and on paper


@dataclass(frozen=True, slots=True)
class Optimised:
    plan: DayPlan
    suggested: tuple[Prospect, ...]  # the suggestions the optimiser kept, in day order


def fill_candidates(
    db: Database,
    officer: OfficerSpec,
    day: date,
    current: Sequence[Prospect],
    *,
    limit: int = FILL_MAX,
    radius_km: float = FILL_RADIUS_KM,
) -> list[Prospect]:
    """The officer's best due prospects near the day's round, most worth the detour first.

    Each suggestion's value is scaled so that all suggestions together are worth less than
    the least valuable visit already in the day: the optimiser maximises value first, so it
    fills spare time but never trades a booked visit for a suggestion.
    """
    if limit <= 0:
        return []
    taken = {p.id for p in current}
    points = [(officer.home.lat, officer.home.lon), *((p.lat, p.lon) for p in current)]
    with db.session() as session:
        oid = find_officer(session, officer.id).id
        pool = [p for p in load_prospects(session, day, day) if p.fixed_time is None]
        ids = [uuid.UUID(p.id) for p in pool if p.id not in taken]
        assigned = assigned_officer_ids(session, organisation_ids=ids)
        due = earliest_open_follow_ups(session, organisation_ids=ids, due_by=day)
    scored: list[tuple[float, Prospect]] = []
    for p in pool:
        key = uuid.UUID(p.id)
        if p.id in taken or assigned.get(key, oid) not in (None, oid):
            continue
        if officer.territory and territory_key(p) not in officer.territory:
            continue
        near = min(float(haversine_km(p.lat, p.lon, lat, lon)) for lat, lon in points)
        if near > radius_km:
            continue
        follow = due.get(key)
        if follow is not None:
            late = (day - follow.due_date).days
            when = follow.due_date.strftime("%d/%m/%Y")
            why = (
                f"relance en retard de {late} j (échéance {when}) : {follow.action}"
                if late > 0
                else f"relance due aujourd'hui : {follow.action}"
            )
        else:
            why = "première visite, prospect à proximité"
        scored.append((p.value / (1.0 + near / 10.0), replace(p, purpose=f"{SUGGESTED} — {why}")))
    scored.sort(key=lambda x: (-x[0], x[1].id))
    chosen = [p for _, p in scored[:limit]]
    floor = min((max(0.0, p.value) + 0.01 for p in current), default=1.0)
    top = max((p.value for p in chosen), default=1.0) or 1.0
    share = floor / (len(chosen) + 1)
    return [replace(p, value=round(share * max(p.value, 0.01) / top, 6)) for p in chosen]


def optimise_day(
    db: Database | None,
    officer: OfficerSpec,
    day: date,
    candidates: Sequence[Prospect],
    *,
    fill: bool = True,
    time_limit_s: float = 2.0,
    cancel: CancelToken | None = None,
) -> Optimised:
    """The best day from ``candidates``, plus nearby suggestions where time is left.

    Suggestions are capped so the day stays small enough for the exact solver: the day's own
    visits are never traded for a heuristic's guess.
    """
    room = min(FILL_MAX, EXACT_MAX_VISITS - len(candidates))
    extra = (
        fill_candidates(db, officer, day, candidates, limit=room)
        if fill and db is not None and room > 0
        else []
    )
    plan = plan_day(officer, day, [*candidates, *extra], time_limit_s=time_limit_s, cancel=cancel)
    offered = {p.id: p for p in extra}
    kept = tuple(offered[s.organisation_id] for s in plan.stops if s.organisation_id in offered)
    # suggestions the day could not take are not the officer's business: no "Non retenues"
    plan = replace(
        plan, unserved=tuple(u for u in plan.unserved if u.organisation_id not in offered)
    )
    return Optimised(plan, kept)
