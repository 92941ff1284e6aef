"""Plain inputs of the planners, so solvers never need a database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hdf_field.domain.errors import ValidationError
from hdf_field.planning.model import Place

OpeningHours = dict[str, list[list[str]]]


@dataclass(frozen=True, slots=True)
class Prospect:
    """An organisation to visit (or a visit already agreed, when ``fixed_time`` is set)."""

    id: str
    name: str
    lat: float
    lon: float
    value: float = 1.0
    duration_min: int = 60
    # ISO weekday → open intervals; None = unknown, assumed open during working hours.
    opening_hours: OpeningHours | None = None
    departement: str | None = None
    area: str | None = None
    kind: str | None = None  # an ``OrgKind`` value: firm, social_economy, school, ...
    fixed_time: datetime | None = None  # aware; a fixed appointment starts then
    fixed_officer_id: str | None = None
    address: str = ""
    visit_id: str | None = None
    purpose: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    last_visit_summary: str | None = None


@dataclass(frozen=True, slots=True)
class OfficerSpec:
    id: str
    name: str
    home: Place
    working_days: tuple[int, ...] = (1, 2, 3, 4, 5)
    day_start: str = "08:30"
    day_end: str = "17:30"
    lunch_start: str = "12:15"
    lunch_minutes: int = 45
    lunch_flex_min: int = 30
    # How much earlier than ``day_start`` the officer may leave for a fixed appointment that
    # opens the day (a 09:00 meeting 40 minutes away with a day starting at 08:30).
    early_departure_min: int = 60
    territory: tuple[str, ...] = field(default_factory=tuple)  # département codes; () = anywhere
    email: str | None = None


def hhmm_to_s(value: str, field_name: str = "time") -> int:
    try:
        h, m = value.strip().split(":")
        hours, minutes = int(h), int(m)
    except (AttributeError, ValueError) as exc:
        raise ValidationError(field_name, code="hhmm.invalid", params={"value": value}) from exc
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or hours * 60 + minutes > 24 * 60:
        raise ValidationError(field_name, code="hhmm.invalid", params={"value": value})
    return hours * 3600 + minutes * 60


def s_to_hhmm(seconds: float) -> str:
    total = int(round(seconds / 60))
    return f"{total // 60:02d}:{total % 60:02d}"
