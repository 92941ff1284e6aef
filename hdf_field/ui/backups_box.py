"""Paramètres → *Sauvegardes*: how the database is protected, its backups, make one, put one back.

Everything that touches files runs on the database thread (:class:`TaskRunner`); a restore
asks first (``confirm`` is replaceable, so tests drive it without a modal box).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hdf_field.services.backups import (
    BackupInfo,
    BackupStatus,
    RestoreResult,
    backup_now,
    backup_status,
    restore_into,
)
from hdf_field.services.database import Database
from hdf_field.ui.common import number_text
from hdf_field.ui.tasks import TaskRunner

Confirm = Callable[[QWidget, str], bool]


def ask_with_message_box(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "HDF Field",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class BackupsBox(QGroupBox):
    restored = Signal()  # the database was replaced: every view reloads

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsBox")
        self._db = db
        self._runner = runner
        self.confirm: Confirm = ask_with_message_box
        self.status: BackupStatus | None = None
        self.protection = QLabel(self)
        self.protection.setObjectName("keyStore")
        self.protection.setWordWrap(True)
        self.protection.setTextFormat(Qt.TextFormat.PlainText)
        self.warning = QLabel(self)
        self.warning.setObjectName("keyStoreWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b35c00;")
        self.list = QTreeWidget(self)
        self.list.setObjectName("backupList")
        self.list.setColumnCount(3)
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.setMinimumHeight(170)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("backupNow")
        self.create_button.clicked.connect(self.create_now)
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.message = QLabel(self)
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        self.folder = QLabel(self)
        self.folder.setWordWrap(True)
        self.folder.setStyleSheet("color: #555;")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.protection)
        layout.addWidget(self.warning)
        layout.addWidget(self.list)
        layout.addWidget(self.folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()
        self.refresh()

    # --- data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self._db
        self._runner.run(lambda: backup_status(db), self._show, self._failed)

    def _show(self, status: BackupStatus) -> None:
        self.status = status
        self.list.clear()
        for b in status.backups:
            item = QTreeWidgetItem(
                [
                    b.created.astimezone().strftime("%Y-%m-%d %H:%M"),
                    self._reason(b.reason),
                    self.tr("%1 Mo").replace("%1", number_text(b.size / 1e6, 1))
                    if b.size >= 100_000
                    else self.tr("%1 ko").replace("%1", number_text(b.size / 1e3)),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(b.path))
            item.setToolTip(0, str(b.path))
            self.list.addTopLevelItem(item)
        self._show_protection()
        self.folder.setText(self.tr("Dossier : %1").replace("%1", str(status.folder)))
        self._selection_changed()

    def _show_protection(self) -> None:
        enc = self.status.encryption if self.status else {}
        store = enc.get("key_store")
        if not enc.get("enabled"):
            self.protection.setText(self.tr("Chiffrement : désactivé"))
        elif store == "keyring":
            self.protection.setText(
                self.tr("Chiffrement : activé — clé dans le trousseau du système")
            )
        elif store == "file":
            self.protection.setText(self.tr("Chiffrement : activé — clé dans un fichier"))
        else:
            self.protection.setText(self.tr("Chiffrement : activé"))
        if not enc.get("enabled"):
            self.warning.setText(
                self.tr("Les données de cet ordinateur ne sont pas chiffrées sur le disque.")
            )
        elif store == "file":
            self.warning.setText(
                self.tr(
                    "Aucun trousseau système disponible : la clé de la base est dans un fichier "
                    "lisible par vous seul. Quiconque lit vos fichiers peut lire la base. "
                    "Gardez une copie de ce fichier en lieu sûr : sans lui, la base et ses "
                    "sauvegardes sont illisibles."
                )
            )
        else:
            self.warning.clear()
        self.warning.setVisible(bool(self.warning.text()))

    def _reason(self, reason: str) -> str:
        names = {
            "manual": self.tr("manuelle"),
            "daily": self.tr("quotidienne"),
            "migration": self.tr("avant mise à jour"),
            "pre-restore": self.tr("avant restauration"),
            "damaged": self.tr("base endommagée"),
        }
        return names.get(reason, reason)

    def selected(self) -> BackupInfo | None:
        items = self.list.selectedItems()
        if not items or self.status is None:
            return None
        path = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((b for b in self.status.backups if str(b.path) == path), None)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    # --- actions ------------------------------------------------------------------------------

    def create_now(self) -> None:
        db = self._db
        self.create_button.setEnabled(False)
        self.message.setText(self.tr("Sauvegarde en cours…"))

        def done(info: BackupInfo) -> None:
            self.create_button.setEnabled(True)
            self.message.setText(self.tr("Sauvegarde créée : %1").replace("%1", info.path.name))
            self.refresh()

        self._runner.run(lambda: backup_now(db), done, self._failed)

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        when = chosen.created.astimezone().strftime("%Y-%m-%d %H:%M")
        text = self.tr(
            "Remettre la base dans l'état de la sauvegarde du %1 ?\n\n"
            "Les modifications faites depuis et pas encore synchronisées seront retirées de la "
            "base (la base actuelle est d'abord gardée parmi les sauvegardes). La prochaine "
            "synchronisation renverra et recevra ce qui manque."
        ).replace("%1", when)
        if not self.confirm(self, text):
            return
        db = self._db
        source = Path(chosen.path)
        self.restore_button.setEnabled(False)
        self.create_button.setEnabled(False)
        self.message.setText(self.tr("Restauration en cours…"))

        def done(result: RestoreResult) -> None:
            self.create_button.setEnabled(True)
            self.message.setText(self.tr("Sauvegarde du %1 remise en place.").replace("%1", when))
            self.refresh()
            self.restored.emit()

        self._runner.run(lambda: restore_into(db, source), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self._selection_changed()
        self.message.setText(self.tr("Échec : %1").replace("%1", str(exc).splitlines()[0]))

    # --- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Sauvegardes"))
        self.list.setHeaderLabels([self.tr("Date"), self.tr("Motif"), self.tr("Taille")])
        self.create_button.setText(self.tr("&Sauvegarder maintenant"))
        self.restore_button.setText(self.tr("Rest&aurer…"))
        if self.status is not None:
            self._show(self.status)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
