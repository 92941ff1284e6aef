"""``hdf-field gui --screenshots DIR``: a PNG of each main screen, for documentation and review."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

if TYPE_CHECKING:
    from hdf_field.ui.app import Client


# Screens added after the first set: shot last, so that earlier file names keep their numbers.
LATER_SCREENS = ("import",)


def _settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait(predicate: Callable[[], bool], timeout_s: float) -> None:
    end = time.monotonic() + timeout_s
    while not predicate() and time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)


def _show_a_planned_day(client: Client) -> None:
    """The planner with a real day: the officer's booked visits, or a few of their prospects."""
    from sqlalchemy import select

    from hdf_field.storage.orm import Organisation

    planner = client.window.planning
    # Showing the page reloads officers, then the day: let both land before adding stops.
    _wait(lambda: not client.runner.busy, 20)
    _settle(300)
    _wait(lambda: planner.officer() is not None and not planner.loading, 20)
    officer = planner.officer()
    if officer is None:
        return
    booked = _first_booked_day(client, officer.id)
    if booked is not None and booked != planner.day():
        planner.set_day(booked)
        _wait(lambda: planner.model.day == booked and not planner.loading, 20)
    if planner.model.rowCount() == 0:
        with client.db.session() as s:
            ids = s.scalars(
                select(Organisation.id)
                .where(Organisation.assigned_officer_id == uuid.UUID(officer.id))
                .order_by(Organisation.priority.desc(), Organisation.name)
                .limit(7)
            ).all()
        planner.add_organisations([str(i) for i in ids])
        _wait(lambda: planner.model.rowCount() > 0, 20)
    if planner.model.rowCount() > 0:
        planner.optimise()
        _wait(lambda: not planner.busy, 30)


def _show_the_week(client: Client) -> None:
    """The week at a glance, for the officer and week of the day shown."""
    planner = client.window.planning
    planner.show_week()
    week = planner.week_view
    _wait(lambda: week.week() is not None and not week.loading and not client.runner.busy, 20)


def _show_the_campaign(client: Client) -> None:
    """The campaign tab with a plan on screen (not saved): all officers, default horizon."""
    planner = client.window.planning
    planner.show_campaign()
    campaign = planner.campaign_view
    _wait(lambda: campaign.officer_list.count() > 0 and not client.runner.busy, 20)
    if campaign.plan() is not None:
        _wait(lambda: not campaign.busy, 300)


def _first_booked_day(client: Client, officer_id: str) -> date | None:
    """The officer's next day with visits booked: a real day says more than an empty today."""
    from sqlalchemy import func, select

    from hdf_field.domain.enums import VisitStatus
    from hdf_field.planning.zones import PARIS
    from hdf_field.storage.orm import Visit

    since = datetime.combine(date.today(), clock(0), tzinfo=PARIS)
    with client.db.session() as s:
        first = s.scalar(
            select(func.min(Visit.planned_start)).where(
                Visit.officer_id == uuid.UUID(officer_id),
                Visit.status == VisitStatus.PLANNED,
                Visit.deleted_at.is_(None),
                Visit.planned_start >= since,
            )
        )
    return first.astimezone(PARIS).date() if first is not None else None


def take_screenshots(client: Client, folder: Path, done: Callable[[], None]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    window = client.window
    window.resize(1440, 900)
    _wait(lambda: client.ready, 600)
    _settle(500)
    saved: list[Path] = []

    extras = 0  # second views of a screen share its number, so later names stay stable

    def grab(name: str, *, same_number: bool = False) -> None:
        nonlocal extras
        _settle(400)
        extras += same_number
        path = folder / f"{len(saved) + 1 - extras:02d}-{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    model = window.prospects.model
    _wait(lambda: not model.loading, 30)
    if model.rowCount() > 0:
        # Prefer an organisation with some history: the screens say more.
        rows = [model.row_at(r) for r in range(model.rowCount())]
        visited = [i for i, r in enumerate(rows) if r is not None and r.last_visit is not None]
        window.prospects.table.selectRow(visited[0] if visited else 0)
        _wait(lambda: window.organisation.card is not None, 10)
    for key in window.page_keys():
        if key in LATER_SCREENS:
            continue
        window.show_page(key)
        if key == "map" and window.map_view is not None:
            _wait(window.map_view.is_ready, 60)  # type: ignore[attr-defined]
            _settle(1500)  # tiles of outlines and clusters settle after "ready"
        if key == "planning":
            _show_a_planned_day(client)
        _wait(lambda: not client.runner.busy, 30)
        grab(key)
        if key == "planning":
            # The day shown is only a sample: leave it without the "unsaved day" question.
            window.planning.dirty = False
            _show_the_week(client)
            grab("planning-week", same_number=True)
            _show_the_campaign(client)
            grab("planning-campaign", same_number=True)
            window.planning.tabs.setCurrentWidget(window.planning.day_page)
        if key == "prospects" and window.organisation.card is not None:
            for tab in (2, 3):
                window.organisation.tabs.setCurrentIndex(tab)
                grab(f"organisation-tab{tab}")
            window.organisation.tabs.setCurrentIndex(0)
            window.prospects.filters.search.setText("lil")
            window.prospects.apply_filters()
            _wait(lambda: not model.loading, 30)
            grab("search")
            window.prospects.filters.clear()
    window.show_page("prospects")
    if window.organisation.card is not None:
        dialog = window.open_visit(window.organisation.card)
        _settle(400)
        path = folder / f"{len(saved) + 1 - extras:02d}-visit-form.png"
        dialog.grab().save(str(path))
        saved.append(path)
        dialog.write_draft()
        window.drafts.discard(window.organisation.card.id)
        dialog.done(0)
        edit = window.organisation.edit()
        if edit is not None:
            _settle(300)
            path = folder / f"{len(saved) + 1 - extras:02d}-edit-organisation.png"
            edit.grab().save(str(path))
            saved.append(path)
            edit.done(0)
    for key in LATER_SCREENS:
        window.show_page(key)
        _wait(lambda: not client.runner.busy, 30)
        grab(key)
    for p in saved:
        print(p)
    done()
    return saved
