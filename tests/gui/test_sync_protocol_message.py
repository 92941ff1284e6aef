"""A registry of another sync protocol: the sentence the sync screen shows, French first and
English when the interface is in English (the French one is shown end to end, against a live
registry, in test_sync_view.py)."""

from __future__ import annotations

from typing import Any

import pytest

from hdf_field.storage.database import Database
from hdf_field.sync.client import SyncError, SyncErrorKind
from hdf_field.sync.protocol import registry_refused
from tests.gui.test_sync_view import drain, make_view


def test_protocol_refusal_in_french_and_english(
    qtbot: Any, db: Database, runner: Any, settings: Any
) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    view = make_view(qtbot, db, runner, settings, "http://registry.invalid")
    error = SyncError(SyncErrorKind.PROTOCOL, registry_refused(2, 1))
    french = view.controller.error_message(error, 3)
    assert french.startswith("Le registre et cette application ne parlent pas la même version")
    assert french.endswith("Vos modifications restent en attente (3).")
    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    translations = Translations()
    try:
        translations.apply("en")
        english = view.controller.error_message(error, 3)
    finally:
        translations.apply("fr")
    assert english == (
        "The registry and this application speak different versions of the sync protocol: "
        "the application (or the registry) must be updated. Your changes are still pending (3)."
    )
    drain(qtbot, runner)
