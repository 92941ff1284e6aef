"""A campaign as the managers' screen shows it: the plan, each officer's load, coverage before
and after, and the nearest-neighbour baseline's totals for comparison.

The CLI prints the plan; a manager deciding whether to save it needs it put against what is
already done (organisations visited so far per département, area and kind) and against the
simple plan it should beat. Everything here is read in one worker job; nothing is written.
"""

from __future__ import annotations

import time as _time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate, report
from hdf_field.planning.campaign import (
    BELGIUM_TERRITORY,
    CampaignOptions,
    plan_campaign,
    plan_campaign_baseline,
    policy_options,  # the GUI names a policy through this service
)
from hdf_field.planning.inputs import OfficerSpec, hhmm_to_s
from hdf_field.planning.model import CampaignPlan
from hdf_field.services.planning import campaign_inputs
from hdf_field.storage.database import Database
from hdf_field.storage.queries.planning import (
    organisation_group_rows,
    organisations_with_done_visit,
)

__all__ = [
    "GROUPINGS",
    "CampaignRun",
    "CoverageLine",
    "OfficerLine",
    "Totals",
    "coverage_lines",
    "officer_lines",
    "policy_options",
    "run_campaign",
]


GROUPINGS = ("departement", "area", "kind")


@dataclass(frozen=True, slots=True)
class OfficerLine:
    officer_id: str
    name: str
    days: int  # working days in the horizon
    visits: int
    value: float
    km: float
    drive_min: float
    busy_min: float  # driving plus time on site
    available_min: float  # working hours minus lunch, over the days

    @property
    def workload(self) -> float:
        """Share of the officer's working time the plan fills (0 when there is none)."""
        return self.busy_min / self.available_min if self.available_min > 0 else 0.0


@dataclass(frozen=True, slots=True)
class CoverageLine:
    grouping: str  # one of GROUPINGS
    code: str  # département code or "BE"; an Area value; an OrgKind value; "?" unknown
    organisations: int  # live organisations in the group
    visited: int  # of them, visited so far (the dashboard's definition)
    prospects: int  # free prospects the campaign could plan
    planned: int  # visits the campaign plans
    after: int  # organisations visited so far or planned by the campaign

    @property
    def rate_now(self) -> float:
        return self.visited / self.organisations if self.organisations else 0.0

    @property
    def rate_after(self) -> float:
        return self.after / self.organisations if self.organisations else 0.0


@dataclass(frozen=True, slots=True)
class Totals:
    visits: int
    value: float
    km: float
    drive_min: float
    runtime_s: float


@dataclass(frozen=True, slots=True)
class CampaignRun:
    plan: CampaignPlan
    officers: tuple[OfficerLine, ...]
    coverage: tuple[CoverageLine, ...]
    totals: Totals
    baseline: Totals | None  # None when not asked for

    def coverage_of(self, grouping: str) -> list[CoverageLine]:
        return [c for c in self.coverage if c.grouping == grouping]


def run_campaign(
    db: Database,
    start: date,
    weeks: int,
    *,
    officer_ids: Sequence[str] | None = None,
    options: CampaignOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    with_baseline: bool = True,
) -> CampaignRun:
    """Plan the campaign, then (measured at about a tenth of its time) the baseline.

    Progress counts officer-days over both stages (labels ``"plan"`` then ``"baseline"``);
    a cancel raises :class:`~hdf_field.domain.progress.Cancelled`."""
    specs, prospects = campaign_inputs(db, start, weeks, officer_ids)
    stages = 2 if with_baseline else 1

    def stage(label: str, offset: int) -> Progress | None:
        if progress is None:
            return None

        def relay(update: ProgressUpdate) -> None:
            days = update.total or 0
            report(progress, offset * days + update.done, stages * days, label)

        return relay

    t0 = _time.perf_counter()
    plan = plan_campaign(
        prospects,
        specs,
        start,
        weeks,
        options=options,
        progress=stage("plan", 0),
        cancel=cancel,
    )
    totals = _totals(plan, _time.perf_counter() - t0)
    baseline: Totals | None = None
    if with_baseline:
        t1 = _time.perf_counter()
        base = plan_campaign_baseline(
            prospects, specs, start, weeks, progress=stage("baseline", 1), cancel=cancel
        )
        baseline = _totals(base, _time.perf_counter() - t1)
    return CampaignRun(
        plan=plan,
        officers=tuple(officer_lines(plan, specs, start, weeks)),
        coverage=tuple(coverage_lines(db, plan)),
        totals=totals,
        baseline=baseline,
    )


