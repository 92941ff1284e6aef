from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from hdf_field.domain.errors import NotFoundError
from hdf_field.planning.manual import retime
from hdf_field.services import day_planner
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Visit
from tests.planner_seed import TUESDAY, PlannerSeed, seed_planner


@pytest.fixture
def seeded(db: Database) -> PlannerSeed:
    return seed_planner(db)


def test_officers_and_prospects_come_back_as_values(db: Database, seeded: PlannerSeed) -> None:
    (officer,) = day_planner.officer_choices(db)
    assert officer.id == seeded.officer_id and officer.home == "Amiens"
    loaded = day_planner.load_prospects_by_id(
        db, [seeded.orgs["anytime"], seeded.orgs["morning"], str(uuid.uuid4()), "not-a-uuid"]
    )
    assert [p.name for p in loaded.prospects] == ["Fonderie de Rivery", "Menuiserie du Matin"]
    assert loaded.prospects[1].opening_hours is not None
    assert len(loaded.rejected) == 2


def test_search_offers_organisations_by_name(db: Database, seeded: PlannerSeed) -> None:
    hits = day_planner.search_candidates(db, "fonderie")
    assert [h.id for h in hits] == [seeded.orgs["anytime"]]
    assert hits[0].has_position and "Rivery" in hits[0].label
    assert day_planner.search_candidates(db, "f") == []


def test_a_saved_day_loads_back_in_order_with_its_locks(db: Database, seeded: PlannerSeed) -> None:
    keys = ["morning", "anytime", "office1"]
    loaded = day_planner.load_prospects_by_id(db, [seeded.orgs[k] for k in keys]).prospects
    spec = day_planner.officer_choices(db)[0].spec
    first = retime(spec, TUESDAY, loaded)
    # lock the second visit at its time, as the planner's lock box does
    locked = replace(loaded[1], fixed_time=first.plan.stops[1].start)
    plan = retime(spec, TUESDAY, [loaded[0], locked, loaded[2]]).plan
    result = day_planner.save_day(db, plan, actor="test")
    assert (result.created, result.replaced) == (3, 0)
    day = day_planner.load_day(db, seeded.officer_id, TUESDAY)
    assert [v.id for v in day.visits] == [seeded.orgs[k] for k in keys]
    assert [v.fixed_time is not None for v in day.visits] == [False, True, False]
    assert all(v.visit_id for v in day.visits)
    assert day.visits[1].fixed_time == plan.stops[1].start
    # unlocking and re-timing updates the same rows, in one transaction
    unlocked = [replace(v, fixed_time=None) for v in day.visits]
    again = retime(spec, TUESDAY, unlocked[::-1]).plan
    second = day_planner.save_day(db, again, actor="test")
    assert (second.created, second.updated, second.kept_fixed) == (0, 3, 0)
    with db.session() as s:
        rows = list(s.scalars(select(Visit).where(Visit.deleted_at.is_(None))))
        assert len(rows) == 3 and not any(v.fixed for v in rows)
        by_org = {str(v.organisation_id): v for v in rows}
        assert by_org[seeded.orgs["office1"]].plan_order == 1


def test_a_failed_save_keeps_what_was_stored(db: Database, seeded: PlannerSeed) -> None:
    loaded = day_planner.load_prospects_by_id(db, [seeded.orgs["anytime"]]).prospects
    spec = day_planner.officer_choices(db)[0].spec
    plan = retime(spec, TUESDAY, loaded).plan
    day_planner.save_day(db, plan)
    ghost = replace(plan.stops[0], organisation_id=str(uuid.uuid4()), order=2)
    broken = replace(plan, stops=(*plan.stops, ghost))
    with pytest.raises(NotFoundError):
        day_planner.save_day(db, broken)
    with db.session() as s:
        assert len(list(s.scalars(select(Visit).where(Visit.deleted_at.is_(None))))) == 1


def test_week_overview_shows_the_working_week_and_booked_weekend_days_with_totals(
    db: Database, seeded: PlannerSeed
) -> None:
    spec = day_planner.officer_choices(db)[0].spec

    def book(day_offset: int, keys: list[str]) -> None:
        day = TUESDAY + timedelta(days=day_offset)
        loaded = day_planner.load_prospects_by_id(db, [seeded.orgs[k] for k in keys]).prospects
        working = replace(spec, working_days=(1, 2, 3, 4, 5, 6, 7))
        day_planner.save_day(db, retime(working, day, loaded).plan, actor="test")

    book(0, ["morning", "anytime"])  # Tuesday
    book(2, ["office1"])  # Thursday
    book(4, ["extra"])  # Saturday: a column of its own; Sunday (nothing booked) is left out
    week = day_planner.week_overview(db, seeded.officer_id, TUESDAY + timedelta(days=1))
    assert week.monday == TUESDAY - timedelta(days=1) and week.officer_name == "Paul Lefebvre"
    assert [d.day.isoweekday() for d in week.days] == [1, 2, 3, 4, 5, 6]
    monday, tuesday, _wed, thursday, _fri, saturday = week.days
    assert [v.commune for v in saturday.visits] == ["Poulainville"]
    assert monday.visits == () and monday.plan is None and monday.km == 0
    assert [(v.name, v.commune) for v in tuesday.visits] == [
        ("Menuiserie du Matin", "Longueau"),
        ("Fonderie de Rivery", "Rivery"),
    ]
    assert tuesday.visits[0].start < tuesday.visits[1].start
    assert tuesday.plan is not None and tuesday.km == tuesday.plan.total_km > 0
    assert tuesday.drive_min == tuesday.plan.total_drive_min > 0
    assert [v.commune for v in thursday.visits] == ["Salouël"]
    assert [p.day.isoweekday() for p in week.plans] == [2, 4, 6]
    assert week.visit_count == 4
