"""The one day-timing rule: when an officer leaves, arrives, starts, lunches and gets back.

Every time shown anywhere — the optimiser's schedule, a day retimed after a drag in the
planner, the Semaine overview, the printed sheet, the ``.ics`` — comes from :func:`time_day`.
Before this module there were two walkers (the solvers' and the manual planner's) with
different lunch logic, so a printed day could disagree with what the optimiser had proved
feasible. Now there is one walk with a *violation policy*:

* ``STRICT`` — the solvers' rule: a day that breaks any rule has no timing (``None``).
* ``LENIENT`` — a person's order is timed as early as possible whatever it breaks; each
  broken rule is recorded on the visit it hurts so the screen can show it.

Both policies try the same lunch placements in the same order and keep the earliest return;
lenient first prefers the fewest broken rules. So whenever a strict timing exists, the
lenient one *is* that timing (``tests/unit/planning/test_timing.py`` proves it with
hypothesis).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from hdf_field.planning.problem import DayProblem, Schedule, earliest_start


class Policy(Enum):
    STRICT = "strict"
    LENIENT = "lenient"


STRICT = Policy.STRICT
LENIENT = Policy.LENIENT

# Violation codes; the wording for people is made by whoever shows them (planning.manual).
WINDOW_MISSED = "window_missed"  # no allowed start at or after the arrival (closed, too late)
LUNCH_LATE = "lunch_late"  # the lunch break starts after its latest allowed time
AFTER_DAY_END = "after_day_end"  # back at the end place after the working day


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    position: int  # index in the order of the visit it hurts; -1 when the day is empty
    at: int  # the offending time: arrival, lunch start or return, seconds from midnight


@dataclass(frozen=True, slots=True)
class Timing:
    schedule: Schedule
    violations: tuple[Violation, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.violations


def time_day(p: DayProblem, order: Sequence[int], policy: Policy = STRICT) -> Timing | None:
    """Earliest timing of ``order`` with the best lunch placement.

    Strict: None when no placement keeps every rule. Lenient: never None; among the lunch
    placements, the one with fewest broken rules, then the earliest return.
    """
    lenient = policy is LENIENT
    best: Timing | None = None
    best_key: tuple[int, int] | None = None
    lunch = p.lunch

    def consider(t: Timing | None) -> None:
        nonlocal best, best_key
        if t is None:
            return
        key = (len(t.violations), t.schedule.back)
        if best_key is None or key < best_key:
            best, best_key = t, key

    if lunch is None:
        consider(_pass(p, order, None, False, lenient))
    else:
        plain = _pass(p, order, None, False, lenient)
        if plain is not None and plain.schedule.back <= lunch.latest:
            consider(plain)  # the round is over before lunch: lunch back at base
        for leg in range(len(order) + 1):
            consider(_pass(p, order, leg, False, lenient))
            consider(_pass(p, order, leg, True, lenient))
    if best is None:
        return None
    return Timing(_leave_late(best.schedule), best.violations)


def _pass(
    p: DayProblem, order: Sequence[int], leg: int | None, after: bool, lenient: bool
) -> Timing | None:
    """Walk ``order`` once with lunch on ``leg`` (before the drive, or on arrival ``after``).

    Strict passes stop at the first broken rule; lenient ones record it and carry on as
    early as possible (a missed window starts the visit on arrival).
    """
    lunch = p.lunch
    t = p.first_leave(order[0] if order else None)
    leave = t
    last = 0
    cost = 0
    arrivals: list[int] = []
    starts: list[int] = []
    departures: list[int] = []
    lunch_start: int | None = None
    violations: list[Violation] = []
    seq = [*order, p.end]
    for k, node in enumerate(seq):
        hurt = k - 1 if k > 0 else (0 if order else -1)
        if leg == k and lunch is not None and not after:
            ls = max(t, lunch.earliest)
            if ls > lunch.latest:
                if not lenient:
                    return None
                violations.append(Violation(LUNCH_LATE, hurt, ls))
            lunch_start, t = ls, ls + lunch.duration
        arrive = t + p.travel[last][node]
        cost += p.travel[last][node]
        ready = arrive
        if leg == k and lunch is not None and after:
            ls = max(arrive, lunch.earliest)
            if ls > lunch.latest:
                if not lenient:
                    return None
                violations.append(Violation(LUNCH_LATE, hurt, ls))
            lunch_start, ready = ls, ls + lunch.duration
        if node == p.end:
            if arrive > p.day_end:
                if not lenient:
                    return None
                violations.append(Violation(AFTER_DAY_END, len(order) - 1, arrive))
            sched = Schedule(
                order=tuple(order),
                leave=leave,
                arrivals=tuple(arrivals),
                starts=tuple(starts),
                departures=tuple(departures),
                back=arrive,
                cost=cost,
                lunch_start=lunch_start,
                lunch_leg=leg if lunch_start is not None else None,
            )
            return Timing(sched, tuple(violations))
        start = earliest_start(p.windows[node], ready)
        if start is None:
            if not lenient:
                return None
            violations.append(Violation(WINDOW_MISSED, k, arrive))
            start = ready
        arrivals.append(arrive)
        starts.append(start)
        t = start + p.service[node]
        departures.append(t)
        last = node
    raise AssertionError("unreachable: the walk always ends on the end node")


def _leave_late(s: Schedule) -> Schedule:
    """Leave base just in time for the first visit instead of waiting on the doorstep."""
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
