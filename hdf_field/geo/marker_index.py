"""Prospects clustered per zoom level in Python, so the map page only draws what it shows.

Writing 600,000 markers into the page and letting Leaflet.markercluster cluster them takes
seconds; instead the points are aggregated once into a grid per zoom level (numpy, no Qt) and
the page asks for the clusters of its visible bounds after every pan or zoom.

The grid cells of a zoom level are exactly four cells of the next one (cell size is a fixed
number of screen pixels), so the finest level is computed from the points and every coarser
level from the level below: build time is dominated by one sort of the points. A query is
answered for whole cells: the view is snapped outward to the cell grid, and the clusters
returned hold exactly the points inside those snapped bounds (``ViewResult.bounds``), which
is what makes counts add up however the user pans.

Rectangle and radius selection are done here too, against every point (not just those the
page was sent).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# Web Mercator is only defined up to this latitude; points beyond are clamped for clustering.
MAX_LAT = 85.05112878
TILE_PX = 256
# Cell edge in screen pixels: about markercluster's 45 px radius the all-in-page map used.
CELL_PX = 64
# Coarsest and finest clustered zoom; at DISABLE_CLUSTERING_ZOOM and above points come alone.
MIN_ZOOM = 0
CLUSTER_MAX_ZOOM = 13
DISABLE_CLUSTERING_ZOOM = CLUSTER_MAX_ZOOM + 1
# Most single markers one answer may carry: beyond, the finest clusters are sent instead
# (a street with thousands of establishments would otherwise stall the page).
MAX_SINGLES = 3_000
# Most clusters one answer may carry (a 4K screen at 64 px cells holds about 2,000).
MAX_CLUSTERS = 20_000
# Leaflet's Earth radius (L.CRS.Earth.R), so Python and the page agree on "within N km".
EARTH_RADIUS_M = 6_371_000.0

_FINEST_CELLS = (TILE_PX << CLUSTER_MAX_ZOOM) // CELL_PX  # cells per axis at the finest level


def _mercator(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Longitude/latitude → Web Mercator in [0, 1) (x east, y south), as Leaflet tiles it."""
    x = (lon + 180.0) / 360.0
    s = np.sin(np.radians(np.clip(lat, -MAX_LAT, MAX_LAT)))
    y = 0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)
    return np.clip(x, 0.0, np.nextafter(1.0, 0.0)), np.clip(y, 0.0, np.nextafter(1.0, 0.0))


def _lat_of_y(y: npt.NDArray[np.float64] | float) -> Any:
    return np.degrees(np.arctan(np.sinh(math.pi * (1 - 2 * np.asarray(y, dtype=float)))))


@dataclass(frozen=True)
class _Level:
    """Clusters of one zoom level, sorted by cell key (``ix * cells + iy``)."""

    key: npt.NDArray[np.int64]
    count: npt.NDArray[np.int64]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    statuses: npt.NDArray[np.int64]  # (clusters, statuses) counts, for the pie colours
    # First point (index into the index's key-sorted points) of each cluster, for count-1 ones.
    first: npt.NDArray[np.int64]


@dataclass(frozen=True)
class ViewResult:
    """What the page draws for one view.

    ``clusters`` rows are ``[lat, lon, count, [count per status]]``; ``singles`` rows are
    ``[id, name, lat, lon, status index, commune]`` (the all-in-page marker row). ``bounds``
    is the view snapped to whole cells (south, west, north, east): the clusters and singles
    hold exactly the points inside it."""

    zoom: int
    clusters: list[list[Any]]
    singles: list[list[Any]]
    bounds: tuple[float, float, float, float]
    total: int  # points inside ``bounds``

    def as_json(self) -> dict[str, Any]:
        return {
            "zoom": self.zoom,
            "clusters": self.clusters,
            "singles": self.singles,
            "bounds": list(self.bounds),
            "total": self.total,
        }


