"""A small static locator map: the region's départements (and Belgium's provinces beside
them, for partners across the border), the commune and the organisation.

Drawn with QPainter from plain coordinates (no tiles, no network). The outlines come from the
gazetteer (read on the worker thread by :func:`locator_shapes`); without it, a rough outline
of the region stands in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

Ring = tuple[tuple[float, float], ...]  # (lon, lat) points


@dataclass(frozen=True, slots=True)
class LocatorShapes:
    departements: tuple[Ring, ...]
    commune: tuple[Ring, ...]
    commune_name: str | None = None
    belgium: tuple[Ring, ...] = ()


def _rings(geometry: dict[str, Any]) -> list[Ring]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [tuple((float(x), float(y)) for x, y, *_ in poly[0]) for poly in polygons if poly]


@cache
def _departement_rings() -> tuple[Ring, ...]:
    from hdf_field.services.map_data import region_outlines

    features = region_outlines("departement")["features"]
    return tuple(r for f in features for r in _rings(f["geometry"]))


@cache
def _belgian_rings() -> tuple[Ring, ...]:
    from hdf_field.services.map_data import belgian_region_outlines

    features = belgian_region_outlines("arrondissement")["features"]
    return tuple(r for f in features for r in _rings(f["geometry"]))


def locator_shapes(insee: str | None) -> LocatorShapes | None:
    """Plain data for the mini-map (safe to build off the GUI thread); None without gazetteer."""
    try:
        from hdf_field.services.map_data import commune_name, region_outlines

        deps = _departement_rings()
        commune: tuple[Ring, ...] = ()
        name = None
        if insee:
            for f in region_outlines("commune")["features"]:
                if f["properties"].get("code") == insee:
                    commune = tuple(_rings(f["geometry"]))
                    break
            name = commune_name(insee)
        return LocatorShapes(deps, commune, name, _belgian_rings())
    except Exception:  # gazetteer not built on this machine: the rough outline will do
        return None


# Préfectures, to give the eye something to hold on to.
LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("Lille", 50.6292, 3.0573),
    ("Arras", 50.2910, 2.7775),
    ("Amiens", 49.8941, 2.2958),
    ("Beauvais", 49.4295, 2.0807),
    ("Laon", 49.5641, 3.6199),
    ("Boulogne-sur-Mer", 50.7264, 1.6147),
    ("Dunkerque", 51.0343, 2.3768),
    ("Saint-Quentin", 49.8465, 3.2876),
)
# Rough outline of Hauts-de-France (lat, lon), enough for a locator.
OUTLINE: tuple[tuple[float, float], ...] = (
    (51.09, 2.54),
    (50.82, 2.63),
    (50.72, 3.01),
    (50.79, 3.27),
    (50.52, 3.29),
    (50.49, 3.62),
    (50.33, 3.70),
    (50.30, 4.05),
    (50.13, 4.23),
    (49.96, 4.23),
    (49.80, 4.06),
    (49.54, 4.06),
    (49.40, 4.04),
    (49.05, 3.60),
    (48.95, 3.48),
    (49.05, 3.17),
    (49.12, 2.50),
    (49.06, 2.08),
    (49.21, 1.74),
    (49.70, 1.72),
    (50.00, 1.45),
    (50.36, 1.56),
    (50.73, 1.59),
    (50.95, 1.82),
)
BOUNDS = (48.8, 51.2, 1.3, 4.4)  # lat min/max, lon min/max


class MiniMap(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._point: tuple[float, float] | None = None
        self._label = ""
        self._shapes: LocatorShapes | None = None
        self.setMinimumSize(QSize(220, 180))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_point(self, lat: float | None, lon: float | None, label: str = "") -> None:
        self._point = (lat, lon) if lat is not None and lon is not None else None
        self._label = label
        self.update()

    def set_shapes(self, shapes: LocatorShapes | None) -> None:
        self._shapes = shapes
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 220)

    def _project(self, rect: QRectF, lat: float, lon: float) -> QPointF:
        lat0, lat1, lon0, lon1 = BOUNDS
        x = rect.left() + (lon - lon0) / (lon1 - lon0) * rect.width()
        y = rect.bottom() - (lat - lat0) / (lat1 - lat0) * rect.height()
        return QPointF(x, y)

    def _path(self, rect: QRectF, ring: list[tuple[float, float]]) -> QPainterPath:
        # One polygon per ring, thinned to a few hundred points: a 260-pixel map needs no
        # more, and fewer calls into Qt keep painting cheap.
        step = max(1, len(ring) // 300)
        points = [self._project(rect, lat, lon) for lat, lon in ring[::step]]
        path = QPainterPath()
        path.addPolygon(QPolygonF(points))
        path.closeSubpath()
        return path

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        full = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.fillRect(full, QColor("#eef3f8"))
        # Keep the aspect of the region (1° lon ≈ 0.65° lat at 50°N).
        lat0, lat1, lon0, lon1 = BOUNDS
        aspect = ((lon1 - lon0) * 0.64) / (lat1 - lat0)
        w = min(full.width(), full.height() * aspect)
        h = w / aspect
        rect = QRectF(full.center().x() - w / 2, full.center().y() - h / 2, w, h)
        shapes = self._shapes
        p.setClipRect(full)
        if shapes is not None and shapes.belgium:
            p.setPen(QPen(QColor("#b8c4d0"), 0.8))
            p.setBrush(QColor("#f6f7f3"))
            for ring in shapes.belgium:
                p.drawPath(self._path(rect, [(lat, lon) for lon, lat in ring]))
        rings = (
            [[(lat, lon) for lon, lat in ring] for ring in shapes.departements]
            if shapes is not None and shapes.departements
            else [list(OUTLINE)]
        )
        p.setPen(QPen(QColor("#7a96b3"), 1.0))
        p.setBrush(QColor("#ffffff"))
        for outline in rings:
            p.drawPath(self._path(rect, outline))
        if shapes is not None:
            p.setPen(QPen(QColor("#d9480f"), 1.0))
            p.setBrush(QColor(217, 72, 15, 70))
            for ring in shapes.commune:
                p.drawPath(self._path(rect, [(lat, lon) for lon, lat in ring]))
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() - 2))
        p.setFont(small)
        for name, lat, lon in LANDMARKS:
            pt = self._project(rect, lat, lon)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#7a96b3"))
            p.drawEllipse(pt, 2.2, 2.2)
            p.setPen(QColor("#5a6f86"))
            p.drawText(pt + QPointF(4, 3), name)
        if self._point is not None:
            pt = self._project(rect, *self._point)
            p.setPen(QPen(QColor("#ffffff"), 2))
            p.setBrush(QColor("#d9480f"))
            p.drawEllipse(pt, 6, 6)
        else:
            p.setPen(QColor("#5a6f86"))
            p.drawText(
                full, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, self._label
            )
        p.end()
