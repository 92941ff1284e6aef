"""The printed plans say what the officer needs, in order, on every page, in both languages."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from reportlab.lib.units import mm

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.progress import Cancelled
from hdf_field.planning.model import CampaignPlan, DayPlan, Place, PlannedStop, Unserved
from hdf_field.reports.addresses import departement_of_address
from hdf_field.reports.day_sheet import render_day_plan
from hdf_field.reports.manager_summary import render_manager_summary
from hdf_field.reports.pdf_base import OutcomeBoxes
from hdf_field.reports.plan_map import Basemap
from hdf_field.reports.week_pack import render_week_pack
from tests.progress_support import CancelWhen, Recorder

Pages = Callable[[bytes], list[str]]


def _square(lon: float, lat: float, size: float) -> list[list[list[float]]]:
    return [
        [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    ]


def _outlines() -> dict:
    """Two communes and one département around Amiens (WGS84, as the gazetteer gives them)."""
    communes = [
        {
            "type": "Feature",
            "properties": {"code": "80021", "nom": "Amiens"},
            "geometry": {"type": "Polygon", "coordinates": _square(2.25, 49.85, 0.1)},
        },
        {
            "type": "Feature",
            "properties": {"code": "80089", "nom": "Boves"},
            "geometry": {"type": "Polygon", "coordinates": _square(2.35, 49.80, 0.1)},
        },
    ]
    departement = {
        "type": "Feature",
        "properties": {"code": "80", "nom": "Somme"},
        "geometry": {"type": "MultiPolygon", "coordinates": [_square(1.4, 49.5, 1.7)]},
    }
    return {
        "commune": {"type": "FeatureCollection", "features": communes},
        "departement": {"type": "FeatureCollection", "features": [departement]},
    }


def test_day_plan_lists_every_visit_in_order_with_what_the_officer_needs(
    day_factory: Callable[..., DayPlan], stop_factory: Callable[..., PlannedStop], pages_of: Pages
) -> None:
    day = date(2026, 12, 1)
    plan = day_factory(
        3, unserved=(Unserved("org-x", "Boulangerie du Santerre", "Fermé le mardi"),)
    )
    fixed = stop_factory(
        4,
        day,
        at="10:05",
        wait_min=25,
        fixed=True,
        name="Lycée Édouard-Gand",
        address="70 boulevard de Saint-Quentin, 80090 Amiens",
        contact_phone="03 22 53 49 00",
        orientation_hint="Campus des métiers Industrie",
        last_visit_summary="Rencontré en juin",
    )
    plan = replace(plan, stops=plan.stops + (fixed,), total_km=44.4, total_drive_min=95)
    text = "\n".join(pages_of(render_day_plan(plan)))
    flat = " ".join(text.split())  # table cells wrap long addresses

    assert "Camille Lefèvre" in text
    assert "mardi 1er décembre 2026" in text
    positions = []
    for stop in plan.stops:
        assert stop.address in flat
        assert stop.contact_phone in text
        positions.append(text.index(stop.name))
        assert f"{stop.arrival:%H:%M}" in text
    assert positions == sorted(positions)
    table = text[text.index("Résultat et notes") :]
    arrivals = [m.group(0) for m in re.finditer(r"\b(08:25|08:50|09:15|10:05)\b", table)]
    assert arrivals[:4] == ["08:25", "08:50", "09:15", "10:05"]
    assert "RDV fixe" in text
    # the visit's start is the time in large (as on screen); the arrival shows under it
    assert "attente 25 min" in text and "arrivée 10:05" in text and "10:30" in table
    assert "Campus des métiers Industrie" in flat and "Rencontré en juin" in flat
    assert "44,4 km" in text and "1 h 35" in text
    assert "Départ : Agence HDF" in flat and "08:15" in table  # the itinerary's ends
    assert "trajet 18,4 km · 55 min" in flat  # the drive back: totals less the legs
    assert re.search(r"Visites\s+4\b", text)
    assert "Fermé le mardi" in flat and "Boulangerie du Santerre" in flat
    for box in ("rencontré", "intéressé", "pas intéressé", "à recontacter"):
        assert box in text


def test_a_25_stop_day_splits_cleanly_with_header_and_chrome_on_every_page(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    plan = day_factory(25)
    pages = pages_of(render_day_plan(plan))

    assert 3 <= len(pages) <= 6
    for number, page in enumerate(pages, start=1):
        assert f"Page {number}/{len(pages)}" in page
        assert "Camille Lefèvre" in page and "mardi 1er décembre 2026" in page
        assert "HDF Field" in page
        if "Tél. :" in page:
            assert "Organisation et adresse" in page  # the table's header row is repeated
    text = "\n".join(pages)
    positions = [text.index(f"Entreprise numéro {k}\n") for k in range(1, 26)]
    assert positions == sorted(positions)
    # no visit is cut in two: each stop's name and phone are on the same page
    # (the name is also in the first page's programme: find the stop by its phone)
    for k in range(1, 26):
        (page,) = [p for p in pages if f"03 22 00 00 {k:02d}" in p]
        assert f"Entreprise numéro {k}\n" in page


def test_english_variant(day_factory: Callable[..., DayPlan], pages_of: Pages) -> None:
    plan = replace(day_factory(2), total_km=1234.56)
    text = "\n".join(pages_of(render_day_plan(plan, lang="en")))
    for expected in (
        "Route plan",
        "Tuesday 1 December 2026",
        "Outcome and notes",
        "met",
        "not interested",
        "to recontact",
        "Total distance",
        "Page 1/1",
    ):
        assert expected in text
    assert "rencontré" not in text and "décembre" not in text
    assert "1,234.6 km" in text  # English separators


def test_unknown_language_is_refused(day_factory: Callable[..., DayPlan]) -> None:
    with pytest.raises(ValidationError, match="lang"):
        render_day_plan(day_factory(1), lang="de")


def test_names_with_markup_characters_print_as_typed(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    plan = day_factory(1)
    odd = replace(plan.stops[0], name="Dupont & Fils <SARL>", purpose="R&D; tests > 3")
    text = "\n".join(pages_of(render_day_plan(replace(plan, stops=(odd,)))))
    assert "Dupont & Fils <SARL>" in text and "R&D; tests > 3" in text


def test_an_empty_day_still_prints(day_factory: Callable[..., DayPlan], pages_of: Pages) -> None:
    plan = replace(day_factory(1), stops=(), back_at=None, total_km=0, total_drive_min=0)
    text = "\n".join(pages_of(render_day_plan(plan)))
    assert "Aucune visite planifiée" in text


def _unnamed_home(plan: DayPlan) -> DayPlan:
    """Start and end without a town name, so a town name above the table comes from the map."""
    home = Place("Agence", plan.start.lat, plan.start.lon)
    return replace(plan, start=home, end=home)


def test_outlines_draw_a_basemap_labelled_with_the_communes_visited(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    plan = _unnamed_home(day_factory(3))
    bare = render_day_plan(plan)
    with_map = render_day_plan(plan, outlines=_outlines())
    assert len(with_map) > len(bare)
    text = pages_of(with_map)[0]
    assert "Amiens" in text.split("N°")[0]  # the commune label sits in the map, above the table
    assert len(with_map) < 300_000


def test_bad_outlines_name_the_faulty_feature(day_factory: Callable[..., DayPlan]) -> None:
    outlines = _outlines()
    outlines["commune"]["features"][1]["geometry"] = {"type": "Polygon", "coordinates": "x"}
    with pytest.raises(ValidationError, match=r"outlines\['commune'\].features\[1\]"):
        render_day_plan(day_factory(1), outlines=outlines)
    with pytest.raises(ValidationError, match="unknown layer"):
        render_day_plan(day_factory(1), outlines={"rivers": {}})


def test_without_dejavu_the_core_font_still_prints_french() -> None:
    code = (
        "import hdf_field.reports.pdf_base as b, pathlib\n"
        "b.DEJAVU_DIR = pathlib.Path('/nonexistent')\n"
        "print(b.fonts().regular)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Helvetica"


def _week(
    day_factory: Callable[..., DayPlan],
    officer: str = "Camille Lefèvre",
    officer_id: str = "off-1",
    first: date = date(2026, 11, 30),
) -> list[DayPlan]:
    return [
        day_factory(2 + k, day=first + timedelta(days=k), officer=officer, officer_id=officer_id)
        for k in range(5)
    ]


def test_week_pack_has_a_cover_then_every_day(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    plans = _week(day_factory)
    seen = Recorder()
    data = render_week_pack(list(reversed(plans)), progress=seen)
    pages = pages_of(data)

    cover = pages[0]
    assert "Semaine 49" in cover and "Camille Lefèvre" in cover
    assert "lundi 30 novembre" in cover and "vendredi 4 décembre 2026" in cover
    assert re.search(r"Total\s+20\b", cover)  # 2+3+4+5+6 visits
    days = [
        "lundi 30 novembre 2026",
        "mardi 1er décembre 2026",
        "mercredi 2 décembre 2026",
        "jeudi 3 décembre 2026",
        "vendredi 4 décembre 2026",
    ]
    starts = [next(i for i, p in enumerate(pages) if p.startswith(d.capitalize())) for d in days]
    assert starts == sorted(starts) and starts[0] == 1
    assert all(f"/{len(pages)}" in p for p in pages)
    assert seen.pairs == [(k, 5) for k in range(1, 6)]


def test_week_pack_refuses_several_officers_and_can_be_cancelled(
    day_factory: Callable[..., DayPlan],
) -> None:
    plans = _week(day_factory)
    other = day_factory(2, officer="Mehdi Ouali", officer_id="off-2")
    with pytest.raises(ValidationError, match="one officer"):
        render_week_pack(plans + [other])
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        render_week_pack(plans, cancel=CancelWhen(lambda: next(calls, True)))


def test_manager_summary_covers_every_officer_and_the_regions(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    lille = _week(day_factory, "Mehdi Ouali", "off-2")
    lille = [
        replace(
            p,
            stops=tuple(
                replace(s, address=f"{s.order} rue Nationale, 59000 Lille") for s in p.stops
            ),
        )
        for p in lille
    ]
    amiens = _week(day_factory)
    closed = Unserved("org-c", "Menuiserie Caron", "Fermé le lundi")
    amiens[0] = replace(amiens[0], unserved=(closed,))
    amiens[1] = replace(amiens[1], unserved=(closed,))
    text = "\n".join(pages_of(render_manager_summary(amiens + lille, outlines=_outlines())))
    assert text.count("Fermé le lundi") == 1  # left out twice, listed once

    assert "Camille Lefèvre" in text and "Mehdi Ouali" in text
    assert re.search(r"59 Nord\s+ex-Nord-Pas-de-Calais\s+20\b", text)
    assert re.search(r"80 Somme\s+ex-Picardie\s+20\b", text)
    assert re.search(r"ex-Nord-Pas-de-Calais\s+20\s+50 %", text)
    assert "Semaine 49" in text and "lun. 30/11" in text
    assert "40 visites" in text


def test_manager_summary_uses_the_campaign_coverage_when_given(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    campaign = CampaignPlan(
        start=date(2026, 11, 30),
        weeks=1,
        days=tuple(_week(day_factory)),
        coverage_by_departement={"80": 17, "02": 3},
        coverage_by_area={"ex-Picardie": 20},
        unserved=(Unserved("org-z", "SARL Côte d'Opale", "Aucun créneau compatible"),),
    )
    text = "\n".join(pages_of(render_manager_summary(campaign, lang="en")))
    assert re.search(r"02 Aisne\s+former Picardy\s+3\b", text)
    assert re.search(r"80 Somme\s+former Picardy\s+17\b", text)
    assert "Aucun créneau compatible" in text
    assert "Route summary" in text


def test_postcodes_give_the_departement() -> None:
    assert departement_of_address("12 rue X, 80000 Amiens") == "80"
    assert departement_of_address("Rue Y 5\n7500 Tournai, Belgique") == "BE"
    assert departement_of_address("Lieu-dit sans code") is None


def test_tick_boxes_stack_in_one_column_when_labels_do_not_fit_side_by_side() -> None:
    labels = ["met", "interested", "not interested", "to recontact"]
    wide = OutcomeBoxes(labels, "Notes:")
    narrow = OutcomeBoxes(labels, "Notes:")
    _, wide_h = wide.wrap(60 * mm, 500)
    _, narrow_h = narrow.wrap(30 * mm, 500)
    assert (wide.columns, narrow.columns) == (2, 1)
    assert narrow_h > wide_h


def test_real_gazetteer_outlines_keep_a_day_page_light(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    from hdf_field.geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    outlines = {level: gazetteer.outlines(level) for level in ("commune", "departement")}
    plan = _unnamed_home(day_factory(6))
    data = render_day_plan(plan, outlines=outlines)
    pages = pages_of(data)
    assert len(data) < 300_000 * len(pages)
    assert "Amiens" in pages[0].split("N°")[0]  # commune label drawn on the map


def test_a_day_ending_after_midnight_says_so(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    plan = day_factory(2)
    late = replace(plan, back_at=plan.back_at.replace(hour=0, minute=14) + timedelta(days=1))
    text = "\n".join(pages_of(render_day_plan(late)))
    assert "00:14 (+1)" in text


def test_outline_layers_are_parsed_once_per_collection() -> None:
    outlines = _outlines()
    first = Basemap.from_outlines(outlines)
    again = Basemap.from_outlines(dict(outlines))  # a new mapping around the same collections
    other = Basemap.from_outlines(_outlines())
    assert again.communes is first.communes
    assert other.communes is not first.communes


def test_coverage_counts_the_organisations_departement_not_the_postcode(
    day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    """Postcodes lie at the edges: Corsica's 20xxx is 2A/2B, a border commune may use a
    neighbouring département's postcode, Belgian postcodes look like anything."""
    day = day_factory(4)
    edge = (
        {"address": "1 cours Napoléon, 20000 Ajaccio", "departement": "2A", "area": None},
        {
            "address": "2 rue Haute, 59100 Roubaix",
            "departement": "62",
            "area": "ex-Nord-Pas-de-Calais",
        },
        {"address": "3 Grand-Place, 7500 Tournai", "departement": None, "area": "Belgium"},
        {"address": "4 rue de la Gare, 80000 Amiens", "departement": "02", "area": "ex-Picardie"},
    )
    day = replace(day, stops=tuple(replace(s, **e) for s, e in zip(day.stops, edge, strict=True)))  # type: ignore[arg-type]
    text = "\n".join(pages_of(render_manager_summary([day])))
    assert re.search(r"02 Aisne\s+ex-Picardie\s+1\b", text)
    assert re.search(r"62 Pas-de-Calais\s+ex-Nord-Pas-de-Calais\s+1\b", text)
    assert re.search(r"Belgique\s+Belgique\s+1\b", text)
    assert re.search(r"\b2A\s+Autre / inconnu\s+1\b", text)
    assert not re.search(r"\b(59 Nord|80 Somme|20)\s", text.split("Couverture")[-1])
    assert re.search(r"ex-Picardie\s+1\s+25 %", text)