class MarkerIndex:
    """Per-zoom grid clusters of a fixed set of points; immutable once built, thread-safe to
    query (numpy reads only)."""

    def __init__(
        self,
        lat: Sequence[float] | npt.NDArray[np.float64],
        lon: Sequence[float] | npt.NDArray[np.float64],
        status: Sequence[int] | npt.NDArray[np.integer[Any]],
        ids: Sequence[str],
        label: Callable[[int], tuple[str, str]],
        *,
        n_statuses: int,
    ) -> None:
        """``label(i)`` gives ``(name, commune)`` of the i-th point: read only for the points
        an answer carries, so the index never copies 600,000 strings. ``ids`` is kept as
        given (a list of the caller's strings costs 8 bytes a point)."""
        lat_a = np.asarray(lat, dtype=np.float64).ravel()
        n = len(lat_a)
        lon_a = np.asarray(lon, dtype=np.float64).ravel()
        status_a = np.asarray(status, dtype=np.int64).ravel()
        if not (len(lon_a) == len(status_a) == len(ids) == n):
            raise ValueError(
                "marker index: latitudes, longitudes, statuses and ids differ in length"
            )
        if n and not (np.isfinite(lat_a).all() and np.isfinite(lon_a).all()):
            raise ValueError("marker index: a coordinate is not a finite number")
        if n and (status_a.min() < 0 or status_a.max() >= n_statuses):
            raise ValueError("marker index: a status index is out of range")
        self.n_statuses = n_statuses
        x, y = _mercator(lat_a, lon_a)
        ix = (x * _FINEST_CELLS).astype(np.int64)
        iy = (y * _FINEST_CELLS).astype(np.int64)
        key = ix * _FINEST_CELLS + iy
        order = np.argsort(key)
        # Points in key order: a cell's points are contiguous at every level.
        self._order = order
        self._key = key[order]
        self.lat = lat_a[order]
        self.lon = lon_a[order]
        self.status = status_a[order]
        self._ids = ids
        self._label = label
        self.levels: dict[int, _Level] = {}
        if n:
            self._build_levels(x[order], y[order])

    def __len__(self) -> int:
        return len(self._key)

    def _build_levels(self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> None:
        key = self._key
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        counts = np.diff(np.r_[starts, len(key)])
        cell_of_point = np.repeat(np.arange(len(starts)), counts)
        k = self.n_statuses
        statuses = np.bincount(cell_of_point * k + self.status, minlength=len(starts) * k).reshape(
            len(starts), k
        )
        sum_x = np.add.reduceat(x, starts)
        sum_y = np.add.reduceat(y, starts)
        ukey = key[starts]
        first = starts.astype(np.int64)
        cells = _FINEST_CELLS
        for zoom in range(CLUSTER_MAX_ZOOM, MIN_ZOOM - 1, -1):
            mx = sum_x / counts
            my = sum_y / counts
            self.levels[zoom] = _Level(
                key=ukey,
                count=counts,
                lat=_lat_of_y(my),
                lon=mx * 360.0 - 180.0,
                statuses=statuses,
                first=first,
            )
            if zoom == MIN_ZOOM:
                break
            # Parent cell: both coordinates halved. Sorting by (ix, iy) keeps parents grouped.
            pix = (ukey // cells) >> 1
            piy = (ukey % cells) >> 1
            cells = max(cells >> 1, 1)
            pkey = pix * cells + piy
            porder = np.argsort(pkey, kind="stable")
            pkey = pkey[porder]
            pstarts = np.flatnonzero(np.r_[True, pkey[1:] != pkey[:-1]])
            counts = np.add.reduceat(counts[porder], pstarts)
            sum_x = np.add.reduceat(sum_x[porder], pstarts)
            sum_y = np.add.reduceat(sum_y[porder], pstarts)
            statuses = np.add.reduceat(statuses[porder], pstarts, axis=0)
            first = np.minimum.reduceat(first[porder], pstarts)
            ukey = pkey[pstarts]

    # -- queries ------------------------------------------------------------------------

    def _cells(self, zoom: int) -> int:
        return _FINEST_CELLS >> (CLUSTER_MAX_ZOOM - zoom)

    def snapped_range(
        self, south: float, west: float, north: float, east: float, zoom: int
    ) -> tuple[int, int, int, int]:
        """Cell index ranges (ix0, ix1, iy0, iy1), inclusive, covering the view at ``zoom``."""
        cells = self._cells(min(zoom, CLUSTER_MAX_ZOOM))
        x, y = _mercator(
            np.array([max(south, -MAX_LAT), min(north, MAX_LAT)]),
            np.array([max(west, -180.0), min(east, 180.0)]),
        )
        ix0, ix1 = (np.sort(x) * cells).astype(np.int64)
        iy0, iy1 = (np.sort(y) * cells).astype(np.int64)
        return int(ix0), int(ix1), int(iy0), int(iy1)

    def _bounds_of(self, rng: tuple[int, int, int, int], cells: int) -> tuple[float, ...]:
        ix0, ix1, iy0, iy1 = rng
        west = ix0 / cells * 360.0 - 180.0
        east = (ix1 + 1) / cells * 360.0 - 180.0
        north = float(_lat_of_y(iy0 / cells))
        south = float(_lat_of_y((iy1 + 1) / cells))
        return (south, west, north, east)

    def query(
        self,
        south: float,
        west: float,
        north: float,
        east: float,
        zoom: float,
        *,
        max_singles: int = MAX_SINGLES,
    ) -> ViewResult:
        """Clusters (and lone points) of the cells covering the view at ``zoom`` (floored; the
        page zooms by quarter steps). From :data:`DISABLE_CLUSTERING_ZOOM` on, every point
        comes alone unless more than ``max_singles`` are in view."""
        for v in (south, west, north, east, zoom):
            if not math.isfinite(v):
                raise ValueError("map view: bounds and zoom must be finite numbers")
        z = int(max(MIN_ZOOM, min(math.floor(zoom), 30)))
        level_zoom = min(z, CLUSTER_MAX_ZOOM)
        cells = self._cells(level_zoom)
        rng = self.snapped_range(south, west, north, east, level_zoom)
        bounds = self._bounds_of(rng, cells)
        if not len(self):
            return ViewResult(z, [], [], bounds, 0)  # type: ignore[arg-type]
        ix0, ix1, iy0, iy1 = rng
        level = self.levels[level_zoom]
        lo, hi = np.searchsorted(level.key, [ix0 * cells, (ix1 + 1) * cells])
        keys = level.key[lo:hi]
        iy = keys % cells
        sel = np.flatnonzero((iy >= iy0) & (iy <= iy1)) + lo
        total = int(level.count[sel].sum())
        clusters: list[list[Any]] = []
        singles: list[list[Any]] = []
        if z >= DISABLE_CLUSTERING_ZOOM and total <= max_singles:
            for c in sel.tolist():
                start = int(level.first[c])
                singles.extend(self._row(p) for p in range(start, start + int(level.count[c])))
        else:
            if len(sel) > MAX_CLUSTERS:
                sel = sel[np.argsort(-level.count[sel], kind="stable")[:MAX_CLUSTERS]]
            one = sel[level.count[sel] == 1]
            many = sel[level.count[sel] > 1]
            singles = [self._row(int(level.first[c])) for c in one.tolist()]
            clusters = [
                [round(a, 5), round(b, 5), n, s]
                for a, b, n, s in zip(
                    level.lat[many].tolist(),
                    level.lon[many].tolist(),
                    level.count[many].tolist(),
                    level.statuses[many].tolist(),
                    strict=True,
                )
            ]
        return ViewResult(z, clusters, singles, bounds, total)  # type: ignore[arg-type]

    def _row(self, p: int) -> list[Any]:
        i = int(self._order[p])
        name, commune = self._label(i)
        return [
            self._ids[i],
            name,
            round(float(self.lat[p]), 5),
            round(float(self.lon[p]), 5),
            int(self.status[p]),
            commune,
        ]

    def ids_at(self, positions: npt.NDArray[np.intp]) -> list[str]:
        """Ids of points by their position in the key-sorted arrays, in input order."""
        original = np.sort(self._order[positions])
        ids = self._ids
        return [ids[i] for i in original.tolist()]

    def select_rect(self, south: float, west: float, north: float, east: float) -> list[str]:
        """Every point inside the rectangle (edges included), as the page's rectangle tool."""
        s, n = sorted((south, north))
        w, e = sorted((west, east))
        mask = (self.lat >= s) & (self.lat <= n) & (self.lon >= w) & (self.lon <= e)
        return self.ids_at(np.flatnonzero(mask))

    def select_radius(self, lat: float, lon: float, km: float) -> list[str]:
        """Every point within ``km`` (great circle on Leaflet's sphere) of the centre."""
        if not (math.isfinite(lat) and math.isfinite(lon) and math.isfinite(km)) or km < 0:
            raise ValueError("radius selection: centre and radius must be finite, radius ≥ 0")
        la1 = math.radians(lat)
        la2 = np.radians(self.lat)
        dlat = la2 - la1
        dlon = np.radians(self.lon - lon)
        h = np.sin(dlat / 2) ** 2 + math.cos(la1) * np.cos(la2) * np.sin(dlon / 2) ** 2
        dist = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        return self.ids_at(np.flatnonzero(dist <= km * 1000.0))

    def position_of(self, org_id: str) -> tuple[float, float] | None:
        """Where a point is (for "show on map"); None when it is not in the index. A scan in
        C (``list.index``, ~10 ms at 600,000) rather than a dict that takes a second to build
        and 50 MB to hold."""
        ids = self._ids if isinstance(self._ids, list) else list(self._ids)
        try:
            i = ids.index(org_id)
        except ValueError:
            return None
        p = int(self._inverse()[i])
        return (float(self.lat[p]), float(self.lon[p]))

    def _inverse(self) -> npt.NDArray[np.int64]:
        """Original index → position in the key-sorted arrays."""
        inverse = np.empty_like(self._order)
        inverse[self._order] = np.arange(len(self._order))
        return inverse

    def status_counts(self) -> list[int]:
        return np.bincount(self.status, minlength=self.n_statuses).tolist()  # type: ignore[no-any-return]

    def subset(self, ids: Sequence[str] | set[str]) -> MarkerIndex:
        """A new index over only these ids (the prospects table's filter); unknown ids are
        ignored."""
        label = self._label
        wanted = set(ids)
        keep = [i for i, pid in enumerate(self._ids) if pid in wanted]  # input order
        p = self._inverse()[keep] if keep else np.array([], dtype=np.int64)
        return MarkerIndex(
            self.lat[p],
            self.lon[p],
            self.status[p],
            [self._ids[i] for i in keep],
            lambda j: label(keep[j]),
            n_statuses=self.n_statuses,
        )
