"""``hdf-field gui --screenshots DIR``: a PNG of each main screen, for documentation and review.

``--size WxH`` shoots as on a screen of that many physical pixels: the window fills the screen,
and with ``QT_SCALE_FACTOR=1.5`` a 1366×768 screen offers 911×512 logical pixels, as a laptop
at 150 % does. On the headless (offscreen) platform the screen itself is set to that size, so
dialogs sized from the screen are sized as they would be there.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.validation import validate_organisation_field

if TYPE_CHECKING:
    from hdf_field.ui.app import Client


# Screens added after the first set: shot last, so that earlier file names keep their numbers.
LATER_SCREENS = ("import",)
MIN_SIZE, MAX_SIZE = 640, 7680  # pixels per side accepted by --size
_SIZE = re.compile(r"^(\d{3,4})[xX×](\d{3,4})$")


def parse_size(text: str) -> tuple[int, int]:
    """``1366x768`` → (1366, 768); anything else is refused with the expected form."""
    match = _SIZE.match(text.strip())
    if not match:
        raise ValueError(f"--size: expected WIDTHxHEIGHT such as 1366x768, got {text!r}")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIZE <= side <= MAX_SIZE:
            raise ValueError(f"--size: each side must be {MIN_SIZE} to {MAX_SIZE} pixels")
    return width, height


def emulate_screen(size: tuple[int, int]) -> Path | None:
    """On the offscreen platform (CI, headless), a screen of ``size`` physical pixels.

    Must run before the QApplication exists. Returns the configuration file written, or None
    when a real display is used (its own screen is then what the window is sized from)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("offscreen") or "configfile=" in platform:
        return None
    width, height = size
    config = {
        "screens": [
            {
                "name": "shots",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "dpr": 1,
            }
        ]
    }
    fd, name = tempfile.mkstemp(prefix="hdf-field-screen-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(config, fh)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={name}"
    atexit.register(Path(name).unlink, missing_ok=True)  # read once, at start-up
    return Path(name)


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
    from hdf_field.services.day_planner import assigned_prospect_ids

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
        planner.add_organisations(assigned_prospect_ids(client.db, officer.id, limit=7))
        _wait(lambda: planner.model.rowCount() > 0, 20)
    if planner.model.rowCount() > 0:
        planner.optimise()
        _wait(lambda: not planner.busy, 30)


def _show_the_week(client: Client) -> None:
    """The week at a glance, for the officer of the day shown: the busiest of the four weeks
    from the day's, so that the shot shows a working week rather than four empty columns."""
    planner = client.window.planning
    planner.show_week()
    week = planner.week_view

    def loaded() -> bool:
        return week.week() is not None and not week.loading and not client.runner.busy

    _wait(loaded, 20)
    officer = week.officer()
    if officer is None:
        return
    first = week.monday()
    counts: dict[date, int] = {}
    for k in range(4):
        monday = first + timedelta(days=7 * k)
        if k:
            week.show_week(officer.id, monday)
            _wait(loaded, 20)
        shown = week.week()
        counts[monday] = shown.visit_count if shown is not None else 0
    best = max(counts, key=lambda m: (counts[m], -m.toordinal()))
    if best != week.monday():
        week.show_week(officer.id, best)
        _wait(loaded, 20)


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
    from hdf_field.services.day_planner import first_booked_day

    return first_booked_day(client.db, officer_id, date.today())


# The shots each page gives, in order (a page not listed gives one, under its key).
SHOTS_OF_PAGE = {
    "prospects": ("prospects", "organisation-tab2", "organisation-tab3", "search"),
    "planning": ("planning", "planning-week", "planning-campaign"),
}


def _reselect(client: Client, org_id: str) -> None:
    """After a search that dropped it, the organisation shown is selected again."""
    window = client.window
    model = window.prospects.model
    _wait(lambda: not model.loading and window.prospects.select_organisation(org_id), 30)
    _wait(lambda: (c := window.organisation.card) is not None and c.id == org_id, 10)


def _shoot_dialogs(
    client: Client, grab: Callable[..., None], wanted: Callable[[str], bool]
) -> None:
    """The first-run identity form, the F1 help and a past visit, each over the window."""
    window = client.window
    if wanted("first-run"):
        identity = window.ask_identity()
        grab("first-run", widget=identity)
        identity.done(0)
    else:
        grab("first-run")
    if wanted("shortcuts"):
        help_dialog = window.show_shortcuts()
        grab("shortcuts", widget=help_dialog)
        help_dialog.done(0)
    else:
        grab("shortcuts")
    card = window.organisation.card
    details = window.organisation.open_visit_details(0) if wanted("visit-details") else None
    if details is not None and card is not None and card.visits:
        grab("visit-details", widget=details)
        details.done(0)
    if wanted("contact-editor") and card is not None and card.contacts:
        from hdf_field.ui.organisation.dialogs import ContactDialog

        editor = ContactDialog(
            client.db, client.runner, card.id, "", card.contacts[0], window.organisation
        )
        editor.show()
        grab("contact-editor", widget=editor)
        editor.done(0)
    else:
        grab("contact-editor")


def take_screenshots(
    client: Client,
    folder: Path,
    done: Callable[[], None],
    *,
    size: tuple[int, int] | None = None,
    only: frozenset[str] | None = None,
) -> list[Path]:
    """Every screen (or those named in ``only``: page keys and dialog names), as PNG files.

    Numbers stay those of the full set, so a partial run overwrites the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    window = client.window
    if size is None:
        window.resize(1440, 900)
    else:  # the whole screen, as a laptop user keeps the window
        window.setGeometry(window.screen().availableGeometry())
    _wait(lambda: client.ready, 600)
    _settle(500)
    saved: list[Path] = []

    extras = 0  # second views of a screen share its number, so later names stay stable

    number = 0  # counts every shot of the full set, kept or not, so numbers never shift

    def wanted(name: str) -> bool:
        return only is None or name in only

    def grab(name: str, *, same_number: bool = False, widget: QWidget | None = None) -> None:
        nonlocal extras, number
        number += 1
        extras += same_number
        if not wanted(name):
            return
        _settle(400)
        path = folder / f"{number - extras:02d}-{name}.png"
        (widget or window).grab().save(str(path))
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
        shots = SHOTS_OF_PAGE.get(key, (key,))
        if not any(wanted(name) for name in shots):
            for i, name in enumerate(shots):  # keep the numbering of the full set
                grab(name, same_number=key == "planning" and i > 0)
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
            shown = window.organisation.card.id
            window.prospects.filters.search.setText("lil")
            window.prospects.apply_filters()
            _wait(lambda: not model.loading, 30)
            grab("search")
            window.prospects.filters.clear()
            # The search dropped the organisation shown (not in its result): select it again.
            _reselect(client, shown)
    window.show_page("prospects")
    card = window.organisation.card
    if card is not None:
        dialog = window.open_visit(card)
        _settle(400)
        grab("visit-form", widget=dialog)
        dialog.write_draft()
        window.drafts.discard(card.id)
        dialog.done(0)
        edit = window.organisation.edit()
        if edit is not None:
            grab("edit-organisation", widget=edit)
            if wanted("validation-error"):
                # A real verdict of the core, shown the way a failed save shows it.
                typed = edit.fields.get("postal_code")
                if typed is not None and hasattr(typed, "setText"):
                    typed.setText("5900")  # a French code that lost its leading 0
                try:
                    validate_organisation_field("postal_code", "5900")
                except ValidationError as exc:
                    edit.show_error(exc)
            grab("validation-error", same_number=True, widget=edit)
            edit.done(0)
    for key in LATER_SCREENS:
        if wanted(key):
            window.show_page(key)
            _wait(lambda: not client.runner.busy, 30)
        grab(key)
    window.show_page("prospects")
    _shoot_dialogs(client, grab, wanted)
    for p in saved:
        print(p)
    done()
    return saved
