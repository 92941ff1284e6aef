"""The visit form with the database encrypted (as on a laptop): its draft is written
encrypted, comes back after a crash, and a draft it cannot read is set aside and said so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hdf_field.storage.database import Database
from hdf_field.storage.draft_files import MAGIC, draft_key, write_draft
from hdf_field.storage.encryption import DatabaseKey
from tests.gui.test_organisation_gui import open_org

HEX_KEY = "5a" * 32


@pytest.fixture
def encrypted_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    from hdf_field.services.bootstrap import open_app_database

    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(tmp_path / "laptop.db", backups=False)
    assert db.key is not None
    yield db
    db.dispose()


@pytest.fixture
def enc_window(
    qtbot: Any, encrypted_db: Database, runner: Any, settings: Any
) -> Iterator[tuple[Any, dict[str, str]]]:
    from hdf_field.ui.main_window import MainWindow
    from tests.gui.helpers import seed

    seeded = seed(encrypted_db)
    # No store passed: the window makes the application's own, keyed by the database.
    w = MainWindow(
        encrypted_db,
        runner,
        settings,
        ask=lambda _t, _q: True,
        with_map=False,
        with_dashboard=False,
    )
    qtbot.addWidget(w)
    w.show()
    yield w, seeded
    w.close()
    runner.shutdown(wait=True)


def test_the_draft_is_encrypted_and_recovered(
    qtbot: Any, enc_window: tuple[Any, dict[str, str]]
) -> None:
    window, seeded = enc_window
    assert window.drafts.encrypted
    panel = open_org(qtbot, window, seeded["bakery"])
    dialog = window.open_visit(panel.card)
    qtbot.keyClicks(dialog.notes, "Rappeler Zephyrine au 0647586970")
    dialog.interest_buttons[2].setChecked(True)
    path = window.drafts.path_for(seeded["bakery"])
    qtbot.waitUntil(path.exists, timeout=10000)
    qtbot.waitUntil(lambda: "Brouillon enregistré" in dialog.draft_note.text(), timeout=10000)
    raw = path.read_bytes()
    assert raw.startswith(MAGIC)
    assert b"Zephyrine" not in raw and b"0647586970" not in raw and b"Boulangerie" not in raw
    # A crash: the dialog goes without any cleanup.
    dialog._autosave.stop()
    dialog._on_change_timer.stop()
    dialog.hide()
    dialog.deleteLater()
    window.refresh_banners()
    assert window.draft_banner.isVisibleTo(window)
    assert "Boulangerie" in window.draft_banner.label.text()
    window.resume_draft()
    qtbot.waitUntil(
        lambda: window.visit_dialog is not dialog and window.visit_dialog is not None, timeout=10000
    )
    again = window.visit_dialog
    assert again.notes.toPlainText() == "Rappeler Zephyrine au 0647586970"
    assert again.interest == 2
    assert again.draft_note.text() == "Brouillon repris"
    again.reject()


def test_a_draft_under_another_key_is_set_aside_and_said(
    qtbot: Any, enc_window: tuple[Any, dict[str, str]]
) -> None:
    window, seeded = enc_window
    path = window.drafts.path_for(seeded["bakery"])
    other = draft_key(DatabaseKey(bytes(32)))
    payload = {"organisation_id": seeded["bakery"], "data": {"notes": "autre laptop"}}
    before = write_draft(path, payload, other).read_bytes()
    panel = open_org(qtbot, window, seeded["bakery"])
    dialog = window.open_visit(panel.card)
    qtbot.waitExposed(dialog)
    assert dialog.error.isVisible() and "illisible" in dialog.error.text()
    assert dialog.notes.toPlainText() == ""
    aside = path.with_name(path.name + ".unreadable")
    assert aside.name in dialog.error.text() and dialog.error.toolTip() == str(aside)
    assert aside.read_bytes() == before and not path.exists()
    dialog.reject()
