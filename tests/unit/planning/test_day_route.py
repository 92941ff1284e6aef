from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from hdf_field.planning.day_route import (
    CLOSED_THAT_DAY,
    FIXED_CONFLICT,
    TOO_FAR,
    plan_day,
)
from hdf_field.planning.inputs import OfficerSpec, Prospect, hhmm_to_s
from hdf_field.planning.model import DayPlan, Place
from hdf_field.planning.synthetic import synthetic_prospects
from hdf_field.planning.zones import PARIS

TUESDAY = date(2026, 12, 1)
HOME = Place("Arras", 50.2910, 2.7775)
OFFICER = OfficerSpec("o1", "Officer One", HOME)


def near_home(n: int, seed: int = 4) -> list[Prospect]:
    ps = synthetic_prospects(600, seed)
    return sorted(ps, key=lambda p: (p.lat - HOME.lat) ** 2 + (p.lon - HOME.lon) ** 2)[:n]


def secs(moment: datetime) -> int:
    local = moment.astimezone(PARIS)
    return local.hour * 3600 + local.minute * 60 + local.second


def assert_day_respects_rules(plan: DayPlan, visits: list[Prospect], officer: OfficerSpec) -> None:
    by_id = {v.id: v for v in visits}
    assert plan.leave_at is not None and plan.back_at is not None
    assert secs(plan.leave_at) >= hhmm_to_s(officer.day_start)
    assert secs(plan.back_at) <= hhmm_to_s(officer.day_end)
    prev_departure = plan.leave_at
    for stop in plan.stops:
        assert stop.arrival.tzinfo is not None and stop.arrival.utcoffset() == timedelta(hours=1)
        v = by_id[stop.organisation_id]
        assert stop.arrival >= prev_departure
        assert stop.start >= stop.arrival
        assert stop.departure - stop.start == timedelta(minutes=v.duration_min)
        if v.fixed_time is not None:
            assert timedelta(0) <= stop.start - v.fixed_time <= timedelta(minutes=5)
        elif v.opening_hours is not None:
            intervals = v.opening_hours[str(plan.day.isoweekday())]
            assert any(
                hhmm_to_s(a) <= secs(stop.start) and secs(stop.departure) <= hhmm_to_s(b)
                for a, b in intervals
            ), (stop.name, stop.start, intervals)
        prev_departure = stop.departure
    # lunch: inside the allowed window and never during a visit
    if plan.lunch_at is not None:
        lunch = hhmm_to_s(officer.lunch_start)
        flex = officer.lunch_flex_min * 60
        assert lunch - flex <= secs(plan.lunch_at) <= lunch + flex
        lunch_end = plan.lunch_at + timedelta(minutes=officer.lunch_minutes)
        for stop in plan.stops:
            assert lunch_end <= stop.start or plan.lunch_at >= stop.departure
    else:
        lunch_latest = hhmm_to_s(officer.lunch_start) + officer.lunch_flex_min * 60
        assert secs(plan.back_at) <= lunch_latest  # lunch after the round, back at base


@pytest.mark.parametrize("seed", range(4))
def test_plan_respects_hours_windows_and_lunch(seed: int) -> None:
    visits = near_home(9, seed)
    plan = plan_day(OFFICER, TUESDAY, visits)
    assert plan.visit_count >= 3
    assert plan.lunch_at is not None
    assert_day_respects_rules(plan, visits, OFFICER)
    assert len(plan.stops) + len(plan.unserved) == len(visits)
    assert plan.total_km > 0 and plan.total_drive_min > 0
    assert plan.route[0] == (HOME.lat, HOME.lon) == plan.route[-1]


def test_fixed_appointment_is_kept_at_its_time() -> None:
    visits = near_home(7)
    at = datetime(2026, 12, 1, 14, 30, tzinfo=PARIS)
    visits[3] = dataclasses.replace(visits[3], fixed_time=at)
    plan = plan_day(OFFICER, TUESDAY, visits)
    fixed = [s for s in plan.stops if s.organisation_id == visits[3].id]
    assert len(fixed) == 1 and fixed[0].fixed and fixed[0].start == at
    assert_day_respects_rules(plan, visits, OFFICER)


def test_visit_open_only_on_mondays_is_explained_on_a_tuesday() -> None:
    visits = near_home(3)
    visits[0] = dataclasses.replace(visits[0], opening_hours={"1": [["09:00", "12:00"]]})
    plan = plan_day(OFFICER, TUESDAY, visits)
    (u,) = [u for u in plan.unserved if u.organisation_id == visits[0].id]
    assert u.code == CLOSED_THAT_DAY
    assert "mardi" in u.reason and "lundi" in u.reason
    # the same visit fits on the Monday before
    monday = plan_day(OFFICER, TUESDAY - timedelta(days=1), visits)
    assert visits[0].id in {s.organisation_id for s in monday.stops}


def test_too_far_is_explained() -> None:
    visits = near_home(2)
    marseille = Prospect("far", "Far away", 43.2965, 5.3698, duration_min=60)
    plan = plan_day(OFFICER, TUESDAY, [*visits, marseille])
    (u,) = [u for u in plan.unserved if u.organisation_id == "far"]
    assert u.code == TOO_FAR and "trop loin" in u.reason


def test_conflicting_fixed_appointments_keep_one_and_explain_the_other() -> None:
    a, b, c = near_home(3)
    at = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
    a = dataclasses.replace(a, fixed_time=at, value=1)
    b = dataclasses.replace(b, fixed_time=at + timedelta(minutes=15), value=1)
    # c can only be visited at 10:00-11:00, which the fixed appointment takes
    c = dataclasses.replace(c, opening_hours={"2": [["10:00", "11:00"]]}, duration_min=45)
    plan = plan_day(OFFICER, TUESDAY, [a, b, c])
    planned = {s.organisation_id for s in plan.stops}
    assert len(planned & {a.id, b.id}) == 1
    codes = {u.organisation_id: u.code for u in plan.unserved}
    assert codes[c.id] == FIXED_CONFLICT
    assert FIXED_CONFLICT in {codes.get(a.id), codes.get(b.id)}


def test_best_subset_maximises_value() -> None:
    visits = [dataclasses.replace(v, duration_min=120, opening_hours=None) for v in near_home(6)]
    visits[5] = dataclasses.replace(visits[5], value=50.0)
    plan = plan_day(OFFICER, TUESDAY, visits)
    assert visits[5].id in {s.organisation_id for s in plan.stops}
    assert plan.unserved and all(u.code == "day_full" for u in plan.unserved)


@pytest.mark.parametrize("solver", ["ortools", "pyvrp"])
def test_other_solvers_give_valid_days(solver: str) -> None:
    visits = near_home(12)
    plan = plan_day(OFFICER, TUESDAY, visits, solver=solver, time_limit_s=0.3)
    assert plan.visit_count >= 3
    assert_day_respects_rules(plan, visits, OFFICER)
