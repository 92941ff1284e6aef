"""Hand-made plans: the reports are pure functions, so tests build their input directly."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from hdf_field.planning.model import DayPlan, Place, PlannedStop, Unserved

PARIS = ZoneInfo("Europe/Paris")
HOME = Place("Agence HDF, 15 mail Albert-Ier, 80000 Amiens", 49.8908, 2.2975)


def make_stop(order: int, day: date, *, at: str, **extra: object) -> PlannedStop:
    arrival = datetime.combine(day, datetime.strptime(at, "%H:%M").time(), PARIS)
    wait = float(extra.pop("wait_min", 0.0))  # type: ignore[arg-type]
    start = arrival + timedelta(minutes=wait)
    values: dict[str, object] = {
        "order": order,
        "organisation_id": f"org-{order}",
        "name": f"Entreprise numéro {order}",
        "address": f"{order} rue de la Gare, 80000 Amiens",
        "lat": 49.89 + 0.004 * (order % 7),
        "lon": 2.29 + 0.006 * (order % 5),
        "arrival": arrival,
        "start": start,
        "departure": start + timedelta(minutes=30),
        "wait_min": wait,
        "drive_min_from_prev": 10.0,
        "km_from_prev": 6.5,
        "contact_name": f"Contact {order}",
        "contact_phone": f"03 22 00 00 {order:02d}",
        "purpose": f"Objet de la visite {order}",
    }
    values.update(extra)
    return PlannedStop(**values)  # type: ignore[arg-type]


def make_day(
    stops: int = 3,
    *,
    day: date = date(2026, 12, 1),
    officer: str = "Camille Lefèvre",
    officer_id: str = "off-1",
    unserved: tuple[Unserved, ...] = (),
) -> DayPlan:
    planned = tuple(
        make_stop(k, day, at=f"{8 + (k * 25) // 60:02d}:{(k * 25) % 60:02d}")
        for k in range(1, stops + 1)
    )
    back = planned[-1].departure + timedelta(minutes=20) if planned else None
    return DayPlan(
        officer_id=officer_id,
        officer_name=officer,
        day=day,
        start=HOME,
        end=HOME,
        stops=planned,
        back_at=back,
        total_km=6.5 * stops + 8.25,
        total_drive_min=10.0 * stops + 20,
        unserved=unserved,
    )


def pdf_pages(data: bytes) -> list[str]:
    """Text of each page, with no-break spaces made plain so assertions read naturally."""
    reader = PdfReader(io.BytesIO(data))
    return [(page.extract_text() or "").replace("\xa0", " ") for page in reader.pages]


@pytest.fixture
def day_factory() -> Callable[..., DayPlan]:
    return make_day


@pytest.fixture
def stop_factory() -> Callable[..., PlannedStop]:
    return make_stop


@pytest.fixture
def pages_of() -> Callable[[bytes], list[str]]:
    return pdf_pages
