"""The prospects map: an offline Leaflet page in a QWebEngineView, wired to the app.

The page is built by :func:`hdf_field.reports.maps.build_map` and loaded from a file (never
``setHtml``: 2 MB limit). Clicks, selections and the "markers ready" event come back
through QWebChannel; navigation away from the page is refused, so the view can never
wander onto the web.

Past :data:`~hdf_field.services.map_data.REMOTE_THRESHOLD` prospects the page holds no
markers: :class:`RemoteMarkerServer` answers its per-view questions from a
:class:`~hdf_field.geo.marker_index.MarkerIndex` on a worker thread, so a pan never waits on
Python and the GUI thread only forwards the answers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import HdfFieldError
from hdf_field.services.database import Database
from hdf_field.services.gc_pause import collection_paused
from hdf_field.services.map_data import (
    REMOTE_THRESHOLD,
    MapContent,
    MapLabels,
    MapMarker,
    MapOptions,
    MapOutlines,
    MapRequestError,
    MarkerIndex,
    SiteMarker,
    TileSource,
    answer_view,
    basemap_outlines,
    build_map,
    install_outlines,
    marker_index,
    parse_view_request,
    read_map_content,
    remote_summary,
    select_area,
    status_labels,
    uses_remote_markers,
    write_map,
)
from hdf_field.services.map_tiles import MbtilesReader
from hdf_field.ui import mbtiles_scheme
from hdf_field.ui.common import count_text, current_language
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import SerialWorker, TaskRunner, while_alive

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"file", "data", "qrc", "about", "mbtiles"})


class LocalOnlyPage(QWebEnginePage):
    """Refuses every navigation except to the local page it was given."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.allowed_url: QUrl | None = None
        self.refused: list[str] = []

    def acceptNavigationRequest(  # noqa: N802 (Qt API)
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if url.scheme() in ALLOWED_SCHEMES and (
            not is_main_frame
            or self.allowed_url is None
            or url.toLocalFile() == self.allowed_url.toLocalFile()
        ):
            return True
        self.refused.append(url.toString())
        log.info("map navigation refused: %s", url.toString())
        return False

    def javaScriptConsoleMessage(  # noqa: N802 (Qt API)
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        log.debug("map js %s:%s %s", source, line, message)


class MapBridge(QObject):
    """The object the page sees as ``hdfBridge``; its slots are called from JavaScript."""

    clicked = Signal(str)
    selected = Signal(list)
    ready = Signal(int, float)
    basemap = Signal(float)
    viewRequested = Signal(str)  # noqa: N815 (Qt naming)
    areaRequested = Signal(str)  # noqa: N815

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timings: dict[str, float] = {}

    @Slot(str)
    def markerClicked(self, org_id: str) -> None:  # noqa: N802 (JS API)
        self.clicked.emit(org_id)

    @Slot(str)
    def selectionMade(self, ids_json: str) -> None:  # noqa: N802 (JS API)
        self.selected.emit([str(i) for i in json.loads(ids_json)])

    @Slot(str)
    def viewChanged(self, payload: str) -> None:  # noqa: N802 (JS API)
        self.viewRequested.emit(payload)

    @Slot(str)
    def areaSelected(self, payload: str) -> None:  # noqa: N802 (JS API)
        self.areaRequested.emit(payload)

    @Slot(str)
    def basemapReady(self, payload: str) -> None:  # noqa: N802 (JS API)
        data = json.loads(payload)
        ms = float(data.get("ms", 0.0))
        self.timings.update(data.get("timings") or {})
        self.timings["basemap"] = ms
        self.basemap.emit(ms)

    @Slot(str)
    def markersReady(self, payload: str) -> None:  # noqa: N802 (JS API)
        data = json.loads(payload)
        # Page-side milestones (ms since navigation start), read by the benchmark.
        self.timings = dict(data.get("timings") or {})
        self.ready.emit(int(data.get("count", 0)), float(data.get("ms", 0.0)))


def _qwebchannel_script() -> QWebEngineScript:
    """qwebchannel.js injected before the page's own scripts, so the page needs no qrc link."""
    source = QFile(":/qtwebchannel/qwebchannel.js")
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    script = QWebEngineScript()
    script.setName("qwebchannel")
    script.setSourceCode(bytes(source.readAll().data()).decode("utf-8"))
    source.close()
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


class OfflineWebView(QWebEngineView):
    """A web view restricted to local pages, with the bridge and qwebchannel.js installed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        profile = QWebEngineProfile.defaultProfile()
        self.local_page = LocalOnlyPage(profile, self)
        self.setPage(self.local_page)
        self.local_page.scripts().insert(_qwebchannel_script())
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self.local_page)
        self.channel.registerObject("hdfBridge", self.bridge)
        self.local_page.setWebChannel(self.channel)
        self.setContextMenuPolicy(self.contextMenuPolicy().NoContextMenu)

    def load_file(self, path: Path) -> None:
        url = QUrl.fromLocalFile(str(path))
        self.local_page.allowed_url = url
        self.load(url)


class RemoteMarkerServer(QObject):
    """Answers the page's view and selection requests from a marker index, off the GUI thread.

    One worker thread runs the requests in order, so a filter set before a selection applies
    to it. Only the newest view request is answered: older ones still queued are skipped,
    and the page drops any answer that is not for its latest view."""

    selected = Signal(list)
    # (callback, result) posted from the worker; delivered on the GUI thread.
    _done = Signal(object, object)

    def __init__(self, view: OfflineWebView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.pool = SerialWorker("hdf-map-index")
        self._lock = threading.Lock()
        self._full: MarkerIndex | None = None
        self._index: MarkerIndex | None = None
        self._latest_seq = -1
        self._done.connect(self._deliver)
        view.bridge.viewRequested.connect(self._on_view)
        view.bridge.areaRequested.connect(self._on_area)
        self.answered = 0
        self.answer_ms: list[float] = []

    @property
    def index(self) -> MarkerIndex | None:
        with self._lock:
            return self._index

    def set_index(self, index: MarkerIndex | None) -> None:
        """A new data set (the page is reloaded with it)."""
        with self._lock:
            self._full = index
            self._index = index
            self._latest_seq = -1

    def set_filter(self, ids: list[str] | None, then: Callable[[], None]) -> None:
        """Show only these ids (None: all); ``then`` runs on the GUI thread afterwards."""

        def work() -> None:
            with self._lock:
                full = self._full
            subset = None if full is None else full if ids is None else full.subset(ids)
            with self._lock:
                if self._full is full:
                    self._index = subset

        self._submit(work, lambda _r: then())

    def locate(self, org_id: str, then: Callable[[tuple[float, float] | None], None]) -> None:
        def work() -> tuple[float, float] | None:
            index = self.index
            return None if index is None else index.position_of(org_id)

        self._submit(work, then)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)

    def _submit(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        def run() -> None:
            try:
                result = work()
            except Exception:  # a bad request must not kill the worker; say so and go on
                log.exception("map request failed")
                return
            with contextlib.suppress(RuntimeError):  # the view was closed meanwhile
                self._done.emit(then, result)

        self.pool.submit(run)

    @Slot(object, object)
    def _deliver(self, then: Callable[[Any], None], result: Any) -> None:
        then(result)

    def _on_view(self, payload: str) -> None:
        try:
            request = parse_view_request(payload)
        except MapRequestError as exc:
            log.warning("%s", exc)
            return
        self._latest_seq = request.seq
        received = time.perf_counter()

        def work() -> str | None:
            index = self.index
            if index is None or request.seq != self._latest_seq:
                return None  # a newer view is waiting behind this one
            return json.dumps(answer_view(index, request), separators=(",", ":"))

        def show(text: str | None) -> None:
            if text is not None and request.seq == self._latest_seq:
                self.answered += 1
                # Request received → answer sent to the page, read by the benchmark.
                self.answer_ms.append((time.perf_counter() - received) * 1000.0)
                del self.answer_ms[:-200]
                self._view.page().runJavaScript(f"hdfMap.drawView({text})")

        self._submit(work, show)

    def _on_area(self, payload: str) -> None:
        def work() -> list[str] | None:
            index = self.index
            if index is None:
                return None
            try:
                return select_area(index, payload)
            except MapRequestError as exc:
                log.warning("%s", exc)
                return None

        self._submit(work, lambda ids: None if ids is None else self.selected.emit(ids))


class MapView(QWidget):
    """Prospects on the offline map, with rectangle and radius selection."""

    organisationActivated = Signal(str)  # noqa: N815 (Qt naming)
    selectionChanged = Signal(list)  # noqa: N815
    addToPlanRequested = Signal(list)  # noqa: N815
    # Emitted once the page has created its markers: (marker count, JS time in ms).
    mapReady = Signal(int, float)  # noqa: N815
    # Emitted when the administrative outlines are drawn (just after the markers).
    basemapReady = Signal()  # noqa: N815
    # Emitted when a chosen MBTiles file was opened (off the GUI thread) and is in use.
    mbtilesOpened = Signal(str)  # noqa: N815

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        settings: AppSettings | None = None,
        remote_threshold: int = REMOTE_THRESHOLD,
    ) -> None:
        """``runner``: the app's database thread; without one, :meth:`reload` reads inline.
        ``settings``: where the chosen MBTiles basemap is remembered across restarts.
        ``remote_threshold``: above this many prospects the page gets clusters view by view
        (tests lower it to run every map behaviour in both modes)."""
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._settings = settings
        self._ready = False
        self._pending_js: list[str] = []
        self._selection: list[str] = []
        self._filter: list[str] | None = None
        self._remote_mode = False
        self._remote_threshold = remote_threshold
        self._outlines: MapOutlines | None = None
        self._outlines_loaded = False
        self._tiles: TileSource | None = None
        self._mbtiles: MbtilesReader | None = None
        self._mbtiles_asked = 0  # which set_mbtiles call an opened file answers
        self._workdir = tempfile.TemporaryDirectory(prefix="hdf-map-")
        self.map_file = Path(self._workdir.name) / "prospects.html"
        # Lets the app pass the file chooser (tests call set_mbtiles directly).
        self.choose_mbtiles: Callable[[], str] = self._ask_mbtiles

        self.view = OfflineWebView(self)
        # Installed before any page loads: Chromium ignores handlers added afterwards.
        self.tiles_handler = (
            mbtiles_scheme.install_handler(self.view.page().profile())
            if mbtiles_scheme.scheme_registered()
            else None
        )
        self.view.bridge.clicked.connect(self.organisationActivated)
        self.view.bridge.selected.connect(self._on_selected)
        self.view.bridge.ready.connect(self._on_ready)
        self.view.bridge.basemap.connect(lambda _ms: self.basemapReady.emit())
        self.remote = RemoteMarkerServer(self.view, self)
        self.remote.selected.connect(self._on_selected)
        pool = self.remote.pool
        # Not the child's method: by the time the parent is destroyed the child may be gone.
        self.destroyed.connect(lambda: pool.shutdown(wait=False))
        self._build_toolbar()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.notice = QLabel(self)
        self.notice.setObjectName("mapNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "#mapNotice { background: #fff3bf; color: #5c3c00; padding: 6px 10px;"
            " border-bottom: 1px solid #e8d48a; }"
        )
        self.notice.setVisible(False)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        self.destroyed.connect(self._workdir.cleanup)
        self._restore_mbtiles()

    # -- toolbar ------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setMovable(False)
        self.rect_action = bar.addAction(self.tr("Sélection rectangle"))
        self.rect_action.setCheckable(True)
        self.rect_action.setToolTip(
            self.tr("Tracer un rectangle pour sélectionner (ou Maj + glisser)")
        )
        self.radius_action = bar.addAction(self.tr("Sélection par rayon"))
        self.radius_action.setCheckable(True)
        self.radius_action.setToolTip(
            self.tr("Cliquer un point : prospects à moins de N km (ou clic droit)")
        )
        self.radius_spin = QDoubleSpinBox(bar)
        self.radius_spin.setRange(0.5, 150.0)
        self.radius_spin.setDecimals(1)
        self.radius_spin.setSingleStep(1.0)
        self.radius_spin.setValue(10.0)
        self.radius_spin.setSuffix(" km")
        bar.addWidget(self.radius_spin)
        self.clear_action = bar.addAction(self.tr("Effacer la sélection"))
        bar.addSeparator()
        self.selection_label = QLabel(self.tr("Aucune sélection"), bar)
        self.selection_label.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.selection_label)
        self.plan_action = bar.addAction(self.tr("Ajouter au plan du jour"))
        self.plan_action.setEnabled(False)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.tiles_action = bar.addAction(self.tr("Fond de carte…"))
        self.tiles_action.setToolTip(self.tr("Choisir un fichier MBTiles hors ligne"))

        self.rect_action.toggled.connect(self._on_rect_toggled)
        self.radius_action.toggled.connect(self._on_radius_toggled)
        self.radius_spin.valueChanged.connect(
            lambda km: self._js(f"hdfMap.setRadiusKm({float(km)!r})")
        )
        self.clear_action.triggered.connect(lambda: self._js("hdfMap.clearSelection()"))
        self.plan_action.triggered.connect(
            lambda: self.addToPlanRequested.emit(list(self._selection))
        )
        self.tiles_action.triggered.connect(self._on_tiles_action)
        self.toolbar = bar

    def _on_rect_toggled(self, on: bool) -> None:
        if on:
            self.radius_action.setChecked(False)
        self._sync_mode()

    def _on_radius_toggled(self, on: bool) -> None:
        if on:
            self.rect_action.setChecked(False)
        self._sync_mode()

    def _sync_mode(self) -> None:
        mode = (
            "rect"
            if self.rect_action.isChecked()
            else "radius"
            if self.radius_action.isChecked()
            else "pan"
        )
        self._js(f"hdfMap.setMode({json.dumps(mode)})")

    def _ask_mbtiles(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Fond de carte MBTiles"), "", self.tr("MBTiles (*.mbtiles)")
        )
        return path

    def _on_tiles_action(self) -> None:
        path = self.choose_mbtiles()
        if path:
            try:
                self.set_mbtiles(Path(path))
            except HdfFieldError as exc:
                self.show_notice(str(exc))

    def show_notice(self, text: str) -> None:
        """A message that stays above the map until the basemap changes ("" hides it)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _restore_mbtiles(self) -> None:
        """The basemap chosen in an earlier session, unless its file has gone meanwhile."""
        stored = self._settings.get("map/mbtiles") if self._settings is not None else ""
        if not stored:
            return

        def gone(exc: BaseException) -> None:
            log.warning("stored MBTiles basemap ignored: %s", exc)
            self._remember_mbtiles(None)
            self.show_notice(
                self.tr(
                    "Le fond de carte MBTiles « %1 » est introuvable ou illisible : la carte "
                    "montre les contours seuls. Choisissez-en un autre avec « Fond de carte… »."
                ).replace("%1", stored)
            )

        try:
            self.set_mbtiles(Path(stored), on_failure=gone)
        except HdfFieldError as exc:
            gone(exc)

    def _remember_mbtiles(self, path: Path | None) -> None:
        if self._settings is not None:
            self._settings.set("map/mbtiles", str(path.resolve()) if path else "")
            self._settings.sync()

    # -- public API -----------------------------------------------------------------------

    def set_outlines(self, outlines: MapOutlines | None) -> None:
        """Replace the gazetteer basemap (tests, other regions); used at the next reload."""
        self._outlines = outlines
        self._outlines_loaded = True

    def reload(self) -> None:
        """Read the prospects (on the database thread when there is one) and redraw the page;
        the table's filter is kept."""
        load_outlines = not self._outlines_loaded

        def fetch() -> tuple[MapContent, MapOutlines | None, MarkerIndex | None]:
            # 600,000 marker rows would trigger garbage collections on this thread that hold
            # the GIL for hundreds of ms (GUI stalls): none while they exist, and in remote
            # mode they die here, once indexed.
            with collection_paused():
                content = read_map_content(self._db)
                # Built here, on the worker: ~0.3 s at 600,000 prospects.
                index = (
                    marker_index(content.markers)
                    if uses_remote_markers(len(content.markers), self._remote_threshold)
                    else None
                )
                if index is not None:
                    content = replace(content, markers=[])
            return content, basemap_outlines() if load_outlines else None, index

        def show(result: tuple[MapContent, MapOutlines | None, MarkerIndex | None]) -> None:
            content, outlines, index = result
            if load_outlines:
                self.set_outlines(outlines)
            self.load_markers(content.markers, content.sites, index=index)

        if self._runner is None:
            show(fetch())
        else:
            self._runner.run(fetch, show, self._on_failure)

    def _on_failure(self, exc: BaseException) -> None:
        log.error("map data could not be read: %s", exc)
        self.selection_label.setText(self.tr("Carte indisponible : %1").replace("%1", str(exc)))

    def load_markers(
        self,
        markers: list[MapMarker],
        sites: list[SiteMarker],
        *,
        index: MarkerIndex | None = None,
    ) -> None:
        """Build and load the page. Past the remote threshold (or given an ``index`` of the
        markers) the page gets clusters per view from :attr:`remote`."""
        outlines_url = (
            install_outlines(self._outlines, self.map_file.parent) if self._outlines else None
        )
        if index is None and uses_remote_markers(len(markers), self._remote_threshold):
            index = marker_index(markers)
        self._remote_mode = index is not None
        self.remote.set_index(index)
        if index is not None and self._filter is not None:
            self.remote.set_filter(self._filter, lambda: None)
        html = build_map(
            [] if index is not None else markers,
            outlines=self._outlines,
            cluster_sites=sites,
            options=MapOptions(
                labels=self._labels(),
                radius_km=self.radius_spin.value(),
                tiles=self._tiles,
                outlines_url=outlines_url,
            ),
            remote=remote_summary(index) if index is not None else None,
        )
        write_map(html, self.map_file)
        if self._selection:
            self._on_selected([])  # the new page starts without a selection
        self._ready = False
        self.view.load_file(self.map_file)

    def is_ready(self) -> bool:
        return self._ready

    def selected_ids(self) -> list[str]:
        return list(self._selection)

    @Slot(str)
    def select_organisation(self, org_id: str) -> None:
        """Highlight one organisation and bring it into view (table → map)."""
        if self._remote_mode:

            def focus(position: tuple[float, float] | None) -> None:
                if position is not None:
                    lat, lon = position
                    self._js(f"hdfMap.focusAt({json.dumps(org_id)}, {lat!r}, {lon!r})")

            self.remote.locate(org_id, focus)
            return
        self._js(f"hdfMap.focus({json.dumps(org_id)})")

    @Slot(object)
    def show_organisations(self, ids: list[str] | None) -> None:
        """Show only these organisations (the prospects table's filter); None shows all."""
        self._filter = None if ids is None else [str(i) for i in ids]
        if self._remote_mode:
            self.remote.set_filter(self._filter, lambda: self._js("hdfMap.refresh()"))
            return
        if self._ready:
            self.view.page().runJavaScript(f"hdfMap.showOnly({json.dumps(self._filter)})")

    def select_rect(self, south: float, west: float, north: float, east: float) -> None:
        self._js(f"hdfMap.selectRect({south!r}, {west!r}, {north!r}, {east!r})")

    def select_radius(self, lat: float, lon: float, km: float | None = None) -> None:
        if km is not None:
            self.radius_spin.setValue(km)
        self._js(f"hdfMap.selectRadius({lat!r}, {lon!r}, {float(self.radius_spin.value())!r})")

    def set_mbtiles(
        self,
        path: Path | None,
        *,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Use a local MBTiles file as the basemap under the outlines (None removes it).

        Opening the file (checking it, reading its metadata) is disk I/O: with a runner it
        happens on the worker, and the basemap changes when it is open (:attr:`mbtilesOpened`);
        until then the current one stays. A file that cannot be opened leaves the current
        basemap in place and goes to ``on_failure`` (default: the notice above the map)."""
        self._mbtiles_asked += 1
        asked = self._mbtiles_asked
        if path is None:
            self._use_mbtiles(None)
            self._remember_mbtiles(None)
            return
        if self.tiles_handler is None:
            raise HdfFieldError(
                "MBTiles basemaps need register_mbtiles_scheme() before the QApplication"
            )

        def opened(reader: MbtilesReader) -> None:
            if asked != self._mbtiles_asked:  # another basemap was asked for meanwhile
                reader.close()
                return
            self._use_mbtiles(reader)
            self._remember_mbtiles(path)
            self.show_notice("")
            self.mbtilesOpened.emit(str(reader.path))

        def failed(exc: BaseException) -> None:
            if asked == self._mbtiles_asked:
                (on_failure or (lambda e: self.show_notice(str(e))))(exc)

        if self._runner is None:
            try:
                reader = MbtilesReader(path)
            except HdfFieldError as exc:
                failed(exc)
                return
            opened(reader)
            return

        def open_file() -> MbtilesReader | HdfFieldError:
            # Returned, not raised: the runner would read a damaged MBTiles file's error as
            # the application's own database being damaged.
            try:
                return MbtilesReader(path)
            except HdfFieldError as exc:
                return exc

        def done(result: MbtilesReader | HdfFieldError) -> None:
            if isinstance(result, HdfFieldError):
                failed(result)
            else:
                opened(result)

        self._runner.run(open_file, while_alive(self, done), while_alive(self, failed))

    def _use_mbtiles(self, reader: MbtilesReader | None) -> None:
        """Serve this reader's tiles (None: none) and close the one it replaces."""
        if self.tiles_handler is not None:
            self.tiles_handler.reader = reader
        if self._mbtiles is not None:
            self._mbtiles.close()
        self._mbtiles = reader
        if reader is None:
            self._tiles = None
            self._js("hdfMap.setTiles(null)")
            return
        self._tiles = TileSource(
            mbtiles_scheme.TILE_URL_TEMPLATE, reader.info.min_zoom, reader.info.max_zoom
        )
        self._js(
            f"hdfMap.setTiles({json.dumps(self._tiles.url_template)}, "
            f"{self._tiles.min_zoom}, {self._tiles.max_zoom})"
        )

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        if callback is None:
            self.view.page().runJavaScript(script)
        else:
            self.view.page().runJavaScript(script, 0, callback)

    # -- internals ------------------------------------------------------------------------

    def _labels(self) -> MapLabels:
        return MapLabels(
            legend=self.tr("Statut des prospects"),
            sites=self.tr("Sites des pôles"),
            proposal=self.tr("Site secondaire proposé"),
            communes=self.tr("Communes"),
            epcis=self.tr("EPCI"),
            departements=self.tr("Départements"),
            be_cantons=self.tr("Cantons (Belgique)"),
            be_arrondissements=self.tr("Provinces (Belgique)"),
            statuses=status_labels(current_language()),
            locale="en-GB" if current_language() == "en" else "fr-FR",
        )

    def _js(self, script: str) -> None:
        if self._ready:
            self.view.page().runJavaScript(script)
        else:
            self._pending_js.append(script)

    def _on_ready(self, count: int, ms: float) -> None:
        self._ready = True
        pending, self._pending_js = self._pending_js, []
        if self._filter is not None and not self._remote_mode:
            pending.insert(0, f"hdfMap.showOnly({json.dumps(self._filter)})")
        for script in pending:
            self.view.page().runJavaScript(script)
        self._sync_mode()
        self.mapReady.emit(count, ms)

    def _on_selected(self, ids: list[str]) -> None:
        self._selection = ids
        n = len(ids)
        self.selection_label.setText(
            self.tr("Aucune sélection")
            if n == 0
            else count_text(n, self.tr("%n sélectionnée"), self.tr("%n sélectionnées"))
        )
        self.plan_action.setEnabled(n > 0)
        self.selectionChanged.emit(list(ids))
