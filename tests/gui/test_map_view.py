"""MapView in a real (offscreen) Chromium: offline, clicks and selections reach Python."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineUrlRequestInterceptor
from PySide6.QtWidgets import QApplication

from hdf_field.domain.enums import ClusterKind, FunnelStatus, SiteKind
from hdf_field.geo import mbtiles as mbtiles_module
from hdf_field.geo.mbtiles import write_mbtiles
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, ClusterSite, Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.ui import mbtiles_scheme
from hdf_field.ui.map_view import MapView

# Chromium learns custom schemes only before the QApplication exists (collection time).
mbtiles_scheme.register_mbtiles_scheme()

PLACES = {
    "Lille": (50.6292, 3.0573, FunnelStatus.VISITED),
    "Roubaix": (50.6942, 3.1746, FunnelStatus.IDENTIFIED),
    "Arras": (50.2910, 2.7775, FunnelStatus.MEMBER),
    "Amiens": (49.8941, 2.2958, FunnelStatus.CONTACTED),
    "Laon": (49.5641, 3.6199, FunnelStatus.ORIENTED),
}


class RecordingInterceptor(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info) -> None:  # noqa: N802 (Qt API)
        self.urls.append(info.requestUrl().toString())


@pytest.fixture
def org_ids(db: Database) -> dict[str, str]:
    with UnitOfWork(db, actor="test") as uow:
        orgs = {
            city: Organisation(name=f"Atelier {city}", city=city, lat=lat, lon=lon, status=status)
            for city, (lat, lon, status) in PLACES.items()
        }
        uow.session.add_all(orgs.values())
        cluster = Cluster(name="Matikem", kind=ClusterKind.POLE, domain="materials")
        uow.session.add(cluster)
        uow.session.flush()
        uow.session.add(
            ClusterSite(
                cluster_id=cluster.id, kind=SiteKind.PRINCIPAL, name="Lille", lat=50.63, lon=3.06
            )
        )
        uow.commit()
        return {city: str(org.id) for city, org in orgs.items()}


@pytest.fixture
def interceptor() -> Iterator[RecordingInterceptor]:
    recorder = RecordingInterceptor()
    profile = QWebEngineProfile.defaultProfile()
    profile.setUrlRequestInterceptor(recorder)
    yield recorder
    profile.setUrlRequestInterceptor(None)


@pytest.fixture(params=["page", "remote"])
def view(request, qtbot, db: Database, org_ids: dict[str, str], interceptor, runner) -> MapView:
    """Every behaviour in both modes: markers clustered in the page (the usual few
    thousand) and clusters sent view by view from Python (past REMOTE_THRESHOLD)."""
    # Prospects and the gazetteer's outlines are read on the database thread.
    threshold = 0 if request.param == "remote" else 10_000
    widget = MapView(db, runner=runner, remote_threshold=threshold)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    with qtbot.waitSignal(widget.mapReady, timeout=30000) as ready:
        widget.reload()
    assert ready.args[0] == len(PLACES)
    return widget


def js(qtbot, view: MapView, script: str):
    """Evaluate in the page; values travel as JSON (arrays do not survive the bridge)."""
    with qtbot.waitCallback(timeout=10000) as cb:
        view.run_js(f"JSON.stringify({script})", cb)
    return json.loads(cb.args[0]) if cb.args[0] else None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _mouse(
    widget,
    kind: QEvent.Type,
    pos: QPointF,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
    modifiers=Qt.KeyboardModifier.NoModifier,
) -> None:
    QApplication.sendEvent(widget, QMouseEvent(kind, pos, pos, button, buttons, modifiers))


def test_map_loads_without_any_network_request(qtbot, view: MapView, interceptor) -> None:
    qtbot.waitUntil(lambda: js(qtbot, view, "hdfMap.basemapDrawn === true"), timeout=15000)
    urls = interceptor.urls
    assert any(u.endswith("hdf-map-assets/hdf/hdf_map.js") for u in urls), urls
    assert any("hdf-map-assets/outlines/" in u for u in urls), urls  # the gazetteer basemap
    assert [u for u in urls if u.split(":", 1)[0] not in {"file", "data", "qrc", "mbtiles"}] == []


def test_navigation_away_is_refused(qtbot, view: MapView, interceptor) -> None:
    view.run_js("window.location.href = 'https://example.org/'")
    qtbot.waitUntil(lambda: bool(view.view.local_page.refused), timeout=10000)
    assert view.view.local_page.refused == ["https://example.org/"]
    assert not any(u.startswith("http") for u in interceptor.urls)
    assert js(qtbot, view, "window.hdfMap.ready") is True


def test_clicking_a_marker_activates_its_organisation(qtbot, view, org_ids) -> None:
    view.select_organisation(org_ids["Arras"])
    qtbot.waitUntil(
        lambda: js(qtbot, view, "hdfMap.focusSettled") == org_ids["Arras"], timeout=10000
    )
    x, y = js(qtbot, view, f"hdfMap.pointOf({org_ids['Arras']!r})")
    target = view.view.focusProxy()
    with qtbot.waitSignal(view.organisationActivated, timeout=10000) as activated:
        pos = QPointF(x, y)
        _mouse(target, QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
        _mouse(
            target,
            QEvent.Type.MouseButtonPress,
            pos,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        _mouse(
            target,
            QEvent.Type.MouseButtonRelease,
            pos,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.NoButton,
        )
    assert activated.args == [org_ids["Arras"]]


def test_select_organisation_centres_the_map_on_it(qtbot, view, org_ids) -> None:
    view.select_organisation(org_ids["Laon"])
    lat, lon, _ = PLACES["Laon"]

    def centred() -> bool:
        c = js(qtbot, view, "hdfMap.center()")
        return abs(c[0] - lat) < 0.01 and abs(c[1] - lon) < 0.01

    qtbot.waitUntil(centred, timeout=10000)
    assert js(qtbot, view, "hdfMap.focusedId") == org_ids["Laon"]


@pytest.mark.parametrize("how", ["shift-drag", "toolbar"])
def test_dragging_a_rectangle_selects_the_markers_inside(qtbot, view, org_ids, how) -> None:
    if how == "toolbar":
        view.rect_action.trigger()
        qtbot.waitUntil(
            lambda: js(qtbot, view, "document.querySelector('.hdf-mode-rect') !== null"),
            timeout=5000,
        )
    # Pixel corners of a box around Lille and Roubaix, asked from the map itself.
    corners = js(qtbot, view, "hdfMap.pagePoint(50.75, 2.95).concat(hdfMap.pagePoint(50.55, 3.25))")
    target = view.view.focusProxy()
    shift = (
        Qt.KeyboardModifier.ShiftModifier
        if how == "shift-drag"
        else (Qt.KeyboardModifier.NoModifier)
    )
    left = Qt.MouseButton.LeftButton
    start, end = QPointF(corners[0], corners[1]), QPointF(corners[2], corners[3])
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as changed:
        _mouse(
            target,
            QEvent.Type.MouseMove,
            start,
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            shift,
        )
        _mouse(target, QEvent.Type.MouseButtonPress, start, left, left, shift)
        for i in range(1, 6):
            p = start + (end - start) * (i / 5)
            _mouse(target, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, left, shift)
        _mouse(target, QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton, shift)
    assert sorted(changed.args[0]) == sorted([org_ids["Lille"], org_ids["Roubaix"]])
    assert view.plan_action.isEnabled()
    with qtbot.waitSignal(view.addToPlanRequested) as plan:
        view.plan_action.trigger()
    assert sorted(plan.args[0]) == sorted([org_ids["Lille"], org_ids["Roubaix"]])


def test_radius_selection_keeps_markers_within_n_km(qtbot, view, org_ids) -> None:
    centre = (50.45, 2.95)
    expected = sorted(
        org_ids[c] for c, (lat, lon, _) in PLACES.items() if _km(centre, (lat, lon)) <= 30
    )
    assert 0 < len(expected) < len(PLACES)
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as changed:
        view.select_radius(*centre, km=30)
    assert sorted(changed.args[0]) == expected
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as widened:
        view.radius_spin.setValue(150)
    assert sorted(widened.args[0]) == sorted(org_ids.values())
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as cleared:
        view.clear_action.trigger()
    assert cleared.args[0] == [] and not view.plan_action.isEnabled()


def test_filter_from_the_table_limits_markers_and_selection(qtbot, view, org_ids) -> None:
    subset = [org_ids["Amiens"], org_ids["Laon"]]
    view.show_organisations(subset)
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as changed:
        view.select_rect(48.8, 1.3, 51.2, 4.3)
    assert sorted(changed.args[0]) == sorted(subset)
    view.show_organisations(None)
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as everything:
        view.select_rect(48.8, 1.3, 51.2, 4.3)
    assert sorted(everything.args[0]) == sorted(org_ids.values())


def _png(colour: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_mbtiles_basemap_is_served_through_the_local_scheme(
    qtbot, view, interceptor, tmp_path: Path
) -> None:
    z = 7
    tiles = {(z, x, y): _png("#d0e0c0") for x in range(62, 67) for y in range(40, 46)}
    path = write_mbtiles(tmp_path / "hdf.mbtiles", tiles)
    handler = view.tiles_handler
    # The scheme handler lives on the shared profile: count only this test's tiles.
    before = handler.served
    view.set_mbtiles(path)
    qtbot.waitUntil(
        lambda: handler.served > before and any(u.startswith("mbtiles:") for u in interceptor.urls),
        timeout=15000,
    )
    requested = [u for u in interceptor.urls if u.startswith("mbtiles:")]
    assert requested and all(u.startswith("mbtiles:tiles/") for u in requested)
    assert not any(u.startswith("http") for u in interceptor.urls)


class SqliteThreads:
    """Records, for every statement an MBTiles reader sends while installed, whether it ran
    on the GUI (main) thread (the readers use plain sqlite3: a trace callback per connection
    runs in the thread that executes the statement)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on_gui_thread: list[bool] = []
        connect = sqlite3.connect

        def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = connect(*args, **kwargs)
            if str(args[0]).endswith(".mbtiles?mode=ro"):  # a reader's, not the database's
                conn.set_trace_callback(self._record)
            return conn

        monkeypatch.setattr(mbtiles_module.sqlite3, "connect", traced)

    def _record(self, _statement: str) -> None:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())


