"""Two officers and fourteen prospects across the region and Belgium, for campaign tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hdf_field.domain.enums import Area, OrgKind, VisitStatus
from hdf_field.planning.zones import PARIS
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork

MONDAY = date(2030, 1, 7)

# name, département (None abroad), area, kind, lat, lon
PLACES: list[tuple[str, str | None, Area, OrgKind, float, float]] = [
    ("Menuiserie de Longueau", "80", Area.PICARDIE, OrgKind.FIRM, 49.872, 2.356),
    ("Ateliers de Camon", "80", Area.PICARDIE, OrgKind.FIRM, 49.888, 2.343),
    ("Lycée de Salouël", "80", Area.PICARDIE, OrgKind.SCHOOL, 49.870, 2.243),
    ("Conseil Somme Industrie", "80", Area.PICARDIE, OrgKind.FIRM, 49.861, 2.272),
    ("Fonderie de Rivery", "80", Area.PICARDIE, OrgKind.FIRM, 49.903, 2.322),
    ("Laboratoire Optique Nord", "80", Area.PICARDIE, OrgKind.RESEARCH_LAB, 49.947, 2.314),
    ("Scierie de Corbie", "80", Area.PICARDIE, OrgKind.FIRM, 49.909, 2.508),
    ("Filature de Roubaix", "59", Area.NPDC, OrgKind.FIRM, 50.690, 3.181),
    ("Coopérative de Lille", "59", Area.NPDC, OrgKind.SOCIAL_ECONOMY, 50.633, 3.060),
    ("Imprimerie de Tourcoing", "59", Area.NPDC, OrgKind.FIRM, 50.724, 3.161),
    ("Brasserie de Villeneuve", "59", Area.NPDC, OrgKind.FIRM, 50.623, 3.145),
    ("Atelier de Lens", "62", Area.NPDC, OrgKind.FIRM, 50.432, 2.833),
    ("Textiles de Mouscron", None, Area.BELGIUM, OrgKind.FIRM, 50.744, 3.214),
    ("Laboratoire de Tournai", None, Area.BELGIUM, OrgKind.RESEARCH_LAB, 50.606, 3.389),
]


def seed_campaign(db: Database) -> dict[str, Any]:
    """Two officers (Amiens, Lille), fourteen prospects, one fixed appointment on Tuesday."""
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        paul = Officer(
            name="Paul Lefebvre",
            email="paul@example.org",
            home_commune="Amiens",
            home_lat=49.8941,
            home_lon=2.2958,
        )
        lea = Officer(
            name="Léa Durand",
            email="lea@example.org",
            home_commune="Lille",
            home_lat=50.6292,
            home_lon=3.0573,
            territory=["59", "62", "BE"],
        )
        s.add_all([paul, lea])
        orgs = [
            Organisation(
                name=name,
                city=name.rsplit(" ", 1)[-1],
                street="1 rue de la Gare",
                departement=dep,
                area=area,
                kind=kind,
                lat=lat,
                lon=lon,
                priority=2 if kind != OrgKind.FIRM else 1,
            )
            for name, dep, area, kind, lat, lon in PLACES
        ]
        s.add_all(orgs)
        s.flush()
        fixed = Visit(
            organisation_id=orgs[2].id,
            officer_id=paul.id,
            planned_start=datetime(2030, 1, 8, 10, 0, tzinfo=PARIS).astimezone(UTC),
            duration_min=60,
            status=VisitStatus.PLANNED,
            fixed=True,
        )
        s.add(fixed)
        s.flush()
        ids = {
            "paul": str(paul.id),
            "lea": str(lea.id),
            "fixed": fixed.id,
            "orgs": [o.id for o in orgs],
        }
        uow.commit()
    return ids
