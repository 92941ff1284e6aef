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
    best = _best(p, order, policy is LENIENT)
    if best is None:
        return None
    return Timing(_leave_late(best[0]), best[1])


def strict_schedule(p: DayProblem, order: Sequence[int]) -> Schedule | None:
    """``time_day(p, order, STRICT)``'s schedule, without the wrapper: the solvers call this
    in their inner loops (``problem.simulate``)."""
    best = _best(p, order, False)
    return _leave_late(best[0]) if best is not None else None


_Pass = tuple[Schedule, tuple["Violation", ...]]


def _best(p: DayProblem, order: Sequence[int], lenient: bool) -> _Pass | None:
    """Every lunch placement in a fixed order; the fewest broken rules, then the earliest
    return, first met wins ties — so strict and lenient agree whenever strict succeeds."""
    lunch = p.lunch
    if lunch is None:
        return _pass(p, order, None, False, lenient)
    best: _Pass | None = None
    best_key = (0, 0)
    plain = _pass(p, order, None, False, lenient)
    if plain is not None and plain[0].back <= lunch.latest:
        best, best_key = plain, (len(plain[1]), plain[0].back)  # lunch back at base
    for leg in range(len(order) + 1):
        for after in (False, True):
            t = _pass(p, order, leg, after, lenient)
            if t is None:
                continue
            key = (len(t[1]), t[0].back)
            if best is None or key < best_key:
                best, best_key = t, key
    return best


def _pass(
    p: DayProblem, order: Sequence[int], leg: int | None, after: bool, lenient: bool
) -> _Pass | None:
    """Walk ``order`` once with lunch on ``leg`` (before the drive, or on arrival ``after``).

    Strict passes stop at the first broken rule; lenient ones record it and carry on as
    early as possible (a missed window starts the visit on arrival).
    """
    lunch = p.lunch
    travel, windows, service, end = p.travel, p.windows, p.service, p.end
    t = p.first_leave(order[0]) if order else p.day_start
    leave = t
    last = 0
    cost = 0
    arrivals: list[int] = []
    starts: list[int] = []
    departures: list[int] = []
    lunch_start: int | None = None
    violations: list[Violation] | None = None  # created on the first broken rule only
    for k, node in enumerate((*order, end)):
        if leg == k and lunch is not None and not after:
            ls = max(t, lunch.earliest)
            if ls > lunch.latest:
                if not lenient:
                    return None
                violations = violations or []
                violations.append(Violation(LUNCH_LATE, _hurt(k, order), ls))
            lunch_start, t = ls, ls + lunch.duration
        leg_s = travel[last][node]
        arrive = t + leg_s
        cost += leg_s
        ready = arrive
        if leg == k and lunch is not None and after:
            ls = max(arrive, lunch.earliest)
            if ls > lunch.latest:
                if not lenient:
                    return None
                violations = violations or []
                violations.append(Violation(LUNCH_LATE, _hurt(k, order), ls))
            lunch_start, ready = ls, ls + lunch.duration
        if node == end:
            if arrive > p.day_end:
                if not lenient:
                    return None
                violations = violations or []
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
            return sched, (tuple(violations) if violations else ())
        start = earliest_start(windows[node], ready)
        if start is None:
            if not lenient:
                return None
            violations = violations or []
            violations.append(Violation(WINDOW_MISSED, k, arrive))
            start = ready
        arrivals.append(arrive)
        starts.append(start)
        t = start + service[node]
        departures.append(t)
        last = node
    raise AssertionError("unreachable: the walk always ends on the end node")


def _hurt(k: int, order: Sequence[int]) -> int:
    """The visit a late lunch on leg ``k`` hurts: the one before it (the first if none)."""
    return k - 1 if k > 0 else (0 if order else -1)


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
