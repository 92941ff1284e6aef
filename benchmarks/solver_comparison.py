"""Measure the routing solvers: generated days, TSPLIB gaps, Solomon VRPTW gaps.

Run:  PYTHONPATH=. python benchmarks/solver_comparison.py [--tsp-limit 5] [--vrptw-limit 10]
      [--day-limit 1] [--shared ../shared] [--skip-tsplib] [--skip-solomon] [--skip-days]

Conventions. TSPLIB: integer TSPLIB distances (EUC_2D, ATT, GEO exactly as TSPLIB95 defines
them), gap = (length - optimum) / optimum. Solomon: convention (A) of the shared README —
distance-only objective, distances and travel times truncated to one decimal (computed ×10 as
integers), at most 25 vehicles; gap to the (A) values from the CVRPLIB .sol files. Solvers get
the same wall-clock limit on one thread (VROOM has no time limit: exploration level 5).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hdf_field.planning.exact import EXACT_MAX_VISITS, held_karp, solve_day_exact
from hdf_field.planning.ortools_solver import (
    solve_day_ortools,
    solve_tsp_ortools,
    solve_vrptw_ortools,
)
from hdf_field.planning.problem import objective_key
from hdf_field.planning.pyvrp_solver import solve_day_pyvrp, solve_tsp_pyvrp, solve_vrptw_pyvrp
from hdf_field.planning.synthetic import random_day_problem
from hdf_field.planning.tsplib import (
    distance_matrix,
    read_solomon,
    read_tsplib,
    solomon_truncated,
    tour_length,
)

try:
    from hdf_field.planning import vroom_solver
except ImportError:  # pragma: no cover
    vroom_solver = None  # type: ignore[assignment]
# VROOM is an optional extra ([vroom] = pyvroom): measured only where it is installed.
HAS_VROOM = vroom_solver is not None and importlib.util.find_spec("vroom") is not None

TSPLIB_OPT = {
    "burma14": 3323,
    "ulysses22": 7013,
    "att48": 10628,
    "eil51": 426,
    "berlin52": 7542,
    "st70": 675,
    "eil76": 538,
    "kroA100": 21282,
    "ch150": 6528,
    "a280": 2579,
}
SOLOMON_A = {
    "C101": (10, 827.3),
    "C201": (3, 589.1),
    "R101": (20, 1637.7),
    "RC101": (15, 1619.8),
    "R201": (8, 1143.2),
}


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def bench_days(limit: float) -> None:
    print(
        "\n== Generated days (lunch break, 1-2 opening windows, value to maximise), "
        f"heuristics {limit:g} s =="
    )
    print(
        "objective = most value, then least driving; "
        "'best' = hits the best objective found by any solver"
    )
    print(
        f"{'visits':>6} {'solver':<8} {'best':>6} {'value lost %':>13} "
        f"{'drive gap %':>12} {'time s':>8}"
    )
    for n in (8, 12, 16, 25):
        rows: dict[str, list[tuple[tuple[float, float], float]]] = {}
        seeds = range(10)
        for seed in seeds:
            p = random_day_problem(1000 + seed, n)
            runs: dict[str, Callable[[], Any]] = {
                "ortools": lambda p=p: solve_day_ortools(p, limit),
                "pyvrp": lambda p=p: solve_day_pyvrp(p, limit, max_iterations=None),
            }
            if n <= EXACT_MAX_VISITS:
                runs = {"exact": lambda p=p: solve_day_exact(p), **runs}
            if HAS_VROOM:
                runs["vroom"] = lambda p=p: vroom_solver.solve_day_vroom(p)
            for name, fn in runs.items():
                sol, dt = timed(fn)
                rows.setdefault(name, []).append((objective_key(p, sol.schedule)[:2], dt))
        for k in range(len(seeds)):
            best = min(r[k][0] for r in rows.values())
            for name in rows:
                (v, c), dt = rows[name][k]
                rows[name][k] = ((v, c), dt, best)  # type: ignore[assignment]
        for name, res in rows.items():
            hits = sum(1 for (obj, _dt, best) in res if obj == best)  # type: ignore[misc]
            lost = statistics.mean(100 * (obj[0] - best[0]) / -best[0] for (obj, _dt, best) in res)  # type: ignore[misc]
            same = [
                100 * (obj[1] - best[1]) / best[1] for (obj, _dt, best) in res if obj[0] == best[0]
            ]  # type: ignore[misc]
            gap = statistics.mean(same) if same else float("nan")
            t = statistics.mean(dt for (_o, dt, _b) in res)  # type: ignore[misc]
            print(f"{n:>6} {name:<8} {hits:>3}/{len(res):<2} {lost:>13.2f} {gap:>12.2f} {t:>8.3f}")


def bench_tsplib(folder: Path, limit: float) -> None:
    print(f"\n== TSPLIB (gap % to optimum; OR-Tools GLS and PyVRP {limit:g} s each, VROOM x=5) ==")
    names = ["ortools", "pyvrp"] + (["vroom"] if HAS_VROOM else [])
    print(f"{'instance':<10}{'opt':>7}" + "".join(f"{n:>16}" for n in names))
    gaps: dict[str, list[float]] = {n: [] for n in names}
    for name, opt in TSPLIB_OPT.items():
        d = distance_matrix(read_tsplib(folder / f"{name}.tsp"))
        dl = d.tolist()
        cells = []
        for solver in names:
            if solver == "ortools":
                tour, dt = timed(lambda dl=dl: solve_tsp_ortools(dl, limit))
            elif solver == "pyvrp":
                tour, dt = timed(lambda dl=dl: solve_tsp_pyvrp(dl, limit))
            else:
                tour, dt = timed(lambda dl=dl: vroom_solver.solve_tsp_vroom(dl))
            gap = 100 * (tour_length(d, tour) - opt) / opt
            gaps[solver].append(gap)
            cells.append(f"{gap:>8.2f}% {dt:>5.1f}s")
        extra = ""
        if len(d) <= 15:
            (length, _t), dt = timed(lambda d=d: held_karp(d))
            extra = f"   Held-Karp {length} in {dt:.2f}s"
        print(f"{name:<10}{opt:>7}" + "".join(f"{c:>16}" for c in cells) + extra)
    print(
        f"{'mean gap':<17}" + "".join(f"{statistics.mean(g):>8.2f}%{'':>7}" for g in gaps.values())
    )


def bench_solomon(folder: Path, limit: float) -> None:
    print(
        "\n== Solomon VRPTW, convention (A): truncated 1-decimal distances, distance only; "
        f"{limit:g} s =="
    )
    names = ["ortools", "pyvrp"] + (["vroom"] if HAS_VROOM else [])
    print(f"{'instance':<9}{'(A) best':>14}" + "".join(f"  {n:>22}" for n in names))
    for name, (veh, best) in SOLOMON_A.items():
        inst = read_solomon(folder / f"{name}.txt")
        d = solomon_truncated(inst)
        dl = d.tolist()
        wins = [(10 * a, 10 * b) for a, b in zip(inst.ready, inst.due, strict=True)]
        service = [10 * s for s in inst.service]
        args = (dl, list(inst.demand), inst.capacity, inst.vehicles, wins, service)
        cells = []
        for solver in names:
            if solver == "ortools":
                routes, dt = timed(lambda a=args: solve_vrptw_ortools(*a, time_limit_s=limit))
            elif solver == "pyvrp":
                routes, dt = timed(lambda a=args: solve_vrptw_pyvrp(*a, time_limit_s=limit))
            else:
                routes, dt = timed(lambda a=args: vroom_solver.solve_vrptw_vroom(*a))
            if not routes:
                cells.append("no solution")
                continue
            dist = sum(d[a, b] for r in routes for a, b in zip([0, *r], [*r, 0], strict=True)) / 10
            gap = 100 * (dist - best) / best
            cells.append(f"{len(routes):>2}v {dist:>8.1f} {gap:>+6.2f}% {dt:>4.0f}s")
        print(f"{name:<9}{veh:>4}v {best:>8.1f}" + "".join(f"  {c:>22}" for c in cells))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared"
    )
    ap.add_argument("--tsp-limit", type=float, default=5.0)
    ap.add_argument("--vrptw-limit", type=float, default=10.0)
    ap.add_argument("--day-limit", type=float, default=1.0)
    ap.add_argument("--skip-days", action="store_true")
    ap.add_argument("--skip-tsplib", action="store_true")
    ap.add_argument("--skip-solomon", action="store_true")
    args = ap.parse_args()
    routing = args.shared / "benchmarks" / "routing"
    if not HAS_VROOM:
        print("VROOM not measured: the optional pyvroom package is not installed (extra [vroom])")
    if not args.skip_days:
        bench_days(args.day_limit)
    if not args.skip_tsplib:
        bench_tsplib(routing / "tsplib", args.tsp_limit)
    if not args.skip_solomon:
        bench_solomon(routing / "solomon", args.vrptw_limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
