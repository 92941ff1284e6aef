"""One day-timing rule: the optimiser's times are the times people see.

The properties here are the point of :mod:`hdf_field.planning.timing`: for any order the
strict policy accepts, the lenient policy (the manual planner, the Semaine overview, the
printed sheet) gives exactly the same schedule, and a day the optimiser planned and a day
retimed from the same order agree to the second.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hdf_field.planning.day_route import build_day, plan_day
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.manual import retime
from hdf_field.planning.model import DayPlan, Place
from hdf_field.planning.problem import DayProblem, Lunch, simulate
from hdf_field.planning.timing import (
    AFTER_DAY_END,
    LENIENT,
    LUNCH_LATE,
    STRICT,
    WINDOW_MISSED,
    time_day,
)
from hdf_field.planning.zones import PARIS

TUESDAY = date(2030, 1, 8)
HOME = Place("Amiens", 49.8941, 2.2958)


@st.composite
def problems(draw: st.DrawFn) -> tuple[DayProblem, list[int]]:
    """A small day with asymmetric travel, windows, fixed visits, maybe lunch; and an order."""
    n = draw(st.integers(0, 6))
    size = n + 2
    travel = [
        [0 if i == j else draw(st.integers(60, 3600)) for j in range(size)] for i in range(size)
    ]
    service = [0, *(draw(st.sampled_from([1800, 2700, 3600])) for _ in range(n)), 0]
    required = [False, *(draw(st.booleans()) for _ in range(n)), False]
    windows: list[tuple[tuple[int, int], ...]] = [((0, 86400),)]
    for k in range(1, n + 1):
        if required[k]:
            at = draw(st.integers(7 * 3600, 17 * 3600)) // 300 * 300
            windows.append(((at, at + 300),))
        else:
            count = draw(st.integers(0, 2))
            cuts = sorted(
                draw(st.lists(st.integers(7, 19), min_size=2 * count, max_size=2 * count))
            )
            wins = tuple(
                (cuts[2 * i] * 3600, cuts[2 * i + 1] * 3600)
                for i in range(count)
                if cuts[2 * i + 1] > cuts[2 * i]
            )
            windows.append(wins)
    windows.append(((0, 86400),))
    lunch = (
        Lunch(11 * 3600 + 45 * 60, 12 * 3600 + 45 * 60, 45 * 60) if draw(st.booleans()) else None
    )
    p = DayProblem(
        travel=travel,
        service=service,
        windows=windows,
        value=[0.0, *(1.0 for _ in range(n)), 0.0],
        required=required,
        day_start=8 * 3600 + 30 * 60,
        day_end=draw(st.sampled_from([15 * 3600, 17 * 3600 + 30 * 60, 20 * 3600])),
        lunch=lunch,
        early_leave=draw(st.sampled_from([0, 30 * 60, 60 * 60])),
    )
    order = draw(st.permutations(list(range(1, n + 1))))
    keep = draw(st.integers(0, n))
    return p, list(order[:keep])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_lenient_equals_strict_whenever_strict_succeeds(case: tuple[DayProblem, list[int]]) -> None:
    p, order = case
    strict = time_day(p, order, STRICT)
    lenient = time_day(p, order, LENIENT)
    assert lenient is not None  # lenient always times the day
    assert lenient.schedule.order == tuple(order)  # and never drops a visit
    if strict is not None:
        assert strict.violations == ()
        assert lenient.violations == ()
        assert lenient.schedule == strict.schedule
        assert simulate(p, order) == strict.schedule
    else:
        assert lenient.violations  # strict refused it: lenient must say why
        assert simulate(p, order) is None


@settings(max_examples=300, deadline=None)
@given(problems())
def test_a_strict_timing_keeps_every_rule(case: tuple[DayProblem, list[int]]) -> None:
    """Whatever the walk returns as feasible really is: windows, day end, lunch, departure."""
    p, order = case
    timed = time_day(p, order, STRICT)
    if timed is None:
        return
    s = timed.schedule
    assert s.leave >= p.first_leave(order[0] if order else None)
    for k, node in enumerate(order):
        assert any(lo <= s.starts[k] <= hi for lo, hi in p.windows[node])
        assert s.starts[k] >= s.arrivals[k]
        assert s.departures[k] == s.starts[k] + p.service[node]
    assert s.back <= p.day_end
    if p.lunch is not None and s.lunch_start is not None:
        assert p.lunch.earliest <= s.lunch_start <= p.lunch.latest
    if p.lunch is not None and s.lunch_start is None:
        assert s.back <= p.lunch.latest  # no lunch during the round only if home before it


def _secs(moment: datetime) -> int:
    local = moment.astimezone(PARIS)
    return local.hour * 3600 + local.minute * 60 + local.second


def _times(plan: DayPlan) -> tuple[object, ...]:
    return (
        [s.organisation_id for s in plan.stops],
        [_secs(s.arrival) for s in plan.stops],
        [_secs(s.start) for s in plan.stops],
        [_secs(s.departure) for s in plan.stops],
        plan.leave_at,
        plan.lunch_at,
        plan.back_at,
        plan.total_drive_min,
    )


@st.composite
def days(draw: st.DrawFn) -> tuple[OfficerSpec, list[Prospect]]:
    n = draw(st.integers(1, 6))
    visits: list[Prospect] = []
    for k in range(n):
        lat = HOME.lat + draw(st.floats(-0.5, 0.5))
        lon = HOME.lon + draw(st.floats(-0.7, 0.7))
        fixed = None
        hours = None
        if draw(st.integers(0, 3)) == 0:
            minutes = draw(st.integers(8 * 12, 16 * 12)) * 5
            fixed = datetime(2030, 1, 8, tzinfo=PARIS) + timedelta(minutes=minutes)
        elif draw(st.booleans()):
            a = draw(st.integers(8, 15))
            hours = {"2": [[f"{a:02d}:00", f"{min(a + draw(st.integers(2, 6)), 19):02d}:00"]]}
        visits.append(
            Prospect(
                id=f"v{k}",
                name=f"V{k}",
                lat=lat,
                lon=lon,
                value=draw(st.floats(0.5, 5)),
                duration_min=draw(st.sampled_from([30, 45, 60, 90])),
                opening_hours=hours,
                fixed_time=fixed,
            )
        )
    officer = OfficerSpec(
        "o1",
        "Paul",
        HOME,
        day_start="08:30",
        day_end=draw(st.sampled_from(["16:00", "17:30"])),
        early_departure_min=draw(st.sampled_from([0, 60])),
    )
    return officer, visits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_the_optimisers_times_are_the_retimed_and_printed_times(
    case: tuple[OfficerSpec, list[Prospect]],
) -> None:
    """Plan a day, then retime its order as the planner screen and the week view do: the
    arrivals, starts, lunch break, departure and return are the same to the second."""
    officer, visits = case
    planned = plan_day(officer, TUESDAY, visits, solver="exact")
    by_id = {v.id: v for v in visits}
    ordered = [by_id[s.organisation_id] for s in planned.stops]
    manual = retime(officer, TUESDAY, ordered)
    assert manual.feasible
    assert _times(manual.plan) == _times(planned)


def test_a_lenient_walk_names_each_broken_rule() -> None:
    p = DayProblem(
        travel=[[0, 600, 600], [600, 0, 600], [600, 600, 0]],
        service=[0, 3600, 0],
        windows=[((0, 86400),), ((8 * 3600, 9 * 3600),), ((0, 86400),)],
        value=[0.0, 1.0, 0.0],
        required=[False, False, False],
        day_start=10 * 3600,
        day_end=10 * 3600 + 1800,
        lunch=Lunch(9 * 3600, 9 * 3600 + 1800, 1800),
    )
    assert time_day(p, [1], STRICT) is None
    timed = time_day(p, [1], LENIENT)
    assert timed is not None
    codes = {v.code for v in timed.violations}
    assert codes == {WINDOW_MISSED, LUNCH_LATE, AFTER_DAY_END}
    assert all(v.position == 0 for v in timed.violations)


def test_a_fixed_first_appointment_may_need_an_earlier_departure() -> None:
    """09:00 meeting 39 minutes away, day from 08:30: leave at 08:21, not drop it."""
    fixed = Prospect("rdv", "Rdv", 50.25, 2.0, fixed_time=datetime(2030, 1, 8, 9, 0, tzinfo=PARIS))
    officer = OfficerSpec("o1", "Paul", HOME)
    inst = build_day(officer, TUESDAY, [fixed])
    drive = inst.problem.travel[0][1]
    assert 30 * 60 < drive < 60 * 60 + 30 * 60  # far enough that 08:30 is too late
    plan = plan_day(officer, TUESDAY, [fixed])
    assert [s.organisation_id for s in plan.stops] == ["rdv"]
    assert plan.leave_at is not None
    assert _secs(plan.leave_at) == 9 * 3600 - drive < 8 * 3600 + 30 * 60
    # with no early departure allowed, it is left out and the reason says so
    strict = OfficerSpec("o1", "Paul", HOME, early_departure_min=0)
    left = plan_day(strict, TUESDAY, [fixed])
    assert not left.stops
    assert "départ au plus tôt" in left.unserved[0].reason
    assert "08:30" in left.unserved[0].reason


def test_an_earlier_departure_is_only_for_a_fixed_first_visit() -> None:
    anytime = Prospect("any", "Any", 50.25, 2.0)
    plan = plan_day(OfficerSpec("o1", "Paul", HOME), TUESDAY, [anytime])
    assert plan.leave_at is not None and _secs(plan.leave_at) == 8 * 3600 + 30 * 60


def test_the_early_departure_allowance_is_bounded() -> None:
    """A hand-edited officer row cannot send anyone out at 02:00: 0–180 minutes."""
    from hdf_field.planning.day_route import MAX_EARLY_DEPARTURE_MIN

    fixed = Prospect("rdv", "Rdv", 50.25, 2.0, fixed_time=datetime(2030, 1, 8, 9, 0, tzinfo=PARIS))
    for asked, kept in ((500, MAX_EARLY_DEPARTURE_MIN), (-30, 0), (45, 45)):
        officer = OfficerSpec("o1", "Paul", HOME, early_departure_min=asked)
        p = build_day(officer, TUESDAY, [fixed]).problem
        assert p.early_leave == kept * 60
        assert p.first_leave(1) == p.day_start - kept * 60
        assert p.first_leave(None) == p.day_start  # never for a day without a fixed first visit
