"""Paramètres → Sauvegardes: the key store and its warning, backup now, restore with a yes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from sqlalchemy import func, select

from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The application's own database: encrypted, its key in a file (no keyring here)."""
    from hdf_field.services.bootstrap import open_app_database

    monkeypatch.delenv("HDF_FIELD_DB_KEY", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    db = open_app_database(tmp_path / "laptop.sqlite3")
    yield db
    db.dispose()
    keyring.set_keyring(before)


def _orgs(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Organisation)) or 0)


def test_backups_group_shows_key_store_makes_and_restores(
    qtbot: Any, app_db: Database, runner: Any, settings: Any, tmp_path: Path
) -> None:
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.main_window import MainWindow

    w = MainWindow(
        app_db,
        runner,
        settings,
        DraftStore(tmp_path / "drafts"),
        ask=lambda _t, _q: True,
        with_map=False,
        with_dashboard=False,
    )
    qtbot.addWidget(w)
    w.show()
    try:
        box = w.settings_page.backups_box
        qtbot.waitUntil(lambda: box.status is not None, timeout=60_000)
        assert "clé dans un fichier" in box.protection.text()
        assert not box.warning.isHidden() and "fichier" in box.warning.text()
        assert "clé de chiffrement dans un fichier" in w.db_label.text()
        assert box.list.topLevelItemCount() == 1  # the daily backup taken at open
        assert box.list.topLevelItem(0).text(1) == "quotidienne"
        assert not box.restore_button.isEnabled()

        qtbot.mouseClick(box.create_button, _left())
        qtbot.waitUntil(lambda: box.list.topLevelItemCount() == 2, timeout=60_000)
        assert "Sauvegarde créée" in box.message.text()
        assert box.list.topLevelItem(0).text(1) == "manuelle"

        with UnitOfWork(app_db) as uow:
            uow.session.add(Organisation(name="Après la sauvegarde", departement="59"))
            uow.commit()
        assert _orgs(app_db) == 1

        asked: list[str] = []
        box.confirm = lambda _parent, text: asked.append(text) is not None and False
        box.list.setCurrentItem(box.list.topLevelItem(0))
        assert box.restore_button.isEnabled()
        qtbot.mouseClick(box.restore_button, _left())
        assert asked and "sauvegarde du" in asked[0]
        assert _orgs(app_db) == 1  # said no: nothing happened

        box.confirm = lambda _parent, _text: True
        with qtbot.waitSignal(box.restored, timeout=60_000):
            qtbot.mouseClick(box.restore_button, _left())
        assert "remise en place" in box.message.text()
        assert _orgs(app_db) == 0  # the open database now reads the restored file
        # The replaced database was kept among the backups.
        qtbot.waitUntil(
            lambda: any(
                box.list.topLevelItem(i).text(1) == "avant restauration"
                for i in range(box.list.topLevelItemCount())
            ),
            timeout=60_000,
        )
        # And it still writes.
        with UnitOfWork(app_db) as uow:
            uow.session.add(Organisation(name="Après la restauration", departement="59"))
            uow.commit()
        assert _orgs(app_db) == 1
    finally:
        w.close()
        runner.shutdown(wait=True)


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_damaged_database_at_start_offers_the_last_good_backup(
    qtbot: Any, tmp_path: Path, settings: Any
) -> None:
    from PySide6.QtWidgets import QPushButton

    from hdf_field.services.bootstrap import open_app_database
    from hdf_field.storage import backup
    from hdf_field.ui.app import Client
    from tests.integration.storage.test_damaged_start import _corrupt_table

    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    good = backup.create_backup(db, "manual")
    db.dispose()
    _corrupt_table(path, "visit")
    db = open_app_database(path)
    client = Client(db, settings, build_demo=False)
    try:
        qtbot.addWidget(client.window)
        qtbot.waitUntil(lambda: client.damage_dialog is not None, timeout=60_000)
        box = client.damage_dialog
        assert box is not None and "lecture seule" in box.text()
        assert client.rescue is not None and client.rescue.last_good is not None
        assert client.rescue.last_good.path == good.path
        button = box.findChild(QPushButton, "restoreLastGood")
        assert button is not None and "Restaurer la sauvegarde du" in button.text()
        button.click()
        qtbot.waitUntil(lambda: not db.read_only, timeout=60_000)
        assert db.damage is None and db.check_integrity().ok
        with UnitOfWork(db) as uow:
            uow.session.add(Organisation(name="Réparée", departement="80"))
            uow.commit()
        assert _orgs(db) == 1
    finally:
        client.close()
        db.dispose()
