"""No two visible controls of a screen share an Alt+letter, in French or in English.

A clash makes Alt+letter cycle between controls instead of jumping, which breaks the
keyboard-only visit report; translations are where such clashes creep in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt

from hdf_field.storage.database import Database
from hdf_field.ui.i18n import Translations, compiled_translation
from tests.gui.mnemonics import clashes, mnemonic, visible_mnemonics


def test_mnemonic_reading() -> None:
    assert mnemonic("&Nom") == "n"
    assert mnemonic("Statu&t") == "t"
    assert mnemonic("Fish && &Chips") == "c"
    assert mnemonic("R&&D") is None
    assert mnemonic("Priorit&é") == "é"


_BEHIND = QEvent.Type(QEvent.registerEventType())


class _Behind(QObject):
    """Receives one event posted behind others: once it arrives, they all have."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = False

    def event(self, event: QEvent) -> bool:
        if event.type() == _BEHIND:
            self.arrived = True
            return True
        return super().event(event)


def wait_until_retranslated(qtbot: Any, window: Any) -> None:
    """Installing a translator makes QApplication post a LanguageChange to every widget, and
    each retranslates its texts when its event is delivered. An event posted now, at low
    priority, is delivered after all of them: when it has arrived, every screen shows the new
    language (and the event loop that delivered it has also run the deferred deletions, so
    the walk finds no widget on its way out)."""
    behind = _Behind()
    QCoreApplication.postEvent(behind, QEvent(_BEHIND), Qt.EventPriority.LowEventPriority.value)
    qtbot.waitUntil(lambda: behind.arrived, timeout=5000)
    assert window.help_button.text() == window.tr("Raccourcis clavier (F1)")


@pytest.fixture
def full_window(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, settings: Any, tmp_path: Path
) -> Iterator[Any]:
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.main_window import MainWindow

    w = MainWindow(db, runner, settings, DraftStore(tmp_path / "drafts"), ask=lambda _t, _q: True)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    runner.shutdown(wait=True)


def screens(qtbot: Any, window: Any, org_id: str) -> Iterator[tuple[str, Any]]:
    """Every main screen (and each organisation tab), then the visit and edit dialogs."""
    for key, _icon, widget in window.pages:
        # The page is raised without loading its data: the controls are what matter here.
        window.stack.setCurrentWidget(widget)
        if key == "planning":
            yield key, window
            for tab in range(1, widget.tabs.count()):  # the week, the campaign
                widget.tabs.setCurrentIndex(tab)
                yield f"planning, tab {tab}", window
            widget.tabs.setCurrentIndex(0)
            continue
        if key == "import":
            # Each kind of import is its own form; a list shows its column choices.
            page = window.import_page
            page.show_columns(["Raison sociale", "SIRET", "Ville"])
            page.remove_demo.show()
            for i in range(page.tabs.count()):
                page.tabs.setCurrentIndex(i)
                yield f"import, tab {i}", window
            page.tabs.setCurrentIndex(0)
            page.remove_demo.hide()
            continue
        if key != "prospects":
            yield key, window
            continue
        qtbot.waitUntil(lambda: window.prospects.model.rowCount() > 0, timeout=5000)
        assert window.prospects.select_organisation(org_id)
        qtbot.waitUntil(lambda: window.organisation.card is not None, timeout=5000)
        tabs = window.organisation.tabs
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            yield f"prospects, organisation tab {i}", window
        tabs.setCurrentIndex(0)
    window.stack.setCurrentWidget(window.prospects)
    dialog = window.open_visit(window.organisation.card)
    yield "visit report", dialog
    window.drafts.discard(window.organisation.card.id)
    dialog.done(0)
    edit = window.organisation.edit()
    assert edit is not None
    yield "edit organisation", edit
    edit.done(0)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_screen_has_two_controls_on_one_alt_letter(
    qtbot: Any, full_window: Any, seeded: dict[str, str], lang: str
) -> None:
    if lang != "fr" and compiled_translation(lang) is None:
        pytest.skip("pyside6-lrelease not available")
    translations = Translations()
    found: dict[str, dict[str, list[str]]] = {}
    try:
        translations.apply(lang)
        wait_until_retranslated(qtbot, full_window)
        letters: dict[str, int] = {}
        for name, top in screens(qtbot, full_window, seeded["works"]):
            letters[name] = len(visible_mnemonics(top))
            if clash := clashes(top):
                found[name] = clash
        # The walk really saw the screens (map and dashboard have no mnemonics of their own).
        assert {"map", "planning", "dashboard", "sync", "settings"} <= set(letters)
        for name in ("prospects, organisation tab 0", "visit report", "edit organisation"):
            assert letters[name] >= 8, letters
        assert letters["planning, tab 2"] >= 5, letters  # the campaign's inputs and actions
        assert all(letters[f"import, tab {i}"] >= 3 for i in range(3)), letters
    finally:
        translations.apply("fr")
    assert not found, found
