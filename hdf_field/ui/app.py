"""Composition root of the desktop client: application, settings, translations, database,
worker thread and main window, created once here and passed down."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hdf_field.domain.errors import HdfFieldError
from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.services.backups import DamagedStart
from hdf_field.services.database import Database, database_is_empty, prepare_database
from hdf_field.ui.common import number_text
from hdf_field.ui.i18n import Translations
from hdf_field.ui.main_window import MainWindow
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEMO_PROSPECTS = 7000


def prepare_web_engine() -> None:
    """Qt WebEngine (the map) must be imported, and its custom scheme declared, before the
    QApplication exists."""
    try:
        import PySide6.QtWebEngineWidgets  # noqa: F401

        from hdf_field.ui.mbtiles_scheme import register_mbtiles_scheme
    except ImportError:  # no WebEngine on this machine: the map page is left out
        return
    register_mbtiles_scheme()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        prepare_web_engine()
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName("HDF Field")
    QCoreApplication.setApplicationName("hdf-field")
    app.setApplicationDisplayName("HDF Field")
    return app


def demo_builder() -> Callable[..., Any] | None:
    try:
        from hdf_field.services.demo import build_demo
    except ImportError:
        return None
    return build_demo


class Client:
    """The running client; also what tests and the screenshot mode drive."""

    def __init__(
        self, db: Database, settings: AppSettings | None = None, *, build_demo: bool = True
    ) -> None:
        self.db = db
        self.settings = settings or AppSettings()
        self.translations = Translations()
        self.translations.apply(self.settings.language)
        self.runner = TaskRunner()
        self.window = MainWindow(db, self.runner, self.settings)
        self.window.languageChanged.connect(self.set_language)
        self.ready = False
        self.damage_dialog: QMessageBox | None = None
        self.rescue: DamagedStart | None = None
        self._start(build_demo)

    def set_language(self, lang: str) -> None:
        self.translations.apply(lang)

    def _start(self, build_demo: bool) -> None:
        builder = demo_builder() if build_demo else None

        def prepare() -> tuple[bool, bool]:
            # The whole quick_check here, off the GUI thread: at open it is bounded (see
            # storage.database.OPEN_CHECK_BUDGET_S) and covers only part of a big database.
            repaired = prepare_database(self.db)
            if self.db.damage is not None:
                # Before anything else: the unsynced work into a sealed bundle, and the
                # backup to offer (issue 10).
                from hdf_field.services.backups import rescue_damaged

                self.rescue = rescue_damaged(self.db)
            elif not self.db.read_only:
                self._daily_backup()
            # Counted here too, the GUI thread never queries the database; not on a damaged
            # one (read-only: no demo can be written, and the count may fail on the damage).
            empty = builder is not None and self.db.damage is None and database_is_empty(self.db)
            return repaired, empty

        def prepared(result: tuple[bool, bool]) -> None:
            repaired, empty = result
            if self.db.damage is not None:
                self._warn_damaged()
            if repaired:
                self.window.data_changed()
            if builder is not None and empty:
                self._build_demo(builder)
            else:
                self.ready = True

        self.runner.run(prepare, prepared, self._failed)

    def _daily_backup(self) -> None:
        """Once a day, here on the database thread rather than before the window shows: a
        large encrypted database takes seconds to copy (benchmarks/encryption_cost.py)."""
        from hdf_field.services.backups import daily_backup

        try:
            daily_backup(self.db)
        except HdfFieldError as exc:  # a full disk must not keep the officer out
            log.warning("daily backup failed: %s", exc)

    def _build_demo(self, builder: Callable[..., Any]) -> None:
        db = self.db

        def work(progress: Progress, cancel: CancelToken) -> Any:
            return builder(db, prospects=DEMO_PROSPECTS, seed=42, progress=progress, cancel=cancel)

        def done(_summary: Any) -> None:
            self.ready = True
            self.window.data_changed()
            self.window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Région de démonstration créée."), 8000
            )

        def stopped() -> None:
            self.ready = True

        self.runner.run_long(
            QCoreApplication.translate("MainWindow", "Création de la région de démonstration"),
            work,
            done,
            self._failed,
            stopped,
        )

    def _warn_damaged(self) -> None:
        """A damaged database is shown read-only, and the person told what to do."""
        self.ready = True
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "HDF Field",
            QCoreApplication.translate(
                "MainWindow",
                "La base de données est endommagée : elle est ouverte en lecture "
                "seule et rien ne peut y être enregistré. Restaurez une "
                "sauvegarde, ou exportez vos modifications (Synchronisation → "
                "Exporter un paquet) et contactez le support.",
            )
            + "\n\n"
            + (self.db.damage or "")
            + self._rescue_text(),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        rescue = self.rescue
        if rescue is not None and rescue.last_good is not None:
            when = rescue.last_good.created.astimezone().strftime("%Y-%m-%d %H:%M")
            restore = box.addButton(
                QCoreApplication.translate("MainWindow", "Restaurer la sauvegarde du %1").replace(
                    "%1", when
                ),
                QMessageBox.ButtonRole.AcceptRole,
            )
            restore.setObjectName("restoreLastGood")
            source = rescue.last_good.path
            restore.clicked.connect(lambda: self.restore_backup(source))
        self.damage_dialog = box
        box.open()

    def _rescue_text(self) -> str:
        rescue = self.rescue
        if rescue is None:
            return ""
        lines = []
        if rescue.bundle is not None:
            lines.append(
                QCoreApplication.translate(
                    "MainWindow",
                    "Vos modifications non synchronisées (%1) ont été enregistrées dans le "
                    "paquet scellé %2 (à importer au bureau).",
                )
                .replace("%1", number_text(rescue.bundle_mutations))
                .replace("%2", str(rescue.bundle))
            )
        elif rescue.bundle_error:
            lines.append(
                QCoreApplication.translate(
                    "MainWindow", "Modifications non synchronisées non enregistrées : %1"
                ).replace("%1", rescue.bundle_error)
            )
        if rescue.last_good is None:
            lines.append(
                QCoreApplication.translate("MainWindow", "Aucune sauvegarde saine n'a été trouvée.")
            )
        return "\n\n" + "\n".join(lines) if lines else ""

    def restore_backup(self, source: Path) -> None:
        """Put a backup back in place of the damaged database, on the database thread."""
        from hdf_field.services.backups import restore_into

        db = self.db

        def done(_result: Any) -> None:
            self.window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Sauvegarde remise en place."), 15000
            )
            self.window.data_changed()

        self.runner.run(lambda: restore_into(db, source), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.ready = True
        log.error("start-up task failed", exc_info=exc)
        self.window.statusBar().showMessage(str(exc), 15000)

    def close(self) -> None:
        self.window.close()
        self.runner.shutdown(wait=True)


def run_gui(
    db_target: str | Path | None,
    *,
    screenshots: Path | None = None,
    lang: str | None = None,
    size: tuple[int, int] | None = None,
    only: frozenset[str] | None = None,
) -> int:
    from hdf_field.services.bootstrap import open_app_database

    app = make_application()
    settings = AppSettings()
    if lang:
        settings.set("ui/language", lang)
    try:
        db = open_app_database(db_target, daily=False)  # the client takes it, in the background
    except HdfFieldError as exc:
        # Unreadable, locked or not a database: a dialog, not a traceback.
        if screenshots is None:
            QMessageBox.critical(None, "HDF Field", str(exc))
        raise
    try:
        client = Client(db, settings)
        client.window.show()
        if screenshots is not None:
            from hdf_field.ui.screenshots import take_screenshots

            QTimer.singleShot(
                0,
                lambda: take_screenshots(client, screenshots, app.quit, size=size, only=only),
            )
        code = app.exec()
        client.close()
        return int(code)
    except Exception as exc:
        if screenshots is None and QApplication.instance() is not None:
            QMessageBox.critical(None, "HDF Field", str(exc))
        raise
    finally:
        db.dispose()
