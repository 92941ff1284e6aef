"""What the offline map shows, read from the database as frozen rows (no Qt), and the
per-view questions the page asks when the prospects are too many to send at once."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from hdf_field.geo.belgian_outlines import BelgianLevel, belgian_outlines
from hdf_field.geo.gazetteer import OutlineLevel, load_gazetteer
from hdf_field.geo.marker_index import MarkerIndex, ViewResult
from hdf_field.reports.maps import (
    STATUS_COLOURS,
    STATUS_ORDER,
    MapLabels,
    MapMarker,
    MapOptions,
    MapOutlines,
    RemoteMarkers,
    SiteMarker,
    TileSource,
    build_map,
    install_outlines,
    status_labels,
    write_map,
)
from hdf_field.storage.database import Database
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.map_points import organisation_points, site_points

# What the map screen uses; the page builder's vocabulary and the marker index are re-exported
# here so that the GUI reaches reports and geo only through this service.
__all__ = [
    "status_labels",
    "MAX_RADIUS_KM",
    "MAX_REQUEST_CHARS",
    "MapContent",
    "MapLabels",
    "MapMarker",
    "MapOptions",
    "MapOutlines",
    "MapRequestError",
    "MarkerIndex",
    "REMOTE_THRESHOLD",
    "STATUS_COLOURS",
    "SiteMarker",
    "TileSource",
    "ViewRequest",
    "answer_view",
    "basemap_outlines",
    "belgian_region_outlines",
    "build_map",
    "cluster_site_markers",
    "commune_name",
    "install_outlines",
    "load_places",
    "map_content",
    "marker_index",
    "organisation_markers",
    "parse_view_request",
    "print_outlines",
    "read_map_content",
    "region_outlines",
    "remote_summary",
    "select_area",
    "uses_remote_markers",
    "write_map",
]


def organisation_markers(session: Session) -> list[MapMarker]:
    """Every live organisation that has coordinates; the others cannot be drawn."""
    rows = organisation_points(session)
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
    rows = site_points(session)
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
    """The printed route maps' basemap (the ``outlines`` of ``reports.day_sheet``,
    ``week_pack`` and ``manager_summary``): French communes with the Belgian border cantons,
    départements with Belgian provinces, so a round that crosses the border is drawn on land.
    Cached: the printed maps index each collection once by identity, so every call must return
    the same objects."""
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


def read_map_content(db: Database) -> MapContent:
    """:func:`map_content` in its own short session (the map screen's worker calls this)."""
    with db.session() as session:
        return map_content(session)


def region_outlines(level: OutlineLevel) -> dict[str, Any]:
    """The gazetteer's outlines at ``level`` ("commune", "epci", "departement") as GeoJSON;
    ``InputFileError`` when the gazetteer is not built on this machine."""
    return load_gazetteer().outlines(level)


def belgian_region_outlines(level: BelgianLevel) -> dict[str, Any]:
    """Belgium beside the region ("country", "arrondissement", "canton") as GeoJSON."""
    return belgian_outlines(level)


def commune_name(insee: str) -> str | None:
    commune = load_gazetteer().commune(insee)
    return commune.name if commune is not None else None


def load_places() -> None:
    """Load the gazetteer now (about a second), e.g. before a long import looks places up."""
    load_gazetteer()


# Above this many prospects the page is sent clusters view by view (see MarkerIndex); up to
# it, every marker goes into the page and markercluster clusters there, which also works in a
# plain browser and spreads out prospects at one address. Measured with
# benchmarks/map_render.py (median ms, data to markers drawn / pan step): at 2,000 page
# 265 / 233, remote 191 / 116; at 7,000 page 520 / 306, remote 240 / 121. Remote is not
# slower at any size measured, so the page path is kept only for small sets.
REMOTE_THRESHOLD = 1_000
# Longest view or selection request the page may send (it sends ~150 bytes).
MAX_REQUEST_CHARS = 2_000
# Largest selection radius accepted from the page (the toolbar's spin box stops at 150).
MAX_RADIUS_KM = 1_000.0


def uses_remote_markers(count: int, threshold: int = REMOTE_THRESHOLD) -> bool:
    return count > threshold


def marker_index(markers: Sequence[MapMarker]) -> MarkerIndex:
    """The clustering index of a marker list; unknown statuses count as the first step,
    as the all-in-page map does."""
    position = {key: i for i, key in enumerate(STATUS_ORDER)}
    n = len(markers)
    # Plain lists of strings, not the markers: 600,000 dataclass objects kept alive make
    # every full garbage collection walk them (~150 ms with the GIL held, a GUI stall),
    # whereas strings are not tracked by the collector at all.
    names = [m.name for m in markers]
    communes = [m.commune or "" for m in markers]
    return MarkerIndex(
        np.fromiter((m.lat for m in markers), np.float64, n),
        np.fromiter((m.lon for m in markers), np.float64, n),
        np.fromiter((position.get(m.status, 0) for m in markers), np.int64, n),
        [m.id for m in markers],
        lambda i: (names[i], communes[i]),
        n_statuses=len(STATUS_ORDER),
    )


def remote_summary(index: MarkerIndex) -> RemoteMarkers:
    counts = index.status_counts()
    return RemoteMarkers(total=sum(counts), counts=counts)


class MapRequestError(ValueError):
    """A request from the map page that does not have the expected shape."""


def _request(text: str, what: str) -> dict[str, Any]:
    if not isinstance(text, str) or len(text) > MAX_REQUEST_CHARS:
        raise MapRequestError(f"map {what} request: missing or longer than {MAX_REQUEST_CHARS}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MapRequestError(f"map {what} request: not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise MapRequestError(f"map {what} request: not a JSON object")
    return data


def _number(data: dict[str, Any], key: str, what: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MapRequestError(f"map {what} request: field '{key}' must be a finite number")
    return float(value)


@dataclass(frozen=True)
class ViewRequest:
    seq: int
    south: float
    west: float
    north: float
    east: float
    zoom: float


def parse_view_request(text: str) -> ViewRequest:
    """A ``viewChanged`` message from the page; anything malformed is refused by name."""
    data = _request(text, "view")
    seq = data.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise MapRequestError("map view request: field 'seq' must be a non-negative integer")
    south, west, north, east, zoom = (
        _number(data, k, "view") for k in ("south", "west", "north", "east", "zoom")
    )
    if not (0.0 <= zoom <= 30.0):
        raise MapRequestError("map view request: field 'zoom' must be between 0 and 30")
    return ViewRequest(seq, south, west, north, east, zoom)


def answer_view(index: MarkerIndex, request: ViewRequest) -> dict[str, Any]:
    """What the page's ``hdfMap.drawView`` takes for this view."""
    result: ViewResult = index.query(
        request.south, request.west, request.north, request.east, request.zoom
    )
    return {"seq": request.seq, **result.as_json()}


def select_area(index: MarkerIndex, text: str) -> list[str]:
    """Ids inside the shape of an ``areaSelected`` message, among every indexed point."""
    data = _request(text, "selection")
    kind = data.get("kind")
    if kind == "none":
        return []
    if kind == "rect":
        s, w, n, e = (_number(data, k, "selection") for k in ("south", "west", "north", "east"))
        return index.select_rect(s, w, n, e)
    if kind == "radius":
        lat, lon, km = (_number(data, k, "selection") for k in ("lat", "lon", "km"))
        if not (0.0 <= km <= MAX_RADIUS_KM):
            raise MapRequestError(
                f"map selection request: field 'km' must be between 0 and {MAX_RADIUS_KM:g}"
            )
        return index.select_radius(lat, lon, km)
    raise MapRequestError("map selection request: field 'kind' must be none, rect or radius")
