"""Offline Leaflet maps as HTML: a pure function of plain data, no Qt, no database.

Field laptops have no network, so the map has no tiles: the basemap is the commune, EPCI and
département outlines, and every script or style sheet is a local file copied from the
installed ``xstatic`` packages next to the page (:func:`write_map`). folium's own CDN links
are replaced, not patched after rendering. Thousands of prospects are sent as one compact
JSON array and turned into clustered markers by ``resources/map/hdf_map.js``; building one
folium ``Marker`` per prospect takes seconds for 7,000 of them. Past some tens of thousands
the page gets no markers at all (:class:`RemoteMarkers`): it asks the app for the clusters
of each view (``hdf_field.geo.marker_index``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import MacroElement
from jinja2 import Template

from hdf_field.domain.enums import FunnelStatus
from hdf_field.domain.glossary import STATUS
from hdf_field.files import write_atomically
from hdf_field.paths import resources_dir

ASSET_DIR_NAME = "hdf-map-assets"

# Bounding box of Hauts-de-France (south, west, north, east), used for the first view.
HDF_BOUNDS: tuple[float, float, float, float] = (48.83, 1.38, 51.09, 4.26)

# Funnel colours: greys and blues before the visit, warm at the visit, greens once oriented.
STATUS_COLOURS: dict[str, str] = {
    FunnelStatus.IDENTIFIED: "#9aa5b1",
    FunnelStatus.CONTACTED: "#4f9bd9",
    FunnelStatus.VISIT_PLANNED: "#f2a900",
    FunnelStatus.VISITED: "#e8613c",
    FunnelStatus.INTERESTED: "#a855c7",
    FunnelStatus.ORIENTED: "#2fb380",
    FunnelStatus.MEMBER: "#0b6b3a",
}


def status_labels(lang: str = "fr") -> dict[str, str]:
    """The glossary's status names, by stored code, for the legend and the popups."""
    return {status.value: words[1 if lang == "en" else 0] for status, words in STATUS.items()}


STATUS_ORDER: tuple[str, ...] = tuple(s.value for s in FunnelStatus)


@dataclass(frozen=True)
class MapMarker:
    id: str
    name: str
    lat: float
    lon: float
    status: str
    commune: str | None = None


@dataclass(frozen=True)
class SiteMarker:
    """A cluster's principal or secondary site, drawn with its own icon above the prospects."""

    name: str
    cluster: str
    lat: float
    lon: float
    principal: bool = True
    proposal: bool = False


@dataclass(frozen=True)
class MapOutlines:
    """GeoJSON FeatureCollections of the administrative basemap (any may be missing)."""

    communes: Mapping[str, Any] | None = None
    epcis: Mapping[str, Any] | None = None
    departements: Mapping[str, Any] | None = None
    # Belgium beside the region: the country (land fill), its judicial arrondissements
    # (provinces at the border) and the border cantons; see hdf_field.geo.belgian_outlines.
    be_country: Mapping[str, Any] | None = None
    be_arrondissements: Mapping[str, Any] | None = None
    be_cantons: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class TileSource:
    """An offline raster basemap the page may fetch (e.g. ``mbtiles://tiles/{z}/{x}/{y}``)."""

    url_template: str
    min_zoom: int = 0
    max_zoom: int = 18


@dataclass(frozen=True)
class MapLabels:
    """Texts shown inside the page; the desktop app passes its translated strings."""

    legend: str = "Statut des prospects"
    sites: str = "Sites des pôles"
    proposal: str = "Site secondaire proposé"
    communes: str = "Communes"
    epcis: str = "EPCI"
    departements: str = "Départements"
    be_cantons: str = "Cantons (Belgique)"
    be_arrondissements: str = "Provinces (Belgique)"
    statuses: Mapping[str, str] = field(default_factory=status_labels)
    locale: str = "fr-FR"  # BCP 47 tag the page formats its counts with


@dataclass(frozen=True)
class RemoteMarkers:
    """The page gets its markers from the app view by view instead of all at once.

    ``total`` and ``counts`` (per status, in :data:`STATUS_ORDER`) fill the legend, which
    can no longer count the markers itself."""

    total: int
    counts: Sequence[int]


