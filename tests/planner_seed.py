"""A small, hand-made day around Amiens for the planner tests (service and GUI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation
from hdf_field.storage.uow import UnitOfWork

TUESDAY = date(2030, 1, 8)
WEEKDAYS = ("1", "2", "3", "4", "5")
OFFICE = [["08:30", "12:00"], ["13:30", "17:30"]]


@dataclass(frozen=True, slots=True)
class PlannerSeed:
    officer_id: str
    orgs: dict[str, str]  # key → organisation id


# key: (name, city, lat, lon, opening hours on weekdays, or {} for a special case)
PLACES: dict[str, tuple[str, str, float, float, dict[str, list[list[str]]] | None]] = {
    "morning": (
        "Menuiserie du Matin",
        "Longueau",
        49.872,
        2.356,
        {d: [["08:30", "10:30"]] for d in WEEKDAYS},
    ),
    "afternoon": (
        "Ateliers de l'Après-midi",
        "Camon",
        49.888,
        2.343,
        {d: [["14:00", "17:00"]] for d in WEEKDAYS},
    ),
    "office1": (
        "Bureau d'Études Picard",
        "Salouël",
        49.870,
        2.243,
        dict.fromkeys(WEEKDAYS, OFFICE),
    ),
    "office2": ("Conseil Somme Industrie", "Dury", 49.861, 2.272, dict.fromkeys(WEEKDAYS, OFFICE)),
    "anytime": ("Fonderie de Rivery", "Rivery", 49.903, 2.322, None),
    "closed_tue": (
        "Imprimerie du Lundi",
        "Amiens",
        49.900,
        2.290,
        {"1": [["09:00", "17:00"]], "3": [["09:00", "17:00"]]},
    ),
    "extra": ("Laboratoire Optique Nord", "Poulainville", 49.947, 2.314, None),
}


def seed_planner(db: Database) -> PlannerSeed:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        officer = Officer(
            name="Paul Lefebvre",
            email="paul@example.org",
            home_commune="Amiens",
            home_lat=49.8941,
            home_lon=2.2958,
        )
        s.add(officer)
        orgs: dict[str, Organisation] = {}
        for key, (name, city, lat, lon, hours) in PLACES.items():
            orgs[key] = Organisation(
                name=name,
                city=city,
                postal_code="80000",
                street="1 rue de la Gare",
                departement="80",
                lat=lat,
                lon=lon,
                opening_hours=hours,
            )
        s.add_all(orgs.values())
        s.flush()
        result = PlannerSeed(str(officer.id), {k: str(o.id) for k, o in orgs.items()})
        uow.commit()
    return result
