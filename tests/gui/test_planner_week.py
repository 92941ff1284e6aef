"""The week at a glance, driven as a manager would: pick a week, read it, open a day, export."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt

from hdf_field.planning.manual import retime
from hdf_field.planning.zones import PARIS
from hdf_field.services import day_planner
from hdf_field.storage.database import Database
from tests.planner_seed import TUESDAY, PlannerSeed, seed_planner

WAIT_MS = 20_000
MONDAY = TUESDAY - timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)


def _book(db: Database, seeded: PlannerSeed, day: date, keys: list[str]) -> None:
    spec = day_planner.officer_choices(db)[0].spec
    loaded = day_planner.load_prospects_by_id(db, [seeded.orgs[k] for k in keys]).prospects
    if keys == ["office1", "office2"]:  # one of them agreed at 14:00: shown as fixed
        first = retime(spec, day, loaded).plan
        loaded = (loaded[0], replace(loaded[1], fixed_time=first.stops[1].start))
    day_planner.save_day(db, retime(spec, day, loaded).plan, actor="test")


@pytest.fixture
def seeded_week(db: Database) -> PlannerSeed:
    seeded = seed_planner(db)
    _book(db, seeded, TUESDAY, ["morning", "anytime", "afternoon"])
    _book(db, seeded, THURSDAY, ["office1", "office2"])
    return seeded


@pytest.fixture
def planner(
    qtbot: Any, db: Database, runner: Any, seeded_week: PlannerSeed, tmp_path: Path
) -> Iterator[Any]:
    from hdf_field.ui.planner import PlannerView

    def ask(_parent: Any, _title: str, suggested: str, _filters: str) -> str:
        return str(tmp_path / suggested)

    v = PlannerView(db, runner, ask_save_path=ask)
    qtbot.addWidget(v)
    v.resize(1300, 800)
    v.show()
    qtbot.waitUntil(lambda: v.officer() is not None and not v.loading, timeout=WAIT_MS)
    v.set_day(TUESDAY)
    qtbot.waitUntil(lambda: v.model.day == TUESDAY and not v.loading, timeout=WAIT_MS)
    v.show_week()
    week = v.week_view
    qtbot.waitUntil(lambda: _shows(week, MONDAY), timeout=WAIT_MS)
    yield v
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    runner.shutdown(wait=True)


def _shows(week: Any, monday: date) -> bool:
    """The week view has loaded the week starting on ``monday``."""
    overview = week.week()
    return overview is not None and overview.monday == monday and not week.loading


def _cell(view: Any, row: int, column: int) -> str:
    return str(view.model.index(row, column).data() or "")


def test_week_shows_monday_to_friday_with_each_days_visits_and_totals(planner: Any) -> None:
    week = planner.week_view
    model = week.model
    assert model.columnCount() == 5 and model.rowCount() == 3
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(5)]
    assert headers[0].endswith("aucune visite")
    assert headers[1].startswith("mardi 8/01\n3 visites · ")
    assert headers[1].split("\n")[1].endswith(" km") and headers[1].endswith(" de route")
    assert "2 visites" in headers[3] and "aucune visite" in headers[4]
    tuesday = [_cell(week, r, 1) for r in range(3)]
    first, commune = tuesday[0].split("\n")
    assert first.endswith("  Menuiserie du Matin") and commune == "Longueau"
    assert first[:5] < tuesday[1][:5]  # in time order
    assert "Camon" in tuesday[2]
    assert _cell(week, 2, 3) == "" and _cell(week, 0, 0) == ""
    # the agreed appointment stands out, and says why
    assert model.index(1, 3).data(Qt.ItemDataRole.FontRole).bold()
    assert "Rendez-vous fixe" in model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)
    title = week.title.text()
    assert "Semaine 2" in title and "5 visites" in title
    assert week.pdf_button.isEnabled() and week.ics_button.isEnabled()
    # the day totals match what the day planner shows for that day
    plan = week.week().days[1].plan
    assert plan is not None and f"{plan.total_km:.1f}".replace(".", ",") in headers[1]


def test_next_week_is_empty_and_exports_are_off(qtbot: Any, planner: Any) -> None:
    week = planner.week_view
    qtbot.mouseClick(week.next_week, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _shows(week, MONDAY + timedelta(days=7)), timeout=WAIT_MS)
    assert week.model.rowCount() == 0 and week.empty.isVisible()
    assert not week.pdf_button.isEnabled() and not week.ics_button.isEnabled()
    qtbot.mouseClick(week.prev_week, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _shows(week, MONDAY), timeout=WAIT_MS)
    assert week.model.rowCount() == 3 and not week.empty.isVisible()


def test_clicking_a_day_opens_it_in_the_day_planner(qtbot: Any, planner: Any) -> None:
    week = planner.week_view
    index = week.model.index(0, 3)  # Thursday's first visit
    rect = week.table.visualRect(index)
    qtbot.mouseClick(week.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert planner.tabs.currentWidget() is planner.day_page
    qtbot.waitUntil(lambda: planner.model.day == THURSDAY and not planner.loading, timeout=WAIT_MS)
    assert planner.day() == THURSDAY and planner.model.rowCount() == 2
    # and the header of a day with nothing booked opens that empty day, ready to fill
    planner.show_week()
    qtbot.waitUntil(lambda: not week.loading, timeout=WAIT_MS)
    header = week.table.horizontalHeader()
    x = header.sectionViewportPosition(4) + header.sectionSize(4) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    qtbot.waitUntil(
        lambda: planner.model.day == THURSDAY + timedelta(days=1) and not planner.loading,
        timeout=WAIT_MS,
    )
    assert planner.model.rowCount() == 0


def test_week_pack_and_ics_are_written_from_the_week(
    qtbot: Any, planner: Any, tmp_path: Path
) -> None:
    week = planner.week_view
    qtbot.mouseClick(week.pdf_button, Qt.MouseButton.LeftButton)
    assert (
        week.busy
        and week.progress.cancel_button.isVisibleTo(week)
        and not week.pdf_button.isEnabled()
    )
    qtbot.waitUntil(lambda: not week.busy, timeout=60_000)
    pdf = week.last_export
    assert pdf is not None and pdf.name == f"semaine_Paul_Lefebvre_{MONDAY.isoformat()}.pdf"
    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 3  # the cover, Tuesday, Thursday
    for name in ("Menuiserie du Matin", "Bureau d'Études Picard", "Conseil Somme Industrie"):
        assert name in text
    assert "Objet :" in text  # each stop says why the officer goes (services.stop_notes)
    assert "Enregistré" in week.status.text() and not week.progress.cancel_button.isVisibleTo(week)

    qtbot.mouseClick(week.ics_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not week.busy, timeout=WAIT_MS)
    ics = week.last_export
    assert ics is not None and ics.suffix == ".ics"
    body = ics.read_text(encoding="utf-8")
    assert body.count("BEGIN:VEVENT") == 5 and "Fonderie de Rivery" in body


def test_a_cancelled_week_pack_writes_nothing(
    qtbot: Any, planner: Any, runner: Any, tmp_path: Path
) -> None:
    week = planner.week_view
    gate = threading.Event()
    runner.run(lambda: gate.wait(10))  # hold the worker so the cancel lands first
    op = week.export_pdf()
    assert op is not None
    qtbot.mouseClick(week.progress.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not week.busy, timeout=WAIT_MS)
    assert "annulé" in week.status.text()
    assert not list(tmp_path.glob("semaine_*.pdf")) and not list(tmp_path.glob("*.part"))
    assert week.pdf_button.isEnabled()


def test_the_week_speaks_english_after_a_language_switch(qtbot: Any, planner: Any) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    week = planner.week_view
    translations = Translations()
    try:
        translations.apply("en")
        qtbot.waitUntil(lambda: week.pdf_button.text() == "Week pack (PDF)…", timeout=3000)
        week.reload()
        qtbot.waitUntil(lambda: not week.loading, timeout=WAIT_MS)
        header = str(week.model.headerData(1, Qt.Orientation.Horizontal))
        assert header.startswith("Tuesday 8/01\n3 visits · ") and header.endswith(" driving")
        assert week.hint.text().endswith("click a day to open it")
        assert week.title.text().startswith("Week 2 — 07/01 to 11/01/2030 · 5 visits")
        assert planner.tabs.tabText(1) == "Week"
    finally:
        translations.apply("fr")
    qtbot.waitUntil(lambda: week.pdf_button.text() == "Dossier de la semaine (PDF)…", timeout=3000)


def test_a_week_asked_for_before_the_officers_arrive_is_the_one_shown(
    qtbot: Any, db: Database, runner: Any, seeded_week: PlannerSeed
) -> None:
    from hdf_field.storage.orm import Officer
    from hdf_field.storage.uow import UnitOfWork
    from hdf_field.ui.planner.week_view import WeekView

    with UnitOfWork(db, actor="test") as uow:  # listed first, so the default choice
        uow.session.add(
            Officer(name="Anne Abel", email="anne@example.org", home_lat=50.63, home_lon=3.07)
        )
        uow.commit()
    view = WeekView(db, runner)
    qtbot.addWidget(view)
    view.show()
    view.show_week(seeded_week.officer_id, THURSDAY)  # officers are still loading
    qtbot.waitUntil(lambda: _shows(view, MONDAY), timeout=WAIT_MS)
    overview = view.week()
    assert overview is not None and overview.officer_id == seeded_week.officer_id
    assert view.officer_combo.count() == 2 and view.model.rowCount() == 3
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)


def test_a_week_with_a_saturday_visit_shows_saturday(
    qtbot: Any, db: Database, planner: Any, seeded_week: PlannerSeed
) -> None:
    saturday = MONDAY + timedelta(days=12)  # next week's Saturday
    _book(db, seeded_week, saturday, ["anytime"])
    week = planner.week_view
    assert week.model.columnCount() == 5  # this week: nothing on the weekend
    qtbot.mouseClick(week.next_week, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _shows(week, MONDAY + timedelta(days=7)), timeout=WAIT_MS)
    model = week.model
    assert model.columnCount() == 6 and model.rowCount() == 1  # Monday to Saturday
    header = str(model.headerData(5, Qt.Orientation.Horizontal))
    assert header.startswith("samedi 19/01\n1 visite ")
    assert "Fonderie de Rivery" in _cell(week, 0, 5)
    assert "au 19/01/2030" in week.title.text() and "1 visite " in week.title.text()
    assert [p.day for p in week.week().plans] == [saturday]  # what the exports print


def test_an_officer_working_saturdays_sees_saturday_every_week(
    qtbot: Any, db: Database, planner: Any, seeded_week: PlannerSeed
) -> None:
    import uuid

    from hdf_field.storage.orm import Officer
    from hdf_field.storage.uow import UnitOfWork

    with UnitOfWork(db, actor="test") as uow:
        officer = uow.session.get(Officer, uuid.UUID(seeded_week.officer_id))
        assert officer is not None
        officer.working_days = [2, 3, 4, 5, 6]
        uow.commit()
    week = planner.week_view
    week.refresh()
    qtbot.waitUntil(lambda: _shows(week, MONDAY) and week.model.columnCount() == 6, timeout=WAIT_MS)
    header = str(week.model.headerData(5, Qt.Orientation.Horizontal))
    assert header.startswith("samedi 12/01\naucune visite")


def test_a_locked_appointment_reads_the_same_time_in_journee_and_semaine(
    qtbot: Any, db: Database, planner: Any, seeded_week: PlannerSeed
) -> None:
    """A visit locked at 15:00 after a morning visit: the officer gets there early and waits.
    Both tabs show 15:00 (the appointment), never the arrival; one timing rule makes it so."""
    wednesday = TUESDAY + timedelta(days=1)
    spec = day_planner.officer_choices(db)[0].spec
    loaded = day_planner.load_prospects_by_id(
        db, [seeded_week.orgs["morning"], seeded_week.orgs["extra"]]
    ).prospects
    at = datetime.combine(wednesday, time(15, 0), tzinfo=PARIS)
    plan = retime(spec, wednesday, [loaded[0], replace(loaded[1], fixed_time=at)]).plan
    assert plan.stops[1].start == at and plan.stops[1].arrival < at  # it waits
    day_planner.save_day(db, plan, actor="test")
    week = planner.week_view
    week.reload()
    qtbot.waitUntil(lambda: _shows(week, MONDAY) and "15:00" in _cell(week, 1, 2), timeout=WAIT_MS)
    assert _cell(week, 1, 2).startswith("15:00") and "Laboratoire Optique Nord" in _cell(week, 1, 2)
    planner.open_day(seeded_week.officer_id, wednesday)
    qtbot.waitUntil(lambda: planner.model.day == wednesday and not planner.loading, timeout=WAIT_MS)
    row = next(r for r in range(planner.model.rowCount()) if planner.model.is_locked(r))
    assert planner.model.index(row, 1).data() == "15:00"
    # the arrival is not lost: the tooltip says when the officer gets there
    tip = planner.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert f"{plan.stops[1].arrival:%H:%M}" in tip and "15:00" in tip
