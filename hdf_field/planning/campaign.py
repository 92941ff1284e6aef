"""Campaign plans: every officer's days over a horizon, most value for the least driving.

Cluster first, route second. Each prospect goes to the nearest officer whose territory holds
it. Then, day after day and officer after officer (round-robin, so nobody gets all the good
days first), a day is *seeded* on the most attractive remaining prospect — its value, plus the
value around it, minus the drive from home — or on that day's fixed appointments; the
prospects that are most valuable and closest to the seed become the day's candidates; the day
solver (exact on these small days) picks the best feasible subset and order. What does not fit
goes back to the pool. Coverage is reported per département and per historical area.

The baseline it is measured against (:func:`plan_campaign_baseline`) assigns the same way and
then drives to the nearest open prospect until the day is full, ignoring value.
"""

from __future__ import annotations

import time as _time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from hdf_field.domain.enums import Area
from hdf_field.domain.progress import CancelToken, Progress, check, report
from hdf_field.planning.day_route import build_day, local_seconds, solve, to_day_plan
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import CampaignPlan, DayPlan, Unserved
from hdf_field.planning.problem import DayProblem, repair, simulate
from hdf_field.planning.travel import TravelModel, default_travel_model, haversine_km

CAMPAIGN_CANCELLED = "campaign planning cancelled; nothing was changed"


@dataclass(frozen=True, slots=True)
class CampaignOptions:
    # The regional policy wants ex-Picardie, under-served so far, covered: its prospects
    # count for more when choosing where to go.
    area_weights: dict[str, float] = field(default_factory=lambda: {Area.PICARDIE.value: 1.25})
    candidates_per_day: int = 9
    nearest_candidates: int = 0  # of which the nearest to the seed, whatever their value
    neighbourhood_km: float = 10.0  # "value around" a seed
    km_per_value_point: float = 10.0  # seeding: one value point is worth 10 km further from home
    max_seed_km: float = 90.0  # never seed a day further than this from home
    value_seconds: float = 1800.0  # one value point is worth 30 min of driving in a day
    candidate_radius_km: float = 10.0  # a candidate this far from the seed counts half
    min_visits_per_day: int = 4  # below this, a day is filled whatever the driving
    day_solver: str = "auto"  # auto = exact (small days); ortools; pyvrp
    time_limit_s: float = 0.2  # per day, for the heuristic solvers
    # Coverage: within each officer's prospects, a group (territory: département or Belgium;
    # historical area; organisation kind) visited at a lower rate than the officer's overall
    # rate has its prospects' weight raised by up to this factor × its shortfall (1 + 2 × 1 =
    # triple weight for a group not visited at all), until it catches up. 0 = off.
    coverage_bonus: float = 2.0
    # ... and a group visited at less than this share of the officer's rate seeds the day:
    # a small remote group (Belgian partners beside Lille) never wins on value around a seed.
    coverage_min_share: float = 0.5
    # Officers sharing a territory share its load: a prospect may go to an officer up to this
    # much further from home than its nearest one, if the nearest is overloaded. 0 = nearest.
    balance_reach_km: float = 25.0


# Named trade-offs between value and driving (see docs/planning.md, "Which policy"):
# "value" buys value with driving (one value point = 30 min of driving, candidates within
# ~10 km of the seed); "compact" keeps days tight (one point = 10 min, 3 km radius, the 4
# nearest prospects always among the candidates, seeds near home).
POLICIES: dict[str, CampaignOptions] = {
    "value": CampaignOptions(),
    "compact": CampaignOptions(
        value_seconds=600, candidate_radius_km=3, nearest_candidates=4, km_per_value_point=3
    ),
}


# Measured with benchmarks/campaign_policy.py (docs/planning.md): "value" visits far more of
# the most valuable prospects and earns more value per hour in the field; "compact" saves a
# quarter of the driving for a few more visits and about the same coverage.
DEFAULT_POLICY = "value"


def policy_options(name: str, **changes: object) -> CampaignOptions:
    """A named policy, with e.g. ``day_solver`` overridden."""
    if name not in POLICIES:
        raise ValueError(f"unknown campaign policy {name!r} (known: {', '.join(POLICIES)})")
    return replace(POLICIES[name], **changes)  # type: ignore[arg-type]