@dataclass(frozen=True)
class MapOptions:
    bounds: tuple[float, float, float, float] = HDF_BOUNDS
    labels: MapLabels = field(default_factory=MapLabels)
    radius_km: float = 10.0
    tiles: TileSource | None = None
    asset_base: str = ASSET_DIR_NAME
    layer_control: bool = True
    # Relative URL of an outlines script written by :func:`install_outlines`; None embeds
    # the outlines in the page (slower to build: ~0.3 s of JSON per call for 3,800 communes).
    outlines_url: str | None = None


# -- assets -------------------------------------------------------------------------------


def _asset_sources() -> dict[str, Path]:
    """Relative asset path → installed file. Only what the page needs: no jQuery, Bootstrap
    or Font Awesome (folium loads those for features we do not use)."""
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    cluster = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
    hdf = resources_dir() / "map"
    sources = {
        "leaflet/leaflet.js": leaflet / "leaflet.js",
        "leaflet/leaflet.css": leaflet / "leaflet.css",
        "markercluster/leaflet.markercluster.js": cluster / "leaflet.markercluster.js",
        "markercluster/MarkerCluster.css": cluster / "MarkerCluster.css",
        "hdf/hdf_map.js": hdf / "hdf_map.js",
        "hdf/hdf_map.css": hdf / "hdf_map.css",
    }
    for image in sorted((leaflet / "images").glob("*.png")):
        sources[f"leaflet/images/{image.name}"] = image
    return sources


def install_assets(target_dir: Path) -> Path:
    """Copy the page's scripts and styles into ``target_dir/hdf-map-assets`` when missing or
    stale, and return that folder. Cheap to call before every map write."""
    root = target_dir / ASSET_DIR_NAME
    for rel, source in _asset_sources().items():
        dest = root / rel
        data = source.read_bytes()
        if dest.is_file() and dest.read_bytes() == data:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    return root


