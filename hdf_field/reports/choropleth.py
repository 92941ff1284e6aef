"""Areas coloured by a rate, projected to a flat drawing: shared by the dashboard's Qt view
and its PDF, so both show the same map without a web engine."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Sequential blues, light = little coverage; one colour per class of :data:`BREAKS`.
COLOURS: tuple[str, ...] = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#e5e7eb"
# Upper bounds of the first classes; the last class is everything above.
BREAKS: tuple[float, ...] = (0.05, 0.10, 0.20, 0.35, 0.50)

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class ProjectedArea:
    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # polygons of rings, in drawing units, y down


def colour_for(rate: float | None) -> str:
    if rate is None:
        return NO_DATA
    for i, upper in enumerate(BREAKS):
        if rate <= upper:
            return COLOURS[i]
    return COLOURS[len(BREAKS)]


def legend_classes() -> list[tuple[str, str]]:
    """(colour, label) per class, e.g. ``("#c6dbef", "5 – 10 %")``."""
    bounds = (0.0, *BREAKS)
    rows = []
    for i, colour in enumerate(COLOURS):
        if i + 1 < len(bounds):
            rows.append((colour, f"{bounds[i] * 100:.0f} – {bounds[i + 1] * 100:.0f} %"))
        else:
            rows.append((colour, f"> {bounds[i] * 100:.0f} %"))
    return rows


def project(
    collection: Mapping[str, Any],
    width: float,
    height: float,
    *,
    code_property: str = "code",
    name_property: str = "name",
) -> list[ProjectedArea]:
    """Fit the collection into ``width`` × ``height`` (equirectangular at the mean latitude,
    which is accurate enough for one region) with y growing downwards."""
    features = collection.get("features", [])
    polygons_of: list[tuple[str, str, list[Any]]] = []
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polys = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polys = list(geometry["coordinates"])
        else:
            continue
        props = feature.get("properties") or {}
        polygons_of.append((str(props.get(code_property)), str(props.get(name_property)), polys))
        for poly in polys:
            for lon, lat, *_ in poly[0]:
                xs.append(lon)
                ys.append(lat)
    if not xs:
        return []
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x = (max(xs) - min(xs)) * k or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    scale = min(width / span_x, height / span_y)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2
    x0, y1 = min(xs), max(ys)

    def pt(lon: float, lat: float) -> tuple[float, float]:
        return (off_x + (lon - x0) * k * scale, off_y + (y1 - lat) * scale)

    return [
        ProjectedArea(
            code,
            name,
            tuple(tuple([pt(c[0], c[1]) for c in ring] for ring in poly) for poly in polys),
        )
        for code, name, polys in polygons_of
    ]


def rates_by_code(rows: Sequence[Any]) -> dict[str, float]:
    """Coverage rows (anything with ``code``, ``prospects`` and ``rate``) → code → rate,
    leaving out areas without prospects (drawn as "no data")."""
    return {r.code: r.rate for r in rows if r.prospects}