def horizon_days(start: date, weeks: int, iso_days: Sequence[int]) -> list[date]:
    return [
        d for k in range(weeks * 7) if (d := start + timedelta(days=k)).isoweekday() in iso_days
    ]


def is_open_on(p: Prospect, day: date) -> bool:
    return p.opening_hours is None or bool(p.opening_hours.get(str(day.isoweekday())))


BELGIUM_TERRITORY = "BE"


def territory_key(p: Prospect) -> str:
    """What an officer's territory lists for this prospect: its département, or "BE" abroad.

    Belgian partners have no département; officers who cover the border list "BE".
    """
    if p.departement:
        return p.departement
    return BELGIUM_TERRITORY if p.area == Area.BELGIUM.value else ""


def assign_to_officers(
    prospects: Sequence[Prospect],
    officers: Sequence[OfficerSpec],
    *,
    capacity: Sequence[float] | None = None,
    reach_km: float = 0.0,
) -> list[int]:
    """Index of the officer each prospect belongs to: nearest home within its territory.

    With ``reach_km`` > 0, officers share their load: a prospect may go to an officer up to
    that much further than its nearest one when the nearest has more prospects per working day
    (``capacity``) than the others. Lille's officer otherwise gets a quarter of the region
    and covers it at a third of the rate of the officer next door.
    """
    lat = np.array([p.lat for p in prospects])
    lon = np.array([p.lon for p in prospects])
    hl = np.array([o.home.lat for o in officers])
    ho = np.array([o.home.lon for o in officers])
    dist = haversine_km(lat[:, None], lon[:, None], hl[None, :], ho[None, :])
    for j, o in enumerate(officers):
        if o.territory:
            allowed = np.array([territory_key(p) in o.territory for p in prospects])
            dist[~allowed, j] += 10_000.0  # outside the territory: only if nobody else covers it
    owner = np.argmin(dist, axis=1)
    if reach_km <= 0 or len(officers) < 2 or not len(prospects):
        return [int(k) for k in owner]
    cap = np.asarray(capacity if capacity is not None else [1.0] * len(officers), dtype=float)
    cap = np.maximum(cap, 1e-9)
    eligible = dist <= dist.min(axis=1, keepdims=True) + reach_km
    target = len(prospects) / cap.sum()
    price = np.zeros(len(officers))
    # Prices (km) rise on overloaded officers until their border prospects move to a
    # neighbour; a few dozen steps settle it (7,000 × 12 in a few milliseconds).
    for _ in range(60):
        owner = np.argmin(np.where(eligible, dist + price[None, :], np.inf), axis=1)
        pressure = np.bincount(owner, minlength=len(officers)) / cap / target
        price = np.clip(price + 2.0 * (pressure - 1.0), 0.0, reach_km)
    return [int(k) for k in owner]


@dataclass
class _Pool:
    """One officer's prospects, with the pairwise distances needed to seed and grow days."""

    idx: np.ndarray  # indices into the global prospect list
    home_km: np.ndarray
    pair_km: np.ndarray
    weight: np.ndarray  # value × area weight × coverage boost (see _boost)
    free: np.ndarray  # bool: not planned yet
    base: np.ndarray  # value × area weight
    groups: list[np.ndarray]  # per grouping (territory, area, kind): group number of each member
    lagging: np.ndarray  # bool: in a group below its minimum share; such members seed first


def _pool(
    prospects: Sequence[Prospect], members: list[int], officer: OfficerSpec, opts: CampaignOptions
) -> _Pool:
    idx = np.array(members, dtype=int)
    lat = np.array([prospects[i].lat for i in members])
    lon = np.array([prospects[i].lon for i in members])
    home = haversine_km(lat, lon, officer.home.lat, officer.home.lon)
    pair = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    weight = np.array(
        [
            max(0.0, prospects[i].value) * opts.area_weights.get(prospects[i].area or "", 1.0)
            for i in members
        ]
    )
    groups = [
        np.unique([key(prospects[i]) for i in members], return_inverse=True)[1].astype(int)
        if members
        else np.zeros(0, dtype=int)
        for key in _GROUPINGS
    ]
    return _Pool(
        idx,
        np.atleast_1d(home),
        np.atleast_2d(pair),
        weight.copy(),
        np.ones(len(members), dtype=bool),
        weight,
        groups,
        np.zeros(len(members), dtype=bool),
    )


