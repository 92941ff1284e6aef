"""The compact sync status for the status bar or a toolbar: button, badges, last sync."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from hdf_field.ui.common import count_text, icon
from hdf_field.ui.sync.controller import SyncController, SyncSnapshot
from hdf_field.ui.sync.labels import when_text

BADGE = (
    "QLabel {{ background: {bg}; color: white; border-radius: 9px; padding: 1px 7px;"
    " font-weight: 600; }}"
)


def badge(parent: QWidget, colour: str, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(BADGE.format(bg=colour))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumWidth(20)
    label.setFixedHeight(18)
    return label


class SyncStatusWidget(QWidget):
    """Thin over a :class:`SyncController`: several widgets may share one controller."""

    conflictsRequested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.button = QPushButton(self)
        self.button.setObjectName("syncButton")
        self.button.setIcon(icon("sync"))
        self.button.setIconSize(QSize(16, 16))
        self.button.clicked.connect(self._clicked)
        self.pending_badge = badge(self, "#2f6db5", "pendingBadge")
        self.conflict_badge = badge(self, "#c2410c", "conflictBadge")
        self.conflict_badge.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflict_badge.mousePressEvent = lambda _e: self.conflictsRequested.emit()  # type: ignore[method-assign]
        # The clusters answered referrals since the sync before: « N réponses des pôles ».
        self.answers_badge = badge(self, "#2e8b57", "clusterAnswersBadge")
        self.answers_badge.hide()
        self.last_label = QLabel(self)
        self.last_label.setObjectName("lastSync")
        self.last_label.setStyleSheet("color: #555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.button)
        layout.addWidget(self.pending_badge)
        layout.addWidget(self.conflict_badge)
        layout.addWidget(self.answers_badge)
        layout.addWidget(self.last_label)
        controller.statusChanged.connect(self._update)
        controller.answersChanged.connect(lambda _n: self._update(controller.snapshot))
        controller.syncStarted.connect(lambda _op: self._update(controller.snapshot))
        for sig in (
            controller.syncFinished,
            controller.syncFailed,
            controller.syncCancelled,
            controller.loginRequired,
            controller.rebindRequired,
        ):
            sig.connect(lambda *_a: self._update(controller.snapshot))
        # "il y a 5 min" must age without a database round trip.
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(lambda: self._update(controller.snapshot))
        self._clock.start()
        self.retranslate()
        if controller.snapshot is None:
            controller.refresh_status()

    def _clicked(self) -> None:
        if self.controller.busy:
            self.controller.cancel_sync()
        else:
            self.controller.start_sync()

    def _update(self, snap: SyncSnapshot | None) -> None:
        busy = self.controller.busy
        self.button.setText(self.tr("Annuler la synchro") if busy else self.tr("Synchroniser"))
        pending = snap.pending if snap is not None else 0
        self.pending_badge.setText(str(pending))
        self.pending_badge.setVisible(pending > 0)
        self.pending_badge.setToolTip(
            count_text(
                pending,
                self.tr("%n modification en attente d'envoi"),
                self.tr("%n modifications en attente d'envoi"),
            )
        )
        conflicts = snap.open_conflicts if snap is not None else 0
        self.conflict_badge.setText(str(conflicts))
        self.conflict_badge.setVisible(conflicts > 0)
        self.conflict_badge.setToolTip(
            count_text(conflicts, self.tr("%n conflit à régler"), self.tr("%n conflits à régler"))
        )
        answers = self.controller.cluster_answers
        self.answers_badge.setText(
            count_text(answers, self.tr("%n réponse des pôles"), self.tr("%n réponses des pôles"))
        )
        self.answers_badge.setVisible(answers > 0)
        self.answers_badge.setToolTip(
            self.tr("Des pôles ont répondu à vos transmissions depuis la synchro précédente")
        )
        if busy:
            self.last_label.setText(self.tr("synchronisation en cours…"))
        elif snap is None:
            self.last_label.clear()
        elif snap.last_sync_at is None:
            self.last_label.setText(self.tr("jamais synchronisé"))
        else:
            self.last_label.setText(
                self.tr("dernière synchro : %1").replace("%1", when_text(snap.last_sync_at))
            )

    def retranslate(self) -> None:
        self.button.setToolTip(
            self.tr("Envoyer mes modifications au registre et recevoir celles des collègues")
        )
        self._update(self.controller.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
