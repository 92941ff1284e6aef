"""How long the offline map takes to show N prospects, and how it pans and zooms.

In remote mode each run first reads (generates) and indexes the markers on a worker thread with
the garbage collector paused, as MapView.reload does, and prints the GUI thread's longest stall
meanwhile (``--gc-on-worker`` leaves the collector on, as before h15ui). For each run: the time
to prepare the page (the clustering index when the map is in remote
mode, then ``build_map`` and the write), the time from ``load()`` to the page's "markers ready"
callback (sent through QWebChannel once the first markers are drawn and a frame was
requested), and their sum, ``markers_ready_ms``: from the data in hand to markers on screen.
Then a scripted sequence of pans and zooms: for each step, the time from the view change
(``moveend``) to the new clusters drawn (measured in the page), and the longest gap between
ticks of a 5 ms GUI-thread timer while it runs (the longest stall of the GUI thread), with the
GUI thread's own CPU time in that gap and the most it used between two ticks: on a loaded
machine a long gap with little CPU is the thread waiting for a core, not work of ours.

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \\
        python benchmarks/map_render.py [--markers 7000] [--runs 3] [--mode auto|page|remote]
        [--json]

``--mode page`` forces the all-in-page markercluster map (the only one before map600k),
``--mode remote`` the per-view clusters from Python; ``auto`` picks as the app does.
``--json`` prints one line: {"markers": N, "markers_ready_ms": F, ...}.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hdf_field.reports.maps import (  # noqa: E402
    STATUS_ORDER,
    MapMarker,
    MapOptions,
    SiteMarker,
    build_map,
    install_outlines,
    write_map,
)
from hdf_field.services.gc_pause import collection_paused  # noqa: E402
from hdf_field.services.map_data import (  # noqa: E402
    basemap_outlines,
    marker_index,
    remote_summary,
    uses_remote_markers,
)
from hdf_field.ui.map_view import OfflineWebView, RemoteMarkerServer  # noqa: E402

TOWNS = [
    (50.63, 3.06),
    (50.29, 2.78),
    (49.89, 2.30),
    (49.56, 3.62),
    (49.42, 2.83),
    (50.72, 1.61),
    (51.03, 2.38),
    (50.36, 3.52),
    (49.85, 3.29),
    (50.43, 2.83),
]

# (lat, lon, zoom): zoom into Lille step by step, pan across the region at street and town
# level, then back out to the whole region.
PAN_SEQUENCE: list[tuple[float, float, float]] = [
    (50.63, 3.06, 9),
    (50.63, 3.06, 10),
    (50.63, 3.06, 11),
    (50.63, 3.06, 12),
    (50.63, 3.06, 13),
    (50.63, 3.06, 14),
    (50.635, 3.07, 14),
    (50.64, 3.08, 14),
    (50.63, 3.06, 15),
    (50.29, 2.78, 12),
    (50.30, 2.80, 12),
    (50.32, 2.84, 12),
    (49.89, 2.30, 11),
    (49.92, 2.40, 11),
    (49.56, 3.62, 10),
    (50.0, 2.8, 8.25),
    (50.4, 2.9, 9),
    (50.6, 3.1, 10.5),
    (50.6, 3.1, 13.75),
    (50.6, 3.1, 7),
]


def _markers(n: int) -> list[MapMarker]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        lat, lon = rng.choice(TOWNS)
        out.append(
            MapMarker(
                f"{i:08d}-0000-0000-0000-000000000000",
                f"Établissement {i}",
                lat + rng.gauss(0, 0.12),
                lon + rng.gauss(0, 0.18),
                rng.choice(STATUS_ORDER),
                "Commune",
            )
        )
    return out


class StallMeter:
    """Longest gap between ticks of a 5 ms timer on the GUI thread (wall clock), and the GUI
    thread's own CPU time between two ticks: on a loaded machine a gap can be the thread
    waiting for a core (or the GIL), which its CPU time does not count."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.last_cpu = 0.0
        self.longest = 0.0
        self.cpu_in_longest = 0.0  # GUI-thread CPU during the longest gap
        self.longest_cpu = 0.0  # most GUI-thread CPU between two ticks

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.longest = self.cpu_in_longest = self.longest_cpu = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > self.longest:
            self.longest = now - self.last
            self.cpu_in_longest = cpu - self.last_cpu
        self.longest_cpu = max(self.longest_cpu, cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def _eval(view: OfflineWebView, script: str, timeout_ms: int = 10000) -> Any:
    loop = QEventLoop()
    out: list[Any] = []
    view.page().runJavaScript(
        f"JSON.stringify({script})", 0, lambda v: (out.append(v), loop.quit())
    )
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return json.loads(out[0]) if out and out[0] else None


def _wait_until(view: OfflineWebView, script: str, timeout_s: float = 15.0) -> bool:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if _eval(view, script):
            return True
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()
    return False


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--markers", type=int, default=7000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mode", choices=("auto", "page", "remote"), default="auto")
    parser.add_argument("--no-outlines", action="store_true", help="markers on an empty basemap")
    parser.add_argument("--no-pan", action="store_true", help="skip the pan/zoom sequence")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument(
        "--gc-on-worker",
        action="store_true",
        help="leave the garbage collector on while the worker reads and indexes (before h15ui)",
    )
    parser.add_argument("--screenshot", type=Path, help="save the last run's view as PNG")
    parser.add_argument(
        "--screenshot-zoom",
        type=float,
        default=8.5,
        help="zoom of the screenshot, centred on Lille",
    )
    args = parser.parse_args()
    app = QApplication(sys.argv)
    remote = args.mode == "remote" or (args.mode == "auto" and uses_remote_markers(args.markers))
    markers = [] if remote else _markers(args.markers)
    outlines = None if args.no_outlines else basemap_outlines()
    sites = [SiteMarker("Lille", "Eurasanté", 50.63, 3.06)]
    workdir = Path(tempfile.mkdtemp(prefix="hdf-map-bench-"))
    url = install_outlines(outlines, workdir) if outlines else None  # once, as MapView does
    prepares: list[float] = []
    loads: list[float] = []
    totals: list[float] = []
    basemaps: list[float] = []
    load_stalls: list[float] = []
    read_stalls: list[float] = []  # while the worker reads and indexes (remote mode)
    read_stall_cpu: list[float] = []
    load_stall_cpu: list[float] = []  # GUI-thread CPU in the longest gap
    load_busiest: list[float] = []  # most GUI-thread CPU between two ticks
    view_times: list[float] = []
    answer_times: list[float] = []
    python_times: list[float] = []
    pan_stall = pan_stall_cpu = pan_busiest = 0.0
    html_mb = 0.0
    stall = StallMeter()
    for run in range(args.runs):
        # The view exists before the data arrives, as MapView's does.
        view = OfflineWebView()
        server = RemoteMarkerServer(view)
        view.resize(1280, 800)
        view.show()
        index = None
        index_s = 0.0
        if remote:
            # As MapView.reload does: the rows are read and indexed on a worker thread, with
            # the garbage collector paused, and dropped there; the GUI thread's longest
            # stall meanwhile is measured. The index build counts in markers_ready_ms.
            built: dict[str, Any] = {}

            def read_and_index(n: int = args.markers, built: dict[str, Any] = built) -> None:
                with contextlib.nullcontext() if args.gc_on_worker else collection_paused():
                    rows = _markers(n)
                    started = time.perf_counter()
                    built["index"] = marker_index(rows)
                    built["seconds"] = time.perf_counter() - started
                    del rows

            worker = threading.Thread(target=read_and_index)
            stall.start()
            worker.start()
            while worker.is_alive():
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            worker.join()
            read_stalls.append(stall.stop())
            read_stall_cpu.append(stall.cpu_in_longest)
            index, index_s = built["index"], built["seconds"]
        t0 = time.perf_counter() - index_s
        html = build_map(
            [] if remote else markers,
            outlines=outlines,
            cluster_sites=sites,
            options=MapOptions(outlines_url=url),
            remote=remote_summary(index) if index is not None else None,
        )
        page = write_map(html, workdir / "map.html")
        prepared = time.perf_counter()
        html_mb = len(html) / 1e6
        server.set_index(index)
        marks: dict[str, float] = {}
        loop = QEventLoop()

        def mark(name: str, marks: dict[str, float] = marks, loop: QEventLoop = loop) -> None:
            marks[name] = time.perf_counter()
            if "markers" in marks and ("basemap" in marks or outlines is None):
                loop.quit()

        view.bridge.ready.connect(lambda _n, _ms, mark=mark: mark("markers"))
        view.bridge.basemap.connect(lambda _ms, mark=mark: mark("basemap"))
        QTimer.singleShot(60000, loop.quit)
        stall.start()
        t1 = time.perf_counter()
        view.load_file(page)
        loop.exec()
        load_stalls.append(stall.stop())
        load_stall_cpu.append(stall.cpu_in_longest)
        load_busiest.append(stall.longest_cpu)
        if "markers" not in marks or (outlines is not None and "basemap" not in marks):
            raise SystemExit("map did not report ready within 60 s")
        prepares.append(prepared - t0)
        loads.append(marks["markers"] - t1)
        totals.append(marks["markers"] - t0)
        if "basemap" in marks:
            basemaps.append(marks["basemap"] - t1)
        if run == args.runs - 1 and not args.no_pan:
            _eval(view, "hdfMap.viewTimes.length = 0")
            _eval(view, "hdfMap.answerTimes.length = 0")
            stall.start()
            for i, (lat, lon, zoom) in enumerate(PAN_SEQUENCE, start=1):
                before = _eval(view, "hdfMap.viewsDrawn || 0")
                view.page().runJavaScript(f"hdfMap.benchView({lat}, {lon}, {zoom})")
                if not _wait_until(view, f"(hdfMap.viewsDrawn || 0) > {before}"):
                    raise SystemExit(f"pan step {i} was not drawn within 15 s")
            pan_stall = stall.stop()
            pan_stall_cpu, pan_busiest = stall.cpu_in_longest, stall.longest_cpu
            view_times = list(_eval(view, "hdfMap.viewTimes") or [])
            answer_times = list(_eval(view, "hdfMap.answerTimes") or [])
            python_times = list(server.answer_ms[-len(view_times) :]) if remote else []
        if run == args.runs - 1 and args.screenshot:
            lat, lon = TOWNS[0]
            view.page().runJavaScript(f"hdfMap.benchView({lat}, {lon}, {args.screenshot_zoom})")
            _wait_until(view, "true")
            wait = QEventLoop()
            QTimer.singleShot(1500, wait.quit)
            wait.exec()
            view.grab().save(str(args.screenshot))
        server.shutdown()
        view.close()
        view.deleteLater()
        # The run's view, bridge and closures are cyclic garbage: collect it here, on the GUI
        # thread, rather than have the next run's worker thread trip over it (an app keeps
        # its one map view).
        QApplication.processEvents()
        gc.collect()
    del app

    ms = 1000.0
    result: dict[str, Any] = {
        "markers": args.markers,
        "markers_ready_ms": round(statistics.median(totals) * ms, 1),
        "mode": "remote" if remote else "page",
        "prepare_ms": round(statistics.median(prepares) * ms, 1),
        "load_to_ready_ms": round(statistics.median(loads) * ms, 1),
        "basemap_ms": round(statistics.median(basemaps) * ms, 1) if basemaps else None,
        "load_gui_stall_max_ms": round(max(load_stalls) * ms, 1),
        "read_gui_stall_max_ms": round(max(read_stalls) * ms, 1) if read_stalls else None,
        "read_gui_stall_cpu_ms": (
            round(read_stall_cpu[read_stalls.index(max(read_stalls))] * ms, 1)
            if read_stalls
            else None
        ),
        "load_gui_stall_cpu_ms": round(load_stall_cpu[load_stalls.index(max(load_stalls))] * ms, 1),
        "load_gui_busiest_cpu_ms": round(max(load_busiest) * ms, 1),
        "html_mb": round(html_mb, 3),
        "runs": args.runs,
    }
    if view_times:
        result.update(
            pan_steps=len(view_times),
            pan_median_ms=round(statistics.median(view_times), 1),
            pan_p95_ms=round(_pct(view_times, 0.95), 1),
            pan_max_ms=round(max(view_times), 1),
            pan_gui_stall_max_ms=round(pan_stall * ms, 1),
            pan_gui_stall_cpu_ms=round(pan_stall_cpu * ms, 1),
            pan_gui_busiest_cpu_ms=round(pan_busiest * ms, 1),
        )
    if answer_times:
        # The part of each step spent getting Python's answer (the rest is drawing).
        result.update(
            pan_answer_median_ms=round(statistics.median(answer_times), 1),
            pan_answer_p95_ms=round(_pct(answer_times, 0.95), 1),
        )
    if python_times:
        # Of that, from the request reaching Python to the answer handed to the page.
        result.update(
            pan_python_median_ms=round(statistics.median(python_times), 1),
            pan_python_p95_ms=round(_pct(python_times, 0.95), 1),
        )
    if args.json:
        print(json.dumps(result))
        return

    def runs(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * ms:.0f} ms "
            f"(runs: {', '.join(f'{v * ms:.0f}' for v in values)})"
        )

    print(
        f"markers: {args.markers}  mode: {result['mode']}  "
        f"outlines: {'gazetteer' if outlines else 'none'}  html: {html_mb:.2f} MB"
    )
    print(f"prepare (index + build_map + write): {runs(prepares)}")
    print(f"load -> markers ready: {runs(loads)}")
    print(f"data -> markers ready (markers_ready_ms): {runs(totals)}")
    if basemaps:
        print(f"load -> basemap drawn (fetched after the markers): {runs(basemaps)}")
    if read_stalls:
        print(
            "longest GUI-thread stall while the worker reads and indexes: "
            f"{result['read_gui_stall_max_ms']} ms (GUI-thread CPU in it "
            f"{result['read_gui_stall_cpu_ms']} ms)"
        )
    print(
        f"longest GUI-thread stall while loading: {result['load_gui_stall_max_ms']} ms "
        f"(GUI-thread CPU in it {result['load_gui_stall_cpu_ms']} ms; most GUI-thread CPU "
        f"between two ticks {result['load_gui_busiest_cpu_ms']} ms)"
    )
    if view_times:
        print(
            f"pan/zoom ({len(view_times)} steps), moveend -> drawn: median "
            f"{result['pan_median_ms']} ms, p95 {result['pan_p95_ms']} ms, "
            f"max {result['pan_max_ms']} ms; longest GUI-thread stall "
            f"{result['pan_gui_stall_max_ms']} ms (GUI-thread CPU in it "
            f"{result['pan_gui_stall_cpu_ms']} ms; most between two ticks "
            f"{result['pan_gui_busiest_cpu_ms']} ms)"
        )
    if answer_times:
        print(
            f"  of which moveend -> answer received: median {result['pan_answer_median_ms']} ms, "
            f"p95 {result['pan_answer_p95_ms']} ms"
        )


if __name__ == "__main__":
    main()
