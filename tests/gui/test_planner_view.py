"""The Planner screen, driven as a manager would: add, optimise, drag, lock, save, export."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from hdf_field.domain.enums import VisitStatus
from hdf_field.planning.zones import PARIS
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from tests.planner_seed import PLACES, TUESDAY, PlannerSeed, seed_planner

WAIT_MS = 20_000


@pytest.fixture
def seeded_day(db: Database) -> PlannerSeed:
    return seed_planner(db)


@pytest.fixture
def view(
    qtbot: Any, db: Database, runner: Any, seeded_day: PlannerSeed, tmp_path: Path
) -> Iterator[Any]:
    from hdf_field.ui.planner import PlannerView

    answers: list[Path] = []

    def ask(_parent: Any, _title: str, suggested: str, _filters: str) -> str:
        path = tmp_path / suggested
        answers.append(path)
        return str(path)

    v = PlannerView(db, runner, ask_save_path=ask)
    v.answers = answers  # type: ignore[attr-defined]
    qtbot.addWidget(v)
    v.resize(1300, 800)
    v.show()
    qtbot.waitUntil(lambda: v.officer() is not None, timeout=WAIT_MS)
    v.set_day(TUESDAY)
    qtbot.waitUntil(lambda: v.model.day == TUESDAY and not v.loading, timeout=WAIT_MS)
    yield v
    # let queued work (a reload after saving, the basemap) finish before the runner stops
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    runner.shutdown(wait=True)


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _add_all(qtbot: Any, view: Any, seeded_day: PlannerSeed, keys: list[str]) -> None:
    view.add_organisations([seeded_day.orgs[k] for k in keys])
    qtbot.waitUntil(lambda: view.model.rowCount() == len(keys), timeout=WAIT_MS)


def _optimise(qtbot: Any, view: Any) -> None:
    op = view.optimise()
    assert op is not None
    assert view.progress.cancel_button.isVisibleTo(view) and not view.optimise_button.isEnabled()
    qtbot.waitUntil(lambda: not view.busy, timeout=WAIT_MS)


ALL = ["office1", "anytime", "afternoon", "morning", "office2", "closed_tue"]


def test_optimise_gives_times_inside_opening_hours(
    qtbot: Any, view: Any, seeded_day: PlannerSeed
) -> None:
    _add_all(qtbot, view, seeded_day, ALL)
    _optimise(qtbot, view)
    plan = view.plan()
    names = [s.name for s in plan.stops]
    assert PLACES["closed_tue"][0] not in names
    assert len(plan.stops) >= 4
    for stop in plan.stops:
        key = next(k for k, v in seeded_day.orgs.items() if v == stop.organisation_id)
        hours = PLACES[key][4]
        if hours is None:
            continue
        intervals = hours.get("2", [])
        start, end = _minutes(stop.start), _minutes(stop.departure)
        assert any(
            int(a[:2]) * 60 + int(a[3:]) <= start and end <= int(b[:2]) * 60 + int(b[3:])
            for a, b in intervals
        ), (stop.name, stop.start, intervals)
    assert view.model.manual.feasible
    # what is shown: times in the table, km and drive time in the summary, the left-outs
    assert view.model.index(0, 1).data() == f"{plan.stops[0].start:%H:%M}"
    assert "km" in view.summary.text() and "de route" in view.summary.text()
    reasons = [
        view.unserved_model.index(r, 1).data() for r in range(view.unserved_model.rowCount())
    ]
    assert any("fermé le mardi" in r for r in reasons)
    assert view.route_map.stop_labels() == [str(k) for k in range(1, len(plan.stops) + 1)]


def test_drag_and_drop_retimes_and_flags_the_broken_window(
    qtbot: Any, view: Any, seeded_day: PlannerSeed
) -> None:
    from PySide6.QtCore import QModelIndex, Qt

    from hdf_field.ui.planner.stops_model import ISSUES_ROLE, VIOLATION

    _add_all(qtbot, view, seeded_day, ["morning", "anytime", "office1", "afternoon"])
    _optimise(qtbot, view)
    model = view.model
    ids = model.ids()
    morning = seeded_day.orgs["morning"]
    assert ids[0] == morning  # 08:30–10:30 only: it must come first
    before = {s.organisation_id: s.arrival for s in view.plan().stops}
    # Drag the morning-only visit to the end of the day, as the view's drop would.
    mime = model.mimeData([model.index(0, 0)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert model.ids() == [*ids[1:], morning]
    after = {s.organisation_id: s.arrival for s in view.plan().stops}
    assert after[morning] > before[morning]
    assert after[ids[1]] < before[ids[1]]  # the others move earlier at once
    last = model.rowCount() - 1
    messages = model.index(last, 2).data(ISSUES_ROLE)
    assert any("trop tard" in m and "08:30–10:30" in m for m in messages)
    assert model.index(last, 2).data(Qt.ItemDataRole.ForegroundRole).color() == VIOLATION
    assert "trop tard" in model.index(last, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert view.day_issues.isVisibleTo(view) and "infraction" in view.day_issues.text()
    # moveRows back to the top: the day is feasible again
    assert model.moveRows(QModelIndex(), last, 1, QModelIndex(), 0)
    assert model.ids() == ids and model.manual.feasible


def test_a_locked_visit_keeps_its_time_when_optimising_again(
    qtbot: Any, view: Any, seeded_day: PlannerSeed
) -> None:
    from PySide6.QtCore import Qt

    _add_all(qtbot, view, seeded_day, ["morning", "anytime", "office1", "afternoon"])
    _optimise(qtbot, view)
    model = view.model
    row = 1
    locked_id = model.ids()[row]
    locked_start = view.plan().stops[row].start
    assert model.setData(model.index(row, 5), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.index(row, 5).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    view.add_organisations([seeded_day.orgs["office2"], seeded_day.orgs["extra"]])
    qtbot.waitUntil(lambda: model.rowCount() == 6, timeout=WAIT_MS)
    _optimise(qtbot, view)
    stop = next(s for s in view.plan().stops if s.organisation_id == locked_id)
    assert abs((stop.start - locked_start).total_seconds()) <= 5 * 60
    assert stop.fixed
    row = model.ids().index(locked_id)
    assert model.index(row, 5).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert len(view.plan().stops) >= 5


def test_save_writes_the_planned_visits(
    qtbot: Any, view: Any, seeded_day: PlannerSeed, db: Database
) -> None:
    from PySide6.QtCore import Qt

    _add_all(qtbot, view, seeded_day, ["morning", "anytime", "office1", "afternoon"])
    _optimise(qtbot, view)
    view.model.setData(
        view.model.index(0, 5), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    plan = view.plan()
    view.save()
    qtbot.waitUntil(lambda: view.last_saved is not None, timeout=WAIT_MS)
    assert view.last_saved.created == len(plan.stops)
    with db.session() as s:
        visits = list(
            s.scalars(
                select(Visit)
                .where(
                    Visit.officer_id == uuid.UUID(seeded_day.officer_id),
                    Visit.deleted_at.is_(None),
                )
                .order_by(Visit.plan_order)
            )
        )
        saved = [
            (str(v.organisation_id), v.plan_order, v.planned_start, v.fixed, v.status)
            for v in visits
        ]
    assert [(o, k) for o, k, *_ in saved] == [(st.organisation_id, st.order) for st in plan.stops]
    for (_, _, start, fixed, status), stop in zip(saved, plan.stops, strict=True):
        assert start.replace(tzinfo=UTC) == stop.start.astimezone(UTC)
        assert status == VisitStatus.PLANNED
        assert fixed == (stop.order == 1)  # the locked visit is saved as fixed
    # the reloaded day shows the saved visits, in order, not dirty
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT_MS)
    assert not view.dirty
    assert view.model.ids() == [s.organisation_id for s in plan.stops]
    assert view.model.is_locked(0) and not view.model.is_locked(1)
    # saving again updates in place (no duplicates)
    view.last_saved = None
    view.save()
    qtbot.waitUntil(lambda: view.last_saved is not None, timeout=WAIT_MS)
    assert view.last_saved.created == 0 and view.last_saved.replaced == 0
    assert view.last_saved.updated == len(plan.stops) - 1 and view.last_saved.kept_fixed == 1
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT_MS)


def test_pdf_export_lists_the_stops(qtbot: Any, view: Any, seeded_day: PlannerSeed) -> None:
    _add_all(qtbot, view, seeded_day, ["morning", "anytime", "afternoon"])
    _optimise(qtbot, view)
    view.save_pdf()
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=WAIT_MS)
    path = view.last_export
    assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    for stop in view.plan().stops:
        assert stop.name.split()[0] in text
    assert f"{view.plan().stops[0].arrival:%H:%M}" in text


def test_ics_export_has_one_event_per_stop(qtbot: Any, view: Any, seeded_day: PlannerSeed) -> None:
    _add_all(qtbot, view, seeded_day, ["morning", "anytime", "afternoon"])
    _optimise(qtbot, view)
    view.export_ics()
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=WAIT_MS)
    text = view.last_export.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == len(view.plan().stops)
    first = view.plan().stops[0]
    assert f"DTSTART;TZID=Europe/Paris:{first.start.astimezone(PARIS):%Y%m%dT%H%M}" in text


def test_print_renders_every_pdf_page(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from hdf_field.planning.day_route import plan_day
    from hdf_field.planning.inputs import OfficerSpec, Prospect
    from hdf_field.planning.model import Place
    from hdf_field.reports.day_sheet import render_day_plan
    from hdf_field.ui.planner.printing import page_count, preview_dialog, print_pdf

    officer = OfficerSpec("o", "Paul", Place("Amiens", 49.8941, 2.2958))
    visits = [Prospect(f"v{k}", f"Visite {k}", 49.9 + k / 100, 2.3) for k in range(3)]
    pdf = render_day_plan(plan_day(officer, TUESDAY, visits))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(pdf, printer) == page_count(pdf) >= 1
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == page_count(pdf)
    dialog = preview_dialog(pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pages_printed == page_count(pdf), timeout=WAIT_MS)
    dialog.close()


def test_stops_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, seeded_day: PlannerSeed
) -> None:
    from hdf_field.planning.inputs import OfficerSpec, Prospect
    from hdf_field.planning.model import Place
    from hdf_field.ui.planner.stops_model import StopsModel
    from hdf_field.ui.planner.unserved_model import UnservedModel

    model = StopsModel()
    officer = OfficerSpec("o", "Paul", Place("Amiens", 49.8941, 2.2958))
    visits = [Prospect(f"v{k}", f"Visite {k}", 49.9 + k / 100, 2.3) for k in range(4)]
    model.set_day(officer, TUESDAY, visits)
    qtmodeltester.check(model)
    assert model.move(3, 0) and model.ids() == ["v3", "v0", "v1", "v2"]
    qtmodeltester.check(model)
    unserved = UnservedModel()
    unserved.set_rows([(visits[0], "journée complète")])
    qtmodeltester.check(unserved)


def test_add_ignores_duplicates_and_reports_organisations_without_position(
    qtbot: Any, view: Any, seeded_day: PlannerSeed, db: Database
) -> None:
    from hdf_field.storage.orm import Organisation
    from hdf_field.storage.uow import UnitOfWork

    with UnitOfWork(db, actor="test") as uow:
        org = Organisation(name="Sans Adresse SARL", departement="80")
        uow.session.add(org)
        uow.session.flush()
        nowhere = str(org.id)
        uow.commit()
    _add_all(qtbot, view, seeded_day, ["anytime"])
    view.add_organisations([seeded_day.orgs["anytime"], nowhere])
    qtbot.waitUntil(lambda: "Sans Adresse SARL" in view.status.text(), timeout=WAIT_MS)
    assert view.model.rowCount() == 1
    view.stops_view.selectRow(0)
    view.remove_selected()
    assert view.model.rowCount() == 0


def test_the_screen_switches_to_english(qtbot: Any, view: Any) -> None:
    from PySide6.QtCore import Qt

    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    translations = Translations()
    try:
        assert view.optimise_button.text() == "Optimiser"
        translations.apply("en")
        qtbot.waitUntil(lambda: view.optimise_button.text() == "Optimise", timeout=WAIT_MS)
        assert view.save_button.text() == "Save plan"
        header = view.model.headerData(1, Qt.Orientation.Horizontal)
        assert header == "Time"  # the visit's start, as in the Semaine tab
    finally:
        translations.apply("fr")
    qtbot.waitUntil(lambda: view.optimise_button.text() == "Optimiser", timeout=WAIT_MS)


def test_the_add_box_finds_and_adds_an_organisation(
    qtbot: Any, view: Any, seeded_day: PlannerSeed
) -> None:
    view.add_edit.setText("Rivery")
    view._search()
    qtbot.waitUntil(lambda: view._completions.rowCount() == 1, timeout=WAIT_MS)
    label = view._completions.index(0, 0).data()
    assert "Fonderie de Rivery" in label
    view._candidate_chosen(label)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)
    assert view.model.ids() == [seeded_day.orgs["anytime"]]


def test_cancelling_the_optimisation_leaves_the_day_as_it_was(
    qtbot: Any, view: Any, seeded_day: PlannerSeed
) -> None:
    _add_all(qtbot, view, seeded_day, ["afternoon", "morning", "anytime"])
    order = view.model.ids()
    op = view.optimise()
    assert op is not None
    view.cancel_optimisation()
    qtbot.waitUntil(lambda: not view.busy, timeout=WAIT_MS)
    assert "annulée" in view.status.text()
    assert view.model.ids() == order
    assert view.optimise_button.isEnabled() and not view.progress.cancel_button.isVisibleTo(view)


def test_none_keeps_enough_references_for_a_long_session() -> None:
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    lost = before - sys.getrefcount(None)  # 1000 with PySide6 6.12 on Python 3.11, else 0
    assert sys.getrefcount(None) > 1_000_000 or lost == 0


def _opened_on(qtbot: Any, db: Database, runner: Any, today: date) -> Any:
    from hdf_field.ui.planner import PlannerView

    v = PlannerView(db, runner, today=lambda: today)
    qtbot.addWidget(v)
    qtbot.waitUntil(lambda: v.officer() is not None and not v.loading, timeout=WAIT_MS)
    return v


def test_on_a_saturday_the_planner_opens_on_the_officers_monday(
    qtbot: Any, db: Database, runner: Any, seeded_day: PlannerSeed
) -> None:
    saturday = TUESDAY + timedelta(days=4)
    v = _opened_on(qtbot, db, runner, saturday)
    assert v.day() == TUESDAY + timedelta(days=6)  # Monday (the officer works Mon–Fri)
    assert v.model.day == v.day()
    # a day the user picks stays, even a Sunday
    v.set_day(saturday + timedelta(days=1))
    qtbot.waitUntil(lambda: v.model.day == saturday + timedelta(days=1), timeout=WAIT_MS)
    v.refresh()
    qtbot.waitUntil(lambda: not runner.busy and not v.loading, timeout=WAIT_MS)
    assert v.day() == saturday + timedelta(days=1)
    runner.shutdown(wait=True)


def test_on_a_working_day_the_planner_opens_on_today(
    qtbot: Any, db: Database, runner: Any, seeded_day: PlannerSeed
) -> None:
    v = _opened_on(qtbot, db, runner, TUESDAY)
    assert v.day() == TUESDAY and v.model.day == TUESDAY
    runner.shutdown(wait=True)


def _book_fixed(
    db: Database, officer_id: str, name: str, lat: float, lon: float, at: datetime
) -> str:
    with UnitOfWork(db, actor="test") as uow:
        org = Organisation(name=name, city="X", departement="80", lat=lat, lon=lon)
        uow.session.add(org)
        uow.session.flush()
        uow.session.add(
            Visit(
                organisation_id=org.id,
                officer_id=uuid.UUID(officer_id),
                planned_start=at.astimezone(UTC),
                duration_min=60,
                status=VisitStatus.PLANNED,
                fixed=True,
            )
        )
        org_id = str(org.id)
        uow.commit()
    return org_id


def test_a_fixed_appointment_before_the_day_starts_is_kept_and_free_time_is_filled(
    qtbot: Any, db: Database, view: Any, seeded_day: PlannerSeed
) -> None:
    """09:00 appointment ~40 min from home, day from 08:30: the officer leaves earlier. A
    06:30 one in Lille cannot be reached: it is listed first in "Non retenues", flagged,
    with the reason. The afternoon is offered to nearby prospects of the officer's own."""
    midnight = datetime.combine(TUESDAY, datetime.min.time(), tzinfo=PARIS)
    officer = seeded_day.officer_id
    rdv = _book_fixed(db, officer, "Fonderie Picarde", 50.25, 2.0, midnight + timedelta(hours=9))
    dawn = midnight + timedelta(hours=6, minutes=30)
    _book_fixed(db, officer, "Filature de Lille", 50.63, 3.06, dawn)
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not view.loading, timeout=WAIT_MS)
    _optimise(qtbot, view)
    plan = view.plan()
    assert plan.stops[0].organisation_id == rdv and f"{plan.stops[0].start:%H:%M}" == "09:00"
    assert plan.leave_at is not None and _minutes(plan.leave_at) < 8 * 60 + 30
    assert view.model.index(0, 1).data() == "09:00"
    # the free time went to nearby prospects of the seed (never visited, near Amiens)
    assert len(plan.stops) >= 3
    assert set(seeded_day.orgs.values()) & {s.organisation_id for s in plan.stops}
    assert "suggestion proche ajoutée" in view.status.text() or (
        "suggestions proches ajoutées" in view.status.text()
    )
    # a suggestion reads as one: italic name, its reason on hover
    row = next(
        r
        for r in range(view.model.rowCount())
        if view.model.visits()[r].id in set(seeded_day.orgs.values())
    )
    name = view.model.index(row, 2)
    assert name.data(Qt.ItemDataRole.FontRole).italic()
    assert name.data(Qt.ItemDataRole.ToolTipRole).startswith("Suggestion — ")
    # the unreachable appointment: first in "Non retenues", flagged, with its reason
    first = view.unserved_model.index(0, 0).data()
    reason = view.unserved_model.index(0, 1).data()
    assert first == "Filature de Lille (RDV fixe)"
    assert "départ au plus tôt" in reason
