"""The map past REMOTE_THRESHOLD: 50,000 generated prospects, clusters sent view by view
through the bridge, selections resolved in Python against every point."""

from __future__ import annotations

import json
import random

import pytest

from hdf_field.reports.maps import STATUS_ORDER, MapMarker, MapOutlines
from hdf_field.storage.database import Database
from hdf_field.ui.map_view import MapView

N = 50_000
TOWNS = [(50.63, 3.06), (50.29, 2.78), (49.89, 2.30), (50.36, 3.52), (50.60, 3.39)]


@pytest.fixture(scope="module")
def markers() -> list[MapMarker]:
    rng = random.Random(11)
    out = []
    for i in range(N):
        lat, lon = rng.choice(TOWNS)
        out.append(
            MapMarker(
                f"org-{i:06d}",
                f"Établissement {i}",
                lat + rng.gauss(0, 0.1),
                lon + rng.gauss(0, 0.15),
                rng.choice(STATUS_ORDER),
                "Commune",
            )
        )
    return out


@pytest.fixture
def view(qtbot, db: Database, markers: list[MapMarker]) -> MapView:
    widget = MapView(db)  # the default threshold: 50,000 is past it
    qtbot.addWidget(widget)
    widget.set_outlines(MapOutlines())  # no basemap: the test is about markers
    widget.resize(900, 700)
    widget.show()
    with qtbot.waitSignal(widget.mapReady, timeout=30000) as ready:
        widget.load_markers(markers, [])
    assert ready.args[0] == N
    return widget


def js(qtbot, view: MapView, script: str):
    with qtbot.waitCallback(timeout=10000) as cb:
        view.run_js(f"JSON.stringify({script})", cb)
    return json.loads(cb.args[0]) if cb.args[0] else None


def _in(m: MapMarker, s: float, w: float, n: float, e: float) -> bool:
    return s <= m.lat <= n and w <= m.lon <= e


def test_the_page_holds_no_markers_and_the_legend_counts_all(
    qtbot, view: MapView, markers: list[MapMarker]
) -> None:
    view_markers = markers
    assert js(qtbot, view, "hdfMap.lastView.total") > 0
    counts = js(
        qtbot,
        view,
        # counts are grouped as the language writes them ("5 299"): digits only
        "Array.from(document.querySelectorAll('.hdf-legend-row b'),"
        " b => +b.textContent.replace(/\\D/g, ''))",
    )
    assert len(counts) == len(STATUS_ORDER) and sum(counts) == N
    assert counts == [sum(1 for m in view_markers if m.status == s) for s in STATUS_ORDER]
    # Only the answer for the view travels: far fewer shapes than prospects.
    drawn = js(qtbot, view, "hdfMap.lastView.clusters + hdfMap.lastView.singles")
    assert 0 < drawn < 2_000


def test_pans_and_zooms_through_the_bridge_redraw_the_clusters(
    qtbot, view: MapView, markers: list[MapMarker]
) -> None:
    seen = []
    for lat, lon, zoom in [
        (50.63, 3.06, 9),
        (50.63, 3.06, 12),
        (50.29, 2.78, 12),
        (50.629, 3.06, 17),
    ]:
        before = js(qtbot, view, "hdfMap.viewsDrawn")
        view.run_js(f"hdfMap.benchView({lat}, {lon}, {zoom})")
        qtbot.waitUntil(lambda b=before: js(qtbot, view, "hdfMap.viewsDrawn") > b, timeout=10000)
        last = js(qtbot, view, "hdfMap.lastView")
        assert last["zoom"] == zoom
        seen.append(last)
        # What was drawn holds every prospect of the (cell-snapped) view, and only those.
        s, w, n, e = last["bounds"]
        assert last["total"] == sum(1 for m in markers if s <= m.lat < n and w <= m.lon < e)
        centre = js(qtbot, view, "hdfMap.center()")
        assert s <= centre[0] <= n and w <= centre[1] <= e
    zoom9, zoom12, arras12, street = seen
    assert zoom12["clusters"] > zoom9["clusters"] or zoom12["total"] < zoom9["total"]
    assert arras12 != zoom12
    # At street level every prospect comes alone and can be clicked.
    assert street["clusters"] == 0 and street["singles"] == street["total"] > 0
    assert js(qtbot, view, "document.querySelectorAll('.hdf-cluster').length") == 0


def test_rectangle_selection_returns_every_point_inside(
    qtbot, view: MapView, markers: list[MapMarker]
) -> None:
    box = (50.55, 2.95, 50.70, 3.20)
    expected = sorted(m.id for m in markers if _in(m, *box))
    assert len(expected) > 3_000  # far more than the page was sent
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as changed:
        view.select_rect(*box)
    assert sorted(changed.args[0]) == expected
    assert view.selected_ids() == changed.args[0] and view.plan_action.isEnabled()


def test_table_filter_limits_what_is_clustered_and_selected(
    qtbot, view: MapView, markers: list[MapMarker]
) -> None:
    keep = [m.id for m in markers[::10]]
    view.show_organisations(keep)
    qtbot.waitUntil(lambda: js(qtbot, view, "hdfMap.lastView.total") < N // 5, timeout=10000)
    box = (48.8, 1.3, 51.2, 4.3)
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as changed:
        view.select_rect(*box)
    assert sorted(changed.args[0]) == sorted(m.id for m in markers[::10] if _in(m, *box))


def test_show_on_map_brings_one_prospect_into_view(
    qtbot, view: MapView, markers: list[MapMarker]
) -> None:
    target = markers[1234]
    view.select_organisation(target.id)
    qtbot.waitUntil(lambda: js(qtbot, view, "hdfMap.focusSettled") == target.id, timeout=10000)
    assert js(qtbot, view, f"hdfMap.pointOf({target.id!r})") is not None