def test_planned_stops_carry_the_departement_and_area_of_their_prospect() -> None:
    from hdf_field.planning.day_route import plan_day
    from hdf_field.planning.inputs import OfficerSpec, Prospect

    officer = OfficerSpec("o", "Léa", Place("Lille", 50.6312, 3.0707))
    visits = [
        Prospect("a", "Tournai SA", 50.6056, 3.3878, departement=None, area="Belgium"),
        Prospect(
            "b", "Armentières SARL", 50.6881, 2.8806, departement="59", area="ex-Nord-Pas-de-Calais"
        ),
    ]
    plan = plan_day(officer, date(2026, 12, 1), visits)
    got = {s.organisation_id: (s.departement, s.area) for s in plan.stops}
    assert got == {"a": (None, "Belgium"), "b": ("59", "ex-Nord-Pas-de-Calais")}


def test_a_round_into_belgium_is_printed_on_belgian_land(
    stop_factory: Callable[..., PlannedStop], day_factory: Callable[..., DayPlan], pages_of: Pages
) -> None:
    from shapely.geometry import Point

    from hdf_field.services.map_data import print_outlines

    day = date(2026, 12, 1)
    stops = (
        stop_factory(1, day, at="09:00", name="Lille", lat=50.63, lon=3.06),
        stop_factory(2, day, at="10:00", name="Tournai", lat=50.61, lon=3.39),
        stop_factory(3, day, at="11:00", name="Mouscron", lat=50.74, lon=3.21),
    )
    plan = replace(day_factory(0), stops=stops)
    outlines = print_outlines()
    assert print_outlines() is outlines  # one parse per process (layers cached by identity)
    basemap = Basemap.from_outlines(outlines)
    assert basemap.departements is not None and basemap.communes is not None
    tournai = Point(3.39, 50.61)
    assert any(g.contains(tournai) for g in basemap.departements.geoms)
    assert any(g.contains(tournai) for g in basemap.communes.geoms)  # the Tournai canton
    assert "Hainaut" in basemap.departements.names
    text = "\n".join(pages_of(render_day_plan(plan, outlines=outlines)))
    assert "Tournai" in text and "Mouscron" in text
