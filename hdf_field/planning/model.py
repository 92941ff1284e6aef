"""Plain results of planning, shared by the solvers, the planner screen, the PDF and ``.ics``.

These are frozen value objects: a plan can be rendered, printed or compared without a
database session or a solver at hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Place:
    label: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class PlannedStop:
    order: int  # 1-based position in the day
    organisation_id: str
    name: str
    address: str
    lat: float
    lon: float
    arrival: datetime  # local time, timezone-aware (Europe/Paris)
    start: datetime  # arrival + waiting
    departure: datetime
    wait_min: float
    drive_min_from_prev: float
    km_from_prev: float
    visit_id: str | None = None
    fixed: bool = False
    contact_name: str | None = None
    contact_phone: str | None = None
    purpose: str | None = None
    orientation_hint: str | None = None
    last_visit_summary: str | None = None
    # The organisation's own département code ("59", "2A") and historical area (an ``Area``
    # value, "Belgium" abroad): coverage is counted on these, never guessed from the postcode.
    departement: str | None = None
    area: str | None = None


@dataclass(frozen=True, slots=True)
class Unserved:
    organisation_id: str
    name: str
    reason: str
    # Machine-readable cause ("closed_that_day", "outside_hours", "too_far", "fixed_conflict",
    # "day_full", "other_day", "not_selected"); ``reason`` is the sentence for people.
    code: str = ""
    # A fixed appointment left out (booked, yet not in the day): shown first, flagged.
    fixed: bool = False


@dataclass(frozen=True, slots=True)
class DayPlan:
    officer_id: str
    officer_name: str
    day: date
    start: Place
    end: Place
    stops: tuple[PlannedStop, ...]
    back_at: datetime | None
    total_km: float
    total_drive_min: float
    unserved: tuple[Unserved, ...] = ()
    # Polyline to draw (lat, lon); the stops' coordinates in order when no road geometry exists.
    route: tuple[tuple[float, float], ...] = ()
    leave_at: datetime | None = None  # when the officer leaves the start place
    lunch_at: datetime | None = None  # start of the lunch break, if taken during the round
    value: float = 0.0  # sum of the planned prospects' values
    lunch_until: datetime | None = None  # end of the lunch break, when ``lunch_at`` is set

    @property
    def visit_count(self) -> int:
        return len(self.stops)


@dataclass(frozen=True, slots=True)
class CampaignPlan:
    start: date
    weeks: int
    days: tuple[DayPlan, ...]
    # Coverage reported per département code ("BE" for Belgian partners, "?" unknown) and per
    # historical area: planned visits.
    coverage_by_departement: dict[str, int] = field(default_factory=dict)
    coverage_by_area: dict[str, int] = field(default_factory=dict)
    unserved: tuple[Unserved, ...] = ()
    # Added by the planner: value covered, prospects available, per-officer load, run facts.
    coverage_available_by_departement: dict[str, int] = field(default_factory=dict)
    coverage_available_by_area: dict[str, int] = field(default_factory=dict)
    visits_by_officer: dict[str, int] = field(default_factory=dict)
    stats: dict[str, float | str] = field(default_factory=dict)
    # Per organisation kind (firm, social_economy, school, research_lab, project_holder).
    coverage_by_kind: dict[str, int] = field(default_factory=dict)
    coverage_available_by_kind: dict[str, int] = field(default_factory=dict)
