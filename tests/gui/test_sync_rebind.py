"""The Sync screen never lets another account take a database over silently."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hdf_field.domain.enums import Role
from hdf_field.storage.database import Database
from hdf_field.sync.credentials import save_token
from hdf_field.sync.service import SyncService, read_binding
from tests.gui.test_sync_view import (  # noqa: F401  (fixtures)
    WAIT,
    _no_keyring,
    add_org,
    drain,
    live,
    make_view,
)
from tests.integration.sync.conftest import Registry


def test_another_account_asks_for_confirmation_before_taking_over(
    qtbot: Any,
    db: Database,
    runner: Any,
    settings: Any,
    live: Registry,  # noqa: F811
) -> None:
    officer = live.user("nord@hdf.fr", territory=["59"])
    manager = live.user("chef@hdf.fr", Role.MANAGER)
    add_org(db, "Lille Textile")
    SyncService(db, live.url, officer).run()  # the officer's database
    # The manager logged in last on this laptop; the officer's own token is not kept here.
    save_token(live.url, manager, "chef@hdf.fr")
    view = make_view(qtbot, db, runner, settings, live.url)

    with qtbot.waitSignal(view.controller.rebindRequired, timeout=WAIT) as refused:
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert "nord@hdf.fr" in refused.args[0]
    box = view.rebind_dialog
    assert box is not None and box.isVisible()
    assert "nord@hdf.fr" in view.message.text()
    binding = read_binding(db)
    assert binding is not None and binding.email == "nord@hdf.fr"

    # "No" keeps the database the officer's.
    box.button(QMessageBox.StandardButton.No).click()
    drain(qtbot, runner)
    binding = read_binding(db)
    assert binding is not None and binding.email == "nord@hdf.fr"

    # Asked again, "Yes" re-binds it and the sync goes through.
    with qtbot.waitSignal(view.controller.rebindRequired, timeout=WAIT):
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.controller.syncFinished, timeout=WAIT):
        view.rebind_dialog.button(QMessageBox.StandardButton.Yes).click()
    binding = read_binding(db)
    assert binding is not None and binding.email == "chef@hdf.fr"
    drain(qtbot, runner)
