"""The day-routing problem in solver terms: integer seconds, node indices, one officer.

Node 0 is where the officer leaves from, node ``n + 1`` where they end (both may be the same
place), nodes 1..n are the candidate visits. :func:`simulate` is the single definition of a
feasible schedule: every solver's order is re-timed through it, so the exact DP, OR-Tools and
PyVRP are judged by the same rules (time windows, working hours, lunch break). The walk
itself is :mod:`hdf_field.planning.timing`, shared with the manual planner and the printouts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# A visit may start within [start, end] of one of its intervals (seconds from midnight).
StartWindows = tuple[tuple[int, int], ...]
REQUIRED_VALUE = 1_000_000.0  # worth more than any set of optional visits


@dataclass(frozen=True, slots=True)
class Lunch:
    earliest: int  # earliest lunch start, seconds from midnight
    latest: int  # latest lunch start
    duration: int


@dataclass(slots=True)
class DayProblem:
    travel: list[list[int]]  # (n+2)², seconds
    service: list[int]  # per node; 0 for start and end
    windows: list[StartWindows]  # allowed start intervals per node; () = never possible
    value: list[float]  # per node; 0 for start and end
    required: list[bool]  # fixed appointments
    day_start: int
    day_end: int
    lunch: Lunch | None = None
    metres: list[list[int]] | None = None
    # None: most value first, then least driving (a person's own list of visits for a day).
    # A number: trade value against driving, one value point = that many seconds of driving
    # (the campaign, where a far-flung prospect should wait for a day spent near it).
    value_seconds: float | None = None
    # A fixed appointment first in the day may need the officer to leave before
    # ``day_start`` (a 09:00 meeting 40 min away with a day starting at 08:30): they may
    # leave up to this many seconds earlier, and only for that. 0 = never before day_start.
    early_leave: int = 0

    def first_leave(self, first: int | None) -> int:
        """Earliest departure from base when ``first`` is the day's first visit (or None)."""
        if first is not None and self.required[first]:
            return max(0, self.day_start - self.early_leave)
        return self.day_start

    @property
    def n(self) -> int:
        return len(self.service) - 2

    @property
    def end(self) -> int:
        return len(self.service) - 1

    def node_value(self, i: int) -> float:
        return REQUIRED_VALUE if self.required[i] else self.value[i]


@dataclass(frozen=True, slots=True)
class Schedule:
    order: tuple[int, ...]  # visit nodes only (1..n)
    leave: int  # when the officer leaves node 0
    arrivals: tuple[int, ...]
    starts: tuple[int, ...]
    departures: tuple[int, ...]
    back: int  # arrival at the end node
    cost: int  # travel seconds
    lunch_start: int | None = None
    # Lunch is taken on leg k (0 = before the first visit, len(order) = on the way back).
    lunch_leg: int | None = None


@dataclass(slots=True)
class Solution:
    schedule: Schedule
    solver: str
    proven_optimal: bool = False
    stats: dict[str, float] = field(default_factory=dict)


def earliest_start(windows: StartWindows, ready: int) -> int | None:
    for lo, hi in windows:
        if hi >= ready:
            return max(lo, ready)
    return None


def simulate(p: DayProblem, order: Sequence[int]) -> Schedule | None:
    """Earliest feasible timing of ``order`` with the best lunch placement, or None.

    The rule itself lives in :func:`hdf_field.planning.timing.time_day` (strict policy), the
    same walk that times a person's own order, so solver and screen can never disagree.
    """
    # Deferred: planning.timing imports this module's classes (no import cycle at load time;
    # the lookup costs well under 1 % of a call).
    from hdf_field.planning.timing import strict_schedule

    return strict_schedule(p, order)


def total_value(p: DayProblem, order: Sequence[int]) -> float:
    return sum(p.node_value(i) for i in order)


def score(p: DayProblem, value: float, cost: int) -> tuple[float, float]:
    """Smaller is better; see :attr:`DayProblem.value_seconds`."""
    if p.value_seconds is None:
        return (-value, float(cost))
    return (cost - value * p.value_seconds, 0.0)


def objective_key(p: DayProblem, s: Schedule) -> tuple[float, float, int]:
    """Smaller is better: value against driving (see :func:`score`), then earliest back."""
    return (*score(p, total_value(p, s.order), s.cost), s.back)


def repair(p: DayProblem, order: Sequence[int]) -> Schedule:
    """Make a solver's order feasible under :func:`simulate`, then insert what still fits.

    Solvers that cannot express everything (PyVRP has one time window per client and no lunch
    break) may return an order our rules reject: drop the least valuable visits until it holds.
    """
    current = list(order)
    sched = simulate(p, current)
    while sched is None and current:
        drop = min(range(len(current)), key=lambda k: (p.node_value(current[k]), -k))
        current.pop(drop)
        sched = simulate(p, current)
    if sched is None:  # even the empty day fails: the working day is shorter than the trip
        sched = Schedule(
            (), p.day_start, (), (), (), p.day_start + p.travel[0][p.end], p.travel[0][p.end]
        )
    return insert_greedily(p, sched)


def insert_greedily(
    p: DayProblem, sched: Schedule, candidates: Sequence[int] | None = None
) -> Schedule:
    """Cheapest feasible insertion of the remaining visits, most valuable first."""
    pool = [i for i in (candidates or range(1, p.n + 1)) if i not in sched.order]
    pool.sort(key=lambda i: -p.node_value(i))
    current = sched
    for node in pool:
        best: Schedule | None = None
        for pos in range(len(current.order) + 1):
            trial = simulate(p, [*current.order[:pos], node, *current.order[pos:]])
            if trial is not None and (
                best is None or (trial.cost, trial.back) < (best.cost, best.back)
            ):
                best = trial
        worth = p.value_seconds is None or p.node_value(node) * p.value_seconds > (
            (best.cost - current.cost) if best is not None else 0
        )
        if best is not None and worth:
            current = best
    return current
