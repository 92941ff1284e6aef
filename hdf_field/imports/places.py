"""What the importers need from geography, behind one small interface.

Importers ask three things: the facts of a French commune (département, EPCI, area, centroid),
the WGS84 position of projected register coordinates (in batches: a national file has
millions), and the position of a Belgian postal code. :class:`GazetteerPlaces` answers them
from :mod:`hdf_field.geo`; tests and the GUI pass one instance to every import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from pyproj import Transformer

from hdf_field.domain.enums import Area
from hdf_field.domain.regions import area_of_departement, departement_of

# Hauts-de-France with a margin: register coordinates outside it are wrong for our rows.
REGION_LAT = (48.8, 51.1)
REGION_LON = (1.3, 4.3)
WGS84 = 4326
LAMBERT93 = 2154


@dataclass(frozen=True, slots=True)
class CommunePlace:
    insee: str
    name: str
    departement: str
    epci_code: str | None
    area: Area | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class PostcodePlace:
    lat: float
    lon: float
    commune: str | None
    postal_code: str | None


class Places(Protocol):
    def commune(self, insee: str) -> CommunePlace | None: ...

    def to_wgs84(
        self, epsg: int, xs: Sequence[float], ys: Sequence[float]
    ) -> list[tuple[float, float]]: ...

    def belgian(self, postcode: str, municipality: str | None) -> PostcodePlace | None: ...

    def locate_commune(self, postal_code: str | None, name: str | None) -> CommunePlace | None: ...


def in_region_bbox(lat: float, lon: float) -> bool:
    return REGION_LAT[0] <= lat <= REGION_LAT[1] and REGION_LON[0] <= lon <= REGION_LON[1]


@lru_cache(maxsize=16)
def _transformer(epsg: int) -> Transformer:
    return Transformer.from_crs(epsg, WGS84, always_xy=True)


def project_to_wgs84(
    epsg: int, xs: Sequence[float], ys: Sequence[float]
) -> list[tuple[float, float]]:
    """Projected (x, y) in ``epsg`` → (lat, lon), one call for a whole batch."""
    if not xs:
        return []
    if epsg == WGS84:
        return [(y, x) for x, y in zip(xs, ys, strict=True)]
    if epsg == LAMBERT93:
        from hdf_field.geo.geocoding import lambert93_to_wgs84_many

        lats, lons = lambert93_to_wgs84_many(xs, ys)
    else:
        lons, lats = _transformer(epsg).transform(np.asarray(xs, float), np.asarray(ys, float))
    return list(zip(np.asarray(lats).tolist(), np.asarray(lons).tolist(), strict=True))


class GazetteerPlaces:
    """:class:`Places` over the offline gazetteer of :mod:`hdf_field.geo`."""

    def __init__(self, gazetteer: Any | None = None) -> None:
        if gazetteer is None:
            from hdf_field.geo.gazetteer import load_gazetteer

            gazetteer = load_gazetteer()
        self._gaz = gazetteer
        self._communes: dict[str, CommunePlace | None] = {}

    def commune(self, insee: str) -> CommunePlace | None:
        try:
            return self._communes[insee]
        except KeyError:
            pass
        c = self._gaz.commune(insee)
        place = None
        if c is not None:
            dep = c.departement or departement_of(insee)
            place = CommunePlace(
                insee=c.insee,
                name=c.name,
                departement=dep,
                epci_code=c.epci_code,
                area=c.area if c.area is not None else area_of_departement(dep),
                lat=c.lat,
                lon=c.lon,
            )
        self._communes[insee] = place
        return place

    def to_wgs84(
        self, epsg: int, xs: Sequence[float], ys: Sequence[float]
    ) -> list[tuple[float, float]]:
        return project_to_wgs84(epsg, xs, ys)

    def locate_commune(self, postal_code: str | None, name: str | None) -> CommunePlace | None:
        """French commune from a postal code and/or a name (lists typed by people)."""
        from hdf_field.geo.geocoding import locate_commune

        loc = locate_commune(self._gaz, postal_code, name)
        return self.commune(loc.insee) if loc is not None and loc.insee else None

    def belgian(self, postcode: str, municipality: str | None) -> PostcodePlace | None:
        from hdf_field.geo.geocoding import locate_belgian

        loc = locate_belgian(postcode, municipality)
        if loc is None:
            return None
        return PostcodePlace(loc.lat, loc.lon, loc.commune, loc.postal_code)
