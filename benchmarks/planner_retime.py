"""How fast the planner screen retimes a day after a drag, and solves it (prints figures).

    PYTHONPATH=. python benchmarks/planner_retime.py

Retiming runs on the GUI thread after every drop, so it must stay far below a frame or two.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from hdf_field.planning.day_route import plan_day
from hdf_field.planning.inputs import OfficerSpec
from hdf_field.planning.manual import retime
from hdf_field.planning.model import Place
from hdf_field.planning.synthetic import synthetic_prospects

DAY = date(2030, 1, 8)
OFFICER = OfficerSpec("o", "Paul", Place("Amiens", 49.8941, 2.2958))


def main() -> None:
    pool = synthetic_prospects(400, seed=7)
    near = sorted(pool, key=lambda p: (p.lat - 49.89) ** 2 + (p.lon - 2.30) ** 2)
    for n in (5, 8, 12, 20):
        visits = near[:n]
        runs = []
        for _ in range(30):
            t = time.perf_counter()
            retime(OFFICER, DAY, visits[::-1])
            runs.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        plan = plan_day(OFFICER, DAY, visits)
        solve_ms = (time.perf_counter() - t) * 1000
        print(
            f"{n:3d} visits: retime median {statistics.median(runs):6.2f} ms, "
            f"max {max(runs):6.2f} ms; optimise {solve_ms:7.0f} ms "
            f"({len(plan.stops)} kept)"
        )


if __name__ == "__main__":
    main()
