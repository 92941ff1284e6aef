"""The managers' dashboard's reads: one pass each over organisations, visits, officers and
clusters, as plain rows (the service does the counting, in memory, on what it reads here)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, FunnelStatus, VisitStatus
from hdf_field.storage.orm import Cluster, Officer, Organisation, Visit


def organisation_coverage_rows(
    session: Session,
) -> Sequence[Row[uuid.UUID, FunnelStatus, str | None, str | None, Area | None]]:
    """``(id, status, departement, epci_code, area)`` of every live organisation."""
    return session.execute(
        select(
            Organisation.id,
            Organisation.status,
            Organisation.departement,
            Organisation.epci_code,
            Organisation.area,
        ).where(Organisation.deleted_at.is_(None))
    ).all()


def visit_activity_rows(
    session: Session,
) -> Sequence[Row[uuid.UUID, uuid.UUID, VisitStatus, datetime | None, datetime | None, list[str]]]:
    """``(organisation_id, officer_id, status, actual_start, planned_start,
    recommended_clusters)`` of every live visit, whatever its organisation's state (the
    caller keeps those of live organisations)."""
    return session.execute(
        select(
            Visit.organisation_id,
            Visit.officer_id,
            Visit.status,
            Visit.actual_start,
            Visit.planned_start,
            Visit.recommended_clusters,
        ).where(Visit.deleted_at.is_(None))
    ).all()


def officer_name_rows(session: Session) -> Sequence[Row[uuid.UUID, str, bool]]:
    """``(id, name, active)`` of every officer not deleted, active or not."""
    return session.execute(
        select(Officer.id, Officer.name, Officer.active).where(Officer.deleted_at.is_(None))
    ).all()


def cluster_names(session: Session) -> dict[uuid.UUID, str]:
    """Live cluster id → name."""
    return dict(
        session.execute(select(Cluster.id, Cluster.name).where(Cluster.deleted_at.is_(None))).all()
    )
