from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from hdf_field.planning.day_route import build_day, plan_day
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.manual import (
    AFTER_DAY_END,
    CLOSED,
    FIXED_MISSED,
    TOO_LATE,
    retime,
)
from hdf_field.planning.model import Place
from hdf_field.planning.problem import simulate
from hdf_field.planning.zones import PARIS

TUESDAY = date(2030, 1, 8)
OFFICER = OfficerSpec("o1", "Paul", Place("Amiens", 49.8941, 2.2958))
WEEK = ("1", "2", "3", "4", "5")


def visit(key: str, lat: float, lon: float, hours: list[list[str]] | None = None) -> Prospect:
    return Prospect(
        id=key,
        name=key.title(),
        lat=lat,
        lon=lon,
        opening_hours=dict.fromkeys(WEEK, hours) if hours is not None else None,
    )


MORNING = visit("morning", 49.872, 2.356, [["08:30", "10:30"]])
AFTERNOON = visit("afternoon", 49.888, 2.343, [["14:00", "17:00"]])
ANYTIME = visit("anytime", 49.903, 2.322)
OFFICE = visit("office", 49.870, 2.243, [["08:30", "12:00"], ["13:30", "17:30"]])


def test_a_feasible_order_is_timed_like_the_solvers() -> None:
    order = [MORNING, ANYTIME, AFTERNOON]
    manual = retime(OFFICER, TUESDAY, order)
    assert manual.feasible
    sched = simulate(build_day(OFFICER, TUESDAY, order).problem, [1, 2, 3])
    assert sched is not None
    starts = [s.start for s in manual.plan.stops]
    assert [(t.hour * 3600 + t.minute * 60 + t.second) for t in starts] == list(sched.starts)
    assert [s.name for s in manual.plan.stops] == ["Morning", "Anytime", "Afternoon"]


def test_a_visit_moved_past_closing_time_is_kept_and_flagged() -> None:
    manual = retime(OFFICER, TUESDAY, [AFTERNOON, ANYTIME, MORNING])
    assert [s.organisation_id for s in manual.plan.stops] == ["afternoon", "anytime", "morning"]
    issues = manual.issues["morning"]
    assert issues[0].code == TOO_LATE
    assert "08:30–10:30" in issues[0].message and "trop tard" in issues[0].message
    assert "afternoon" not in manual.issues  # waiting for 14:00 is allowed
    morning = manual.plan.stops[2]
    assert morning.arrival > datetime(2030, 1, 8, 10, 30, tzinfo=PARIS)


def test_closed_that_day_is_named() -> None:
    shut = replace(MORNING, id="shut", opening_hours={"1": [["09:00", "17:00"]]})
    manual = retime(OFFICER, TUESDAY, [ANYTIME, shut])
    assert [i.code for i in manual.issues["shut"]] == [CLOSED]
    assert "mardi" in manual.issues["shut"][0].message


def test_a_missed_fixed_appointment_says_how_late() -> None:
    fixed = replace(ANYTIME, fixed_time=datetime(2030, 1, 8, 8, 40, tzinfo=PARIS))
    manual = retime(OFFICER, TUESDAY, [OFFICE, fixed])
    (issue,) = manual.issues["anytime"]
    assert issue.code == FIXED_MISSED
    assert "08:40" in issue.message and "retard" in issue.message


def test_coming_home_late_is_a_day_issue() -> None:
    short = replace(OFFICER, day_end="11:00")
    manual = retime(short, TUESDAY, [ANYTIME, OFFICE, MORNING])
    assert AFTER_DAY_END in [i.code for i in manual.day_issues]
    assert not manual.feasible
    assert len(manual.plan.stops) == 3


def test_the_optimiser_result_retimes_without_issue() -> None:
    plan = plan_day(OFFICER, TUESDAY, [AFTERNOON, OFFICE, MORNING, ANYTIME])
    by_id = {v.id: v for v in (AFTERNOON, OFFICE, MORNING, ANYTIME)}
    manual = retime(OFFICER, TUESDAY, [by_id[s.organisation_id] for s in plan.stops])
    assert manual.feasible
    assert [s.start for s in manual.plan.stops] == [s.start for s in plan.stops]
