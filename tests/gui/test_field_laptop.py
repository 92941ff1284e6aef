"""The client on a real field laptop: the keyboard path, first run, small screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from hdf_field.domain.enums import FunnelStatus, VisitOutcome, VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import FollowUp, Visit
from tests.gui.test_organisation_gui import open_org

NAVIGATION_KEY_BUDGET = 20  # the issue counted 30 navigation keys out of 140 for one visit


class Keyboard:
    """Sends keys to whatever has the focus, the way a person's keyboard does, and counts the
    navigation and command keys (typed text is not counted)."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.keys: list[str] = []

    def target(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.keys.append(f"{modifiers}+{key}")
        self.qtbot.keyClick(self.target(), key, modifiers)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.target(), text)


def test_log_a_visit_with_the_keyboard_alone(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    """From the Prospects screen to the saved visit in the database, with key events only."""
    ctrl, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.prospects.model.rowCount() > 0, timeout=10000)
    kb = Keyboard(qtbot)

    kb.press(Qt.Key.Key_F, ctrl)  # search
    assert QApplication.focusWidget() is window.prospects.filters.search
    kb.type("ateliers beauv")
    kb.press(Qt.Key.Key_Down)  # to the list, first row selected once the search is back
    qtbot.waitUntil(
        lambda: (
            window.organisation.card is not None and window.organisation.card.id == seeded["works"]
        ),
        timeout=10000,
    )
    assert QApplication.focusWidget() is window.prospects.table
    kb.press(Qt.Key.Key_L, ctrl)  # the report for the selected organisation
    qtbot.waitUntil(
        lambda: window.visit_dialog is not None and window.visit_dialog.isVisible(), timeout=5000
    )
    dialog = window.visit_dialog
    assert dialog.card.id == seeded["works"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.when, timeout=5000)
    kb.press(Qt.Key.Key_Tab)  # the date field is left in one key, not five
    assert QApplication.focusWidget() is dialog.duration
    kb.press(Qt.Key.Key_T, alt)  # In&téressé (a mnemonic click is animated: ~100 ms)
    qtbot.waitUntil(lambda: dialog.outcome is VisitOutcome.INTERESTED, timeout=2000)
    kb.press(Qt.Key.Key_3)  # interest, outside a text field
    assert dialog.interest == 3
    kb.press(Qt.Key.Key_B, alt)  # &Besoins
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Space)
    assert len(dialog.to_dict()["needs"]) == 1
    kb.press(Qt.Key.Key_P, alt)  # &Prochaine étape
    kb.type("Envoyer la plaquette")
    kb.press(Qt.Key.Key_L, alt)  # Re&lance le
    qtbot.waitUntil(dialog.follow_up.isChecked, timeout=2000)
    kb.press(Qt.Key.Key_N, alt)  # &Notes
    kb.type("Dirigeant motive")
    with qtbot.waitSignal(dialog.logged, timeout=15000):
        kb.press(Qt.Key.Key_Return, ctrl)

    assert len(kb.keys) <= NAVIGATION_KEY_BUDGET
    assert len(kb.keys) == 13, kb.keys  # the path as documented in the Raccourcis screen
    with db.session() as s:
        visit = s.scalars(select(Visit)).one()
        assert str(visit.organisation_id) == seeded["works"]
        assert visit.status is VisitStatus.DONE and visit.interest == 3
        assert visit.outcome is VisitOutcome.INTERESTED and len(visit.needs) == 1
        assert visit.notes == "Dirigeant motive" and visit.contact_id is not None
        assert s.scalars(select(FollowUp.action)).one() == "Envoyer la plaquette"
    row = window.prospects.model.row_of(seeded["works"])
    qtbot.waitUntil(
        lambda: window.prospects.model.row_at(row).status is FunnelStatus.INTERESTED,
        timeout=5000,
    )


def test_ctrl_l_never_opens_a_stale_organisation(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    open_org(qtbot, window, seeded["bakery"])
    page = window.prospects
    page.filters.search.setText("laboratoire")
    page.apply_filters()
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 1, timeout=10000)
    # The bakery is no longer listed: no card, and Ctrl+L says so instead of opening it.
    qtbot.waitUntil(lambda: window.organisation.card is None, timeout=5000)
    assert page.selected_id() is None
    window.log_visit_for_selection()
    assert window.visit_dialog is None
    assert "sélectionnée" in window.statusBar().currentMessage()
    # A search that still lists the organisation shown keeps it selected.
    page.table.setFocus()
    qtbot.waitUntil(lambda: page.selected_id() == seeded["lab"], timeout=5000)
    page.filters.search.setText("lab")
    page.apply_filters()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10000)
    assert page.selected_id() == seeded["lab"]
    window.log_visit_for_selection()
    qtbot.waitUntil(lambda: window.visit_dialog is not None, timeout=5000)
    assert window.visit_dialog.card.id == seeded["lab"]
    window.visit_dialog.done(0)


