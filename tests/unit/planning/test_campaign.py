from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from hdf_field.domain.progress import Cancelled, CancelToken, ProgressUpdate
from hdf_field.planning.campaign import plan_campaign, plan_campaign_baseline
from hdf_field.planning.inputs import Prospect, hhmm_to_s
from hdf_field.planning.model import CampaignPlan
from hdf_field.planning.synthetic import synthetic_officers, synthetic_prospects
from hdf_field.planning.zones import PARIS
from tests.progress_support import Recorder

START = date(2026, 1, 5)  # a Monday


def secs(moment: datetime) -> int:
    local = moment.astimezone(PARIS)
    return local.hour * 3600 + local.minute * 60


@pytest.fixture(scope="module")
def instance() -> tuple[list[Prospect], list]:
    officers = synthetic_officers(3)
    prospects = synthetic_prospects(200, seed=7)
    # a fixed appointment for officer 2 on the second Tuesday at 10:00, near their home
    at = datetime(2026, 1, 13, 10, 0, tzinfo=PARIS)
    home = officers[1].home
    prospects[10] = dataclasses.replace(
        prospects[10],
        lat=home.lat + 0.05,
        lon=home.lon + 0.05,
        fixed_time=at,
        fixed_officer_id=officers[1].id,
    )
    return prospects, officers


def check_plan(plan: CampaignPlan, prospects: list[Prospect], officers: list) -> None:
    by_officer = {o.id: o for o in officers}
    by_id = {p.id: p for p in prospects}
    assert len(plan.days) == 3 * 10
    seen: Counter[str] = Counter()
    for day in plan.days:
        o = by_officer[day.officer_id]
        assert day.day.isoweekday() in o.working_days
        assert day.leave_at is not None and day.back_at is not None
        assert secs(day.leave_at) >= hhmm_to_s(o.day_start)
        assert secs(day.back_at) <= hhmm_to_s(o.day_end)
        last = day.leave_at
        for stop in day.stops:
            seen[stop.organisation_id] += 1
            p = by_id[stop.organisation_id]
            assert stop.arrival >= last and stop.start >= stop.arrival
            last = stop.departure
            if p.fixed_time is None and p.opening_hours is not None:
                intervals = p.opening_hours[str(day.day.isoweekday())]
                assert any(
                    hhmm_to_s(a) <= secs(stop.start) and secs(stop.departure) <= hhmm_to_s(b)
                    for a, b in intervals
                )
    assert max(seen.values()) == 1, "a prospect planned twice"
    total = sum(d.visit_count for d in plan.days)
    assert sum(plan.coverage_by_departement.values()) == total
    assert sum(plan.coverage_by_area.values()) == total
    assert sum(plan.visits_by_officer.values()) == total
    assert sum(plan.coverage_available_by_departement.values()) == sum(
        1 for p in prospects if p.fixed_time is None
    )
    for dep, n in plan.coverage_by_departement.items():
        assert n <= plan.coverage_available_by_departement[dep] + 1  # +1: the fixed visit


def test_campaign_plan_is_valid_and_keeps_fixed_visits(instance) -> None:  # type: ignore[no-untyped-def]
    prospects, officers = instance
    calls = Recorder()
    plan = plan_campaign(prospects, officers, START, 2, progress=calls)
    check_plan(plan, prospects, officers)
    fixed = prospects[10]
    day = next(
        d for d in plan.days if d.officer_id == officers[1].id and d.day == date(2026, 1, 13)
    )
    (stop,) = [s for s in day.stops if s.organisation_id == fixed.id]
    assert stop.fixed and stop.start == fixed.fixed_time
    assert calls.pairs[-1] == (30, 30)
    # the planner beats nearest-neighbour on value
    baseline = plan_campaign_baseline(prospects, officers, START, 2)
    check_plan(baseline, prospects, officers)
    assert plan.stats["value"] > baseline.stats["value"]
    assert fixed.id in {s.organisation_id for d in baseline.days for s in d.stops}


def test_officer_territory_is_respected(instance) -> None:  # type: ignore[no-untyped-def]
    prospects, officers = instance
    officers = [
        dataclasses.replace(o, territory=("59",)) if k == 0 else o for k, o in enumerate(officers)
    ]
    plan = plan_campaign([p for p in prospects if p.fixed_time is None], officers, START, 1)
    by_id = {p.id: p for p in prospects}
    for day in plan.days:
        if day.officer_id == officers[0].id:
            assert all(by_id[s.organisation_id].departement == "59" for s in day.stops)


def test_cancellation_stops_early(instance) -> None:  # type: ignore[no-untyped-def]
    prospects, officers = instance
    stop = CancelToken()
    done: list[int] = []

    def progress(update: ProgressUpdate) -> None:
        done.append(update.done)
        if update.done == 4:
            stop.cancel()

    with pytest.raises(Cancelled):
        plan_campaign(prospects, officers, START, 2, progress=progress, cancel=stop)
    assert done == [1, 2, 3, 4]  # the fifth day was never started


def test_fixed_visit_outside_horizon_is_reported(instance) -> None:  # type: ignore[no-untyped-def]
    prospects, officers = instance
    late = dataclasses.replace(
        prospects[0],
        fixed_time=datetime(2026, 3, 2, 10, tzinfo=PARIS),
        fixed_officer_id=officers[0].id,
    )
    far = dataclasses.replace(
        prospects[1],
        lat=43.3,
        lon=5.4,
        fixed_time=datetime(2026, 1, 6, 10, tzinfo=PARIS),
        fixed_officer_id=officers[0].id,
    )
    rest = [p for p in prospects[2:40] if p.fixed_time is None]
    plan = plan_campaign([late, far, *rest], officers, START, 1)
    reasons = {u.organisation_id: u.code for u in plan.unserved}
    assert reasons == {late.id: "other_day", far.id: "too_far"}
    tuesday = next(
        d
        for d in plan.days
        if d.officer_id == officers[0].id and d.day == START + timedelta(days=1)
    )
    assert tuesday.visit_count > 0  # the unreachable appointment does not empty the day
    assert plan.days[0].day == START and START + timedelta(days=4) == plan.days[-1].day


def test_the_default_is_the_value_policy_and_compact_trades_value_for_driving() -> None:
    from hdf_field.planning.campaign import (
        DEFAULT_POLICY,
        POLICIES,
        CampaignOptions,
        policy_options,
    )

    assert DEFAULT_POLICY == "value" and POLICIES[DEFAULT_POLICY] == CampaignOptions()
    assert policy_options("compact", day_solver="pyvrp").day_solver == "pyvrp"
    with pytest.raises(ValueError, match="compact"):
        policy_options("fastest")
    officers = synthetic_officers(3)
    prospects = synthetic_prospects(900, seed=11)
    value = plan_campaign(prospects, officers, START, 1, options=POLICIES["value"])
    compact = plan_campaign(prospects, officers, START, 1, options=POLICIES["compact"])
    assert float(value.stats["value"]) > float(compact.stats["value"])
    assert float(value.stats["drive_min"]) > float(compact.stats["drive_min"])
