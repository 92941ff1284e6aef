"""Times for an order a person chose, and what is wrong with it.

The solvers only ever return feasible days. A manager who drags a visit to another place in
the list may well produce a day that breaks a rule — arriving after closing time, missing a
fixed appointment, coming home after the working day — and must *see* that rather than have
the move refused. :func:`retime` times the order exactly as the solvers would when it is
feasible and otherwise walks it as early as possible, keeping every visit and naming each
broken rule on the visit it hurts — both through the one rule,
:func:`hdf_field.planning.timing.time_day` (lenient policy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hdf_field.planning.day_route import WEEKDAYS_FR, DayInstance, build_day, to_day_plan
from hdf_field.planning.inputs import OfficerSpec, Prospect, s_to_hhmm
from hdf_field.planning.model import DayPlan, Place
from hdf_field.planning.problem import Schedule
from hdf_field.planning.timing import AFTER_DAY_END as _LATE_BACK
from hdf_field.planning.timing import LENIENT, Violation, time_day
from hdf_field.planning.timing import LUNCH_LATE as _LUNCH
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
    timed = time_day(inst.problem, order, LENIENT)
    assert timed is not None  # the lenient policy always times the day
    issues: dict[str, list[Issue]] = {}
    for v in timed.violations:
        issue = _issue(inst, timed.schedule, v)
        if v.code == _LATE_BACK:
            day_issues.append(issue)
        if v.position >= 0:
            issues.setdefault(inst.visits[order[v.position] - 1].id, []).append(issue)
    return ManualDay(
        to_day_plan(inst, timed.schedule),
        {k: tuple(x) for k, x in issues.items()},
        tuple(day_issues),
    )


def _issue(inst: DayInstance, sched: Schedule, v: Violation) -> Issue:
    """The broken rule in words, for the visit it hurts."""
    if v.code == _LUNCH:
        latest = inst.problem.lunch.latest if inst.problem.lunch is not None else v.at
        return Issue(
            LUNCH_LATE,
            f"pause déjeuner repoussée à {s_to_hhmm(v.at)} (au plus tard {s_to_hhmm(latest)})",
        )
    if v.code == _LATE_BACK:
        return Issue(
            AFTER_DAY_END,
            f"retour à {s_to_hhmm(v.at)}, après la fin de journée ({inst.officer.day_end})",
        )
    node = sched.order[v.position]
    return _window_issue(inst, node, v.at, inst.day)


def _hours_text(visit: Prospect, day: date) -> str:
    if visit.opening_hours is None:
        return ""
    intervals = visit.opening_hours.get(str(day.isoweekday()), [])
    return ", ".join(f"{a}–{b}" for a, b in intervals)


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