def test_mbtiles_are_opened_and_read_off_the_gui_thread(
    qtbot, view, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiles = {(7, x, y): _png("#c0d0e0") for x in range(62, 67) for y in range(40, 46)}
    path = write_mbtiles(tmp_path / "threads.mbtiles", tiles)
    sql = SqliteThreads(monkeypatch)
    handler = view.tiles_handler
    before, previous = handler.served, handler.reader  # the profile's handler is shared
    with qtbot.waitSignal(view.mbtilesOpened, timeout=10000):
        view.set_mbtiles(path)
        assert sql.on_gui_thread == []  # the call only queued the opening
        assert handler.reader is previous
    opened = len(sql.on_gui_thread)
    assert opened > 0 and handler.reader is not None
    qtbot.waitUntil(lambda: handler.served > before, timeout=15000)
    assert len(sql.on_gui_thread) > opened  # the tiles served were read through the tracer
    assert not any(sql.on_gui_thread)

    # Another file asked for, then none, before it opens: the late reader is not used.
    other = write_mbtiles(tmp_path / "other.mbtiles", tiles)
    view.set_mbtiles(other)
    view.set_mbtiles(None)
    qtbot.waitUntil(lambda: not view._runner.busy, timeout=10000)
    assert handler.reader is None


def test_an_unreadable_mbtiles_keeps_the_basemap_and_says_why(qtbot, view, tmp_path: Path) -> None:
    tiles = {(7, 64, 42): _png("#c0d0e0")}
    path = write_mbtiles(tmp_path / "good.mbtiles", tiles)
    with qtbot.waitSignal(view.mbtilesOpened, timeout=10000):
        view.set_mbtiles(path)
    reader = view.tiles_handler.reader
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"not a database" * 100)
    view.set_mbtiles(junk)
    qtbot.waitUntil(lambda: view.notice.isVisibleTo(view), timeout=10000)
    assert "junk.mbtiles" in view.notice.text()
    assert view.tiles_handler.reader is reader  # still the good one
    assert reader is not None and reader.tile(7, 64, 42) is not None


