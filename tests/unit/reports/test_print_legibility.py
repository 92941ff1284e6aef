"""Printed maps stay legible: officers told apart by colour, town names never under a marker."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date
from itertools import combinations
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from reportlab.graphics.shapes import Circle, Group, PolyLine, String
from shapely.geometry import shape

from hdf_field.planning.day_route import plan_day
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import Place
from hdf_field.reports.day_sheet import render_day_plan
from hdf_field.reports.plan_map import (
    LABEL_BOX,
    ROUTE_COLOURS,
    Basemap,
    MapRoute,
    MapStop,
    route_map,
    route_style,
)


def _lab(colour: Any) -> tuple[float, float, float]:
    """CIELAB (D65) of a reportlab colour: distances there match what the eye tells apart."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.red, colour.green, colour.blue))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_twelve_officers_get_twelve_colours_far_apart() -> None:
    styles = [route_style(i) for i in range(12)]
    assert len({(c.hexval(), d) for c, d in styles}) == 12
    nearest = min(math.dist(_lab(a), _lab(b)) for (a, _), (b, _) in combinations(styles, 2))
    assert nearest >= 25  # ΔE76 ≈ 25: plainly different hues, even printed
    # and every colour is dark enough for the white number inside a marker
    assert all(_lab(c)[0] <= 70 for c in ROUTE_COLOURS)


def test_past_the_palette_routes_differ_by_dash() -> None:
    n = len(ROUTE_COLOURS)
    styles = [route_style(i) for i in range(2 * n)]
    assert len({(c.hexval(), d) for c, d in styles}) == 2 * n
    assert route_style(0)[1] is None and route_style(n)[1] is not None


def _walk(node: Any) -> Iterator[Any]:
    for child in getattr(node, "contents", []):
        yield child
        if isinstance(child, Group):
            yield from _walk(child)


def _square(lon: float, lat: float, size: float) -> list[list[list[float]]]:
    return [
        [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    ]


def test_town_labels_are_not_under_markers_and_sit_above_the_routes() -> None:
    towns = {"Amiens": (2.25, 49.85), "Boves": (2.35, 49.85), "Longueau": (2.25, 49.95)}
    features = [
        {
            "type": "Feature",
            "properties": {"nom": name},
            "geometry": {"type": "Polygon", "coordinates": _square(lon, lat, 0.1)},
        }
        for name, (lon, lat) in towns.items()
    ]
    basemap = Basemap.from_outlines(
        {"commune": {"type": "FeatureCollection", "features": features}}
    )
    # Stops right where each town's name would go (its representative point in Lambert-93, as
    # the map computes it), and a few around it.
    to_l93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    to_wgs = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
    stops = []
    for geometry in (shape(f["geometry"]) for f in features):
        point = shapely.transform(
            geometry, lambda xy: np.column_stack(to_l93.transform(xy[:, 0], xy[:, 1]))
        ).representative_point()
        lon, lat = to_wgs.transform(point.x, point.y)
        for dx, dy in ((0, 0), (0.004, 0.0), (-0.004, 0.001), (0.0, -0.003)):
            stops.append(MapStop(lat + dy, lon + dx, str(len(stops) + 1)))
    line = tuple((s.lat, s.lon) for s in stops)
    route = MapRoute(line, tuple(stops), line[0], line[-1])
    # the span leaves the towns whole, so their labels go where computed above
    drawing = route_map([route], basemap, 480, 360, lang="fr", min_span_m=40_000)

    shapes = list(_walk(drawing))
    labels = [s for s in shapes if isinstance(s, String) and s.text in towns]
    markers = [c for c in shapes if isinstance(c, Circle) and c.r >= 5]
    assert len(markers) == len(stops)
    assert labels, "the towns visited are named"
    for label in labels:
        half = label.fontSize * 0.3 * len(label.text)  # generous italic width
        for m in markers:
            gap_x = max(abs(m.cx - label.x) - half, 0)
            low, high = label.y + LABEL_BOX[0], label.y + LABEL_BOX[1]
            gap_y = max(low - m.cy, m.cy - high, 0)
            assert math.hypot(gap_x, gap_y) >= m.r, f"{label.text} under marker at {m.cx, m.cy}"
    route_lines = [i for i, s in enumerate(shapes) if isinstance(s, PolyLine)]
    assert min(shapes.index(label) for label in labels) > max(route_lines)


def test_the_day_sheet_shows_lunch_at_its_time_in_both_languages(
    pages_of: Callable[[bytes], list[str]],
) -> None:
    home = Place("Amiens", 49.8941, 2.2958)
    officer = OfficerSpec("o1", "Paul Martin", home)
    visits = [
        Prospect(f"p{k}", f"Atelier {k}", 49.95 - 0.03 * k, 2.25 + 0.04 * k, duration_min=60)
        for k in range(1, 6)
    ]
    plan = plan_day(officer, date(2030, 1, 8), visits)
    assert plan.lunch_at is not None and plan.lunch_until is not None
    slot = f"{plan.lunch_at:%H:%M}–{plan.lunch_until:%H:%M}"
    for lang, label in (("fr", "Pause déjeuner"), ("en", "Lunch break")):
        text = " ".join(" ".join(pages_of(render_day_plan(plan, lang=lang))).split())
        # once in the day's programme, once as a row of the visit table, each at its time
        assert text.count(f"{slot} {label}") == 2, lang
        # in the table (the last mentions), the row sits between the stops around it
        row = text.rindex(label)
        for stop in plan.stops:
            assert (text.rindex(stop.name) < row) == (stop.departure <= plan.lunch_at), stop.name
