"""What the Settings screen says about the laptop's officer, written to their Officer row.

Planning reads the home base and working hours from the database (the Officer row), not from
the user's QSettings: saving the settings therefore geocodes the home commune offline and
updates that row in one transaction, so the next day plan starts from the right place.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from hdf_field.domain.errors import InputFileError, ValidationError
from hdf_field.geo.gazetteer import Gazetteer, load_gazetteer
from hdf_field.geo.geocoding import Location, locate_text
from hdf_field.planning.day_route import MAX_EARLY_DEPARTURE_MIN
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer
from hdf_field.storage.queries import contacts as queries
from hdf_field.storage.uow import UnitOfWork

__all__ = [
    "MAX_EARLY_DEPARTURE_MIN",
    "HomeBase",
    "OfficerProfile",
    "ProfileSaved",
    "commune_names",
    "locate_home",
    "save_officer_profile",
]

log = logging.getLogger(__name__)

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True, slots=True)
class OfficerProfile:
    name: str
    email: str
    home: str  # as typed: "Amiens", "80000 Amiens", "7500 Tournai"; "" = no home base
    day_start: str = "08:30"
    day_end: str = "17:30"
    lunch_minutes: int = 45
    # "Départ au plus tôt": minutes before day_start the officer accepts to leave for a
    # fixed appointment that opens the day (0 = never before day_start).
    early_departure_min: int = 60


@dataclass(frozen=True, slots=True)
class HomeBase:
    commune: str
    insee: str | None  # None for a Belgian municipality
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class ProfileSaved:
    officer_id: str
    home: HomeBase | None
    created: bool


def locate_home(text: str, gazetteer: Gazetteer | None = None) -> HomeBase:
    """The commune centroid the day starts from; a name that matches nothing is refused."""
    found: Location | None = locate_text(gazetteer or load_gazetteer(), text)
    if found is None:
        raise ValidationError(
            "home_commune", code="commune.not_found", params={"value": text.strip()}
        )
    return HomeBase(found.commune or text.strip(), found.insee, found.lat, found.lon)


def _validate(profile: OfficerProfile) -> None:
    email = profile.email.strip()
    if not email:
        raise ValidationError("email", code="officer.email_needed")
    for field_name, value in (("day_start", profile.day_start), ("day_end", profile.day_end)):
        if not _HHMM.match(value):
            raise ValidationError(field_name, code="hhmm.invalid", params={"value": value})
    if profile.day_end <= profile.day_start:
        raise ValidationError("day_end", code="day.end_before_start")
    if not 0 <= profile.lunch_minutes <= 180:
        raise ValidationError("lunch_minutes", code="lunch.range", params={"low": 0, "high": 180})
    if not 0 <= profile.early_departure_min <= MAX_EARLY_DEPARTURE_MIN:
        raise ValidationError(
            "early_departure_min",
            code="early_departure.range",
            params={"max": MAX_EARLY_DEPARTURE_MIN},
        )


def save_officer_profile(
    db: Database, profile: OfficerProfile, gazetteer: Gazetteer | None = None
) -> ProfileSaved:
    """Geocode first (nothing is written when the commune is unknown), then one transaction."""
    _validate(profile)
    home = locate_home(profile.home, gazetteer) if profile.home.strip() else None
    email = profile.email.strip().lower()
    with UnitOfWork(db, actor=email) as uow:
        officer = queries.officer_by_email(uow.session, email=email)
        created = officer is None
        if officer is None:
            officer = Officer(email=email, name=profile.name.strip() or email)
            uow.session.add(officer)
        elif profile.name.strip():
            officer.name = profile.name.strip()
        officer.home_commune = home.commune if home else None
        officer.home_insee = home.insee if home else None
        officer.home_lat = home.lat if home else None
        officer.home_lon = home.lon if home else None
        officer.day_start = profile.day_start
        officer.day_end = profile.day_end
        officer.lunch_minutes = profile.lunch_minutes
        officer.early_departure_min = profile.early_departure_min
        uow.session.flush()
        officer_id = str(officer.id)
        uow.commit()
    return ProfileSaved(officer_id, home, created)


def commune_names(db: Database) -> list[str]:
    """Communes for the home-commune completion: the gazetteer when it is installed, else
    the cities found in the data. A gazetteer that is missing or unreadable
    (``InputFileError``) falls back to the data, logged; any other failure reaches the
    caller."""
    try:
        names = sorted({c.name for c in load_gazetteer().communes()})
    except InputFileError as exc:
        log.info("no gazetteer for the commune list, the data's cities instead: %s", exc)
        names = []
    if names:
        return names
    with db.session() as s:
        return queries.cities_in_data(s)
