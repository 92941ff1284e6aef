"""Cost of placing the commune names on the Planning day map, per fit (every resize).

Run:  PYTHONPATH=. QT_QPA_PLATFORM=offscreen python benchmarks/route_map_labels.py [--stops 15]

Draws a synthetic day of N stops, each in its own commune (N + 1 names, the worst case),
then times ``_place_labels`` alone and a whole resize (fit + placement) over many sizes.
Prints milliseconds per call; the names move on every resize, so this must stay far below
a frame (16 ms).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stops", type=int, default=15)
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()

    from PySide6.QtWidgets import QApplication

    from hdf_field.planning.model import DayPlan, Place, PlannedStop
    from hdf_field.ui.planner.route_map import Basemap, Outline, RouteMap

    app = QApplication.instance() or QApplication(sys.argv)
    communes: list[Outline] = []
    stops: list[PlannedStop] = []
    for k in range(args.stops + 1):
        lat0, lon0 = 50.40 + 0.03 * (k % 4), 2.70 + 0.05 * (k // 4)
        ring = ((lon0, lat0), (lon0 + 0.05, lat0), (lon0 + 0.05, lat0 + 0.03), (lon0, lat0))
        communes.append(Outline(f"Commune {k}", (lon0, lat0, lon0 + 0.05, lat0 + 0.03), (ring,)))
        if k == 0:
            continue
        moment = datetime(2026, 3, 10, 8, tzinfo=UTC)
        stops.append(
            PlannedStop(
                k,
                f"o{k}",
                f"S{k}",
                "",
                lat0 + 0.002,
                lon0 + 0.04,
                moment,
                moment,
                moment,
                0.0,
                5.0,
                3.0,
            )
        )
    home = Place("Maison", 50.41, 2.74)
    plan = DayPlan("o", "O", date(2026, 3, 10), home, home, tuple(stops), None, 50.0, 60.0)
    view = RouteMap()
    view.set_basemap(Basemap(communes=tuple(communes)))
    view.set_plan(plan)
    view.resize(700, 600)
    view.show()
    app.processEvents()

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        view._place_labels()
    place_ms = (time.perf_counter() - t0) * 1000 / args.rounds
    t0 = time.perf_counter()
    for k in range(args.rounds):
        view.resize(500 + k % 400, 400 + k % 300)
        app.processEvents()
    resize_ms = (time.perf_counter() - t0) * 1000 / args.rounds
    shown = sum(1 for t in view.commune_labels if t.isVisible())
    print(f"{len(view.commune_labels)} names, {len(view.stop_items)} markers")
    print(f"placement alone: {place_ms:.3f} ms per call")
    print(f"resize (fit + placement + events): {resize_ms:.3f} ms per call")
    print(f"names shown at the last size: {shown}/{len(view.commune_labels)}")


if __name__ == "__main__":
    main()
