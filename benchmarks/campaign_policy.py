"""Which campaign policy should be the default? Both named policies on several regions.

Run:  PYTHONPATH=. python benchmarks/campaign_policy.py [--seeds 1,2,3] [--no-demo] [--no-coverage]

For each region (synthetic seeds, and the demo region read through the planning adapter) and
each policy of ``hdf_field.planning.campaign.POLICIES`` it prints what the campaign goal asks
for: value planned and the share of the most valuable prospects (top 10 % by value) visited;
driving (hours, min/day, km); field time (leave → back) and value per field hour; workload
balance (visits and drive hours per officer: min–max); coverage (ex-Picardie, ex-NPdC, the
worst-covered département, Belgium; the least and the most covered organisation kind — the
demo region has kinds, the synthetic ones do not).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from campaign import demo_instance

from hdf_field.planning.campaign import POLICIES, plan_campaign
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import CampaignPlan
from hdf_field.planning.synthetic import synthetic_officers, synthetic_prospects

START = date(2026, 1, 5)
WEEKS = 4


def measure(prospects: Sequence[Prospect], plan: CampaignPlan) -> dict[str, float]:
    free = [p for p in prospects if p.fixed_time is None]
    cut = sorted((p.value for p in free), reverse=True)[max(0, len(free) // 10 - 1)]
    top = {p.id for p in free if p.value >= cut}
    planned = {s.organisation_id for d in plan.days for s in d.stops}
    field_h = sum(
        (d.back_at - d.leave_at).total_seconds() / 3600
        for d in plan.days
        if d.back_at is not None and d.leave_at is not None
    )
    drive_by: dict[str, float] = defaultdict(float)
    for d in plan.days:
        drive_by[d.officer_id] += d.total_drive_min / 60
    st = plan.stats
    loads = list(plan.visits_by_officer.values())
    deps = {
        k: n / plan.coverage_available_by_departement[k]
        for k, n in plan.coverage_by_departement.items()
        if k not in ("?", "", "BE") and plan.coverage_available_by_departement.get(k)
    }
    kinds = {
        k: plan.coverage_by_kind.get(k, 0) / n
        for k, n in plan.coverage_available_by_kind.items()
        if k not in ("?", "") and n
    }
    area = plan.coverage_by_area
    avail = plan.coverage_available_by_area
    return {
        "value": float(st["value"]),
        "top10": 100 * len(top & planned) / max(1, len(top)),
        "visits": float(st["visits"]),
        "drive_h": float(st["drive_min"]) / 60,
        "min_day": float(st["drive_min"]) / max(1, len(plan.days)),
        "km": float(st["km"]),
        "value_per_field_h": float(st["value"]) / max(1e-9, field_h),
        "load_min": min(loads),
        "load_max": max(loads),
        "load_cv": 100 * statistics.pstdev(loads) / max(1e-9, statistics.mean(loads)),
        "drive_off_min": min(drive_by.values()),
        "drive_off_max": max(drive_by.values()),
        "picardie": 100 * area.get("ex-Picardie", 0) / max(1, avail.get("ex-Picardie", 0)),
        "npdc": 100
        * area.get("ex-Nord-Pas-de-Calais", 0)
        / max(1, avail.get("ex-Nord-Pas-de-Calais", 0)),
        "worst_dep": 100 * min(deps.values()) if deps else 0.0,
        "belgium": float(area.get("Belgium", 0)),
        "belgium_avail": float(avail.get("Belgium", 0)),
        "worst_kind": 100 * min(kinds.values()) if kinds else float("nan"),
        "best_kind": 100 * max(kinds.values()) if kinds else float("nan"),
    }


def row(region: str, policy: str, m: dict[str, float], runtime: float) -> str:
    return (
        f"{region:<10} {policy:<8} {runtime:5.1f}s  value {m['value']:6.0f}  top10 "
        f"{m['top10']:5.1f}%  visits {m['visits']:5.0f}  drive {m['drive_h']:4.0f} h "
        f"({m['min_day']:3.0f} min/day, {m['km']:6.0f} km)  value/field-h "
        f"{m['value_per_field_h']:4.2f}  load {m['load_min']:.0f}-{m['load_max']:.0f} "
        f"(cv {m['load_cv']:.1f}%) drive/officer {m['drive_off_min']:.0f}-"
        f"{m['drive_off_max']:.0f} h  ex-Picardie {m['picardie']:.1f}%  ex-NPdC "
        f"{m['npdc']:.1f}%  worst dép {m['worst_dep']:.1f}%  Belgium "
        f"{m['belgium']:.0f}/{m['belgium_avail']:.0f}  kinds {m['worst_kind']:.1f}-"
        f"{m['best_kind']:.1f}%"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--no-demo", action="store_true")
    ap.add_argument(
        "--no-coverage",
        action="store_true",
        help="also run the value policy without coverage targets (coverage_bonus=0)",
    )
    args = ap.parse_args()
    regions: list[tuple[str, list[Prospect], list[OfficerSpec]]] = [
        (f"synth-{s}", synthetic_prospects(7000, int(s)), synthetic_officers(12))
        for s in args.seeds.split(",")
        if s
    ]
    if not args.no_demo:
        prospects, officers = demo_instance(7000, START, WEEKS)
        regions.append(("demo", prospects, officers))
    print(f"{WEEKS} weeks from {START}, 12 officers (2 cores, shared machine)")
    totals: dict[str, list[dict[str, float]]] = defaultdict(list)
    for region, prospects, officers in regions:
        policies = dict(POLICIES)
        if args.no_coverage:
            policies["value-nocov"] = replace(POLICIES["value"], coverage_bonus=0.0)
        for policy, options in policies.items():
            t = time.perf_counter()
            plan = plan_campaign(prospects, officers, START, WEEKS, options=options)
            m = measure(prospects, plan)
            totals[policy].append(m)
            print(row(region, policy, m, time.perf_counter() - t), flush=True)
    print("\nmean over regions")
    for policy, ms in totals.items():
        mean = {k: statistics.mean(m[k] for m in ms) for k in ms[0] if "kind" not in k}
        mean |= {k: ms[-1][k] for k in ("worst_kind", "best_kind")}  # the demo's
        print(row("mean", policy, mean, 0.0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
