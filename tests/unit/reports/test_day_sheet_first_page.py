"""The printed day shows what matters on its first page: fixed appointments, the lunch break,
the departure (earlier for a fixed first appointment), and a "Non retenues" list with reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from hdf_field.planning.day_route import plan_day
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import Place
from hdf_field.planning.zones import PARIS
from hdf_field.reports.day_sheet import render_day_plan

TUESDAY = date(2030, 1, 8)
HOME = Place("Amiens", 49.8941, 2.2958)


def _day() -> tuple[OfficerSpec, list[Prospect]]:
    rdv = Prospect(
        "rdv", "Fonderie Picarde", 50.25, 2.0, fixed_time=datetime(2030, 1, 8, 9, 0, tzinfo=PARIS)
    )
    # a fixed appointment no departure setting can reach: 07:00, far away
    dawn = Prospect(
        "dawn", "Laiterie de l'Aube", 50.9, 1.7, fixed_time=datetime(2030, 1, 8, 7, 0, tzinfo=PARIS)
    )
    others = [
        Prospect(f"p{k}", f"Atelier {k}", 50.2 - 0.04 * k, 2.05 + 0.03 * k, duration_min=60)
        for k in range(1, 6)
    ]
    return OfficerSpec("o1", "Paul Martin", HOME), [rdv, dawn, *others]


def test_fixed_appointment_and_lunch_are_on_the_first_page(
    pages_of: Callable[[bytes], list[str]],
) -> None:
    officer, visits = _day()
    plan = plan_day(officer, TUESDAY, visits)
    assert plan.stops[0].organisation_id == "rdv"
    assert plan.lunch_at is not None and plan.lunch_until is not None
    assert (
        plan.leave_at is not None and plan.leave_at.hour * 60 + plan.leave_at.minute < 8 * 60 + 30
    )
    pages = pages_of(render_day_plan(plan))
    first = pages[0]
    assert "Programme de la journée" in first
    assert "Fonderie Picarde RDV fixe" in " ".join(first.split())
    assert "09:00" in first
    assert "Pause déjeuner" in first
    assert f"{plan.lunch_at:%H:%M}–{plan.lunch_until:%H:%M}" in first
    assert f"{plan.leave_at:%H:%M}" in first  # the earlier departure, as planned
    for stop in plan.stops:
        assert stop.name in first
    # the lunch sits between the stops around it, in the programme
    before = [s for s in plan.stops if s.departure <= plan.lunch_at]
    after = [s for s in plan.stops if s.departure > plan.lunch_at]
    lunch_pos = first.index("Pause déjeuner")
    assert all(first.index(s.name) < lunch_pos for s in before)
    assert all(first.index(s.name) > lunch_pos for s in after)


def test_left_out_visits_are_listed_with_reasons_fixed_first(
    pages_of: Callable[[bytes], list[str]],
) -> None:
    officer, visits = _day()
    plan = plan_day(officer, TUESDAY, visits)
    left = {u.organisation_id: u for u in plan.unserved}
    assert "dawn" in left and left["dawn"].fixed
    text = "\n".join(pages_of(render_day_plan(plan)))
    flat = " ".join(text.split())
    section = flat[flat.index("Non retenues") :]
    assert "Laiterie de l'Aube RDV fixe non tenu" in section
    assert " ".join(left["dawn"].reason.split()) in section
    # fixed appointments come first: the officer must call them
    names = [u.name for u in sorted(plan.unserved, key=lambda u: not u.fixed)]
    assert section.index(names[0]) <= min(section.index(n) for n in names)