_GROUPINGS: tuple[Callable[[Prospect], str], ...] = (
    territory_key,
    lambda p: p.area or "",
    lambda p: p.kind or "",
)


def _boost(pool: _Pool, bonus: float, min_share: float) -> None:
    """Raise the weight of the pool's groups visited less than the pool as a whole.

    A value-only plan follows density: a handful of Belgian partners, schools or project
    holders beside a thousand Lille firms never seed a day. Comparing each group's visit rate
    with the officer's own rate (not the region's) keeps this about proportion inside a
    territory: a crowded territory as a whole is short of officers, not of attention.
    """
    n = len(pool.idx)
    planned = ~pool.free
    done = int(planned.sum())
    if bonus <= 0 or n == 0 or done == 0:
        pool.weight = pool.base.copy()
        pool.lagging = np.zeros(n, dtype=bool)
        return
    rate = done / n
    shortfall = np.zeros(n)
    for g in pool.groups:
        got = np.bincount(g, weights=planned.astype(float))
        size = np.bincount(g)
        short = np.clip(1.0 - (got / size) / rate, 0.0, 1.0)
        shortfall = np.maximum(shortfall, short[g])
    pool.weight = pool.base * (1.0 + bonus * shortfall)
    pool.lagging = shortfall > 1.0 - min_share


def _candidates(
    pool: _Pool, open_mask: np.ndarray, seed_pos: int | None, opts: CampaignOptions, k: int
) -> list[int]:
    """Positions (in the pool) of the day's candidate prospects."""
    avail = pool.free & open_mask
    if not avail.any() or k <= 0:
        return []
    if seed_pos is None:
        near = (pool.pair_km < opts.neighbourhood_km) & avail[None, :]
        around = (near * pool.weight[None, :]).sum(axis=1)
        score = (
            pool.weight
            + 0.5 * around / max(1, opts.candidates_per_day)
            - pool.home_km / opts.km_per_value_point
        )
        score[~avail] = -np.inf
        score[pool.home_km > opts.max_seed_km] = -np.inf
        if np.isfinite(score[pool.lagging]).any():
            score[~pool.lagging] = -np.inf  # a group below its minimum share goes first
        if not np.isfinite(score).any():
            score = np.where(avail, -pool.home_km, -np.inf)
        seed_pos = int(np.argmax(score))
    d = pool.pair_km[seed_pos]
    # value that decays fast beyond the radius: sparse areas still fill their days
    attract = np.where(avail, pool.weight / (1.0 + (d / opts.candidate_radius_km) ** 2), -np.inf)
    attract[seed_pos] = np.inf if avail[seed_pos] else -np.inf
    # the seed (+inf) leads; only the unavailable (-inf) are left out
    order = [int(x) for x in np.argsort(-attract) if attract[x] > -np.inf]
    picked = order[: max(0, k - opts.nearest_candidates)]
    # plus the nearest ones, whatever their value: cheap fillers the day solver may take
    for x in np.argsort(np.where(avail, d, np.inf)):
        if len(picked) >= k or not avail[x]:
            break
        if int(x) not in picked:
            picked.append(int(x))
    return picked


