"""What the offline map shows, read from the database as frozen rows (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.geo.belgian_outlines import belgian_outlines
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
        if lat is not None and lon is not None  # the query says so; the column type does not
    ]


def cluster_site_markers(session: Session) -> list[SiteMarker]:
    rows = session.execute(
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
    """Commune, EPCI and département outlines of the region from the bundled gazetteer, and
    Belgium beside it (country, provinces, border cantons) so partners there sit on land."""
    gazetteer = load_gazetteer()
    return MapOutlines(
        communes=gazetteer.outlines("commune"),
        epcis=gazetteer.outlines("epci"),
        departements=gazetteer.outlines("departement"),
        be_country=belgian_outlines("country"),
        be_arrondissements=belgian_outlines("arrondissement"),
        be_cantons=belgian_outlines("canton"),
    )


def _merged(*collections: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [f for c in collections for f in c.get("features", [])],
    }


@cache
def print_outlines() -> dict[str, dict[str, Any]]:
    """The printed route maps' basemap (``reports.route_plan``'s ``outlines``): French communes
    with the Belgian border cantons, départements with Belgian provinces, so a round that
    crosses the border is drawn on land. Cached: the printed maps index each collection once
    by identity, so every call must return the same objects."""
    gazetteer = load_gazetteer()
    return {
        "commune": _merged(gazetteer.outlines("commune"), belgian_outlines("canton")),
        "departement": _merged(
            gazetteer.outlines("departement"), belgian_outlines("arrondissement")
        ),
    }


@dataclass(frozen=True)
class MapContent:
    markers: list[MapMarker]
    sites: list[SiteMarker]


def map_content(session: Session) -> MapContent:
    return MapContent(organisation_markers(session), cluster_site_markers(session))
