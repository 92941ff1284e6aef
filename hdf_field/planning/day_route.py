"""One officer's day: the best order of visits, their times, and why the others do not fit.

:func:`plan_day` turns plain inputs (an :class:`OfficerSpec`, a date, :class:`Prospect` s)
into a :class:`DayProblem`, solves it — exactly when the day is small (that is every real day:
an officer makes 4 to 7 visits), with OR-Tools or PyVRP beyond — and explains every visit
left out in words a manager can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.limits import INT_RANGES
from hdf_field.domain.progress import CancelToken
from hdf_field.planning.exact import EXACT_MAX_VISITS, solve_day_exact
from hdf_field.planning.inputs import OfficerSpec, Prospect, hhmm_to_s, s_to_hhmm
from hdf_field.planning.model import DayPlan, Place, PlannedStop, Unserved
from hdf_field.planning.problem import DayProblem, Lunch, Schedule, Solution, simulate
from hdf_field.planning.travel import TravelModel, default_travel_model
from hdf_field.planning.zones import PARIS

FIXED_TOLERANCE_S = 5 * 60  # a fixed appointment starts on time, or up to 5 min late
# Upper bound on the officer's "départ au plus tôt" setting (minutes before day_start).
# How early an officer may leave for a fixed first appointment: one bound for planning,
# the settings form and the registry's record check.
MAX_EARLY_DEPARTURE_MIN = INT_RANGES["officer"]["early_departure_min"][1]
SOLVERS = ("auto", "exact", "ortools", "pyvrp", "vroom")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Machine-readable reason codes (Unserved.code); the text is for people.
CLOSED_THAT_DAY = "closed_that_day"
OUTSIDE_HOURS = "outside_hours"
TOO_FAR = "too_far"
FIXED_CONFLICT = "fixed_conflict"
DAY_FULL = "day_full"
OTHER_DAY = "other_day"


@dataclass(frozen=True, slots=True)
class DayInstance:
    """A built problem with the inputs it came from (node k ↔ visits[k - 1])."""

    problem: DayProblem
    officer: OfficerSpec
    day: date
    start: Place
    end: Place
    visits: tuple[Prospect, ...]
    excluded: tuple[Unserved, ...]  # fixed appointments on another day, etc.


def local_seconds(moment: datetime, day: date) -> int | None:
    """Seconds from local midnight of ``day``, or None if ``moment`` falls on another day."""
    if moment.tzinfo is None:
        raise ValidationError(
            "fixed_time", code="datetime.naive_moment", params={"value": moment.isoformat()}
        )
    local = moment.astimezone(PARIS)
    if local.date() != day:
        return None
    return local.hour * 3600 + local.minute * 60 + local.second


def opening_windows(prospect: Prospect, day: date, service_s: int) -> tuple[tuple[int, int], ...]:
    """Start windows from the opening hours: the whole visit must fit in one open interval."""
    if prospect.opening_hours is None:
        return ((0, 24 * 3600 - service_s),)
    intervals = prospect.opening_hours.get(str(day.isoweekday()), [])
    out: list[tuple[int, int]] = []
    for k, interval in enumerate(intervals):
        if len(interval) != 2:
            raise ValidationError(
                f"opening_hours[{day.isoweekday()}][{k}]",
                code="hours.pair",
                params={"value": interval},
            )
        lo = hhmm_to_s(interval[0], "opening_hours")
        hi = hhmm_to_s(interval[1], "opening_hours") - service_s
        if hi >= lo:
            out.append((lo, hi))
    return tuple(sorted(out))


def build_day(
    officer: OfficerSpec,
    day: date,
    visits: Sequence[Prospect],
    *,
    travel: TravelModel | None = None,
    start: Place | None = None,
    end: Place | None = None,
) -> DayInstance:
    travel = travel or default_travel_model()
    start = start or officer.home
    end = end or start
    kept: list[Prospect] = []
    excluded: list[Unserved] = []
    for v in visits:
        if v.fixed_time is not None and local_seconds(v.fixed_time, day) is None:
            when = v.fixed_time.astimezone(PARIS)
            excluded.append(
                Unserved(
                    v.id,
                    v.name,
                    f"rendez-vous fixe un autre jour ({when:%d/%m/%Y %H:%M})",
                    OTHER_DAY,
                    fixed=True,
                )
            )
            continue
        kept.append(v)
    points = [(start.lat, start.lon), *((v.lat, v.lon) for v in kept), (end.lat, end.lon)]
    secs, metres = travel.matrix(points)
    service = [0, *(int(v.duration_min) * 60 for v in kept), 0]
    windows: list[tuple[tuple[int, int], ...]] = [((0, 24 * 3600),)]
    for k, v in enumerate(kept, start=1):
        if v.fixed_time is not None:
            at = local_seconds(v.fixed_time, day)
            assert at is not None
            windows.append(((at, at + FIXED_TOLERANCE_S),))
        else:
            windows.append(opening_windows(v, day, service[k]))
    windows.append(((0, 24 * 3600),))
    day_start = hhmm_to_s(officer.day_start, "day_start")
    day_end = hhmm_to_s(officer.day_end, "day_end")
    if day_end <= day_start:
        raise ValidationError(
            "day_end",
            code="day.end_not_after",
            params={"end": officer.day_end, "start": officer.day_start},
        )
    lunch_at = hhmm_to_s(officer.lunch_start, "lunch_start")
    flex = officer.lunch_flex_min * 60
    lunch: Lunch | None = None
    if officer.lunch_minutes > 0 and lunch_at + flex >= day_start and lunch_at - flex < day_end:
        lunch = Lunch(lunch_at - flex, lunch_at + flex, officer.lunch_minutes * 60)
    problem = DayProblem(
        travel=[[int(round(x)) for x in row] for row in secs],
        service=service,
        windows=windows,
        value=[0.0, *(max(0.0, float(v.value)) + 0.01 for v in kept), 0.0],
        required=[False, *(v.fixed_time is not None for v in kept), False],
        day_start=day_start,
        day_end=day_end,
        lunch=lunch,
        metres=[[int(round(x)) for x in row] for row in metres],
        early_leave=max(0, min(MAX_EARLY_DEPARTURE_MIN, officer.early_departure_min)) * 60,
    )
    return DayInstance(problem, officer, day, start, end, tuple(kept), tuple(excluded))


def solve(
    problem: DayProblem,
    solver: str = "auto",
    time_limit_s: float = 1.0,
    cancel: CancelToken | None = None,
) -> Solution:
    if solver not in SOLVERS:
        raise ValidationError(
            "solver",
            code="solver.unknown",
            params={"value": solver, "allowed": ", ".join(SOLVERS)},
        )
    if solver == "exact" or (solver == "auto" and problem.n <= EXACT_MAX_VISITS):
        return solve_day_exact(problem, cancel)
    if solver == "vroom":
        from hdf_field.planning.vroom_solver import solve_day_vroom

        return solve_day_vroom(problem)
    if solver == "pyvrp":
        from hdf_field.planning.pyvrp_solver import solve_day_pyvrp

        return solve_day_pyvrp(problem, time_limit_s)
    from hdf_field.planning.ortools_solver import solve_day_ortools

    return solve_day_ortools(problem, time_limit_s)


def plan_day(
    officer: OfficerSpec,
    day: date,
    visits: Sequence[Prospect],
    *,
    travel: TravelModel | None = None,
    start: Place | None = None,
    end: Place | None = None,
    solver: str = "auto",
    time_limit_s: float = 1.0,
    cancel: CancelToken | None = None,
) -> DayPlan:
    inst = build_day(officer, day, visits, travel=travel, start=start, end=end)
    solution = solve(inst.problem, solver, time_limit_s, cancel)
    return to_day_plan(inst, solution.schedule)


def _at(day: date, seconds: int) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS) + timedelta(seconds=seconds)


def to_day_plan(inst: DayInstance, sched: Schedule) -> DayPlan:
    p, day = inst.problem, inst.day
    metres = p.metres or [[0] * len(p.travel) for _ in p.travel]
    stops: list[PlannedStop] = []
    prev = 0
    total_m = 0
    for k, node in enumerate(sched.order):
        v = inst.visits[node - 1]
        total_m += metres[prev][node]
        stops.append(
            PlannedStop(
                order=k + 1,
                organisation_id=v.id,
                name=v.name,
                address=v.address,
                lat=v.lat,
                lon=v.lon,
                arrival=_at(day, sched.arrivals[k]),
                start=_at(day, sched.starts[k]),
                departure=_at(day, sched.departures[k]),
                wait_min=round((sched.starts[k] - sched.arrivals[k]) / 60, 1),
                drive_min_from_prev=round(p.travel[prev][node] / 60, 1),
                km_from_prev=round(metres[prev][node] / 1000, 1),
                visit_id=v.visit_id,
                fixed=v.fixed_time is not None,
                contact_name=v.contact_name,
                contact_phone=v.contact_phone,
                purpose=v.purpose,
                last_visit_summary=v.last_visit_summary,
                departement=v.departement,
                area=v.area,
            )
        )
        prev = node
    total_m += metres[prev][p.end]
    served = set(sched.order)
    unserved = [explain(inst, node, sched) for node in range(1, p.n + 1) if node not in served]
    route = (
        (inst.start.lat, inst.start.lon),
        *((s.lat, s.lon) for s in stops),
        (inst.end.lat, inst.end.lon),
    )
    return DayPlan(
        officer_id=inst.officer.id,
        officer_name=inst.officer.name,
        day=day,
        start=inst.start,
        end=inst.end,
        stops=tuple(stops),
        back_at=_at(day, sched.back),
        total_km=round(total_m / 1000, 1),
        total_drive_min=round(sched.cost / 60, 1),
        unserved=(*inst.excluded, *unserved),
        route=route,
        leave_at=_at(day, sched.leave),
        lunch_at=_at(day, sched.lunch_start) if sched.lunch_start is not None else None,
        lunch_until=(
            _at(day, sched.lunch_start + p.lunch.duration)
            if sched.lunch_start is not None and p.lunch is not None
            else None
        ),
        value=round(sum(inst.visits[n - 1].value for n in sched.order), 2),
    )


def _fmt_windows(windows: Sequence[Sequence[str]]) -> str:
    return ", ".join(f"{a}–{b}" for a, b in windows)


def explain(inst: DayInstance, node: int, sched: Schedule) -> Unserved:
    """Why visit ``node`` is not in ``sched``, from the most to the least specific cause."""
    p, v, day = inst.problem, inst.visits[node - 1], inst.day
    o = inst.officer
    wd = day.isoweekday()
    hours = f"{o.day_start}–{o.day_end}"

    def out(reason: str, code: str) -> Unserved:
        return Unserved(v.id, v.name, reason, code, fixed=v.fixed_time is not None)

    if v.fixed_time is None and v.opening_hours is not None:
        today = v.opening_hours.get(str(wd), [])
        if not today:
            open_days = [
                WEEKDAYS_FR[int(d) - 1] for d in sorted(v.opening_hours) if v.opening_hours[d]
            ]
            opened = ", ".join(open_days) if open_days else "aucun jour"
            return out(f"fermé le {WEEKDAYS_FR[wd - 1]} (ouvert : {opened})", CLOSED_THAT_DAY)
        if not p.windows[node]:
            return out(
                f"ouvert le {WEEKDAYS_FR[wd - 1]} {_fmt_windows(today)} : aucun créneau assez long "
                f"pour une visite de {v.duration_min} min",
                OUTSIDE_HOURS,
            )
    earliest = p.day_start + p.travel[0][node]
    latest = p.day_end - p.travel[node][p.end] - p.service[node]
    reachable = [(lo, hi) for lo, hi in p.windows[node] if hi >= earliest and lo <= latest]
    alone = simulate(p, [node])
    if v.fixed_time is not None and alone is None:
        at = v.fixed_time.astimezone(PARIS)
        drive = p.travel[0][node] / 60
        leave = p.first_leave(node)
        if leave + p.travel[0][node] > p.windows[node][0][1] or (
            p.windows[node][0][0] + p.service[node] + p.travel[node][p.end] > p.day_end
        ):
            return out(
                f"rendez-vous fixe à {at:%H:%M} trop loin : {drive:.0f} min de route depuis "
                f"{inst.start.label}, intenable dans la journée {hours} même en partant "
                f"à {s_to_hhmm(leave)} (départ au plus tôt)",
                TOO_FAR,
            )
        return out(
            f"rendez-vous fixe à {at:%H:%M} impossible à tenir dans la journée de travail {hours} "
            "avec les trajets et la pause déjeuner",
            OUTSIDE_HOURS,
        )
    if not reachable and alone is None and v.fixed_time is None:
        return out(
            f"horaires d'ouverture du {WEEKDAYS_FR[wd - 1]} "
            f"({_fmt_windows(v.opening_hours.get(str(wd), [])) if v.opening_hours else 'journée'}) "
            f"incompatibles avec la journée de travail {hours} et les trajets",
            OUTSIDE_HOURS,
        )
    if alone is None:
        there_back = (p.travel[0][node] + p.travel[node][p.end]) / 60
        return out(
            f"trop loin : {there_back:.0f} min de route aller-retour, la visite ne tient pas "
            f"dans la journée {hours}",
            TOO_FAR,
        )
    fixed = [i for i in sched.order if p.required[i]]
    if fixed and all(
        simulate(p, [*fixed[:k], node, *fixed[k:]]) is None for k in range(len(fixed) + 1)
    ):
        names = ", ".join(
            f"{s_to_hhmm(sched.starts[sched.order.index(i)])} chez {inst.visits[i - 1].name}"
            for i in fixed
        )
        if v.fixed_time is not None:
            at = v.fixed_time.astimezone(PARIS)
            return out(f"rendez-vous fixe de {at:%H:%M} en conflit avec : {names}", FIXED_CONFLICT)
        which = "les rendez-vous fixes" if len(fixed) > 1 else "le rendez-vous fixe"
        return out(f"incompatible avec {which} : {names}", FIXED_CONFLICT)
    if v.fixed_time is not None:
        return out("en conflit avec un autre rendez-vous fixe du même jour", FIXED_CONFLICT)
    return out(
        "journée complète : les visites retenues ont plus de valeur ou coûtent moins de route",
        DAY_FULL,
    )
