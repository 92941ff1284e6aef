"""The day's route drawn over commune outlines: numbered stops, home, the order of driving.

A :class:`QGraphicsView` rather than a web map: the outlines ship with the app (the
gazetteer's GeoJSON), so the preview is offline by construction, opens instantly and needs
no browser process. Lines are straight (the travel model has no road geometry either).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from hdf_field.services.day_planner import DayPlan

SCALE = 1000.0  # scene units per degree of latitude
COS_LAT = math.cos(math.radians(50.0))  # the region spans 49–51°N: one factor is enough
ACCENT = QColor("#1565c0")
LOCKED = QColor("#0d3c78")
VIOLATION = QColor("#c62828")
LAND = QColor("#f3f1ea")
COMMUNE_LINE = QColor("#d6d1c4")
DEPARTEMENT_LINE = QColor("#9e9889")
OUTSIDE = QColor("#e4e7eb")  # Belgium, the sea, other regions: no outlines there
LABEL = QColor("#6d6a60")
FAN_PX = 13.0  # markers at (nearly) the same place are spread on a circle of this radius
# Where a commune's name may go, as (dx, dy) of its top-left corner from the anchor (the
# middle of the commune's south edge), in pixels, for a name of width w and height h: above
# first (the usual place), then below, right, left, then the same a little further out.
LABEL_GAP_PX = 2.0
LABEL_FAR_PX = 14.0


def _label_candidates(w: float, h: float) -> tuple[tuple[float, float], ...]:
    near, far = LABEL_GAP_PX, LABEL_FAR_PX
    return (
        (-w / 2, -h - near),
        (-w / 2, near),
        (near + 6, -h / 2),
        (-w - near - 6, -h / 2),
        (-w / 2, -h - far),
        (-w / 2, far),
        (far + 6, -h / 2),
        (-w - far - 6, -h / 2),
    )


def project(lat: float, lon: float) -> QPointF:
    return QPointF(lon * COS_LAT * SCALE, -lat * SCALE)


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    bbox: tuple[float, float, float, float]  # lon min, lat min, lon max, lat max
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) rings


@dataclass(frozen=True, slots=True)
class Basemap:
    communes: tuple[Outline, ...] = ()
    departements: tuple[Outline, ...] = ()


def _outlines(collection: dict[str, Any]) -> tuple[Outline, ...]:
    out: list[Outline] = []
    for feature in collection.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = tuple(
            tuple((float(x), float(y)) for x, y, *_ in ring) for poly in polygons for ring in poly
        )
        if not rings:
            continue
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        name = str(feature.get("properties", {}).get("name", ""))
        out.append(Outline(name, (min(xs), min(ys), max(xs), max(ys)), rings))
    return tuple(out)


@cache
def load_basemap() -> Basemap:
    """Parsed once per process (about a second); call it off the GUI thread the first time."""
    from hdf_field.services.map_data import region_outlines

    return Basemap(
        communes=_outlines(region_outlines("commune")),
        departements=_outlines(region_outlines("departement")),
    )


def _path(outlines: Iterable[Outline]) -> QPainterPath:
    path = QPainterPath()
    for outline in outlines:
        for ring in outline.rings:
            path.addPolygon(QPolygonF([project(lat, lon) for lon, lat in ring]))
            path.closeSubpath()
    return path


def _fan_out(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Pixel offsets so markers at (nearly) the same place stay readable: each group of
    points within ~150 m is spread on a small circle (the demo geocodes to commune centres,
    and real offices share buildings)."""
    groups: list[list[int]] = []
    for k, (lat, lon) in enumerate(points):
        for group in groups:
            glat, glon = points[group[0]]
            if abs(glat - lat) < 0.0015 and abs(glon - lon) < 0.002:
                group.append(k)
                break
        else:
            groups.append([k])
    out = [(0.0, 0.0)] * len(points)
    for group in groups:
        if len(group) < 2:
            continue
        radius = FAN_PX * max(1.0, len(group) / 4)
        for i, k in enumerate(group):
            angle = 2 * math.pi * i / len(group) - math.pi / 2
            out[k] = (radius * math.cos(angle), radius * math.sin(angle))
    return out


def _contains(outline: Outline, lat: float, lon: float) -> bool:
    x0, y0, x1, y1 = outline.bbox
    if not (x0 <= lon <= x1 and y0 <= lat <= y1):
        return False
    return any(
        QPolygonF([QPointF(x, y) for x, y in ring]).containsPoint(
            QPointF(lon, lat), Qt.FillRule.OddEvenFill
        )
        for ring in outline.rings
    )


