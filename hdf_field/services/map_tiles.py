"""Offline basemap tiles (an MBTiles file the user picks), as the map screen opens them.

Kept apart from :mod:`hdf_field.services.map_data` so that the custom URL scheme, declared
before the application starts, imports no more than the tile reader.
"""

from __future__ import annotations

from hdf_field.geo.mbtiles import MbtilesInfo, MbtilesReader

__all__ = ["MbtilesInfo", "MbtilesReader"]