def test_tab_order_goes_from_search_to_the_list_then_the_filters(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    page = window.prospects
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    filters = page.filters
    window.activateWindow()
    page.focus_search()
    qtbot.keyClick(filters.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.table
    qtbot.waitUntil(lambda: page.selected_id() is not None, timeout=5000)  # a row, not nothing
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)  # leaves the list, not to the next cell
    assert QApplication.focusWidget() is filters.departement


def test_sidebar_shows_the_shortcuts_and_f1_explains_them(qtbot: Any, window: Any) -> None:
    tips = [window.nav.item(r).toolTip() for r in range(window.nav.count())]
    assert tips[0] == "Prospects (Ctrl+1)"
    assert all(f"Ctrl+{i + 1}" in t for i, t in enumerate(tips))
    assert window.nav.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "F1" in window.help_button.text() and window.help_button.isVisible()
    window.activateWindow()
    qtbot.keyClick(window.prospects.filters.search, Qt.Key.Key_F1)
    qtbot.waitUntil(
        lambda: window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible(),
        timeout=5000,
    )
    text = window.shortcuts_dialog.text.toPlainText()
    for key in ("Ctrl+F", "Ctrl+L", "Ctrl+Entrée", f"Ctrl+{window.nav.count()}", "Alt+D"):
        assert key in text
    assert "Synchronisation" in text
    window.shortcuts_dialog.done(0)


def test_first_run_asks_who_the_officer_is(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, tmp_path: Any
) -> None:
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.main_window import MainWindow
    from hdf_field.ui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    assert settings.officer_name == ""  # never the system login ("Root")
    w = MainWindow(
        db, runner, settings, DraftStore(tmp_path / "d"), with_map=False, with_dashboard=False
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(
        lambda: w.identity_dialog is not None and w.identity_dialog.isVisible(), timeout=5000
    )
    form = w.identity_dialog
    form.name.setText("Camille Durand")
    form.email.setText("camille@example.org")
    form.home.setText("Amiens")
    with qtbot.waitSignal(form.identitySaved, timeout=10000):
        assert form.save()
    assert settings.identity_complete and settings.get("officer/home_commune") == "Amiens"
    assert w.settings_page.name.text() == "Camille Durand"
    w.close()


def test_status_bar_names_the_database_not_its_url(window: Any) -> None:
    from hdf_field.ui.main_window import database_label

    text = window.db_label.text()
    assert "sqlite:" not in text and "hdf-field.sqlite3" in text
    assert database_label("postgresql://u:secret@db.example.org/field") == "field @ db.example.org"
    assert "secret" not in window.db_label.toolTip()


def test_names_get_the_width_and_empty_columns_shrink(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    page = window.prospects
    window.resize(1280, 680)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.loading, timeout=10000)
    header = page.table.horizontalHeader()
    officer, city = 6, 1  # nobody is assigned in the seed: the officer column is empty
    assert header.sectionSize(officer) < 80
    assert header.sectionSize(0) == max(header.sectionSize(c) for c in range(header.count()))
    row = page.model.row_of(seeded["works"])
    tip = page.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Ateliers Mécaniques du Beauvaisis" in tip
    assert page.model.index(row, city).data(Qt.ItemDataRole.ToolTipRole) == "Beauvais"


def test_the_card_folds_away_and_stays_folded(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str], runner: Any, settings: Any
) -> None:
    from hdf_field.ui.main_window import MainWindow

    page = window.prospects
    width_before = page.table.width()
    page.card_button.click()
    assert not window.organisation.isVisible()
    qtbot.waitUntil(lambda: page.table.width() > width_before, timeout=3000)
    assert settings.get("ui/card_collapsed") == 1
    again = MainWindow(db, runner, settings, with_map=False, with_dashboard=False)
    qtbot.addWidget(again)
    assert not again.prospects.card_button.isChecked()
    assert not again.organisation.isVisibleTo(again)
    again.close()
    page.card_button.click()
    assert window.organisation.isVisible() and settings.get("ui/card_collapsed") == 0


def test_the_card_width_is_remembered(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str], runner: Any, settings: Any
) -> None:
    from hdf_field.ui.main_window import MainWindow
    from hdf_field.ui.prospects.page import CARD_MIN_WIDTH

    window.resize(1280, 680)
    page = window.prospects
    qtbot.waitUntil(lambda: page.card_width() > 0, timeout=3000)
    total = sum(page.splitter.sizes())
    page.splitter.moveSplitter(total - 360, 1)  # as a drag of the handle does
    assert abs(settings.get("ui/card_width") - 360) <= 12
    again = MainWindow(db, runner, settings, with_map=False, with_dashboard=False)
    qtbot.addWidget(again)
    again.resize(1280, 680)
    again.show()
    qtbot.waitUntil(lambda: abs(again.prospects.card_width() - 360) <= 12, timeout=3000)
    # A width the window cannot give is clamped: the card never goes under its minimum.
    again.prospects.set_card_width(10)
    assert again.prospects.card_width() >= CARD_MIN_WIDTH
    again.close()


