"""The managers' dashboard as plain data: progress, funnel, officers' activity, coverage.

"Visited" means the organisation had at least one visit marked done, or its funnel status is
already at "visited" or beyond (records imported from an earlier campaign carry no visit).
Coverage is the share of an area's prospects that were visited.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hdf_field.domain.dashboard import CoverageRow, DashboardData, Kpis, OfficerWeeks
from hdf_field.domain.enums import Area, FunnelStatus, VisitStatus
from hdf_field.domain.federation import FederationData
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.glossary import Lang
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.files import write_atomically
from hdf_field.reports import choropleth
from hdf_field.reports.dashboard_pdf import heat_colour, render_dashboard_pdf, text_on
from hdf_field.reports.dashboard_tables import write_dashboard_csv
from hdf_field.reports.maps import STATUS_COLOURS
from hdf_field.storage.database import Database
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.dashboard import (
    cluster_names,
    officer_name_rows,
    organisation_coverage_rows,
    visit_activity_rows,
)

# The drawing helpers the dashboard screen shares with the printed report are re-exported:
# the GUI reaches reports only through this service.
__all__ = [
    "CAMPAIGN_TARGET",
    "STATUS_COLOURS",
    "choropleth",
    "dashboard_data",
    "epci_geography",
    "epci_names_from_gazetteer",
    "heat_colour",
    "read_dashboard",
    "text_on",
    "write_dashboard_csv",
    "write_dashboard_pdf",
]

CAMPAIGN_TARGET = 7000


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def dashboard_data(
    session: Session,
    *,
    today: date,
    weeks: int = 8,
    target: int = CAMPAIGN_TARGET,
    epci_names: Mapping[str, str] | None = None,
) -> DashboardData:
    """Everything the dashboard shows, read in one pass over organisations and visits."""
    orgs = organisation_coverage_rows(session)
    visits = visit_activity_rows(session)
    officers = officer_name_rows(session)
    clusters = cluster_names(session)

    live = {org_id for org_id, *_ in orgs}
    done = [v for v in visits if v.status == VisitStatus.DONE and v.organisation_id in live]
    with_done_visit = {v.organisation_id for v in done}
    visited_rank = FunnelStatus.VISITED.rank
    visited = {
        org_id
        for org_id, status, *_ in orgs
        if org_id in with_done_visit or status.rank >= visited_rank
    }
    status_counts = Counter(status for _, status, *_ in orgs)
    kpis = Kpis(
        target=target,
        organisations=len(orgs),
        visited=len(visited),
        oriented=sum(n for s, n in status_counts.items() if s.rank >= FunnelStatus.ORIENTED.rank),
        members=status_counts[FunnelStatus.MEMBER],
        visits_done=len(done),
        visits_planned=sum(
            1 for v in visits if v.status == VisitStatus.PLANNED and v.organisation_id in live
        ),
    )
    funnel = tuple((s.value, status_counts[s]) for s in FunnelStatus)

    # Visits done per officer and week.
    first_monday = _monday(today) - timedelta(weeks=weeks - 1)
    week_starts = tuple(first_monday + timedelta(weeks=i) for i in range(weeks))
    per_officer: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0] * weeks)
    for v in done:
        day = _day(v.actual_start) or _day(v.planned_start)
        if day is None or day < first_monday or day > today:
            continue
        per_officer[v.officer_id][(day - first_monday).days // 7] += 1
    officer_rows = tuple(
        sorted(
            (
                OfficerWeeks(name, tuple(per_officer.get(officer_id, [0] * weeks)))
                for officer_id, name, active in officers
                if active or officer_id in per_officer
            ),
            key=lambda row: (-row.total, row.officer),
        )
    )

    # Coverage by area.
    def coverage(key_index: int, labels: Mapping[str, str], keep_empty: bool) -> list[CoverageRow]:
        prospects: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for row in orgs:
            key = row[key_index]
            if key is None:
                continue
            key = key.value if hasattr(key, "value") else str(key)
            prospects[key] += 1
            if row[0] in visited:
                seen[key] += 1
        codes = set(prospects) | (set(labels) if keep_empty else set())
        return [CoverageRow(c, labels.get(c, c), prospects[c], seen[c]) for c in codes]

    by_dep = sorted(coverage(2, DEPARTEMENTS, True), key=lambda r: r.code)
    by_epci = sorted(
        coverage(3, epci_names or {}, False), key=lambda r: (-r.prospects, collation_key(r.label))
    )
    area_labels = {a.value: a.value for a in (Area.NPDC, Area.PICARDIE)}
    by_area = sorted(
        coverage(4, area_labels, True), key=lambda r: (r.code not in area_labels, r.code)
    )

    # Orientations: organisations recommended to each cluster by a done visit.
    pairs = {
        (v.organisation_id, str(cluster_id))
        for v in done
        for cluster_id in (v.recommended_clusters or [])
    }
    names = {str(k): v for k, v in clusters.items()}
    oriented_to = Counter(names.get(cluster_id, cluster_id) for _, cluster_id in pairs)
    orientations = tuple(sorted(oriented_to.items(), key=lambda kv: (-kv[1], kv[0])))

    return DashboardData(
        today=today,
        kpis=kpis,
        funnel=funnel,
        weeks=week_starts,
        officers=officer_rows,
        by_departement=tuple(by_dep),
        by_epci=tuple(by_epci),
        by_area=tuple(by_area),
        orientations=orientations,
    )


def epci_names_from_gazetteer() -> dict[str, str]:
    """EPCI SIREN code → name, from the bundled gazetteer's outlines."""
    from hdf_field.geo.gazetteer import load_gazetteer

    features = load_gazetteer().outlines("epci")["features"]
    return {str(f["properties"]["code"]): str(f["properties"]["name"]) for f in features}


def read_dashboard(
    db: Database,
    *,
    today: date,
    weeks: int = 8,
    epci_names: Mapping[str, str] | None = None,
) -> DashboardData:
    """:func:`dashboard_data` in its own short session (the screen's worker calls this)."""
    with db.session() as session:
        return dashboard_data(session, today=today, weeks=weeks, epci_names=epci_names)


def epci_geography() -> tuple[dict[str, Any], dict[str, str]]:
    """The EPCI outlines (GeoJSON) the coverage map is drawn on, and their names."""
    from hdf_field.services.map_data import region_outlines

    return region_outlines("epci"), epci_names_from_gazetteer()


def write_dashboard_pdf(
    data: DashboardData,
    path: Path,
    *,
    epci_outlines: Mapping[str, Any] | None = None,
    lang: Lang = "fr",
    federation: FederationData | None = None,
) -> Path:
    """The dashboard report (with its federation pages given their figures), written
    atomically to ``path``."""
    pdf = render_dashboard_pdf(data, epci_outlines=epci_outlines, lang=lang, federation=federation)
    return write_atomically(path, pdf)
