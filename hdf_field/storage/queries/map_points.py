"""The points the offline map draws: organisations with coordinates and the clusters' sites."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import FunnelStatus, SiteKind
from hdf_field.storage.orm import Cluster, ClusterSite, Organisation

OrganisationPoint = tuple[uuid.UUID, str, float | None, float | None, FunnelStatus, str | None]
SitePoint = tuple[str, str, float, float, SiteKind, bool]


def organisation_points(session: Session) -> list[OrganisationPoint]:
    """(id, name, lat, lon, status, city) of every live organisation that has coordinates,
    by name; the others cannot be drawn."""
    return [
        (org_id, name, lat, lon, status, city)
        for org_id, name, lat, lon, status, city in session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.lat,
                Organisation.lon,
                Organisation.status,
                Organisation.city,
            )
            .where(
                Organisation.deleted_at.is_(None),
                Organisation.lat.is_not(None),
                Organisation.lon.is_not(None),
            )
            .order_by(Organisation.name)
        ).all()
    ]


def site_points(session: Session) -> list[SitePoint]:
    """(site name, cluster name, lat, lon, kind, is proposal) of every live site of a live
    cluster, by cluster then site name."""
    return [
        (site, cluster, lat, lon, kind, proposal)
        for site, cluster, lat, lon, kind, proposal in session.execute(
            select(
                ClusterSite.name,
                Cluster.name,
                ClusterSite.lat,
                ClusterSite.lon,
                ClusterSite.kind,
                ClusterSite.is_proposal,
            )
            .join(Cluster, ClusterSite.cluster_id == Cluster.id)
            .where(ClusterSite.deleted_at.is_(None), Cluster.deleted_at.is_(None))
            .order_by(Cluster.name, ClusterSite.name)
        ).all()
    ]
