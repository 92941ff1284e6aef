"""GUI tests run headless and never touch the developer's settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from hdf_field.storage.database import Database  # noqa: E402
from hdf_field.ui.app import prepare_web_engine  # noqa: E402
from tests.imports_support import places, write_sirene  # noqa: E402, F401

# WebEngine and the map's URL scheme must exist before pytest-qt creates the QApplication.
prepare_web_engine()


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path: Path, qapp: Any) -> Iterator[None]:
    """QSettings go to a temporary folder under a test organisation name."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("hdf-field-tests")
    QCoreApplication.setApplicationName("hdf-field-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    yield


@pytest.fixture
def runner(qapp: Any) -> Iterator[Any]:
    from hdf_field.ui.tasks import TaskRunner

    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def settings(tmp_path: Path, qapp: Any) -> Any:
    from PySide6.QtCore import QSettings

    from hdf_field.ui.settings import AppSettings

    s = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.set("officer/name", "Alice Martin")
    s.set("officer/email", "alice@example.org")
    return s


@pytest.fixture
def seeded(db: Database) -> dict[str, str]:
    from tests.gui.helpers import seed

    return seed(db)


@pytest.fixture
def window(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, settings: Any, tmp_path: Path
) -> Iterator[Any]:
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.main_window import MainWindow

    answers: list[bool] = []
    # The map and dashboard have their own tests; leaving them out keeps these fast.
    w = MainWindow(
        db,
        runner,
        settings,
        DraftStore(tmp_path / "drafts"),
        ask=lambda _t, _q: answers.pop(0) if answers else True,
        with_map=False,
        with_dashboard=False,
    )
    w.answers = answers  # type: ignore[attr-defined]
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    runner.shutdown(wait=True)
