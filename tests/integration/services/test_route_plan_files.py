"""The one PDF/calendar pipeline the day view, the week view and ``hdf-field plan`` share."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hdf_field.domain.progress import Cancelled, CancelToken
from hdf_field.planning.model import DayPlan, Place, PlannedStop
from hdf_field.services.route_plans import (
    calendar_ics,
    day_plan_pdf,
    write_day_plan_pdf,
    write_week_pack_pdf,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.progress_support import Recorder
from tests.unit.reports.conftest import pdf_pages

PARIS = ZoneInfo("Europe/Paris")


def _org(db: Database, name: str) -> str:
    with UnitOfWork(db) as uow:
        org = Organisation(name=name, lat=50.63, lon=3.06, departement="59", phone="03 20 00 00 00")
        uow.session.add(org)
        uow.session.flush()
        org_id = str(org.id)
        uow.commit()
    return org_id


def _day(org_id: str, name: str, day: date) -> DayPlan:
    at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=PARIS)
    stop = PlannedStop(1, org_id, name, "", 50.63, 3.06, at, at, at, 0, 10, 5)
    home = Place("Lille", 50.63, 3.06)
    return DayPlan("o", "Léa", day, home, home, (stop,), None, 10.0, 20.0)


def test_a_day_pdf_is_annotated_from_the_database_and_written_atomically(
    db: Database, tmp_path: Path
) -> None:
    org_id = _org(db, "Forges du Nord")
    target = tmp_path / "jour.pdf"
    target.write_bytes(b"the previous export")
    written = write_day_plan_pdf(db, _day(org_id, "Name in the plan", date(2026, 12, 15)), target)
    assert written == target and not (tmp_path / "jour.pdf.part").exists()
    text = " ".join(pdf_pages(target.read_bytes()))
    assert "Name in the plan" in text and "03 20 00 00 00" in text  # the phone: from the database


def test_a_week_pack_reports_each_day_and_a_cancel_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    org_id = _org(db, "Forges du Nord")
    days = [_day(org_id, "Forges du Nord", date(2026, 12, d)) for d in (14, 15, 16)]
    steps = Recorder()
    target = write_week_pack_pdf(db, days, tmp_path / "semaine.pdf", progress=steps)
    assert steps.pairs == [(1, 3), (2, 3), (3, 3)]
    assert len(pdf_pages(target.read_bytes())) >= 4  # a cover, then one page per day
    with pytest.raises(Cancelled):
        write_week_pack_pdf(db, days, tmp_path / "cancelled.pdf", cancel=cancelled())
    assert not (tmp_path / "cancelled.pdf").exists()
    with pytest.raises(Cancelled):
        day_plan_pdf(db, days[0], cancel=cancelled())


def test_the_calendar_holds_one_event_per_visit(db: Database) -> None:
    org_id = _org(db, "Forges du Nord")
    data = calendar_ics([_day(org_id, "Forges du Nord", date(2026, 12, d)) for d in (14, 15)])
    assert data.count(b"BEGIN:VEVENT") == 2 and b"Forges du Nord" in data


def cancelled() -> CancelToken:
    token = CancelToken()
    token.cancel()
    return token
