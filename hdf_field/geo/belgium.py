"""Belgian municipalities by postal code (placeholder until the postcode table is built)."""

from __future__ import annotations

from hdf_field.geo.geocoding import Location


def locate_belgian(postcode: str, municipality: str | None = None) -> Location | None:
    return None
