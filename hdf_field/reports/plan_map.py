"""Vector route maps for the printed plans, drawn with reportlab graphics (no tiles: offline).

Coordinates are projected to Lambert-93 (EPSG:2154), the official conformal projection of
metropolitan France and the one the SIRENE register itself uses: across Hauts-de-France its
scale error stays within about 0.1 %, so shapes look right and one scale bar in kilometres holds
anywhere on the page. An equirectangular projection would be nearly as good at this size, but
pyproj is already a dependency and Lambert-93 needs no hand-tuned latitude.

Outlines arrive as GeoJSON FeatureCollections in WGS84 (the gazetteer's
``outlines("commune" | "departement")``). They are clipped to the map's box and simplified to
what the print resolution can show, so a day's page stays small.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from hdf_field.domain.errors import ValidationError
from hdf_field.reports.messages import Lang, tr
from hdf_field.reports.pdf_base import ACCENT, FIXED, INK, MUTED, fonts

LAND = colors.HexColor("#f6f4ee")
COMMUNE_EDGE = colors.HexColor("#c3c9d0")
DEPARTEMENT_EDGE = colors.HexColor("#6b7785")
LABEL = colors.HexColor("#7b8794")
# A commune label's white veil, from its baseline: (bottom, top) in points.
LABEL_BOX = (-2.2, 6.2)

# Distinct, print-safe colours for several officers on one map: Okabe-Ito darkened a little,
# then colours picked for the largest CIELAB distance to those already in (ΔE ≥ 29 between any
# two of the first 12, ≥ 22 over all 16), all dark enough for the white numbers in the markers.
ROUTE_COLOURS = [
    colors.HexColor(c)
    for c in (
        "#1d4e89",
        "#d55e00",
        "#009e73",
        "#cc79a7",
        "#8c6d00",
        "#56b4e9",
        "#6a3d9a",
        "#b3261e",
        "#848482",
        "#4d9221",
        "#c51b7d",
        "#654522",
        "#01665e",
        "#882255",
        "#aa4499",
        "#7f3b08",
    )
]
# Past 16 officers the colours come round again, with a dashed line so two routes still differ.
ROUTE_DASH = (4.0, 2.0)


def route_style(index: int) -> tuple[colors.Color, tuple[float, float] | None]:
    """The colour and dash pattern (None: solid) of the ``index``-th officer's route."""
    colour = ROUTE_COLOURS[index % len(ROUTE_COLOURS)]
    return colour, (ROUTE_DASH if (index // len(ROUTE_COLOURS)) % 2 else None)


@lru_cache(maxsize=2)
def _transformer(inverse: bool = False) -> Transformer:
    if inverse:
        return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


def to_l93(lat: float, lon: float) -> tuple[float, float]:
    x, y = _transformer().transform(lon, lat)
    return float(x), float(y)


def _project_coords(xy: np.ndarray) -> np.ndarray:
    x, y = _transformer().transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


@dataclass(frozen=True, slots=True)
class _Layer:
    geoms: tuple[BaseGeometry, ...]
    names: tuple[str, ...]
    tree: shapely.STRtree


# The gazetteer hands out one shared, never-mutated FeatureCollection per level: parsing its 3,782
# communes takes ~0.6 s, so a parsed layer is kept for the last few collections seen. The entry
# holds the collection itself, so its id cannot be reused by another object while cached.
_LAYER_CACHE: OrderedDict[tuple[int, str], tuple[Mapping[str, Any], _Layer]] = OrderedDict()
_LAYER_CACHE_SIZE = 4
_LAYER_LOCK = threading.Lock()


def _layer(collection: Mapping[str, Any], what: str) -> _Layer:
    key = (id(collection), what)
    with _LAYER_LOCK:
        hit = _LAYER_CACHE.get(key)
        if hit is not None and hit[0] is collection:
            _LAYER_CACHE.move_to_end(key)
            return hit[1]
    layer = _parse_layer(collection, what)
    with _LAYER_LOCK:
        _LAYER_CACHE[key] = (collection, layer)
        while len(_LAYER_CACHE) > _LAYER_CACHE_SIZE:
            _LAYER_CACHE.popitem(last=False)
    return layer


def _parse_layer(collection: Mapping[str, Any], what: str) -> _Layer:
    if collection.get("type") != "FeatureCollection" or not isinstance(
        collection.get("features"), list
    ):
        raise ValidationError(f"outlines[{what!r}]", "expected a GeoJSON FeatureCollection")
    geoms: list[BaseGeometry] = []
    names: list[str] = []
    for i, feature in enumerate(collection["features"]):
        try:
            geom = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValidationError(
                f"outlines[{what!r}].features[{i}]", f"unreadable geometry ({exc})"
            ) from exc
        if geom.is_empty:
            continue
        props = feature.get("properties") or {}
        geoms.append(geom)
        names.append(str(props.get("nom") or props.get("name") or props.get("label") or ""))
    return _Layer(tuple(geoms), tuple(names), shapely.STRtree(geoms))


@dataclass(frozen=True, slots=True)
class Basemap:
    """Outlines parsed once (WGS84 + spatial index) and reused for every page of a document."""

    communes: _Layer | None = None
    departements: _Layer | None = None

    @classmethod
    def from_outlines(cls, outlines: Mapping[str, Any] | Basemap | None) -> Basemap:
        """Accept ``{"commune": FC, "departement": FC}`` (either key optional) or one
        FeatureCollection, taken as the département layer."""
        if outlines is None:
            return cls()
        if isinstance(outlines, Basemap):
            return outlines
        if outlines.get("type") == "FeatureCollection":
            return cls(departements=_layer(outlines, "departement"))
        unknown = set(outlines) - {"commune", "departement"}
        if unknown:
            raise ValidationError(
                "outlines", f"unknown layer(s) {sorted(unknown)} (expected commune, departement)"
            )
        commune = outlines.get("commune")
        departement = outlines.get("departement")
        return cls(
            communes=_layer(commune, "commune") if commune else None,
            departements=_layer(departement, "departement") if departement else None,
        )


@dataclass(frozen=True, slots=True)
class MapStop:
    lat: float
    lon: float
    label: str = ""  # the number printed in the circle; empty for a plain dot
    fixed: bool = False


@dataclass(frozen=True, slots=True)
class MapRoute:
    line: tuple[tuple[float, float], ...]  # (lat, lon) in driving order, start and end included
    stops: tuple[MapStop, ...]
    start: tuple[float, float] | None = None
    end: tuple[float, float] | None = None
    colour: colors.Color = ACCENT
    dash: tuple[float, float] | None = None  # a dashed line when officers outnumber colours


@dataclass(slots=True)
class _Frame:
    """Lambert-93 box → drawing coordinates."""

    x0: float
    y0: float
    scale: float  # points per metre
    ox: float = 0.0
    oy: float = 0.0

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + (x - self.x0) * self.scale, self.oy + (y - self.y0) * self.scale


def _fit_box(
    points: Sequence[tuple[float, float]], width: float, height: float, min_span_m: float
) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    dx = max(max(xs) - min(xs), min_span_m) * 1.16
    dy = max(max(ys) - min(ys), min_span_m) * 1.16
    # Grow the short side so the box has the drawing's aspect ratio (the basemap fills it).
    if dx / dy < width / height:
        dx = dy * width / height
    else:
        dy = dx * height / width
    return cx - dx / 2, cy - dy / 2, cx + dx / 2, cy + dy / 2


def _rings(geom: BaseGeometry) -> Iterable[np.ndarray]:
    if isinstance(geom, shapely.Polygon):
        yield np.asarray(geom.exterior.coords)
        for hole in geom.interiors:
            yield np.asarray(hole.coords)
    elif isinstance(geom, shapely.LineString | shapely.LinearRing):
        yield np.asarray(geom.coords)
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _rings(part)


def _clipped(
    layer: _Layer, box: tuple[float, float, float, float], tolerance_m: float
) -> list[tuple[int, BaseGeometry]]:
    """The layer's geometries meeting the box, projected, clipped and simplified."""
    corners = np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]])
    lon, lat = _transformer(inverse=True).transform(corners[:, 0], corners[:, 1])
    query = shapely.box(min(lon), min(lat), max(lon), max(lat)).buffer(0.02)
    out: list[tuple[int, BaseGeometry]] = []
    for index in layer.tree.query(query):
        geom = shapely.transform(layer.geoms[index], _project_coords)
        geom = shapely.clip_by_rect(geom, *box)
        if geom.is_empty:
            continue
        geom = shapely.simplify(geom, tolerance_m, preserve_topology=False)
        if not geom.is_empty:
            out.append((int(index), _without_specks(geom, (12 * tolerance_m) ** 2)))
    return out


