"""Campaign planner vs nearest-neighbour baseline vs the second day solver, at full scale.

Run:  PYTHONPATH=. python benchmarks/campaign.py [--prospects 7000] [--officers 12] [--weeks 4]
      [--solvers auto,pyvrp,ortools] [--seed 1] [--compact] [--demo]

The instance is synthetic (hdf_field.planning.synthetic): prospects around the region's towns
with office-hours-like opening hours, officers based in 12 towns (5 of them in ex-Picardie).
With --demo: the demo region (hdf_field.services.demo), read through the planning adapter
(values from priority, follow-ups, cluster fit and size; its fixed visits kept).
Coverage is printed per département (``BE`` = Belgium), per area and per organisation kind, and
the groups with prospects but no visit are named.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from hdf_field.planning.campaign import (
    POLICIES,
    CampaignOptions,
    plan_campaign,
    plan_campaign_baseline,
)
from hdf_field.planning.model import CampaignPlan
from hdf_field.planning.synthetic import synthetic_officers, synthetic_prospects


def report(label: str, plan: CampaignPlan, runtime: float) -> None:
    st = plan.stats
    visits = int(st["visits"])
    drive_h = float(st["drive_min"]) / 60
    loads = list(plan.visits_by_officer.values())
    print(f"\n-- {label}")
    print(
        f"runtime {runtime:6.1f} s | visits {visits} on {len(plan.days)} days "
        f"({visits / max(1, len(plan.days)):.2f}/day) | value {float(st['value']):.0f} | "
        f"drive {drive_h:.0f} h ({60 * drive_h / max(1, len(plan.days)):.0f} min/day, "
        f"{60 * drive_h / max(1, visits):.1f} min/visit) | {float(st['km']):.0f} km"
    )
    print(f"visits per officer: min {min(loads)}, max {max(loads)}")
    # booked fixed appointments the plan keeps vs leaves out (they carry no prospect value,
    # so keeping one costs "value" above: this line shows what that buys)
    kept = sum(1 for d in plan.days for s in d.stops if s.fixed)
    left = sum(1 for u in plan.unserved if u.fixed)
    if kept or left:
        print(f"fixed appointments: {kept} kept, {left} left out")
    dep = ", ".join(
        f"{d}: {n}/{plan.coverage_available_by_departement.get(d, 0)}"
        for d, n in plan.coverage_by_departement.items()
    )
    area = ", ".join(
        f"{a}: {n} ({100 * n / max(1, plan.coverage_available_by_area.get(a, 0)):.1f} %)"
        for a, n in plan.coverage_by_area.items()
    )
    kind = ", ".join(
        f"{k}: {n}/{plan.coverage_available_by_kind.get(k, 0)} "
        f"({100 * n / max(1, plan.coverage_available_by_kind.get(k, 0)):.1f} %)"
        for k, n in plan.coverage_by_kind.items()
    )
    missing = [
        g
        for avail, got in (
            (plan.coverage_available_by_departement, plan.coverage_by_departement),
            (plan.coverage_available_by_area, plan.coverage_by_area),
            (plan.coverage_available_by_kind, plan.coverage_by_kind),
        )
        for g in avail
        if g not in got
    ]
    print(f"coverage by département (visits/prospects; BE = Belgium): {dep}")
    print(f"coverage by area: {area}")
    print(f"coverage by kind: {kind}")
    if missing:
        print(f"groups never visited: {', '.join(missing)}")


def demo_instance(n: int, start: date, weeks: int) -> tuple[list, list]:  # type: ignore[type-arg]
    """The demo region's prospects and officers, read back through the planning adapter."""
    import tempfile
    from datetime import timedelta
    from pathlib import Path

    from hdf_field.services.demo import build_demo
    from hdf_field.services.planning import active_officers, load_prospects, officer_spec
    from hdf_field.storage.database import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "demo.sqlite3")
        t = time.perf_counter()
        build_demo(db, prospects=n, seed=42, today=start)
        with db.session() as s:
            officers = [officer_spec(o) for o in active_officers(s) if o.home_lat is not None]
            prospects = load_prospects(s, start, start + timedelta(days=7 * weeks - 1))
        db.dispose()
    print(f"demo region built and read in {time.perf_counter() - t:.1f} s")
    return prospects, officers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prospects", type=int, default=7000)
    ap.add_argument("--officers", type=int, default=12)
    ap.add_argument("--weeks", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--solvers", default="auto,pyvrp")
    ap.add_argument("--demo", action="store_true", help="use the demo region (services.demo)")
    ap.add_argument("--compact", action="store_true", help="also run the compact policy")
    args = ap.parse_args()
    start = date(2026, 1, 5)
    if args.demo:
        prospects, officers = demo_instance(args.prospects, start, args.weeks)
    else:
        prospects = synthetic_prospects(args.prospects, args.seed)
        officers = synthetic_officers(args.officers)
    print(
        f"{len(prospects)} prospects, {len(officers)} officers, {args.weeks} weeks from {start} "
        f"(2 cores; exact day solver up to 9 candidates)"
    )
    t = time.perf_counter()
    base = plan_campaign_baseline(prospects, officers, start, args.weeks)
    report("baseline: nearest-neighbour assignment and order", base, time.perf_counter() - t)
    for solver in args.solvers.split(","):
        t = time.perf_counter()
        plan = plan_campaign(
            prospects, officers, start, args.weeks, options=CampaignOptions(day_solver=solver)
        )
        label = "planner (seed-and-grow days)" + (
            ", exact day solver" if solver == "auto" else f", {solver} day solver (0.2 s/day)"
        )
        report(label, plan, time.perf_counter() - t)
    if args.compact:
        t = time.perf_counter()
        plan = plan_campaign(prospects, officers, start, args.weeks, options=POLICIES["compact"])
        report("planner, compact policy (less driving, less value)", plan, time.perf_counter() - t)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
