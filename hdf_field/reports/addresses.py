"""Where a planned stop lies, as the coverage tables count it: its département ('BE' for
Belgium) and historical area, carried by the stop or, for plans that do not carry them, read
from the postcode in its address.
"""

from __future__ import annotations

import re

from hdf_field.domain.enums import Area
from hdf_field.domain.regions import AREA_BY_DEPARTEMENT
from hdf_field.planning.model import PlannedStop

_POSTCODE = re.compile(r"\b(\d{5})\b")
_BE_POSTCODE = re.compile(r"\b(?:B-?)?(\d{4})\b")


def departement_of_address(address: str) -> str | None:
    """'12 rue X, 80000 Amiens' → '80'; a Belgian 4-digit postcode → 'BE'. Only a fallback for
    stops that do not carry their organisation's département (plans built by hand or by older
    versions): a postcode is not a département (Corsica's 20xxx, CEDEX and border communes)."""
    match = _POSTCODE.search(address)
    if match:
        return match.group(1)[:2]
    if _BE_POSTCODE.search(address) and re.search(r"belgi|belgië|belgique", address, re.I):
        return "BE"
    return None


def stop_departement(stop: PlannedStop) -> str:
    """The coverage key of a stop: its organisation's département, 'BE' for Belgium."""
    if stop.departement:
        return stop.departement
    if stop.area == Area.BELGIUM.value:
        return "BE"
    return departement_of_address(stop.address) or "?"


def area_of(code: str) -> str:
    area = AREA_BY_DEPARTEMENT.get(code) or (Area.BELGIUM if code == "BE" else None)
    return str(area) if area else "?"


def stop_area(stop: PlannedStop) -> str:
    """The historical area of a stop: carried by the stop, else derived from its département."""
    return stop.area or area_of(stop_departement(stop))
