"""How long it takes to drive between two points, without a road network.

Everything that needs travel times goes through :class:`TravelModel`, so that a road engine
(an OSRM/Valhalla extract shipped with the app, say) can replace the default model later by
implementing three methods. The default :class:`CrowFliesModel` is great-circle distance times
a detour factor, driven at a speed that depends on the trip length, plus a fixed overhead per
trip for parking and walking to the door. docs/travel-model.md justifies the constants and
``benchmarks/travel_model_error.py`` measures them against reference road distances.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius

LatLon = tuple[float, float]


@runtime_checkable
class TravelModel(Protocol):
    """Travel between (lat, lon) points; seconds include the per-trip overhead."""

    def seconds(self, a: LatLon, b: LatLon) -> float: ...

    def km(self, a: LatLon, b: LatLon) -> float: ...

    def matrix(self, points: Sequence[LatLon]) -> tuple[np.ndarray, np.ndarray]:
        """(seconds, metres), both n×n with zero diagonals."""
        ...


def haversine_km(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle distance in km; broadcasts like numpy does."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0))), dtype=float)


@dataclass(frozen=True, slots=True)
class SpeedBand:
    """Road kilometres up to ``upto_km`` (cumulative) are driven at ``kmh``."""

    upto_km: float
    kmh: float


# Marginal bands, like tax brackets: the first km of any trip are slow (town streets, lights,
# looking for the entrance), the following ones faster. Cumulative banding keeps the travel
# time increasing with distance, which the solvers' triangle-inequality heuristics assume.
DEFAULT_BANDS: tuple[SpeedBand, ...] = (
    SpeedBand(3.0, 25.0),
    SpeedBand(12.0, 50.0),
    SpeedBand(35.0, 90.0),
    SpeedBand(math.inf, 110.0),
)


@dataclass(frozen=True, slots=True)
class CrowFliesModel:
    """Great-circle × detour, banded speeds, fixed overhead per trip (see module docstring).

    ``detour_long`` applies to long trips; short trips wind more (one-way streets, river and
    canal crossings) so the factor rises towards ``detour_long + detour_short_extra`` as the
    distance goes to zero, with a decay length of ``detour_decay_km``.
    """

    detour_long: float = 1.22
    detour_short_extra: float = 0.18
    detour_decay_km: float = 8.0
    bands: tuple[SpeedBand, ...] = DEFAULT_BANDS
    overhead_s: float = 300.0  # parking and walking to the reception

    # -- vectorised core --------------------------------------------------------------------
    def road_km_from_crow(self, crow_km: np.ndarray) -> np.ndarray:
        crow = np.asarray(crow_km, dtype=float)
        factor = self.detour_long + self.detour_short_extra * np.exp(-crow / self.detour_decay_km)
        return crow * factor

    def drive_s_from_road(self, road_km: np.ndarray) -> np.ndarray:
        road = np.asarray(road_km, dtype=float)
        hours = np.zeros_like(road)
        lower = 0.0
        for band in self.bands:
            part = np.clip(road - lower, 0.0, band.upto_km - lower)
            hours = hours + part / band.kmh
            lower = band.upto_km
        return hours * 3600.0

    def matrix(self, points: Sequence[LatLon]) -> tuple[np.ndarray, np.ndarray]:
        arr = np.asarray(points, dtype=float).reshape(-1, 2)
        lat, lon = arr[:, 0], arr[:, 1]
        crow = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        road = self.road_km_from_crow(crow)
        secs = self.drive_s_from_road(road) + self.overhead_s
        same = crow < 1e-6
        secs[same] = 0.0
        road[same] = 0.0
        return secs, road * 1000.0

    # -- scalar conveniences ----------------------------------------------------------------
    def km(self, a: LatLon, b: LatLon) -> float:
        crow = haversine_km(a[0], a[1], b[0], b[1])
        return float(self.road_km_from_crow(crow))

    def seconds(self, a: LatLon, b: LatLon) -> float:
        crow = float(haversine_km(a[0], a[1], b[0], b[1]))
        if crow < 1e-6:
            return 0.0
        road = self.road_km_from_crow(np.asarray(crow))
        return float(self.drive_s_from_road(road)) + self.overhead_s


DEFAULT_MODEL = CrowFliesModel()


def default_travel_model() -> TravelModel:
    return DEFAULT_MODEL