def test_enter_in_the_search_box_searches_now_and_selects_the_first_row(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    page = window.prospects
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.loading, timeout=10000)
    window.activateWindow()
    page.focus_search()
    qtbot.keyClicks(page.filters.search, "laboratoire")
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)  # before the typing debounce ends
    qtbot.waitUntil(lambda: page.selected_id() == seeded["lab"], timeout=10000)
    assert QApplication.focusWidget() is page.table
    qtbot.waitUntil(
        lambda: (
            window.organisation.card is not None and window.organisation.card.id == seeded["lab"]
        ),
        timeout=10000,
    )


def test_a_past_visit_opens_read_only_with_everything(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    from datetime import UTC, datetime

    from hdf_field.services.visits import LogVisit, log_visit

    note = "Envoyer la plaquette Euramaterials et présenter le pôle au directeur technique"
    log_visit(
        db,
        LogVisit(
            organisation_id=seeded["works"],
            officer_name="Alice Martin",
            officer_email="alice@example.org",
            started_at=datetime(2026, 5, 4, 9, 30, tzinfo=UTC),
            outcome=VisitOutcome.INTERESTED,
            interest=2,
            duration_min=75,
            next_step=note,
            notes="Ligne 2 à moderniser",
        ),
    )
    panel = open_org(qtbot, window, seeded["works"])
    panel.tabs.setCurrentIndex(2)
    index = panel.visits_model.index(0, 3)
    assert note in index.data(Qt.ItemDataRole.ToolTipRole)
    panel.visits_view.setFocus()
    panel.visits_view.setCurrentIndex(index)
    qtbot.keyClick(panel.visits_view, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: panel.visit_details is not None and panel.visit_details.isVisible(), timeout=5000
    )
    text = panel.visit_details.text.toPlainText()
    for expected in (note, "Ligne 2 à moderniser", "75 min", "04/05/2026", "Alice Martin"):
        assert expected in text
    assert panel.visit_details.text.isReadOnly()
    panel.visit_details.done(0)


def test_windows_fit_a_1366x768_screen_at_150_percent(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    """911×≈455 logical pixels are left: nothing may demand more, and the report's buttons
    stay inside the dialog when it is that small."""
    from hdf_field.ui.main_window import MIN_HEIGHT, MIN_WIDTH

    assert MIN_WIDTH <= 911 and MIN_HEIGHT <= 455
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert hint.width() <= 911 and hint.height() <= 455, hint
    # The Prospects screen fits beside the sidebar without scrolling; wider screens (the
    # planner) scroll inside the window instead of making it too big for the laptop.
    room = 911 - window.nav.width()
    prospects = window.prospects.minimumSizeHint()
    assert prospects.width() <= room and prospects.height() <= 400, prospects
    window.show_page("planning")
    assert window.minimumSizeHint().expandedTo(window.minimumSize()).width() <= 911
    panel = open_org(qtbot, window, seeded["works"])
    dialog = window.open_visit(panel.card)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    small = dialog.minimumSizeHint()
    assert small.width() <= 911 and small.height() <= 455, small
    dialog.resize(900, 450)
    qtbot.waitUntil(lambda: dialog.height() <= 455, timeout=3000)
    assert dialog.buttons.parentWidget() is dialog
    assert dialog.rect().contains(dialog.buttons.geometry())  # not scrolled away with the form
    # The notes are below the fold; Alt+N brings them into view.
    qtbot.waitUntil(lambda: dialog.notes.visibleRegion().isEmpty(), timeout=3000)
    qtbot.keyClick(dialog.when, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.notes.visibleRegion().isEmpty(), timeout=3000)
    window.answers.append(True)
    dialog.done(0)
    for other in (panel.edit(), panel.add_contact(), window.show_shortcuts()):
        need = other.minimumSizeHint()
        assert need.width() <= 911 and need.height() <= 455, (type(other).__name__, need)
        other.done(0)