def _overlaps(bbox: tuple[float, float, float, float], box: QRectF) -> bool:
    x0, y0, x1, y1 = bbox
    return not (x1 < box.left() or x0 > box.right() or y1 < box.top() or y0 > box.bottom())


class RouteMap(QGraphicsView):
    """``set_plan(plan, flagged)``: draws the plan; stops whose ids are in ``flagged`` in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QBrush(OUTSIDE))
        self.setMinimumSize(260, 220)
        self._basemap: Basemap | None = None
        self._plan: DayPlan | None = None
        self._flagged: set[str] = set()
        self._locked: set[str] = set()
        self._focus = QRectF()
        self.stop_items: list[QGraphicsEllipseItem] = []
        # Commune names, in placement priority (home's commune first, then the stops').
        self.commune_labels: list[QGraphicsSimpleTextItem] = []
        self.home_item: QGraphicsRectItem | None = None

    def set_basemap(self, basemap: Basemap) -> None:
        self._basemap = basemap
        self._redraw()

    def set_plan(
        self,
        plan: DayPlan | None,
        flagged: Iterable[str] = (),
        locked: Iterable[str] = (),
    ) -> None:
        self._plan = plan
        self._flagged = set(flagged)
        self._locked = set(locked)
        self._redraw()

    # -- drawing ---------------------------------------------------------------------------
    def _redraw(self) -> None:
        scene = self.scene()
        scene.clear()
        self.stop_items = []
        self.commune_labels = []
        self.home_item = None
        plan = self._plan
        points = self._points(plan)
        if not points:
            # Whole region when there is nothing to show.
            points = [(49.0, 1.4), (51.1, 4.3)]
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        pad_lat = max(0.04, (max(lats) - min(lats)) * 0.15)
        pad_lon = max(0.06, (max(lons) - min(lons)) * 0.15)
        geo_box = QRectF(
            QPointF(min(lons) - pad_lon * 2, min(lats) - pad_lat * 2),
            QPointF(max(lons) + pad_lon * 2, max(lats) + pad_lat * 2),
        )
        self._draw_basemap(geo_box)
        if plan is not None:
            self._draw_route(plan)
        tl = project(max(lats) + pad_lat, min(lons) - pad_lon)
        br = project(min(lats) - pad_lat, max(lons) + pad_lon)
        self._focus = QRectF(tl, br).normalized()
        scene.setSceneRect(self._focus.adjusted(-2000, -2000, 2000, 2000))
        self._fit()

    @staticmethod
    def _points(plan: DayPlan | None) -> list[tuple[float, float]]:
        if plan is None:
            return []
        pts = [(s.lat, s.lon) for s in plan.stops]
        pts += [(plan.start.lat, plan.start.lon), (plan.end.lat, plan.end.lon)]
        return pts

    def _draw_basemap(self, geo_box: QRectF) -> None:
        if self._basemap is None:
            return
        scene = self.scene()
        communes = [c for c in self._basemap.communes if _overlaps(c.bbox, geo_box)]
        item = QGraphicsPathItem(_path(communes))
        item.setBrush(QBrush(LAND))
        pen = QPen(COMMUNE_LINE, 0)
        item.setPen(pen)
        scene.addItem(item)
        deps = QGraphicsPathItem(_path(self._basemap.departements))
        deps.setPen(QPen(DEPARTEMENT_LINE, 1.6))
        pen = deps.pen()
        pen.setCosmetic(True)
        deps.setPen(pen)
        scene.addItem(deps)
        self._label_communes(communes)

    def _label_communes(self, communes: Sequence[Outline]) -> None:
        """Name the communes the route goes to: enough to read the map, never crowded."""
        plan = self._plan
        if plan is None:
            return
        places = [(plan.start.lat, plan.start.lon), *((s.lat, s.lon) for s in plan.stops)]
        named: dict[str, Outline] = {}
        for lat, lon in places:
            for outline in communes:
                if _contains(outline, lat, lon):
                    named.setdefault(outline.name, outline)
                    break
        font = QFont()
        font.setPointSizeF(8.0)
        font.setItalic(True)
        for name, outline in named.items():
            x0, y0, x1, y1 = outline.bbox
            anchor = QGraphicsRectItem(0, 0, 0, 0)
            anchor.setPen(QPen(Qt.PenStyle.NoPen))
            anchor.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            anchor.setPos(project(y0, (x0 + x1) / 2))
            anchor.setZValue(3)
            text = QGraphicsSimpleTextItem(name, anchor)
            text.setFont(font)
            text.setBrush(QBrush(LABEL))
            r = text.boundingRect()
            text.setPos(-r.width() / 2, -r.height() - LABEL_GAP_PX)
            self.scene().addItem(anchor)
            self.commune_labels.append(text)

    def _draw_route(self, plan: DayPlan) -> None:
        scene = self.scene()
        route = plan.route or (
            (plan.start.lat, plan.start.lon),
            *((s.lat, s.lon) for s in plan.stops),
            (plan.end.lat, plan.end.lon),
        )
        if len(route) >= 2:
            path = QPainterPath(project(*route[0]))
            for lat, lon in route[1:]:
                path.lineTo(project(lat, lon))
            line = QGraphicsPathItem(path)
            pen = QPen(ACCENT, 3.0)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            line.setPen(pen)
            scene.addItem(line)
        offsets = _fan_out(
            [(plan.start.lat, plan.start.lon), *((st.lat, st.lon) for st in plan.stops)]
        )
        dx, dy = offsets[0]
        home = QGraphicsRectItem(-7 + dx, -7 + dy, 14, 14)
        home.setBrush(QBrush(QColor("#263238")))
        home.setPen(QPen(Qt.GlobalColor.white, 1.5))
        home.setPos(project(plan.start.lat, plan.start.lon))
        home.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        home.setToolTip(plan.start.label)
        home.setZValue(50)
        scene.addItem(home)
        self.home_item = home
        self._markers(plan, offsets[1:])

    def _markers(self, plan: DayPlan, offsets: Sequence[tuple[float, float]]) -> None:
        scene = self.scene()
        font = QFont()
        font.setBold(True)
        font.setPointSizeF(8.5)
        for stop, (dx, dy) in zip(plan.stops, offsets, strict=True):
            colour = (
                VIOLATION
                if stop.organisation_id in self._flagged
                else LOCKED
                if stop.organisation_id in self._locked
                else ACCENT
            )
            dot = QGraphicsEllipseItem(-10 + dx, -10 + dy, 20, 20)
            dot.setBrush(QBrush(colour))
            dot.setPen(QPen(Qt.GlobalColor.white, 2))
            dot.setPos(project(stop.lat, stop.lon))
            dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            dot.setToolTip(f"{stop.order}. {stop.name} — {stop.start:%H:%M}")
            dot.setZValue(10 + stop.order)
            label = QGraphicsSimpleTextItem(str(stop.order), dot)
            label.setFont(font)
            label.setBrush(QBrush(Qt.GlobalColor.white))
            r = label.boundingRect()
            label.setPos(dx - r.width() / 2, dy - r.height() / 2)
            scene.addItem(dot)
            self.stop_items.append(dot)

    def _fit(self) -> None:
        if not self._focus.isNull():
            self.fitInView(self._focus, Qt.AspectRatioMode.KeepAspectRatio)
        self._place_labels()

    def view_rect(self, item: QGraphicsItem) -> QRectF:
        """Where ``item`` is drawn, in viewport pixels. ``sceneBoundingRect`` would be wrong
        for items that ignore the view's scale (markers, names), hence the device transform."""
        return item.deviceTransform(self.viewportTransform()).mapRect(item.boundingRect())

    def _place_labels(self) -> None:
        """Put each commune name where it covers no marker, no home and no other name.

        Markers and names keep their pixel size while the map scales, so whether they collide
        depends on the current scale: this runs after every fit. A name with no free place
        is hidden — a missing name is better than one under a dot (issue 12, item 10).
        """
        obstacles = [self.view_rect(dot) for dot in self.stop_items]
        if self.home_item is not None:
            obstacles.append(self.view_rect(self.home_item))
        transform = self.viewportTransform()
        for text in self.commune_labels:
            anchor = text.parentItem()
            if anchor is None:
                continue
            origin = transform.map(anchor.scenePos())
            size = text.boundingRect()
            text.setVisible(False)
            for dx, dy in _label_candidates(size.width(), size.height()):
                rect = QRectF(origin.x() + dx, origin.y() + dy, size.width(), size.height())
                if not any(rect.intersects(other) for other in obstacles):
                    text.setPos(dx, dy)
                    text.setVisible(True)
                    obstacles.append(rect)
                    break

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def stop_labels(self) -> Sequence[str]:
        """Numbers drawn on the markers, in drawing order (for tests and accessibility)."""
        out: list[str] = []
        for item in self.stop_items:
            for child in item.childItems():
                if isinstance(child, QGraphicsSimpleTextItem):
                    out.append(child.text())
        return out
