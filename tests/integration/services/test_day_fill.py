"""Optimiser fills a short day with the officer's own due prospects near the round.

Real database (the planner seed around Amiens) plus organisations that must never be
suggested: one recorded as closed, one assigned to another officer, one too far away.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from hdf_field.domain.enums import FunnelStatus
from hdf_field.planning.zones import PARIS
from hdf_field.services import day_planner
from hdf_field.services.day_fill import (
    FILL_RADIUS_KM,
    SUGGESTED,
    fill_candidates,
    optimise_day,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import FollowUp, Officer, Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.planner_seed import TUESDAY, PlannerSeed, seed_planner


@pytest.fixture
def seeded(db: Database) -> tuple[PlannerSeed, dict[str, str]]:
    seed = seed_planner(db)
    extra: dict[str, str] = {}
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        other = Officer(name="Zoé Autre", email="zoe@example.org", home_lat=49.9, home_lon=2.3)
        s.add(other)
        s.flush()

        def org(key: str, name: str, lat: float, lon: float, **kw: object) -> Organisation:
            o = Organisation(name=name, city="X", departement="80", lat=lat, lon=lon, **kw)
            s.add(o)
            s.flush()
            extra[key] = str(o.id)
            return o

        org("closed", "Usine Fermée", 49.895, 2.30, register_active=False)
        org("theirs", "Client de Zoé", 49.896, 2.301, assigned_officer_id=other.id)
        org("far", "Filature de Lille", 50.63, 3.06)
        due = org(
            "due", "Chaudronnerie Suivie", 49.89, 2.31, status=FunnelStatus.VISITED, priority=2
        )
        s.add(
            FollowUp(
                organisation_id=due.id,
                due_date=TUESDAY - timedelta(days=14),
                action="envoyer la convention",
            )
        )
        uow.commit()
    return seed, extra


def test_suggestions_are_near_due_and_never_closed_or_someone_elses(
    db: Database, seeded: tuple[PlannerSeed, dict[str, str]]
) -> None:
    seed, extra = seeded
    spec = day_planner.officer_choices(db)[0].spec
    current = day_planner.load_prospects_by_id(db, [seed.orgs["anytime"]]).prospects
    offered = fill_candidates(db, spec, TUESDAY, current, limit=20)
    ids = {p.id for p in offered}
    assert extra["closed"] not in ids  # recorded as closed
    assert extra["theirs"] not in ids  # another officer's organisation
    assert extra["far"] not in ids  # beyond FILL_RADIUS_KM of home and every stop
    assert seed.orgs["anytime"] not in ids  # already in the day
    assert extra["due"] in ids and seed.orgs["extra"] in ids
    due = next(p for p in offered if p.id == extra["due"])
    assert due.purpose is not None and due.purpose.startswith(SUGGESTED)
    assert "en retard de 14 j" in due.purpose and "envoyer la convention" in due.purpose
    # an overdue follow-up outranks plain prospects around it
    assert offered[0].id == extra["due"]
    # together the suggestions weigh less than the cheapest visit already in the day
    assert sum(p.value + 0.01 for p in offered) < min(p.value for p in current)
    assert fill_candidates(db, spec, TUESDAY, current, limit=0) == []
    assert FILL_RADIUS_KM > 0


def test_optimise_fills_a_short_day_without_dropping_its_own_visits(
    db: Database, seeded: tuple[PlannerSeed, dict[str, str]]
) -> None:
    seed, extra = seeded
    spec = day_planner.officer_choices(db)[0].spec
    own = list(
        day_planner.load_prospects_by_id(db, [seed.orgs["morning"], seed.orgs["anytime"]]).prospects
    )
    # a fixed appointment at 15:00 that the day must keep
    own[1] = replace(own[1], fixed_time=datetime(2030, 1, 8, 15, 0, tzinfo=PARIS))
    result = optimise_day(db, spec, TUESDAY, own)
    kept = {s.organisation_id for s in result.plan.stops}
    assert {p.id for p in own} <= kept  # the day's own visits stay
    assert result.suggested  # spare time was offered to nearby prospects
    assert {p.id for p in result.suggested} <= kept
    assert extra["closed"] not in kept and extra["theirs"] not in kept
    # suggestions the day could not take are not listed as "Non retenues"
    offered_ids = {p.id for p in result.suggested}
    assert all(u.organisation_id not in offered_ids for u in result.plan.unserved)
    # without the database (or with fill off) only the given visits are planned
    bare = optimise_day(db, spec, TUESDAY, own, fill=False)
    assert {s.organisation_id for s in bare.plan.stops} == {p.id for p in own}
    assert bare.suggested == ()
