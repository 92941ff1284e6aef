"""What the offline map shows, read from the database as frozen rows (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.reports.maps import MapMarker, MapOutlines, SiteMarker
from hdf_field.storage.orm import Cluster, ClusterSite, Organisation


def organisation_markers(session: Session) -> list[MapMarker]:
    """Every live organisation that has coordinates; the others cannot be drawn."""
    rows = session.execute(
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
    return [
        MapMarker(
            id=str(org_id),
            name=name,
            lat=lat,
            lon=lon,
            status=str(status.value if hasattr(status, "value") else status),
            commune=city,
        )
        for org_id, name, lat, lon, status, city in rows
    ]


def cluster_site_markers(session: Session) -> list[SiteMarker]:
    rows = session.execute(
        select(ClusterSite.name, Cluster.name, ClusterSite.lat, ClusterSite.lon,
               ClusterSite.kind, ClusterSite.is_proposal)
        .join(Cluster, ClusterSite.cluster_id == Cluster.id)
        .where(ClusterSite.deleted_at.is_(None), Cluster.deleted_at.is_(None))
        .order_by(Cluster.name, ClusterSite.name)
    ).all()
    return [
        SiteMarker(
            name=site,
            cluster=cluster,
            lat=lat,
            lon=lon,
            principal=str(kind.value if hasattr(kind, "value") else kind) == "principal",
            proposal=bool(proposal),
        )
        for site, cluster, lat, lon, kind, proposal in rows
    ]


def basemap_outlines() -> MapOutlines:
    """Commune, EPCI and département outlines of the region from the bundled gazetteer."""
    gazetteer = load_gazetteer()
    return MapOutlines(
        communes=gazetteer.outlines("commune"),
        epcis=gazetteer.outlines("epci"),
        departements=gazetteer.outlines("departement"),
    )


@dataclass(frozen=True)
class MapContent:
    markers: list[MapMarker]
    sites: list[SiteMarker]


def map_content(session: Session) -> MapContent:
    return MapContent(organisation_markers(session), cluster_site_markers(session))
