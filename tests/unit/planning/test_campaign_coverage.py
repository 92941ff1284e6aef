"""Coverage targets: a small remote group beside a dense cluster still gets visits."""

from __future__ import annotations

import random
from datetime import date, datetime

from hdf_field.planning.campaign import CampaignOptions, assign_to_officers, plan_campaign
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import CampaignPlan, Place
from hdf_field.planning.zones import PARIS

MONDAY = date(2026, 1, 5)
LILLE = Place("Lille", 50.6312, 3.0707)
TOURNAI = (50.6066, 3.3890)  # ~23 km east, across the border


def region() -> tuple[list[Prospect], OfficerSpec]:
    """120 valuable Lille firms, 12 modest Belgian partners and 8 Lille project holders."""
    rng = random.Random(3)
    out = [
        Prospect(
            id=f"lille-{k}",
            name=f"Firme {k}",
            lat=LILLE.lat + rng.gauss(0, 0.02),
            lon=LILLE.lon + rng.gauss(0, 0.03),
            value=3.0,
            departement="59",
            area="ex-Nord-Pas-de-Calais",
            kind="firm",
        )
        for k in range(120)
    ]
    out += [
        Prospect(
            id=f"be-{k}",
            name=f"Partenaire {k}",
            lat=TOURNAI[0] + rng.gauss(0, 0.01),
            lon=TOURNAI[1] + rng.gauss(0, 0.015),
            value=1.0,
            area="Belgium",
            kind="firm",
        )
        for k in range(12)
    ]
    out += [
        Prospect(
            id=f"holder-{k}",
            name=f"Porteur {k}",
            lat=LILLE.lat + rng.gauss(0, 0.03),
            lon=LILLE.lon + rng.gauss(0, 0.04),
            value=1.0,
            departement="59",
            area="ex-Nord-Pas-de-Calais",
            kind="project_holder",
        )
        for k in range(8)
    ]
    officer = OfficerSpec("o1", "Aurélie", LILLE, territory=("59", "BE"))
    return out, officer


def visits_to(plan: CampaignPlan, prefix: str) -> int:
    return sum(s.organisation_id.startswith(prefix) for d in plan.days for s in d.stops)


def test_a_value_only_plan_ignores_the_remote_group_the_default_visits_it() -> None:
    prospects, officer = region()
    naive = plan_campaign(
        prospects, [officer], MONDAY, 1, options=CampaignOptions(coverage_bonus=0)
    )
    assert visits_to(naive, "be-") == 0 and visits_to(naive, "holder-") == 0
    plan = plan_campaign(prospects, [officer], MONDAY, 1)
    rate = plan.stats["visits"] / len(prospects)  # type: ignore[operator]
    # each group at least half the officer's overall visit rate
    assert visits_to(plan, "be-") >= 0.5 * rate * 12
    assert visits_to(plan, "holder-") >= 0.5 * rate * 8
    assert plan.coverage_by_area["Belgium"] == visits_to(plan, "be-")
    assert plan.coverage_by_departement["BE"] == visits_to(plan, "be-")  # as the PDF keys it
    assert plan.coverage_by_kind["project_holder"] == visits_to(plan, "holder-")
    assert plan.coverage_available_by_kind == {"firm": 132, "project_holder": 8}


def test_fixed_appointments_stay_where_they_are_with_coverage_on() -> None:
    prospects, officer = region()
    at = datetime(2026, 1, 7, 10, 0, tzinfo=PARIS)  # Wednesday
    prospects.append(
        Prospect(
            id="fixed",
            name="Rendez-vous",
            lat=LILLE.lat + 0.01,
            lon=LILLE.lon,
            value=0.0,
            departement="59",
            fixed_time=at,
            fixed_officer_id="o1",
        )
    )
    plan = plan_campaign(prospects, [officer], MONDAY, 1)
    stops = [(d.day, s) for d in plan.days for s in d.stops if s.organisation_id == "fixed"]
    assert len(stops) == 1
    day, stop = stops[0]
    assert day == at.date() and stop.fixed and stop.start == at


def test_belgian_partners_go_to_the_nearest_officer_covering_the_border() -> None:
    prospects, lille = region()
    # nearer to Tournai, but their territory is the Nord only
    valenciennes = OfficerSpec(
        "o2", "Bastien", Place("Valenciennes", 50.358, 3.524), territory=("59",)
    )
    mons = OfficerSpec("o3", "Céline", Place("Maubeuge", 50.2775, 3.9734), territory=("59", "BE"))
    belgian = [p for p in prospects if p.area == "Belgium"]
    owners = assign_to_officers(belgian, [lille, valenciennes, mons])
    assert set(owners) == {0}  # Lille is nearer than Maubeuge; Valenciennes does not cover BE


def test_an_overloaded_officer_shares_border_prospects_within_reach() -> None:
    prospects, lille = region()
    firms = [p for p in prospects if p.id.startswith("lille-")]
    # 18 km from Lille; the Belgian partners stay out of it (Roubaix does not cover BE)
    roubaix = OfficerSpec("o2", "Bastien", Place("Armentières", 50.688, 2.881), territory=("59",))
    nearest = assign_to_officers(firms, [lille, roubaix])
    assert set(nearest) == {0}
    shared = assign_to_officers(firms, [lille, roubaix], capacity=[5, 5], reach_km=25)
    moved = [p for p, k in zip(firms, shared, strict=True) if k == 1]
    assert 30 <= len(moved) <= 90  # the load is shared, roughly evenly
    # the ones that moved are on Armentières' side of Lille
    assert sum(p.lon for p in moved) / len(moved) < sum(p.lon for p in firms) / len(firms)
    # a shorter reach moves fewer: nobody drives past it to even out the load
    short = assign_to_officers(firms, [lille, roubaix], capacity=[5, 5], reach_km=5)
    assert sum(short) < len(moved)


def test_the_managers_summary_names_belgium_from_the_campaign_coverage() -> None:
    import io
    import re

    from pypdf import PdfReader

    from hdf_field.reports.manager_summary import render_manager_summary

    prospects, officer = region()
    plan = plan_campaign(prospects, [officer], MONDAY, 1)
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_manager_summary(plan))).pages
    )
    n = plan.coverage_by_departement["BE"]
    assert re.search(rf"Belgique\s+Belgique\s+{n}\b", text)
    assert "Autre" not in text.split("Couverture du territoire")[-1]
    holders = plan.coverage_by_kind["project_holder"]
    assert re.search(rf"Porteur de projet\s+8\s+{holders}\s", text)
    assert "Couverture par type d'organisation" in text