def test_right_click_selects_within_the_radius(qtbot, view, org_ids) -> None:
    lat, lon, _ = PLACES["Lille"]
    x, y = js(qtbot, view, f"hdfMap.pagePoint({lat}, {lon})")
    view.radius_spin.setValue(15)
    js(qtbot, view, "true")  # scripts run in order: the new radius is in place after this
    target = view.view.focusProxy()
    right = Qt.MouseButton.RightButton
    pos = QPointF(x, y)
    with qtbot.waitSignal(view.selectionChanged, timeout=10000) as changed:
        _mouse(target, QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
        _mouse(target, QEvent.Type.MouseButtonPress, pos, right, right)
        _mouse(target, QEvent.Type.MouseButtonRelease, pos, right, Qt.MouseButton.NoButton)
    # Roubaix is ~11 km from Lille, Arras ~40 km.
    assert sorted(changed.args[0]) == sorted([org_ids["Lille"], org_ids["Roubaix"]])


def test_mbtiles_choice_is_remembered_across_restarts(
    qtbot, db: Database, org_ids, settings, runner, tmp_path: Path
) -> None:
    tiles = {(7, x, y): _png("#d0e0c0") for x in range(62, 67) for y in range(40, 46)}
    path = write_mbtiles(tmp_path / "fond.mbtiles", tiles)
    first = MapView(db, runner=runner, settings=settings)
    qtbot.addWidget(first)
    first.choose_mbtiles = lambda: str(path)
    with qtbot.waitSignal(first.mbtilesOpened, timeout=10000):
        first.tiles_action.trigger()
    assert settings.get("map/mbtiles") == str(path.resolve())

    # Next start: the basemap is opened before the page is even built (the worker runs the
    # opening first, then the page's data).
    second = MapView(db, runner=runner, settings=settings)
    qtbot.addWidget(second)
    second.resize(900, 700)
    second.show()
    with qtbot.waitSignal(second.mapReady, timeout=30000):
        second.reload()
    assert second.tiles_handler.reader is not None
    assert second.tiles_handler.reader.path == path.resolve()
    assert not second.notice.isVisibleTo(second)
    qtbot.waitUntil(lambda: second.tiles_handler.served > 0, timeout=15000)

    # The file has gone: the map opens on the outlines and says so, once.
    second.set_mbtiles(None)
    assert settings.get("map/mbtiles") == ""
    settings.set("map/mbtiles", str(path.resolve()))
    path.unlink()
    third = MapView(db, runner=runner, settings=settings)
    qtbot.addWidget(third)
    third.show()
    qtbot.waitUntil(lambda: third.notice.isVisibleTo(third), timeout=10000)
    assert "fond.mbtiles" in third.notice.text() and "introuvable" in third.notice.text()
    assert third.tiles_handler.reader is None
    assert settings.get("map/mbtiles") == ""


# Where a cluster's count and a cluster site's diamond overlap, which one is drawn on top.
_COUNT_VS_SITE = """(function () {
  var sites = Array.from(document.querySelectorAll('.hdf-site')).map(function (e) {
    return e.getBoundingClientRect();
  });
  var overlaps = 0, hidden = 0;
  document.querySelectorAll('.hdf-cluster-pie span').forEach(function (span) {
    var c = span.getBoundingClientRect();
    sites.forEach(function (s) {
      var left = Math.max(c.left, s.left), right = Math.min(c.right, s.right);
      var top = Math.max(c.top, s.top), bottom = Math.min(c.bottom, s.bottom);
      if (right - left < 1 || bottom - top < 1) { return; }
      overlaps += 1;
      var hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      if (!hit || !hit.closest('.hdf-cluster')) { hidden += 1; }
    });
  });
  return [overlaps, hidden];
})()"""


def test_cluster_counts_stay_above_cluster_site_diamonds(qtbot, view: MapView) -> None:
    # Zoomed so Lille and Roubaix form one cluster right beside the Lille site's diamond.
    view.run_js("hdfMap.benchView(50.66, 3.11, 7)")
    qtbot.waitUntil(lambda: js(qtbot, view, _COUNT_VS_SITE)[0] > 0, timeout=10000)
    overlaps, hidden = js(qtbot, view, _COUNT_VS_SITE)
    assert hidden == 0, f"{hidden} of {overlaps} cluster counts under a site diamond"
