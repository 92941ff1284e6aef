"""Départements of Hauts-de-France and the historical area each belongs to."""

from __future__ import annotations

from hdf_field.domain.enums import Area

DEPARTEMENTS: dict[str, str] = {
    "02": "Aisne",
    "59": "Nord",
    "60": "Oise",
    "62": "Pas-de-Calais",
    "80": "Somme",
}

AREA_BY_DEPARTEMENT: dict[str, Area] = {
    "02": Area.PICARDIE,
    "60": Area.PICARDIE,
    "80": Area.PICARDIE,
    "59": Area.NPDC,
    "62": Area.NPDC,
}


def departement_of(insee_code: str) -> str:
    """INSEE commune code → département code (handles Corsica's 2A/2B and overseas 97x)."""
    code = insee_code.strip().upper()
    if code.startswith("97"):
        return code[:3]
    return code[:2]


def area_of_departement(dep: str) -> Area | None:
    return AREA_BY_DEPARTEMENT.get(dep)


def in_region(insee_code: str) -> bool:
    return departement_of(insee_code) in DEPARTEMENTS
