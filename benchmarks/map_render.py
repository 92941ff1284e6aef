"""How long the offline map takes to show 7,000 prospects.

Prints the HTML build time and the time from ``load()`` to the page's "markers ready"
callback (sent through QWebChannel once markercluster has placed every marker and a frame
was requested), median of several runs, in an offscreen QWebEngineView.

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \\
        python benchmarks/map_render.py [--markers 7000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

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
from hdf_field.services.map_data import basemap_outlines  # noqa: E402
from hdf_field.ui.map_view import OfflineWebView  # noqa: E402


def _markers(n: int) -> list[MapMarker]:
    rng = random.Random(7)
    towns = [(50.63, 3.06), (50.29, 2.78), (49.89, 2.30), (49.56, 3.62), (49.42, 2.83),
             (50.72, 1.61), (51.03, 2.38), (50.36, 3.52), (49.85, 3.29), (50.43, 2.83)]
    out = []
    for i in range(n):
        lat, lon = rng.choice(towns)
        out.append(MapMarker(f"{i:08d}-0000-0000-0000-000000000000", f"Établissement {i}",
                             lat + rng.gauss(0, 0.12), lon + rng.gauss(0, 0.18),
                             rng.choice(STATUS_ORDER), "Commune"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--markers", type=int, default=7000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-outlines", action="store_true", help="markers on an empty basemap")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    markers = _markers(args.markers)
    outlines = None if args.no_outlines else basemap_outlines()
    sites = [SiteMarker("Lille", "Eurasanté", 50.63, 3.06)]
    workdir = Path(tempfile.mkdtemp(prefix="hdf-map-bench-"))
    builds = []
    for _ in range(args.runs):
        # As MapView does: outlines written once beside the page, markers inline.
        t0 = time.perf_counter()
        url = install_outlines(outlines, workdir) if outlines else None
        html = build_map(
            markers, outlines=outlines, cluster_sites=sites, options=MapOptions(outlines_url=url)
        )
        page = write_map(html, workdir / "map.html")
        builds.append(time.perf_counter() - t0)
    renders: list[float] = []
    basemaps: list[float] = []
    phases: list[dict[str, float]] = []
    for _ in range(args.runs):
        view = OfflineWebView()
        view.resize(1280, 800)
        view.show()
        marks: dict[str, float] = {}
        loop = QEventLoop()

        def mark(name: str, marks: dict[str, float] = marks, loop: QEventLoop = loop) -> None:
            marks[name] = time.perf_counter()
            if "markers" in marks and ("basemap" in marks or outlines is None):
                loop.quit()

        view.bridge.ready.connect(lambda _n, _ms, mark=mark: mark("markers"))
        view.bridge.basemap.connect(lambda _ms, mark=mark: mark("basemap"))
        QTimer.singleShot(30000, loop.quit)
        t0 = time.perf_counter()
        view.load_file(page)
        loop.exec()
        if "markers" not in marks or (outlines is not None and "basemap" not in marks):
            raise SystemExit("map did not report ready within 30 s")
        renders.append(marks["markers"] - t0)
        if "basemap" in marks:
            basemaps.append(marks["basemap"] - t0)
        phases.append(dict(view.bridge.timings))
        view.close()
        view.deleteLater()
    del app

    def runs(values: list[float]) -> str:
        return (f"median {statistics.median(values) * 1000:.0f} ms "
                f"(runs: {', '.join(f'{v * 1000:.0f}' for v in values)})")

    def med(key: str, since: str | None = None) -> float:
        return statistics.median(p[key] - (p[since] if since else 0.0) for p in phases)

    print(f"markers: {len(markers)}  outlines: {'gazetteer' if outlines else 'none'}  "
          f"html: {len(html) / 1e6:.2f} MB")
    print(f"build_map + write (run 1 also writes the outlines script): {runs(builds)}")
    print(f"load -> markers ready: {runs(renders)}")
    if basemaps:
        print(f"load -> basemap drawn (fetched after the markers): {runs(basemaps)}")
    page_line = (f"in the page (median ms since navigation start): init {med('init'):.0f}, "
                 f"markers clustered +{med('ready', 'init'):.0f}")
    if basemaps:
        page_line += f", basemap drawn +{med('basemap', 'ready'):.0f}"
    print(page_line)


if __name__ == "__main__":
    main()
