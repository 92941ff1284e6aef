"""Commune names on the Planning day map never sit under a stop marker or the home square.

Issue 12 item 10: at 1440×900 on the demo, marker 3 hid the middle of « Armentières ».
Names and markers keep their pixel size while the map scales, so the check is made at two
window sizes, on the real widget, after the resize has been laid out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from hdf_field.planning.model import DayPlan, Place, PlannedStop
from hdf_field.ui.planner.route_map import Basemap, Outline, RouteMap, _label_candidates

DAY = date(2026, 3, 10)


def _square(name: str, lon0: float, lat0: float, lon1: float, lat1: float) -> Outline:
    ring = ((lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1), (lon0, lat0))
    return Outline(name, (lon0, lat0, lon1, lat1), (ring,))


# Armentières' name is anchored at the middle of its south edge: (50.66, 2.885).
ARMENTIERES = _square("Armentières", 2.86, 50.66, 2.91, 50.70)
LILLE = _square("Lille", 3.00, 50.55, 3.12, 50.67)


def _stop(order: int, lat: float, lon: float) -> PlannedStop:
    moment = datetime(2026, 3, 10, 8 + order, tzinfo=UTC)
    return PlannedStop(
        order=order,
        organisation_id=f"org-{order}",
        name=f"Stop {order}",
        address="",
        lat=lat,
        lon=lon,
        arrival=moment,
        start=moment,
        departure=moment,
        wait_min=0.0,
        drive_min_from_prev=10.0,
        km_from_prev=5.0,
    )


def _plan() -> DayPlan:
    home = Place("Maison", 50.68, 2.885)
    return DayPlan(
        officer_id="o",
        officer_name="Officer",
        day=DAY,
        start=home,
        end=home,
        stops=(_stop(1, 50.66, 2.885), _stop(2, 50.63, 3.06)),
        back_at=None,
        total_km=20.0,
        total_drive_min=30.0,
    )


@pytest.fixture
def route_map(qtbot: Any) -> RouteMap:
    view = RouteMap()
    qtbot.addWidget(view)
    view.set_basemap(Basemap(communes=(ARMENTIERES, LILLE)))
    view.set_plan(_plan())
    view.show()
    qtbot.waitExposed(view)
    return view


def _label(view: RouteMap, name: str) -> Any:
    return next(t for t in view.commune_labels if t.text() == name)


def _obstacles(view: RouteMap) -> list[Any]:
    assert view.home_item is not None
    return [view.view_rect(item) for item in [*view.stop_items, view.home_item]]


@pytest.mark.parametrize("size", [(1100, 800), (420, 300)])
def test_name_under_a_marker_moves_away(qtbot: Any, route_map: RouteMap, size: Any) -> None:
    route_map.resize(*size)
    qtbot.waitUntil(
        lambda: route_map.viewport().size().width() == size[0] - 2 * route_map.frameWidth()
    )
    label = _label(route_map, "Armentières")
    # The marker sits exactly on the anchor, so the usual place (above) is taken.
    first = _label_candidates(label.boundingRect().width(), label.boundingRect().height())[0]
    assert (label.pos().x(), label.pos().y()) != pytest.approx(first)
    assert label.isVisible()
    rect = route_map.view_rect(label)
    for other in _obstacles(route_map):
        assert not rect.intersects(other)
    assert not rect.intersects(route_map.view_rect(_label(route_map, "Lille")))


def test_name_with_room_stays_above(qtbot: Any, route_map: RouteMap) -> None:
    route_map.resize(1100, 800)
    qtbot.waitUntil(
        lambda: route_map.viewport().size().width() == 1100 - 2 * route_map.frameWidth()
    )
    label = _label(route_map, "Lille")
    first = _label_candidates(label.boundingRect().width(), label.boundingRect().height())[0]
    assert label.isVisible()
    assert (label.pos().x(), label.pos().y()) == pytest.approx(first)


def test_name_with_no_room_is_hidden(qtbot: Any, route_map: RouteMap) -> None:
    """Every candidate place covered: the name goes rather than sit under a dot."""
    stops = tuple(
        _stop(k + 1, 50.66 + dlat, 2.885 + dlon)
        for k, (dlat, dlon) in enumerate(
            [(0.0, 0.0), (0.004, 0.0), (-0.004, 0.0), (0.0, 0.01), (0.0, -0.01)]
        )
    )
    plan = _plan()
    route_map.set_plan(
        DayPlan(
            officer_id=plan.officer_id,
            officer_name=plan.officer_name,
            day=DAY,
            start=plan.start,
            end=plan.end,
            stops=stops,
            back_at=None,
            total_km=1.0,
            total_drive_min=1.0,
        )
    )
    route_map.resize(420, 300)
    qtbot.waitUntil(lambda: route_map.viewport().size().width() == 420 - 2 * route_map.frameWidth())
    label = _label(route_map, "Armentières")
    assert not label.isVisible()
