"""Print the default travel model's error on reference trips between towns of the region.

Run: PYTHONPATH=. python benchmarks/travel_model_error.py [CSV]
"""

from __future__ import annotations

import sys
from pathlib import Path

from hdf_field.planning.travel import CrowFliesModel, haversine_km
from hdf_field.planning.travel_reference import load_reference_pairs


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    pairs = load_reference_pairs(path)
    model = CrowFliesModel()
    km_err: list[float] = []
    min_err: list[float] = []
    print(
        f"{'trip':<34}{'crow':>7}{'road':>7}{'model':>7}{'err%':>7}{'min':>6}{'model':>7}{'err%':>7}"
    )
    for p in pairs:
        crow = float(haversine_km(p.a[0], p.a[1], p.b[0], p.b[1]))
        km = model.km(p.a, p.b)
        # Route planners time the wheels turning: compare without the parking overhead.
        minutes = (model.seconds(p.a, p.b) - model.overhead_s) / 60
        ek = 100 * (km - p.road_km) / p.road_km
        em = 100 * (minutes - p.drive_min) / p.drive_min
        km_err.append(ek)
        min_err.append(em)
        print(
            f"{p.label:<34}{crow:7.1f}{p.road_km:7.0f}{km:7.1f}{ek:+7.1f}"
            f"{p.drive_min:6.0f}{minutes:7.1f}{em:+7.1f}"
        )
    for name, errs in (("distance", km_err), ("drive time", min_err)):
        mean_abs = sum(abs(e) for e in errs) / len(errs)
        worst = max(errs, key=abs)
        bias = sum(errs) / len(errs)
        print(
            f"{name:>10}: mean abs error {mean_abs:.1f} %, max {worst:+.1f} %, bias {bias:+.1f} %"
        )
    print(
        f"(drive time excludes the {model.overhead_s / 60:.0f} min parking/access overhead"
        " per trip)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
