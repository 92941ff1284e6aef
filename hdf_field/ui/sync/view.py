"""The Sync screen: where I stand with the registry, the sync itself, bundles, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hdf_field.services.database import Database
from hdf_field.services.laptop_sync import SyncReport, Transport
from hdf_field.services.sync_conflicts import ConflictItem
from hdf_field.ui.common import count_text, icon
from hdf_field.ui.operation_progress import OperationProgress
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.sync.conflicts import ConflictPanel
from hdf_field.ui.sync.controller import SyncController, SyncSnapshot
from hdf_field.ui.sync.labels import when_text
from hdf_field.ui.sync.login import LoginDialog
from hdf_field.ui.sync.status import BADGE, badge
from hdf_field.ui.tasks import Operation, TaskRunner

# (title, suggested file name or "", for saving?) -> chosen path or None
PathAsker = Callable[[str, str, bool], Path | None]

BUNDLE_FILTER = "Paquets de synchronisation (*.hdfsync);;Tous les fichiers (*)"

MESSAGE_STYLES = {
    "ok": "background: #e7f5ec; color: #1b5e20; border: 1px solid #b7dfc3;",
    "error": "background: #fdecea; color: #8c1d18; border: 1px solid #f3c1bc;",
    "info": "background: #eef2f7; color: #1d2d3e; border: 1px solid #d5dde7;",
}


def ask_path_with_dialog(parent: QWidget) -> PathAsker:
    def ask(title: str, suggested: str, save: bool) -> Path | None:
        if save:
            name, _f = QFileDialog.getSaveFileName(parent, title, suggested, BUNDLE_FILTER)
        else:
            name, _f = QFileDialog.getOpenFileName(parent, title, "", BUNDLE_FILTER)
        return Path(name) if name else None

    return ask


class SyncView(QWidget):
    """Thin over :class:`SyncController`; ``dataChanged`` tells the other screens to reload."""

    dataChanged = Signal()

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        controller: SyncController | None = None,
        ask_path: PathAsker | None = None,
        transport: Transport | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncView")
        self.controller = controller or SyncController(
            db, tasks, settings, transport=transport, parent=self
        )
        self.ask_path = ask_path or ask_path_with_dialog(self)
        self.login_dialog: LoginDialog | None = None
        self.rebind_dialog: Any = None  # the confirmation shown when the account differs
        self._resync_after_login = False
        c = self.controller

        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600; color: #0b3558;")

        # -- status card
        self.status_box = QGroupBox(self)
        self.server_label = QLabel(self)
        self.server_label.setObjectName("serverLabel")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.account_label = QLabel(self)
        self.account_label.setObjectName("accountLabel")
        self.login_button = QPushButton(self)
        self.login_button.setObjectName("loginButton")
        self.login_button.clicked.connect(lambda: self.open_login())
        self.pending_badge = badge(self, "#2f6db5", "pendingCount")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pendingLabel")
        self.last_label = QLabel(self)
        self.last_label.setObjectName("lastSyncLabel")
        self.sync_button = QPushButton(self)
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setIcon(icon("sync"))
        self.sync_button.setMinimumHeight(34)
        self.sync_button.setStyleSheet(
            "QPushButton#syncNow { background: #2f6db5; color: white; font-weight: 600;"
            " border-radius: 5px; padding: 4px 18px; }"
            " QPushButton#syncNow:disabled { background: #9db4cf; }"
        )
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.sync_button.clicked.connect(self.start_sync)
        self.progress = OperationProgress(self, describe=c.describe_progress)
        self.progress.setObjectName("syncProgress")
        self.progress.bar.setTextVisible(False)
        self.progress.label.setStyleSheet("color: #5b6776;")
        self.message = QLabel(self)
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        line1 = QHBoxLayout()
        line1.addWidget(self.server_label)
        line1.addSpacing(16)
        line1.addWidget(self.account_label)
        line1.addStretch(1)
        line1.addWidget(self.login_button)
        line2 = QHBoxLayout()
        line2.addWidget(self.pending_badge)
        line2.addWidget(self.pending_label)
        line2.addSpacing(16)
        line2.addWidget(self.last_label)
        line2.addStretch(1)
        line3 = QHBoxLayout()
        line3.addWidget(self.sync_button)
        line3.addWidget(self.progress, 1)
        self.idle_space = QWidget(self)
        self.idle_space.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line3.addWidget(self.idle_space, 1)
        status_layout = QVBoxLayout(self.status_box)
        status_layout.addLayout(line1)
        status_layout.addLayout(line2)
        status_layout.addLayout(line3)
        status_layout.addWidget(self.message)

        # -- bundles
        self.bundle_box = QGroupBox(self)
        self.bundle_text = QLabel(self)
        self.bundle_text.setWordWrap(True)
        self.bundle_text.setStyleSheet("color: #5b6776;")
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportBundle")
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importBundle")
        self.import_button.clicked.connect(self.import_bundle)
        bundle_layout = QHBoxLayout(self.bundle_box)
        bundle_layout.addWidget(self.bundle_text, 1)
        bundle_layout.addWidget(self.export_button)
        bundle_layout.addWidget(self.import_button)

        # -- conflicts
        self.conflict_box = QGroupBox(self)
        self.conflict_badge = badge(self, "#c2410c", "openConflictCount")
        self.conflict_title = QLabel(self)
        self.conflict_title.setStyleSheet("color: #5b6776;")
        self.conflicts = ConflictPanel(self)
        self.conflicts.resolveRequested.connect(self._resolve)
        head = QHBoxLayout()
        head.addWidget(self.conflict_title)
        head.addWidget(self.conflict_badge)
        head.addStretch(1)
        conflict_layout = QVBoxLayout(self.conflict_box)
        conflict_layout.addLayout(head)
        conflict_layout.addWidget(self.conflicts, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(10)
        outer.addWidget(self.title)
        outer.addWidget(self.status_box)
        outer.addWidget(self.bundle_box)
        outer.addWidget(self.conflict_box, 1)

        c.statusChanged.connect(self._show_status)
        c.conflictsChanged.connect(self._show_conflicts)
        c.syncStarted.connect(self._started)
        c.syncFinished.connect(self._finished)
        c.syncFailed.connect(self._failed)
        c.syncCancelled.connect(self._cancelled)
        c.loginRequired.connect(self._login_required)
        c.rebindRequired.connect(self._rebind_required)
        c.loggedIn.connect(self._logged_in)
        c.bundleDone.connect(lambda text: self.show_message(text, "ok"))
        c.bundleFailed.connect(lambda text: self.show_message(text, "error"))
        c.resolveFailed.connect(self.conflicts.show_error)
        c.dataChanged.connect(self.dataChanged)
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(lambda: self._show_status(c.snapshot))
        self._clock.start()
        self.retranslate()
        self._set_running(False)
        c.refresh()

    # -- state shown -------------------------------------------------------------------------
    def _show_status(self, snap: SyncSnapshot | None) -> None:
        url = self.controller.server_url()
        self.server_label.setText(
            self.tr("Registre : %1").replace("%1", url)
            if url
            else self.tr("Registre : non renseigné (voir Paramètres)")
        )
        if snap is None:
            return
        self.account_label.setText(
            self.tr("Compte : %1").replace("%1", snap.account)
            if snap.account
            else self.tr("Compte : pas encore synchronisé")
        )
        self.pending_badge.setText(str(snap.pending))
        self.pending_badge.setStyleSheet(BADGE.format(bg="#2f6db5" if snap.pending else "#8a8f98"))
        self.pending_label.setText(
            count_text(
                snap.pending,
                self.tr("%n modification en attente d'envoi"),
                self.tr("%n modifications en attente d'envoi"),
            )
        )
        self.last_label.setText(
            self.tr("Dernière synchronisation : %1").replace("%1", when_text(snap.last_sync_at))
        )
        self.conflict_badge.setText(str(snap.open_conflicts))
        self.conflict_badge.setVisible(snap.open_conflicts > 0)

    def _show_conflicts(self, items: list[ConflictItem]) -> None:
        self.conflicts.set_items(items)
        self.conflict_badge.setText(str(len(items)))
        self.conflict_badge.setVisible(bool(items))

    def show_message(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.setStyleSheet(
            f"QLabel#syncMessage {{ {MESSAGE_STYLES[kind]} border-radius: 5px; padding: 8px; }}"
        )
        self.message.show()

    def _set_running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.login_button.setEnabled(not running)
        self.export_button.setEnabled(not running)
        self.import_button.setEnabled(not running)
        self.idle_space.setVisible(not running)
        if running:
            self.message.hide()
        else:
            self.progress.unbind()

    def _started(self, op: Operation[Any]) -> None:
        self._set_running(True)
        self.progress.bind(op, self.tr("Connexion au registre…"))

    # -- sync --------------------------------------------------------------------------------
    def start_sync(self) -> None:
        self.controller.start_sync()

    def _finished(self, report: SyncReport) -> None:
        self._set_running(False)
        text = (
            self.tr("Synchronisation terminée : %1, %2.")
            .replace("%1", count_text(report.pushed, self.tr("%n envoyée"), self.tr("%n envoyées")))
            .replace("%2", count_text(report.pulled, self.tr("%n reçue"), self.tr("%n reçues")))
        )
        if report.conflicts:
            text += " " + count_text(
                report.conflicts,
                self.tr("%n nouveau conflit à régler ci-dessous."),
                self.tr("%n nouveaux conflits à régler ci-dessous."),
            )
        if report.erased:
            text += " " + count_text(
                report.erased,
                self.tr("%n contact effacé à la demande de la base centrale (RGPD)."),
                self.tr("%n contacts effacés à la demande de la base centrale (RGPD)."),
            )
        if report.dropped:
            text += " " + count_text(
                report.dropped,
                self.tr("%n modification d'un contact effacé abandonnée : l'effacement l'emporte."),
                self.tr(
                    "%n modifications d'un contact effacé abandonnées : l'effacement l'emporte."
                ),
            )
        notable = report.conflicts or report.dropped
        self.show_message(text, "info" if notable else "ok")

    def _failed(self, text: str) -> None:
        self._set_running(False)
        self.show_message(text, "error")

    def _cancelled(self) -> None:
        self._set_running(False)
        self.show_message(
            self.tr(
                "Synchronisation annulée : ce qui était déjà échangé est "
                "conservé, le reste partira la prochaine fois."
            ),
            "info",
        )

    # -- login -------------------------------------------------------------------------------
    def _login_required(self, reason: str) -> None:
        self._set_running(False)
        self.show_message(reason, "error")
        self._resync_after_login = True
        self.open_login(reason)

    def _rebind_required(self, reason: str) -> None:
        """Taking over another account's database is never silent: the person confirms."""
        from PySide6.QtWidgets import QMessageBox

        self._set_running(False)
        self.show_message(reason, "error")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Changer de compte ?"),
            reason
            + "\n\n"
            + self.tr(
                "Rattacher cette base au compte connecté ? Ses fiches seront "
                "de nouveau reçues du registre pour ce compte."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(
            lambda button: self.controller.start_sync(rebind=True) if button is yes else None
        )
        self.rebind_dialog = box
        box.open()

    def open_login(self, reason: str = "") -> LoginDialog:
        if self.login_dialog is not None and self.login_dialog.isVisible():
            return self.login_dialog
        dialog = LoginDialog(self.controller, reason, self)
        dialog.rejected.connect(self._login_abandoned)
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def _login_abandoned(self) -> None:
        self._resync_after_login = False

    def _logged_in(self, account: str) -> None:
        self.show_message(self.tr("Connecté en tant que %1.").replace("%1", account), "ok")
        if self._resync_after_login:
            self._resync_after_login = False
            self.controller.start_sync()

    # -- bundles -----------------------------------------------------------------------------
    def export_bundle(self) -> None:
        suggested = f"hdf-field-{date.today().isoformat()}.hdfsync"
        path = self.ask_path(self.tr("Exporter mes modifications"), suggested, True)
        if path is not None:
            self.controller.export_bundle(path)

    def import_bundle(self) -> None:
        path = self.ask_path(self.tr("Importer la réponse du registre"), "", False)
        if path is not None:
            self.controller.import_bundle(path)

    # -- conflicts ---------------------------------------------------------------------------
    def _resolve(self, item: ConflictItem, value: Any) -> None:
        self.controller.resolve(item, value)

    # -- translation -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Synchronisation avec le registre"))
        self.status_box.setTitle(self.tr("État"))
        self.login_button.setText(self.tr("Se connecter…"))
        self.sync_button.setText(self.tr("Synchroniser"))
        self.progress.retranslate()
        self.bundle_box.setTitle(self.tr("Sans réseau"))
        self.bundle_text.setText(
            self.tr(
                "Pas de connexion ? Exportez vos modifications dans un paquet, faites-le importer "
                "au bureau, puis importez ici le paquet de réponse."
            )
        )
        self.export_button.setText(self.tr("Exporter un paquet…"))
        self.import_button.setText(self.tr("Importer la réponse…"))
        self.conflict_box.setTitle(self.tr("Conflits"))
        self.conflict_title.setText(self.tr("Champs modifiés des deux côtés"))
        self._show_status(self.controller.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