def _without_specks(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    """Drop holes too small to see: outlines dissolved from communes keep slivers that would
    print as stray dashes inside a département."""
    if isinstance(geom, shapely.Polygon):
        holes = [h for h in geom.interiors if shapely.Polygon(h).area >= min_area]
        return shapely.Polygon(geom.exterior, holes) if len(holes) != len(geom.interiors) else geom
    if isinstance(geom, shapely.MultiPolygon):
        return shapely.MultiPolygon([_without_specks(p, min_area) for p in geom.geoms])
    return geom


def _path_of(geom: BaseGeometry, frame: _Frame, **style: Any) -> Path | None:
    path = Path(**style)
    has_points = False
    for ring in _rings(geom):
        if len(ring) < 2:
            continue
        pts = [frame.xy(float(x), float(y)) for x, y in ring[:, :2]]
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        if len(ring) > 2 and tuple(ring[0]) == tuple(ring[-1]):
            path.closePath()
        has_points = True
    return path if has_points else None


def _spread(
    anchors: Sequence[tuple[float, float]],
    radius: float,
    width: float,
    height: float,
    obstacles: Sequence[tuple[float, float]] = (),
) -> list[tuple[float, float]]:
    """Push overlapping markers apart (a few relaxation rounds) so every number stays legible;
    the caller draws a leader line back to the true location."""
    pos = [list(a) for a in anchors]
    need = 2 * radius + 0.8
    for _ in range(80):
        moved = False
        for i in range(len(pos)):
            for j in range(i + 1, len(pos)):
                dx = pos[j][0] - pos[i][0]
                dy = pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                if d >= need:
                    continue
                if d < 1e-6:
                    angle = (j * 2.399963) % (2 * math.pi)  # golden angle: fan out duplicates
                    dx, dy, d = math.cos(angle), math.sin(angle), 1.0
                push = (need - d) / 2 + 0.05
                pos[i][0] -= dx / d * push
                pos[i][1] -= dy / d * push
                pos[j][0] += dx / d * push
                pos[j][1] += dy / d * push
                moved = True
        for p in pos:  # markers move off the house/flag symbols, which stay put
            for ox, oy in obstacles:
                dx, dy = p[0] - ox, p[1] - oy
                d = math.hypot(dx, dy)
                clear = radius + 8.0
                if d < clear:
                    if d < 1e-6:
                        dx, dy, d = 0.0, -1.0, 1.0
                    p[0] += dx / d * (clear - d + 0.05)
                    p[1] += dy / d * (clear - d + 0.05)
                    moved = True
        for p in pos:  # pushed markers stay inside the frame
            p[0] = min(max(p[0], radius + 1), width - radius - 1)
            p[1] = min(max(p[1], radius + 1), height - radius - 1)
        if not moved:
            break
    return [(p[0], p[1]) for p in pos]


def _house(x: float, y: float, size: float, colour: colors.Color) -> Group:
    h = size
    body = Path(fillColor=colors.white, strokeColor=colour, strokeWidth=1.2, strokeLineJoin=1)
    body.moveTo(x - h * 0.55, y - h * 0.5)
    body.lineTo(x + h * 0.55, y - h * 0.5)
    body.lineTo(x + h * 0.55, y + h * 0.1)
    body.lineTo(x + h * 0.75, y + h * 0.1)
    body.lineTo(x, y + h * 0.75)
    body.lineTo(x - h * 0.75, y + h * 0.1)
    body.lineTo(x - h * 0.55, y + h * 0.1)
    body.closePath()
    door = Rect(x - h * 0.15, y - h * 0.5, h * 0.3, h * 0.38, fillColor=colour, strokeColor=None)
    return Group(body, door)


def _flag(x: float, y: float, size: float, colour: colors.Color) -> Group:
    pole = Line(x, y, x, y + size * 1.5, strokeColor=INK, strokeWidth=1.1)
    cloth = Path(fillColor=colour, strokeColor=INK, strokeWidth=0.5)
    cloth.moveTo(x, y + size * 1.5)
    cloth.lineTo(x + size, y + size * 1.2)
    cloth.lineTo(x, y + size * 0.9)
    cloth.closePath()
    foot = Circle(x, y, 1.2, fillColor=INK, strokeColor=None)
    return Group(pole, cloth, foot)


def _stop_marker(
    x: float, y: float, radius: float, label: str, fixed: bool, colour: colors.Color
) -> Group:
    f = fonts()
    fill = FIXED if fixed else colour
    group = Group()
    if fixed:  # a square reads as "appointment" even on a black and white print
        group.add(
            Rect(
                x - radius,
                y - radius,
                2 * radius,
                2 * radius,
                rx=1,
                ry=1,
                fillColor=fill,
                strokeColor=colors.white,
                strokeWidth=0.8,
            )
        )
    else:
        group.add(Circle(x, y, radius, fillColor=fill, strokeColor=colors.white, strokeWidth=0.8))
    if label:
        size = radius * (1.15 if len(label) < 2 else 0.95)
        group.add(
            String(
                x,
                y - size * 0.36,
                label,
                fontName=f.bold,
                fontSize=size,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
    return group


def _nice_length(target_m: float) -> float:
    exponent = math.floor(math.log10(max(target_m, 1.0)))
    for step in (5, 2, 1):
        if step * 10.0**exponent <= target_m:
            return step * 10.0**exponent
    return 10.0**exponent


def _scale_bar(frame: _Frame, width: float, lang: Lang) -> Group:
    f = fonts()
    metres = _nice_length(width * 0.22 / frame.scale)
    length = metres * frame.scale
    x, y = 6.0, 6.0
    group = Group()
    group.add(
        Rect(
            x - 3,
            y - 3,
            length + 30,
            15,
            fillColor=colors.white,
            fillOpacity=0.85,
            strokeColor=None,
        )
    )
    half = length / 2
    group.add(Rect(x, y, half, 3, fillColor=INK, strokeColor=INK, strokeWidth=0.5))
    group.add(Rect(x + half, y, half, 3, fillColor=colors.white, strokeColor=INK, strokeWidth=0.5))
    text = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    if lang == "fr":
        text = text.replace(".", ",")
    group.add(String(x, y + 4.5, "0", fontName=f.regular, fontSize=6.5, fillColor=INK))
    group.add(
        String(
            x + length,
            y + 4.5,
            text,
            fontName=f.regular,
            fontSize=6.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    return group


def _north_arrow(x: float, y: float) -> Group:
    f = fonts()
    arrow = Path(fillColor=INK, strokeColor=INK, strokeWidth=0.5)
    arrow.moveTo(x, y + 11)
    arrow.lineTo(x + 4, y)
    arrow.lineTo(x, y + 3)
    arrow.lineTo(x - 4, y)
    arrow.closePath()
    label = String(x, y + 13, "N", fontName=f.bold, fontSize=8, fillColor=INK, textAnchor="middle")
    return Group(arrow, label)


def _legend(items: Sequence[tuple[str, colors.Color, str]], x_right: float, y: float) -> Group:
    """Legend box anchored bottom-right; items are (symbol, colour, label)."""
    f = fonts()
    size = 7.0
    line_h = 10.0
    text_w = max(stringWidth(label, f.regular, size) for _, _, label in items)
    w = text_w + 22
    h = line_h * len(items) + 5
    group = Group()
    x = x_right - w - 4
    group.add(
        Rect(
            x, y, w, h, fillColor=colors.white, fillOpacity=0.88, strokeColor=MUTED, strokeWidth=0.4
        )
    )
    for k, (symbol, colour, label) in enumerate(items):
        cy = y + h - 4 - line_h * k - line_h / 2
        sx = x + 9
        if symbol == "house":
            group.add(_house(sx, cy, 6, colour))
        elif symbol == "flag":
            group.add(_flag(sx - 2, cy - 4.5, 5.5, colour))
        elif symbol in ("line", "dashed"):
            group.add(
                Line(
                    sx - 6,
                    cy,
                    sx + 6,
                    cy,
                    strokeColor=colour,
                    strokeWidth=2.2,
                    strokeDashArray=list(ROUTE_DASH) if symbol == "dashed" else None,
                )
            )
        else:
            group.add(_stop_marker(sx, cy, 3.6, "", symbol == "fixed", colour))
        group.add(
            String(
                x + 18, cy - size * 0.35, label, fontName=f.regular, fontSize=size, fillColor=INK
            )
        )
    return group


def _place_labels(
    routes: Sequence[MapRoute],
    clipped: Sequence[tuple[int, BaseGeometry]],
    layer: _Layer,
    frame: _Frame,
    obstacles: Sequence[tuple[float, float, float]] = (),
) -> list[tuple[float, float, str]]:
    """Names of the communes the day passes through, placed inside each commune: they let the
    officer match the map with road signs. Few enough not to clutter (at most 20).

    ``obstacles`` are the markers and house/flag symbols as drawn (after they were spread
    apart), each ``(x, y, radius)``: a label moves off them, and a label that cannot clear
    every one is left out rather than printed half hidden under a marker."""
    by_index = dict(clipped)
    seen: dict[int, None] = {}
    for route in routes:
        spots = [s for s in route.stops] + [
            MapStop(*p) for p in (route.start, route.end) if p is not None
        ]
        for stop in spots:
            point = shapely.Point(*to_l93(stop.lat, stop.lon))
            for index, geom in by_index.items():
                if geom.covers(point):
                    seen.setdefault(index, None)
                    break
    f = fonts()
    labels: list[tuple[float, float, str]] = []
    for index in list(seen)[:20]:
        name = layer.names[index]
        if not name:
            continue
        x, y = by_index[index].representative_point().coords[0]
        px, py = frame.xy(x, y)
        half = stringWidth(name, f.italic, 6.5) / 2 + 1.5

        def clearance(cx: float, cy: float, half: float = half) -> float:
            # gap between the label's veil (LABEL_BOX around the baseline) and the nearest
            # marker's edge; negative when they overlap
            low, high = cy + LABEL_BOX[0], cy + LABEL_BOX[1]
            return min(
                (
                    math.hypot(
                        max(abs(mx - cx) - half, 0),
                        max(low - my, my - high, 0),
                    )
                    - r
                    for mx, my, r in obstacles
                ),
                default=99.0,
            )

        candidates = [(px, py)] + [
            (px + dx, py + dy)
            for step in (1, 2, 3)
            for dx, dy in (
                (0, -10 * step),
                (0, 10 * step),
                (-(half + 8) * step, 0),
                (+(half + 8) * step, 0),
                (-(half + 4) * step, -8 * step),
                (+(half + 4) * step, -8 * step),
                (-(half + 4) * step, 8 * step),
                (+(half + 4) * step, 8 * step),
            )
        ]
        best = max(
            candidates, key=lambda c: min(clearance(*c), 6.0) - 0.01 * math.dist(c, (px, py))
        )
        if clearance(*best) < 0.5:
            continue
        labels.append((best[0], best[1], name))
    return labels


def route_map(
    routes: Sequence[MapRoute],
    basemap: Basemap,
    width: float,
    height: float,
    *,
    lang: Lang,
    legend: Sequence[tuple[str, colors.Color, str]] | None = None,
    label_departements: bool = False,
    label_places: bool = True,
    min_span_m: float = 4000.0,
) -> Drawing:
    """One framed map: basemap, routes, markers, scale bar, north arrow and legend."""
    drawing = Drawing(width, height)
    points = [
        to_l93(lat, lon)
        for route in routes
        for lat, lon in (
            list(route.line)
            + [(s.lat, s.lon) for s in route.stops]
            + [p for p in (route.start, route.end) if p is not None]
        )
    ]
    if not points:
        points = [to_l93(49.9, 2.8)]  # the middle of the region: an empty day still gets a map
        min_span_m = max(min_span_m, 250_000)
    box = _fit_box(points, width, height, min_span_m)
    frame = _Frame(box[0], box[1], width / (box[2] - box[0]))
    tolerance = 0.35 / frame.scale  # a third of a point on paper
    # Commune borders are a faint background: a coarser outline is invisible and halves the size.
    commune_tolerance = 0.7 / frame.scale

    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    # Past ~150 km across, commune borders become a grey haze: départements alone read better.
    communes = basemap.communes if box[2] - box[0] <= 150_000 else None
    commune_labels: list[tuple[float, float, str]] = []
    label_layer: tuple[list[tuple[int, BaseGeometry]], _Layer] | None = None
    departement_labels: list[tuple[float, float, str]] = []
    if communes is not None:
        edge = 0.3 if basemap.departements is not None else 0.6
        clipped_communes = _clipped(communes, box, commune_tolerance)
        for _, geom in clipped_communes:
            path = _path_of(
                geom,
                frame,
                fillColor=LAND,
                strokeColor=COMMUNE_EDGE,
                strokeWidth=edge,
                strokeLineJoin=1,
            )
            if path is not None:
                drawing.add(path)
        if label_places:
            label_layer = (clipped_communes, communes)
    if basemap.departements is not None:
        fill = None if communes is not None else LAND
        clipped = _clipped(basemap.departements, box, tolerance)
        for _, geom in clipped:
            path = _path_of(
                geom,
                frame,
                fillColor=fill,
                strokeColor=DEPARTEMENT_EDGE,
                strokeWidth=1.0,
                strokeLineJoin=1,
            )
            if path is not None:
                drawing.add(path)
        if label_departements:
            for index, geom in clipped:
                name = basemap.departements.names[index]
                if not name or geom.area * frame.scale**2 < 900:
                    continue
                largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
                centre = polylabel(largest, tolerance=500)
                px, py = frame.xy(*centre.coords[0])
                departement_labels.append((px, py, name.upper()))

    many = len(routes) > 1
    # Markers are laid out (spread apart) before the town labels are placed, so the labels
    # can keep clear of where the markers are really drawn.
    layouts: list[tuple[MapRoute, float, list[tuple[float, float]], list[tuple[float, float]]]] = []
    for route in routes:
        numbered = any(s.label for s in route.stops)
        radius = (5.6 if len(route.stops) < 10 else 5.0) if numbered else 2.2
        anchors = [frame.xy(*to_l93(s.lat, s.lon)) for s in route.stops]
        symbols = [frame.xy(*to_l93(*p)) for p in (route.start, route.end) if p is not None]
        placed = _spread(anchors, radius, width, height, symbols) if numbered else anchors
        layouts.append((route, radius, anchors, placed))
    if label_layer is not None:
        obstacles = [
            (x, y, radius * 1.45)  # a fixed appointment's square reaches its corners
            for _, radius, _, placed in layouts
            for x, y in placed
        ] + [
            (*frame.xy(*to_l93(*p)), 7.0)
            for route in routes
            for p in (route.start, route.end)
            if p is not None
        ]
        commune_labels = _place_labels(routes, *label_layer, frame, obstacles)

    for route in routes:
        line = [frame.xy(*to_l93(lat, lon)) for lat, lon in route.line]
        if len(line) >= 2:
            flat = [c for p in line for c in p]
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=colors.white,
                    strokeWidth=4.2 if not many else 3.0,
                    strokeLineJoin=1,
                    strokeLineCap=1,
                )
            )
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=route.colour,
                    strokeWidth=2.0 if not many else 1.4,
                    strokeDashArray=list(route.dash) if route.dash else None,
                    strokeLineJoin=1,
                    strokeLineCap=1,
                )
            )

    f = fonts()
    for px, py, name in commune_labels:  # above the routes, off the markers
        w = stringWidth(name, f.italic, 6.5)
        drawing.add(
            Rect(
                px - w / 2 - 1.5,
                py - 2.2,
                w + 3,
                8.4,
                fillColor=colors.white,
                fillOpacity=0.7,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                px, py, name, fontName=f.italic, fontSize=6.5, fillColor=LABEL, textAnchor="middle"
            )
        )

    for route in routes:
        ends = [p for p in (route.start, route.end) if p is not None]
        same = (
            route.start is not None
            and route.end is not None
            and math.dist(to_l93(*route.start), to_l93(*route.end)) < 100
        )
        if route.end is not None and not same:
            ex, ey = frame.xy(*to_l93(*route.end))
            drawing.add(_flag(ex, ey, 7 if not many else 5, route.colour))
        if ends and route.start is not None:
            sx, sy = frame.xy(*to_l93(*route.start))
            drawing.add(_house(sx, sy, 9 if not many else 6, route.colour))

    for route, radius, anchors, placed in layouts:
        for (ax, ay), (px, py) in zip(anchors, placed, strict=True):
            if math.dist((ax, ay), (px, py)) > radius * 0.6:
                drawing.add(Line(ax, ay, px, py, strokeColor=INK, strokeWidth=0.5))
                drawing.add(Circle(ax, ay, 1.1, fillColor=INK, strokeColor=None))
        for stop, (px, py) in zip(route.stops, placed, strict=True):
            drawing.add(_stop_marker(px, py, radius, stop.label, stop.fixed, route.colour))

    f = fonts()
    for px, py, name in departement_labels:  # on top of the routes, on a veil so both read
        w = stringWidth(name, f.bold, 8)
        drawing.add(
            Rect(
                px - w / 2 - 2,
                py - 2.6,
                w + 4,
                10,
                fillColor=colors.white,
                fillOpacity=0.75,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                px,
                py,
                name,
                fontName=f.bold,
                fontSize=8,
                fillColor=DEPARTEMENT_EDGE,
                textAnchor="middle",
            )
        )
    drawing.add(_scale_bar(frame, width, lang))
    drawing.add(_north_arrow(width - 10, height - 20))
    if legend is None:
        legend = [
            ("house", ACCENT, tr(lang, "legend_start")),
            ("flag", ACCENT, tr(lang, "legend_end")),
            ("stop", ACCENT, tr(lang, "legend_stop")),
            ("fixed", FIXED, tr(lang, "legend_fixed")),
        ]
    if legend:
        drawing.add(_legend(legend, width, 4))
    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=INK, strokeWidth=0.6))
    return drawing
