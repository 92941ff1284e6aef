"""Times for an order a person chose, and what is wrong with it.

The solvers only ever return feasible days. A manager who drags a visit to another place in
the list may well produce a day that breaks a rule — arriving after closing time, missing a
fixed appointment, coming home after the working day — and must *see* that rather than have
the move refused. :func:`retime` times the order exactly as the solvers would when it is
feasible (through :func:`~hdf_field.planning.problem.simulate`), and otherwise walks it as
early as possible, keeping every visit and naming each broken rule on the visit it hurts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hdf_field.planning.day_route import WEEKDAYS_FR, DayInstance, build_day, to_day_plan
from hdf_field.planning.inputs import OfficerSpec, Prospect, s_to_hhmm
from hdf_field.planning.model import DayPlan, Place
from hdf_field.planning.problem import Schedule, earliest_start, simulate
from hdf_field.planning.travel import TravelModel
from hdf_field.planning.zones import PARIS

# Issue codes (the text is for people).
CLOSED = "closed"
TOO_LATE = "too_late"
FIXED_MISSED = "fixed_missed"
AFTER_DAY_END = "after_day_end"
LUNCH_LATE = "lunch_late"
NOT_WORKING_DAY = "not_working_day"


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ManualDay:
    """A timed day and the rules it breaks (empty when the day is feasible)."""

    plan: DayPlan
    # organisation id → what is wrong at that stop, in French
    issues: dict[str, tuple[Issue, ...]] = field(default_factory=dict)
    day_issues: tuple[Issue, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.issues and not self.day_issues


def retime(
    officer: OfficerSpec,
    day: date,
    ordered: Sequence[Prospect],
    *,
    travel: TravelModel | None = None,
    start: Place | None = None,
    end: Place | None = None,
) -> ManualDay:
    """Time ``ordered`` in that order; fixed appointments on another day go to ``unserved``."""
    inst = build_day(officer, day, ordered, travel=travel, start=start, end=end)
    order = list(range(1, inst.problem.n + 1))
    day_issues: list[Issue] = []
    if day.isoweekday() not in officer.working_days:
        day_issues.append(
            Issue(NOT_WORKING_DAY, f"le {WEEKDAYS_FR[day.isoweekday() - 1]} n'est pas travaillé")
        )
    sched = simulate(inst.problem, order)
    if sched is not None:
        return ManualDay(to_day_plan(inst, sched), {}, tuple(day_issues))
    sched, issues, late_back = _walk(inst, order)
    if late_back:
        day_issues.append(late_back)
    return ManualDay(to_day_plan(inst, sched), issues, tuple(day_issues))


def _hours_text(visit: Prospect, day: date) -> str:
    if visit.opening_hours is None:
        return ""
    intervals = visit.opening_hours.get(str(day.isoweekday()), [])
    return ", ".join(f"{a}–{b}" for a, b in intervals)


def _walk(
    inst: DayInstance, order: Sequence[int]
) -> tuple[Schedule, dict[str, tuple[Issue, ...]], Issue | None]:
    """Earliest times for ``order`` that never drop a visit; each broken rule is recorded."""
    p, day = inst.problem, inst.day
    lunch = p.lunch
    issues: dict[str, list[Issue]] = {}
    t = p.day_start
    last = 0
    cost = 0
    arrivals: list[int] = []
    starts: list[int] = []
    departures: list[int] = []
    lunch_start: int | None = None
    lunch_leg: int | None = None
    seq = [*order, p.end]
    for k, node in enumerate(seq):
        lunch_after = False
        if lunch is not None and lunch_start is None:
            arrive = t + p.travel[last][node]
            if node == p.end:
                begin: int | None = arrive
                done = arrive
            else:
                begin = earliest_start(p.windows[node], arrive)
                done = (begin if begin is not None else arrive) + p.service[node]
            sit = max(arrive, lunch.earliest)
            if begin is not None and sit <= lunch.latest and begin - sit >= lunch.duration:
                lunch_start, lunch_leg, lunch_after = sit, k, True  # lunch while waiting
            elif t >= lunch.earliest or done > lunch.latest:
                # Lunch before this leg: it is time, or the next visit would run past it.
                lunch_start = max(t, lunch.earliest)
                lunch_leg = k
                if lunch_start > lunch.latest and k > 0:
                    prev = inst.visits[last - 1]
                    issues.setdefault(prev.id, []).append(
                        Issue(
                            LUNCH_LATE,
                            f"pause déjeuner repoussée à {s_to_hhmm(lunch_start)} "
                            f"(au plus tard {s_to_hhmm(lunch.latest)})",
                        )
                    )
                t = lunch_start + lunch.duration
        arrive = t + p.travel[last][node]
        cost += p.travel[last][node]
        if node == p.end:
            back = arrive
            late: Issue | None = None
            if back > p.day_end:
                late = Issue(
                    AFTER_DAY_END,
                    f"retour à {s_to_hhmm(back)}, après la fin de journée ({inst.officer.day_end})",
                )
                if order:
                    issues.setdefault(inst.visits[order[-1] - 1].id, []).append(late)
            sched = Schedule(
                order=tuple(order),
                leave=p.day_start,
                arrivals=tuple(arrivals),
                starts=tuple(starts),
                departures=tuple(departures),
                back=back,
                cost=cost,
                lunch_start=lunch_start,
                lunch_leg=lunch_leg,
            )
            return _leave_late(sched), {k: tuple(v) for k, v in issues.items()}, late
        visit = inst.visits[node - 1]
        ready = arrive
        if lunch_after and lunch is not None and lunch_start is not None:
            ready = lunch_start + lunch.duration
        begin = earliest_start(p.windows[node], ready)
        if begin is None:
            begin = arrive
            issues.setdefault(visit.id, []).append(_window_issue(inst, node, arrive, day))
        arrivals.append(arrive)
        starts.append(begin)
        t = begin + p.service[node]
        departures.append(t)
        last = node
    raise AssertionError("unreachable: the loop ends on the end node")


def _window_issue(inst: DayInstance, node: int, arrive: int, day: date) -> Issue:
    visit = inst.visits[node - 1]
    p = inst.problem
    if visit.fixed_time is not None:
        at = visit.fixed_time.astimezone(PARIS)
        late = (arrive - (at.hour * 3600 + at.minute * 60)) // 60
        return Issue(
            FIXED_MISSED,
            f"rendez-vous fixe à {at:%H:%M} : arrivée à {s_to_hhmm(arrive)} ({late} min de retard)",
        )
    if not p.windows[node]:
        hours = _hours_text(visit, day)
        if not hours:
            return Issue(CLOSED, f"fermé le {WEEKDAYS_FR[day.isoweekday() - 1]}")
        return Issue(
            CLOSED,
            f"ouvert {hours} : aucun créneau assez long pour une visite de "
            f"{visit.duration_min} min",
        )
    hours = _hours_text(visit, day) or "la journée"
    return Issue(
        TOO_LATE,
        f"arrivée à {s_to_hhmm(arrive)} : trop tard pour une visite de {visit.duration_min} min "
        f"avant la fermeture (ouvert {hours})",
    )


def _leave_late(s: Schedule) -> Schedule:
    """Leave home just in time for the first visit, as :func:`simulate` does."""
    if not s.order or s.lunch_leg == 0:
        return s
    slack = s.starts[0] - s.arrivals[0]
    if slack <= 0:
        return s
    return Schedule(
        order=s.order,
        leave=s.leave + slack,
        arrivals=(s.starts[0], *s.arrivals[1:]),
        starts=s.starts,
        departures=s.departures,
        back=s.back,
        cost=s.cost,
        lunch_start=s.lunch_start,
        lunch_leg=s.lunch_leg,
    )