def _totals(plan: CampaignPlan, runtime_s: float) -> Totals:
    return Totals(
        visits=sum(d.visit_count for d in plan.days),
        value=round(sum(d.value for d in plan.days), 2),
        km=round(sum(d.total_km for d in plan.days), 1),
        drive_min=round(sum(d.total_drive_min for d in plan.days), 1),
        runtime_s=round(runtime_s, 2),
    )


def officer_lines(
    plan: CampaignPlan, specs: Sequence[OfficerSpec], start: date, weeks: int
) -> list[OfficerLine]:
    from hdf_field.planning.campaign import horizon_days

    out: list[OfficerLine] = []
    for spec in specs:
        days = [d for d in plan.days if d.officer_id == spec.id]
        n_days = len(horizon_days(start, weeks, spec.working_days))
        per_day = (hhmm_to_s(spec.day_end) - hhmm_to_s(spec.day_start)) / 60 - spec.lunch_minutes
        on_site = sum((s.departure - s.start).total_seconds() / 60 for d in days for s in d.stops)
        drive = sum(d.total_drive_min for d in days)
        out.append(
            OfficerLine(
                officer_id=spec.id,
                name=spec.name,
                days=n_days,
                visits=sum(d.visit_count for d in days),
                value=round(sum(d.value for d in days), 2),
                km=round(sum(d.total_km for d in days), 1),
                drive_min=round(drive, 1),
                busy_min=round(drive + on_site, 1),
                available_min=max(0.0, per_day) * n_days,
            )
        )
    return out


def _keys(departement: str | None, area: Area | None, kind: object) -> tuple[str, str, str]:
    dep = departement or (BELGIUM_TERRITORY if area == Area.BELGIUM else "?")
    return (
        dep,
        area.value if area is not None else "?",
        getattr(kind, "value", None) or "?",
    )


def coverage_lines(db: Database, plan: CampaignPlan) -> list[CoverageLine]:
    """Per group: organisations, visited so far, the campaign's visits, and coverage after it.

    Groups are keyed as the campaign keys them (Belgian partners "BE"), so the plan's own
    counts line up with the database's.
    """
    with db.session() as session:
        orgs = organisation_group_rows(session)
        done = organisations_with_done_visit(session)
    planned_orgs = {uuid.UUID(s.organisation_id) for d in plan.days for s in d.stops}
    rank = FunnelStatus.VISITED.rank
    total: list[Counter[str]] = [Counter(), Counter(), Counter()]
    visited: list[Counter[str]] = [Counter(), Counter(), Counter()]
    after: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for org_id, status, dep, area, kind in orgs:
        seen = org_id in done or status.rank >= rank
        for k, key in enumerate(_keys(dep, area, kind)):
            total[k][key] += 1
            visited[k][key] += seen
            after[k][key] += seen or org_id in planned_orgs
    planned = (plan.coverage_by_departement, plan.coverage_by_area, plan.coverage_by_kind)
    available = (
        plan.coverage_available_by_departement,
        plan.coverage_available_by_area,
        plan.coverage_available_by_kind,
    )
    out: list[CoverageLine] = []
    for k, grouping in enumerate(GROUPINGS):
        codes = sorted(set(total[k]) | set(planned[k]) | set(available[k]), key=_order)
        out.extend(
            CoverageLine(
                grouping,
                code,
                total[k][code],
                visited[k][code],
                available[k].get(code, 0),
                planned[k].get(code, 0),
                after[k][code],
            )
            for code in codes
        )
    return out


def _order(code: str) -> tuple[int, str]:
    """Départements (or areas) in order, then Belgium, then the unknown."""
    abroad = code in (BELGIUM_TERRITORY, Area.BELGIUM.value)
    return (2 if code == "?" else 1 if abroad else 0, code)