def _coverage(
    prospects: Sequence[Prospect], days: Sequence[DayPlan], key: Callable[[Prospect], str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Planned visits and free prospects per group (département, area or kind)."""
    by_id = {p.id: p for p in prospects}
    planned: dict[str, int] = defaultdict(int)
    available: dict[str, int] = defaultdict(int)
    for p in prospects:
        if p.fixed_time is None:
            available[key(p)] += 1
    for d in days:
        for s in d.stops:
            planned[key(by_id[s.organisation_id])] += 1
    return dict(sorted(planned.items())), dict(sorted(available.items()))


def _finish(
    start: date,
    weeks: int,
    prospects: Sequence[Prospect],
    officers: Sequence[OfficerSpec],
    days: list[DayPlan],
    unserved: list[Unserved],
    stats: dict[str, float | str],
) -> CampaignPlan:
    days.sort(key=lambda d: (d.day, d.officer_id))
    dep, dep_all = _coverage(prospects, days, lambda p: territory_key(p) or "?")
    area, area_all = _coverage(prospects, days, lambda p: p.area or "?")
    kind, kind_all = _coverage(prospects, days, lambda p: p.kind or "?")
    per_officer = {o.id: 0 for o in officers}
    for d in days:
        per_officer[d.officer_id] = per_officer.get(d.officer_id, 0) + d.visit_count
    stats.update(
        visits=float(sum(d.visit_count for d in days)),
        drive_min=round(sum(d.total_drive_min for d in days), 1),
        km=round(sum(d.total_km for d in days), 1),
        value=round(sum(d.value for d in days), 2),
    )
    return CampaignPlan(
        start=start,
        weeks=weeks,
        days=tuple(days),
        coverage_by_departement=dep,
        coverage_by_area=area,
        unserved=tuple(unserved),
        coverage_available_by_departement=dep_all,
        coverage_available_by_area=area_all,
        visits_by_officer=per_officer,
        stats=stats,
        coverage_by_kind=kind,
        coverage_available_by_kind=kind_all,
    )


def _fixed_by_day(
    prospects: Sequence[Prospect], officers: Sequence[OfficerSpec], days_of: dict[str, list[date]]
) -> tuple[dict[tuple[str, date], list[int]], list[Unserved]]:
    known = {o.id for o in officers}
    fixed: dict[tuple[str, date], list[int]] = defaultdict(list)
    problems: list[Unserved] = []
    for i, p in enumerate(prospects):
        if p.fixed_time is None:
            continue
        oid = p.fixed_officer_id
        day = next(
            (d for d in days_of.get(oid or "", []) if local_seconds(p.fixed_time, d) is not None),
            None,
        )
        if oid not in known:
            problems.append(
                Unserved(
                    p.id,
                    p.name,
                    "rendez-vous fixe d'un chargé absent du plan",
                    "other_day",
                    fixed=True,
                )
            )
        elif day is None:
            problems.append(
                Unserved(
                    p.id,
                    p.name,
                    "rendez-vous fixe hors des jours travaillés de l'horizon",
                    "other_day",
                    fixed=True,
                )
            )
        else:
            fixed[(oid, day)].append(i)
    return fixed, problems


def plan_campaign(
    prospects: Sequence[Prospect],
    officers: Sequence[OfficerSpec],
    start: date,
    weeks: int,
    *,
    travel: TravelModel | None = None,
    options: CampaignOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    dates: Sequence[date] | None = None,
) -> CampaignPlan:
    """Plan ``weeks`` weeks from ``start`` (or only ``dates``, e.g. one officer's one day).

    Progress counts officer-days; a cancel raises :class:`~hdf_field.domain.progress.Cancelled`
    (a part of a campaign is no plan to keep)."""
    opts = options or CampaignOptions()
    travel = travel or default_travel_model()
    t0 = _time.perf_counter()
    days_of = {o.id: horizon_days(start, weeks, o.working_days) for o in officers}
    if dates is not None:
        wanted = set(dates)
        days_of = {o.id: sorted(wanted) for o in officers}
    fixed, unserved = _fixed_by_day(prospects, officers, days_of)
    free_idx = [i for i, p in enumerate(prospects) if p.fixed_time is None]
    owner = (
        assign_to_officers(
            [prospects[i] for i in free_idx],
            officers,
            capacity=[len(days_of[o.id]) for o in officers],
            reach_km=opts.balance_reach_km,
        )
        if free_idx and officers
        else []
    )
    members: list[list[int]] = [[] for _ in officers]
    for i, o in zip(free_idx, owner, strict=True):
        members[o].append(i)
    pools = [_pool(prospects, m, o, opts) for m, o in zip(members, officers, strict=True)]
    open_cache: dict[tuple[int, int], np.ndarray] = {}
    all_dates = sorted({d for ds in days_of.values() for d in ds})
    total = sum(len(ds) for ds in days_of.values())
    done = 0
    plans: list[DayPlan] = []
    for rnd, day in enumerate(all_dates):
        rotation = list(range(len(officers)))
        shift = rnd % max(1, len(officers))
        for j in rotation[shift:] + rotation[:shift]:
            officer, pool = officers[j], pools[j]
            if day not in days_of[officer.id]:
                continue
            check(cancel, CAMPAIGN_CANCELLED)
            key = (j, day.isoweekday())
            if key not in open_cache:
                open_cache[key] = np.array(
                    [is_open_on(prospects[i], day) for i in pool.idx], dtype=bool
                )
            fixed_here = fixed.get((officer.id, day), [])
            _boost(pool, opts.coverage_bonus, opts.coverage_min_share)
            seed: int | None = None
            reachable = _reachable_fixed(officer, day, [prospects[i] for i in fixed_here], travel)
            if reachable and len(pool.idx):
                f = reachable[0]
                dist = haversine_km(
                    np.array([prospects[i].lat for i in pool.idx]),
                    np.array([prospects[i].lon for i in pool.idx]),
                    f.lat,
                    f.lon,
                )
                seed = int(np.argmin(np.where(pool.free & open_cache[key], dist, np.inf)))
            pos = (
                _candidates(
                    pool, open_cache[key], seed, opts, opts.candidates_per_day - len(fixed_here)
                )
                if len(pool.idx)
                else []
            )
            visits = [prospects[i] for i in fixed_here] + [prospects[pool.idx[k]] for k in pos]
            inst = build_day(officer, day, visits, travel=travel)
            _boost_day(inst.problem, inst.visits, pool, pos, prospects)
            inst.problem.value_seconds = opts.value_seconds
            sol = solve(inst.problem, opts.day_solver, opts.time_limit_s)
            if len(sol.schedule.order) < opts.min_visits_per_day:
                # A thin day: officers work anyway, so fill it with the most value it can hold.
                inst.problem.value_seconds = None
                full = solve(inst.problem, opts.day_solver, opts.time_limit_s)
                if len(full.schedule.order) > len(sol.schedule.order):
                    sol = full
            plan = to_day_plan(inst, sol.schedule)
            planned = {s.organisation_id for s in plan.stops}
            for k in pos:
                if prospects[pool.idx[k]].id in planned:
                    pool.free[k] = False
            unserved.extend(
                u
                for u in plan.unserved
                if any(prospects[i].id == u.organisation_id for i in fixed_here)
            )
            plans.append(_public_day(plan, fixed_here, prospects))
            done += 1
            report(progress, done, total)
    stats: dict[str, float | str] = {
        "method": f"seed-and-grow + {opts.day_solver} day solver",
        "runtime_s": round(_time.perf_counter() - t0, 2),
        "prospects": float(len(prospects)),
    }
    return _finish(start, weeks, prospects, officers, plans, unserved, stats)


def _boost_day(
    problem: DayProblem,
    visits: Sequence[Prospect],
    pool: _Pool,
    pos: Sequence[int],
    prospects: Sequence[Prospect],
) -> None:
    """The day solver weighs an under-covered group's prospects with their coverage boost too.

    Otherwise a day seeded across the border keeps only the Lille firms among its candidates.
    The plan's reported value stays the prospects' own (``to_day_plan`` reads the visits).
    """
    factor = {
        prospects[pool.idx[k]].id: float(pool.weight[k] / pool.base[k])
        for k in pos
        if pool.base[k] > 0
    }
    for n, v in enumerate(visits, start=1):
        if factor.get(v.id, 1.0) != 1.0:
            problem.value[n] *= factor[v.id]


def _public_day(plan: DayPlan, fixed_here: list[int], prospects: Sequence[Prospect]) -> DayPlan:
    """A campaign day lists only its fixed appointments as unserved.

    The other candidates simply go back to the pool for another day.
    """
    fixed_ids = {prospects[i].id for i in fixed_here}
    kept = tuple(u for u in plan.unserved if u.organisation_id in fixed_ids)
    if kept == plan.unserved:
        return plan
    from dataclasses import replace

    return replace(plan, unserved=kept)


def plan_campaign_baseline(
    prospects: Sequence[Prospect],
    officers: Sequence[OfficerSpec],
    start: date,
    weeks: int,
    *,
    travel: TravelModel | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CampaignPlan:
    """Nearest-neighbour assignment and order: the simple plan to beat (value-blind).

    Progress and cancel as for :func:`plan_campaign`."""
    travel = travel or default_travel_model()
    t0 = _time.perf_counter()
    days_of = {o.id: horizon_days(start, weeks, o.working_days) for o in officers}
    fixed, unserved = _fixed_by_day(prospects, officers, days_of)
    free_idx = [i for i, p in enumerate(prospects) if p.fixed_time is None]
    owner = (
        assign_to_officers([prospects[i] for i in free_idx], officers)
        if free_idx and officers
        else []
    )
    members: list[list[int]] = [[] for _ in officers]
    for i, o in zip(free_idx, owner, strict=True):
        members[o].append(i)
    taken: set[int] = set()
    plans: list[DayPlan] = []
    total = sum(len(ds) for ds in days_of.values())
    for j, officer in enumerate(officers):
        mine = members[j]
        lat = np.array([prospects[i].lat for i in mine])
        lon = np.array([prospects[i].lon for i in mine])
        for day in days_of[officer.id]:
            check(cancel, CAMPAIGN_CANCELLED)
            fixed_here = fixed.get((officer.id, day), [])
            order_idx: list[int] = list(fixed_here)
            pos = (officer.home.lat, officer.home.lon)
            while len(mine):
                # go to the nearest open prospect that still fits in the day, if any
                d = haversine_km(lat, lon, pos[0], pos[1])
                best = None
                checked = 0
                for k in np.argsort(d):
                    i = mine[int(k)]
                    if i in taken or not is_open_on(prospects[i], day):
                        continue
                    checked += 1
                    if checked > 15:
                        break
                    trial = [*order_idx, i]
                    inst = build_day(officer, day, [prospects[x] for x in trial], travel=travel)
                    if simulate(inst.problem, _nn_nodes(inst.problem, len(fixed_here))) is not None:
                        best = i
                        break
                if best is None:
                    break
                order_idx.append(best)
                taken.add(best)
                pos = (prospects[best].lat, prospects[best].lon)
            inst = build_day(officer, day, [prospects[i] for i in order_idx], travel=travel)
            sched = simulate(inst.problem, _nn_nodes(inst.problem, len(fixed_here)))
            if sched is None:  # only when the fixed appointments themselves clash
                sched = repair(inst.problem, [])
            plans.append(_public_day(to_day_plan(inst, sched), fixed_here, prospects))
            report(progress, len(plans), total)
    stats: dict[str, float | str] = {
        "method": "nearest-neighbour baseline",
        "runtime_s": round(_time.perf_counter() - t0, 2),
        "prospects": float(len(prospects)),
    }
    return _finish(start, weeks, prospects, officers, plans, unserved, stats)


def _nn_nodes(p: DayProblem, n_fixed: int) -> list[int]:
    """Baseline order: the nearest-neighbour chain, then fixed appointments slotted in by time.

    Each fixed appointment goes before the first chained visit whose window opens later.
    """
    chain = list(range(n_fixed + 1, p.n + 1))
    order = chain[:]
    for f in sorted(range(1, n_fixed + 1), key=lambda n: p.windows[n][0][0] if p.windows[n] else 0):
        best = None
        for k in range(len(order) + 1):
            if simulate(p, [*order[:k], f, *order[k:]]) is not None:
                best = k
                break
        order.insert(best if best is not None else len(order), f)
    return order


def _reachable_fixed(
    officer: OfficerSpec, day: date, fixed: list[Prospect], travel: TravelModel
) -> list[Prospect]:
    """Fixed appointments the officer can reach on their own; a day is built around these."""
    if not fixed:
        return []
    inst = build_day(officer, day, fixed, travel=travel)
    return [
        v for k, v in enumerate(inst.visits, start=1) if simulate(inst.problem, [k]) is not None
    ]