def write_map(html: str, target: Path) -> Path:
    """Write ``html`` to ``target`` with its assets alongside; returns ``target``.

    The page must be loaded from a file (Qt's ``setHtml`` stops at 2 MB and would not
    resolve the relative asset links)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    install_assets(target.parent)
    return write_atomically(target, html)


def referenced_assets(html: str) -> list[str]:
    """Relative URLs of the scripts and style sheets a generated page loads."""
    import re

    return re.findall(r'(?:src|href)="([^"]+)"', html)


# -- page building ------------------------------------------------------------------------


def _offline_map(options: MapOptions, *, zoom_control: bool = True) -> folium.Map:
    base = options.asset_base.rstrip("/")
    south, west, north, east = options.bounds
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=8,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,
        zoom_control=zoom_control,
        zoomSnap=0.25,
        minZoom=6,
        maxZoom=19,
        attributionControl=False,
    )
    # Instance attributes, so folium's class-level CDN lists stay untouched.
    fmap.default_js = [("leaflet", f"{base}/leaflet/leaflet.js")]
    fmap.default_css = [
        ("leaflet_css", f"{base}/leaflet/leaflet.css"),
        ("hdf_map_css", f"{base}/hdf/hdf_map.css"),
    ]
    fmap.fit_bounds([[south, west], [north, east]])
    return fmap


OUTLINE_STYLES: dict[str, dict[str, Any]] = {
    "land": {"stroke": False, "fillColor": "#fbfaf6", "fillOpacity": 1.0},
    "communes": {"color": "#b4bfca", "weight": 0.5},
    "epcis": {"color": "#8795a1", "weight": 1.1},
    "departements": {"color": "#334155", "weight": 2.4},
    "beCantons": {"color": "#a7b1bc", "weight": 0.8},
    "beArrondissements": {"color": "#475569", "weight": 1.9},
}

# Outline coordinates travel as integers of 1e-5 degree (about a metre), delta-encoded.
COORD_SCALE = 100_000


def _rings(collection: Mapping[str, Any] | None) -> list[list[list[tuple[int, int]]]]:
    """Polygons (lists of rings) of a collection, coordinates as scaled integers."""
    polygons: list[list[list[tuple[int, int]]]] = []
    for feature in (collection or {}).get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            parts = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            parts = geometry["coordinates"]
        else:
            continue
        for polygon in parts:
            polygons.append(
                [
                    [(round(p[0] * COORD_SCALE), round(p[1] * COORD_SCALE)) for p in ring]
                    for ring in polygon
                ]
            )
    return polygons


def _delta(points: Sequence[tuple[int, int]]) -> list[int]:
    out: list[int] = []
    px = py = 0
    for x, y in points:
        out += (x - px, y - py)
        px, py = x, y
    return out


def _borders(collection: Mapping[str, Any] | None) -> list[list[int]]:
    """Every border once, as delta-encoded polylines.

    Neighbouring communes share their borders (the gazetteer's outlines are a coverage), so
    drawing each polygon's ring strokes every border twice; keeping each segment once halves
    what the page parses and paints."""
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    lines: list[list[int]] = []
    for polygon in _rings(collection):
        for ring in polygon:
            current: list[tuple[int, int]] = []
            for a, b in zip(ring, ring[1:], strict=False):
                if a == b:
                    continue
                key = (a, b) if a < b else (b, a)
                if key in seen:
                    if len(current) > 1:
                        lines.append(_delta(current))
                    current = []
                    continue
                seen.add(key)
                if not current:
                    current = [a]
                current.append(b)
            if len(current) > 1:
                lines.append(_delta(current))
    return lines


_OUTLINE_CACHE: dict[tuple[int, ...], tuple[MapOutlines, str]] = {}


def outlines_script(outlines: MapOutlines) -> str:
    """``window.hdfOutlines = {...}``: the basemap as a script, built once per outlines
    object (the gazetteer's collections are shared and never mutated)."""
    key = tuple(
        id(c)
        for c in (
            outlines.communes,
            outlines.epcis,
            outlines.departements,
            outlines.be_country,
            outlines.be_arrondissements,
            outlines.be_cantons,
        )
    )
    cached = _OUTLINE_CACHE.get(key)
    if cached is not None and cached[0] == outlines:
        return cached[1]
    data = {
        "scale": COORD_SCALE,
        # Land fill and département borders from the départements' polygons (or the
        # communes' when no départements are given); inner borders as deduplicated lines.
        "land": [
            [_delta(ring) for ring in polygon]
            for polygon in _rings(outlines.departements or outlines.communes)
            + _rings(outlines.be_country)
        ],
        "communes": _borders(outlines.communes),
        "epcis": _borders(outlines.epcis),
        "departements": _borders(outlines.departements),
        "beCantons": _borders(outlines.be_cantons),
        "beArrondissements": _borders(outlines.be_arrondissements),
    }
    # JSON.parse reads a large literal much faster than the JavaScript parser; the text holds
    # only digits, brackets, commas and the quoted keys, so single quotes are safe around it.
    text = json.dumps(data, separators=(",", ":"))
    script = f"window.hdfOutlines = JSON.parse('{text}');\n"
    _OUTLINE_CACHE.clear()
    _OUTLINE_CACHE[key] = (outlines, script)
    return script


def install_outlines(outlines: MapOutlines, target_dir: Path) -> str:
    """Write the outlines script beside the page (once; named by content) and return its
    relative URL, for :attr:`MapOptions.outlines_url`."""
    import hashlib

    script = outlines_script(outlines)
    digest = hashlib.sha1(script.encode("utf-8")).hexdigest()[:16]
    rel = f"{ASSET_DIR_NAME}/outlines/{digest}.js"
    dest = target_dir / rel
    if not dest.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(dest, script)  # named by content: never reused half-written
    return rel


def _script_json(value: Any) -> str:
    """JSON safe to inline in a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class _HdfLayer(MacroElement):
    """Loads markercluster and the HDF script, then hands them the map and the data."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            {%- if this.outlines_inline %}
            <script>{{ this.outlines_inline }}</script>
            {%- endif %}
            <script src="{{ this.base }}/markercluster/leaflet.markercluster.js"></script>
            <link rel="stylesheet" href="{{ this.base }}/markercluster/MarkerCluster.css"/>
            <script src="{{ this.base }}/hdf/hdf_map.js"></script>
            <style>{{ this.status_css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            hdfMap.init({{ this._parent.get_name() }}, {{ this.config }});
            {%- if this.tiles_call %}
            {{ this.tiles_call }}
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        base: str,
        status_css: str,
        config: str,
        outlines_inline: str | None = None,
        tiles_call: str | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # folium's MacroElement is untyped
        self._name = "HdfLayer"
        self.base = base
        self.outlines_inline = outlines_inline
        self.tiles_call = tiles_call
        self.status_css = status_css
        self.config = config


def _status_css() -> str:
    return "".join(
        f".hdf-s{i}{{background:{STATUS_COLOURS[key]};}}" for i, key in enumerate(STATUS_ORDER)
    )


def markers_payload(markers: Sequence[MapMarker]) -> list[list[Any]]:
    """One short array per marker: ``[id, name, lat, lon, status index, commune]``.

    Coordinates are rounded to 5 decimals (about a metre), which keeps 7,000 markers
    under a megabyte. Unknown statuses fall back to the first funnel step."""
    index = {key: i for i, key in enumerate(STATUS_ORDER)}
    return [
        [m.id, m.name, round(m.lat, 5), round(m.lon, 5), index.get(m.status, 0), m.commune or ""]
        for m in markers
    ]


def build_map(
    markers: Sequence[MapMarker],
    *,
    outlines: MapOutlines | None = None,
    cluster_sites: Sequence[SiteMarker] = (),
    options: MapOptions | None = None,
    remote: RemoteMarkers | None = None,
) -> str:
    """The prospects map as a complete HTML page referencing only local assets.

    With ``remote``, ``markers`` must be empty: the page asks for them view by view."""
    options = options or MapOptions()
    if remote is not None:
        if markers:
            raise ValueError("build_map: markers are sent view by view in remote mode")
        if len(remote.counts) != len(STATUS_ORDER) or remote.total != sum(remote.counts):
            raise ValueError("build_map: remote counts must give one count per status")
    labels = options.labels
    fmap = _offline_map(options)
    has_outlines = outlines is not None and any(
        c and c.get("features")
        for c in (
            outlines.communes,
            outlines.epcis,
            outlines.departements,
            outlines.be_country,
            outlines.be_arrondissements,
            outlines.be_cantons,
        )
    )
    config = {
        "markers": markers_payload(markers),
        "statuses": [
            [key, labels.statuses.get(key, key), STATUS_COLOURS[key]] for key in STATUS_ORDER
        ],
        "sites": [
            [s.name, s.cluster, round(s.lat, 5), round(s.lon, 5), s.principal, s.proposal]
            for s in cluster_sites
        ],
        "labels": {
            "legend": labels.legend,
            "sites": labels.sites,
            "proposal": labels.proposal,
            "communes": labels.communes,
            "epcis": labels.epcis,
            "departements": labels.departements,
            "beCantons": labels.be_cantons,
            "beArrondissements": labels.be_arrondissements,
            "locale": labels.locale,
        },
        "outlineStyles": OUTLINE_STYLES,
        "layerControl": options.layer_control and has_outlines,
        # Fetched by the page once the markers are drawn (see hdf_map.js, loadOutlines).
        "outlinesUrl": options.outlines_url if has_outlines else None,
        "radiusKm": options.radius_km,
        "remote": (
            None
            if remote is None
            else {"total": int(remote.total), "counts": [int(c) for c in remote.counts]}
        ),
    }
    base = options.asset_base.rstrip("/")
    inline = None
    if has_outlines and options.outlines_url is None:
        assert outlines is not None
        inline = outlines_script(outlines)
    tiles_call = None
    if options.tiles is not None:
        # After hdfMap.init: the tile layer needs the map (as a root script it ran before it).
        t = options.tiles
        tiles_call = (
            f"hdfMap.setTiles({_script_json(t.url_template)}, {int(t.min_zoom)}, "
            f"{int(t.max_zoom)});"
        )
    _HdfLayer(
        base,
        _status_css(),
        _script_json(config),
        outlines_inline=inline,
        tiles_call=tiles_call,
    ).add_to(fmap)
    return fmap.get_root().render()
