"""The visit report: filled in under a minute with the keyboard alone, never lost.

Keyboard: Tab walks the fields in reading order; Alt+letter jumps to a field or picks an
outcome; 0–3 set the interest (outside text fields); Space ticks a need; Ctrl+Enter saves;
Esc asks before dropping a report. Every change is written to a draft file (atomically) and
the draft is offered back if the window or the laptop died before saving.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.enums import VisitOutcome
from hdf_field.domain.errors import HdfFieldError, ValidationError
from hdf_field.domain.needs import NEEDS
from hdf_field.services.database import Database
from hdf_field.services.org_card import OrgCard
from hdf_field.services.visits import LogVisit, VisitLogged, log_visit
from hdf_field.ui.common import (
    current_language,
    error_text,
    interest_label,
    outcome_label,
    size_to_screen,
    to_date,
)
from hdf_field.ui.drafts import DraftStore
from hdf_field.ui.identity import IdentityDialog
from hdf_field.ui.tasks import TaskRunner

AUTOSAVE_MS = 3000
OUTCOMES = tuple(VisitOutcome)
PREFILL_SCORE = 50  # orientation hints at least this strong are ticked in advance

Ask = Callable[[str, str], bool]


def ask_with_message_box(parent: QWidget) -> Ask:
    """Every question asks before dropping or stopping something, so Return (the default
    button) and Esc both answer No: a reflex keystroke never deletes a report."""

    def ask(title: str, text: str) -> bool:
        no = QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            parent, title, text, QMessageBox.StandardButton.Yes | no, defaultButton=no
        )
        return answer == QMessageBox.StandardButton.Yes

    return ask


class VisitDialog(QDialog):
    logged = Signal(object)  # VisitLogged
    identityChanged = Signal()  # the officer filled in their identity from the report
    referRequested = Signal(tuple)  # cluster ids: « Transmettre au pôle » once it is saved

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        settings: Any,
        card: OrgCard,
        drafts: DraftStore,
        ask: Ask | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._settings = settings
        self.card = card
        self._drafts = drafts
        self._ask = ask or ask_with_message_box(self)
        self._dirty = False
        self._loading = True
        self.saving = False
        self.setObjectName("visitDialog")

        self.header = QLabel(self)
        self.header.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.when = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 600)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.contact = QComboBox(self)
        self.contact.addItem("—", None)
        for c in card.contacts:
            if c.objection:
                continue  # « ne plus contacter »: never offered as the person met
            self.contact.addItem(f"{c.full_name}" + (f" ({c.role})" if c.role else ""), c.id)
        if len(card.contacts) == 1:  # the only person there is whom the officer met
            self.contact.setCurrentIndex(1)

        self.outcome_box = QGroupBox(self)
        self.outcome_group = QButtonGroup(self)
        ob = QGridLayout(self.outcome_box)
        self.outcome_buttons: list[QRadioButton] = []
        for i, outcome in enumerate(OUTCOMES):
            b = QRadioButton(self.outcome_box)
            b.setObjectName(f"outcome_{outcome.value}")
            self.outcome_group.addButton(b, i)
            self.outcome_buttons.append(b)
            ob.addWidget(b, i // 3, i % 3)
        self.outcome_buttons[0].setChecked(True)

        self.interest_box = QGroupBox(self)
        self.interest_group = QButtonGroup(self)
        ib = QHBoxLayout(self.interest_box)
        self.interest_buttons: list[QRadioButton] = []
        for level in range(4):
            b = QRadioButton(self.interest_box)
            b.setObjectName(f"interest_{level}")
            self.interest_group.addButton(b, level)
            self.interest_buttons.append(b)
            ib.addWidget(b)
        self.interest_buttons[1].setChecked(True)

        self.needs_label = QLabel(self)
        self.needs_model = QStandardItemModel(self)
        lang = current_language()
        for need in NEEDS:
            item = QStandardItem(need.label_fr if lang == "fr" else need.label_en)
            item.setToolTip(item.text())
            item.setData(need.key, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            self.needs_model.appendRow(item)
        self.needs = QListView(self)
        self.needs.setObjectName("needs")
        self.needs.setModel(self.needs_model)
        self.needs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.needs.setFlow(QListView.Flow.TopToBottom)
        self.needs.setWrapping(True)
        self.needs.setResizeMode(QListView.ResizeMode.Adjust)
        metrics = self.needs.fontMetrics()  # scales with the font and the screen's DPI
        self.needs.setGridSize(QSize(metrics.averageCharWidth() * 44, metrics.height() + 6))
        self.needs.setSpacing(1)
        # Tall enough for two columns: a third one would be cut on a narrow report.
        rows_in_two_columns = (len(NEEDS) + 1) // 2
        self.needs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = 2 * self.needs.frameWidth() + 2 * self.needs.spacing() + 6
        self.needs.setMinimumHeight(rows_in_two_columns * (metrics.height() + 6) + frame)
        self.needs_label.setBuddy(self.needs)

        self.clusters_label = QLabel(self)
        self.clusters_model = QStandardItemModel(self)
        hints = card.orientation or ()
        for hint in hints:
            item = QStandardItem(f"{hint.cluster_name}  ({hint.score})")
            item.setData(hint.cluster_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setToolTip("; ".join(hint.reasons))
            if hint is hints[0] and hint.score >= PREFILL_SCORE:
                item.setCheckState(Qt.CheckState.Checked)
            self.clusters_model.appendRow(item)
        # The ranking suggests; the officer decides, so every other cluster follows, unscored.
        ranked = {h.cluster_id for h in hints}
        for cluster_id, name in card.clusters:
            if cluster_id in ranked:
                continue
            item = QStandardItem(name)
            item.setData(cluster_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setForeground(QColor("#475569"))
            self.clusters_model.appendRow(item)
        self.clusters = QListView(self)
        self.clusters.setObjectName("clusters")
        self.clusters.setModel(self.clusters_model)
        self.clusters.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clusters.setMinimumHeight(180)
        if not self.clusters_model.rowCount():
            self.clusters.setEnabled(False)
            self._no_orientation = QStandardItem()
            self._no_orientation.setEnabled(False)
            self.clusters_model.appendRow(self._no_orientation)
        self.clusters_label.setBuddy(self.clusters)

        self.next_step = QLineEdit(self)
        self.next_step.setObjectName("nextStep")
        self.follow_up = QCheckBox(self)
        self.follow_up.setObjectName("followUp")
        self.follow_up_date = QDateEdit(QDate.currentDate().addDays(14), self)
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("dd/MM/yyyy")
        self.follow_up_date.setEnabled(False)
        self.follow_up.toggled.connect(self.follow_up_date.setEnabled)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)

        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c92a2a; font-weight: bold;")
        self.error.hide()
        self.draft_note = QLabel(self)
        self.draft_note.setStyleSheet("color: #6c757d;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # Shown when the report cannot be signed: the identity form opens from here, so the
        # officer never has to leave (and lose) the report to reach the Settings page.
        self.identity_button = QPushButton(self)
        self.identity_button.setObjectName("fillIdentity")
        self.identity_button.clicked.connect(self.ask_identity)
        self.identity_button.hide()
        self.identity_dialog: IdentityDialog | None = None

        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        def label_for(key: str, widget: QWidget) -> QLabel:
            lab = QLabel(self)
            lab.setBuddy(widget)
            self.labels[key] = lab
            return lab

        grid.addWidget(label_for("when", self.when), 0, 0)
        grid.addWidget(self.when, 0, 1)
        grid.addWidget(label_for("duration", self.duration), 0, 2)
        grid.addWidget(self.duration, 0, 3)
        grid.addWidget(label_for("contact", self.contact), 1, 0)
        grid.addWidget(self.contact, 1, 1, 1, 3)
        grid.addWidget(self.outcome_box, 2, 0, 1, 4)
        grid.addWidget(self.interest_box, 3, 0, 1, 4)
        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.needs_label)
        left.addWidget(self.needs)
        right = QVBoxLayout()
        right.addWidget(self.clusters_label)
        right.addWidget(self.clusters)
        lists.addLayout(left, 5)
        lists.addLayout(right, 2)
        grid.addLayout(lists, 4, 0, 1, 4)
        grid.addWidget(label_for("next_step", self.next_step), 5, 0)
        grid.addWidget(self.next_step, 5, 1, 1, 3)
        fu = QHBoxLayout()
        fu.addWidget(self.follow_up)
        fu.addWidget(self.follow_up_date)
        fu.addStretch(1)
        grid.addLayout(fu, 6, 1, 1, 3)
        grid.addWidget(label_for("notes", self.notes), 7, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes, 7, 1, 1, 3)

        # The form scrolls when the screen is short (1366×768 at 150 %); the header, the error
        # and the buttons stay outside it, always on screen.
        form = QWidget(self)
        form.setLayout(grid)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setObjectName("visitScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_scroll.setWidget(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.form_scroll, 1)
        errors = QHBoxLayout()
        errors.addWidget(self.error, 1)
        errors.addWidget(self.identity_button)
        layout.addLayout(errors)
        bottom = QHBoxLayout()
        bottom.addWidget(self.draft_note, 1)
        # An orientation recorded here is handed to the cluster straight after (its own
        # dialog, with the consent to share): offered only when a cluster is ticked.
        self.refer_after = QCheckBox(self)
        self.refer_after.setObjectName("referAfter")
        bottom.addWidget(self.refer_after)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.setMinimumSize(QSize(560, 360))
        form_hint = form.sizeHint()
        size_to_screen(self, QSize(max(900, form_hint.width() + 40), form_hint.height() + 160))

        # Reading order, whatever the layout.
        order: list[QWidget] = [
            self.when,
            self.duration,
            self.contact,
            *self.outcome_buttons[:1],
            *self.interest_buttons[:1],
            self.needs,
            self.clusters,
            self.next_step,
            self.follow_up,
            self.follow_up_date,
            self.notes,
        ]
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(before, after)

        for sc in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sc), self).activated.connect(self.save)

        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_draft)
        self._autosave.start()
        self._on_change_timer = QTimer(self)
        self._on_change_timer.setSingleShot(True)
        self._on_change_timer.setInterval(400)
        self._on_change_timer.timeout.connect(self.write_draft)
        for signal in (
            self.when.dateTimeChanged,
            self.duration.valueChanged,
            self.contact.currentIndexChanged,
            self.outcome_group.idToggled,
            self.interest_group.idToggled,
            self.needs_model.itemChanged,
            self.clusters_model.itemChanged,
            self.next_step.textChanged,
            self.follow_up.toggled,
            self.follow_up_date.dateChanged,
            self.notes.textChanged,
        ):
            signal.connect(self._changed)
        self.clusters_model.itemChanged.connect(lambda _i: self._offer_referral())
        self._text_inputs: tuple[QWidget, ...] = (
            self.when,
            self.duration,
            self.contact,
            self.next_step,
            self.notes,
            self.follow_up_date,
        )
        for widget in (
            self.needs,
            self.clusters,
            self.follow_up,
            *self.outcome_buttons,
            *self.interest_buttons,
            *self._text_inputs,
        ):
            widget.installEventFilter(self)
        self.retranslate()
        self._offer_draft()
        self._offer_referral()
        self._loading = False
        self.when.setFocus()

    # --- keyboard -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """The report takes the keyboard as soon as it is shown: its Alt+letters work at once."""
        super().showEvent(event)
        self.activateWindow()

    def _digit_sets_interest(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_3 and not mods:
            self.interest_buttons[key - Qt.Key.Key_0].setChecked(True)
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Lists and buttons would swallow digits (type-ahead search): 0–3 set the interest.
        A field reached by Alt+letter is scrolled into view on a short screen."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.form_scroll.ensureWidgetVisible(watched)
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if self._is_save_key(key_event):
                self.save()
                return True
            if watched is self.when and self._leaves_date(key_event):
                return True
            if watched not in self._text_inputs and self._digit_sets_interest(key_event):
                return True
        return super().eventFilter(watched, event)

    def _leaves_date(self, event: QKeyEvent) -> bool:
        """Tab in a date-time field walks its five sections; here it goes to the next field
        (Left/Right still move between day, month, year, hour and minute)."""
        if event.key() == Qt.Key.Key_Tab and not event.modifiers():
            self.duration.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if event.key() == Qt.Key.Key_Backtab:
            self.focusPreviousChild()
            return True
        return False

    @staticmethod
    def _is_save_key(event: QKeyEvent) -> bool:
        return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_save_key(event):
            self.save()
            return
        if not self._digit_sets_interest(event):
            super().keyPressEvent(event)

    # --- data ---------------------------------------------------------------------------------

    @property
    def interest(self) -> int:
        return max(self.interest_group.checkedId(), 0)

    @property
    def outcome(self) -> VisitOutcome:
        return OUTCOMES[max(self.outcome_group.checkedId(), 0)]

    def _checked(self, model: QStandardItemModel) -> list[str]:
        return [
            model.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(model.rowCount())
            if model.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _set_checked(self, model: QStandardItemModel, keys: list[str]) -> None:
        for r in range(model.rowCount()):
            item = model.item(r)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def to_dict(self) -> dict[str, Any]:
        return {
            "when": self.when.dateTime().toString(Qt.DateFormat.ISODate),
            "duration_min": self.duration.value(),
            "contact_id": self.contact.currentData(),
            "outcome": self.outcome.value,
            "interest": self.interest,
            "needs": self._checked(self.needs_model),
            "recommended_clusters": self._checked(self.clusters_model),
            "next_step": self.next_step.text(),
            "follow_up": self.follow_up.isChecked(),
            "follow_up_date": self.follow_up_date.date().toString(Qt.DateFormat.ISODate),
            "notes": self.notes.toPlainText(),
        }

    def from_dict(self, data: dict[str, Any]) -> None:
        when = QDateTime.fromString(str(data.get("when", "")), Qt.DateFormat.ISODate)
        if when.isValid():
            self.when.setDateTime(when)
        self.duration.setValue(int(data.get("duration_min", 60)))
        pos = self.contact.findData(data.get("contact_id"))
        self.contact.setCurrentIndex(max(pos, 0))
        with contextlib.suppress(ValueError):
            outcome = VisitOutcome(data.get("outcome", "met"))
            self.outcome_buttons[OUTCOMES.index(outcome)].setChecked(True)
        interest = int(data.get("interest", 1))
        if 0 <= interest <= 3:
            self.interest_buttons[interest].setChecked(True)
        self._set_checked(self.needs_model, list(data.get("needs", [])))
        self._set_checked(self.clusters_model, list(data.get("recommended_clusters", [])))
        self.next_step.setText(str(data.get("next_step", "")))
        self.follow_up.setChecked(bool(data.get("follow_up")))
        fud = QDate.fromString(str(data.get("follow_up_date", "")), Qt.DateFormat.ISODate)
        if fud.isValid():
            self.follow_up_date.setDate(fud)
        self.notes.setPlainText(str(data.get("notes", "")))

    def command(self) -> LogVisit:
        when = self.when.dateTime().toPython()
        # PySide6 types toPython() as object; a QDateTimeEdit always gives a datetime
        assert isinstance(when, datetime)
        started = when.astimezone(UTC)
        fud: date | None = (
            to_date(self.follow_up_date.date()) if self.follow_up.isChecked() else None
        )
        return LogVisit(
            organisation_id=self.card.id,
            officer_name=self._settings.officer_name,
            officer_email=self._settings.officer_email,
            started_at=started if isinstance(started, datetime) else datetime.now(UTC),
            outcome=self.outcome,
            interest=self.interest,
            duration_min=self.duration.value(),
            contact_id=self.contact.currentData(),
            needs=tuple(self._checked(self.needs_model)),
            recommended_clusters=tuple(self._checked(self.clusters_model)),
            next_step=self.next_step.text(),
            follow_up_date=fud,
            notes=self.notes.toPlainText(),
        )

    # --- drafts -------------------------------------------------------------------------------

    def _changed(self, *_args: Any) -> None:
        if self._loading:
            return
        self._dirty = True
        self._on_change_timer.start()

    def write_draft(self) -> None:
        if not self._dirty or self.saving:
            return
        self._drafts.save(self.card.id, self.card.name, self.to_dict())
        self._dirty = False
        self.draft_note.setText(
            self.tr("Brouillon enregistré à %1").replace("%1", datetime.now().strftime("%H:%M:%S"))
        )

    def _offer_draft(self) -> None:
        """A report left unsaved comes back as it was, without a question: a "No" answered by
        reflex used to delete it. Dropping it stays possible with Cancel."""
        draft = self._drafts.load(self.card.id)
        aside = self._drafts.take_set_aside()
        if aside:
            # Another laptop's key, or damage: kept beside, never deleted, and said so where
            # errors are said (the file's name; its folder in the tooltip).
            self.error.setText(
                self.tr(
                    "Brouillon illisible (autre clé ou fichier abîmé), mis de côté : %1"
                ).replace("%1", aside[-1].name)
            )
            self.error.setToolTip(str(aside[-1]))
            self.error.show()
        if draft is None:
            return
        self.from_dict(draft.data)
        self.draft_note.setText(self.tr("Brouillon repris"))

    # --- save / cancel ------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving:
            return
        self.write_draft()  # whatever happens next, the report is on disk
        if not self._settings.identity_complete:
            # Nobody to sign the report yet: ask now, and save once the officer is known.
            self.ask_identity()
            return
        try:
            cmd = self.command()
        except (ValueError, HdfFieldError) as exc:
            self._failed(exc)
            return
        self.saving = True
        self.buttons.setEnabled(False)
        self.error.hide()
        db = self._db
        self._runner.run(lambda: log_visit(db, cmd), self._saved, self._failed)

    def _offer_referral(self) -> None:
        chosen = bool(self._checked(self.clusters_model))
        self.refer_after.setEnabled(chosen)
        if not chosen:
            self.refer_after.setChecked(False)

    def _saved(self, result: VisitLogged) -> None:
        self.saving = False
        self._autosave.stop()
        self._on_change_timer.stop()
        self._drafts.discard(self.card.id)
        self.logged.emit(result)
        clusters = tuple(self._checked(self.clusters_model))
        if self.refer_after.isChecked() and clusters:
            self.referRequested.emit(clusters)
        self.accept()

    def ask_identity(self) -> IdentityDialog:
        """The identity form, over the report; saving it saves the report."""
        if self.identity_dialog is not None and self.identity_dialog.isVisible():
            return self.identity_dialog
        dialog = IdentityDialog(self._settings, self._db, self._runner, self)
        dialog.identitySaved.connect(self._identity_saved)
        dialog.rejected.connect(self._identity_declined)
        self.identity_dialog = dialog
        dialog.open()
        return dialog

    def _identity_declined(self) -> None:
        """ "Plus tard": the report stays open with its draft, and the way back is on screen."""
        self._failed(ValidationError("officer", "no officer identity"))

    def _identity_saved(self) -> None:
        self.identity_button.hide()
        self.error.hide()
        self.identityChanged.emit()
        self.save()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.identity_button.hide()
        if isinstance(exc, ValidationError) and exc.field == "officer":
            message = self.tr(
                "votre nom et votre e-mail manquent pour signer le compte rendu ; "
                "le brouillon est conservé."
            )
            self.identity_button.show()
        elif isinstance(exc, ValidationError) and exc.field == "started_at":
            message = self.tr(
                "la date est dans le futur : une visite à venir se planifie, elle n'est pas "
                "encore faite. Corrigez la date et l'heure."
            )
            self.when.setFocus()
        elif isinstance(exc, ValidationError) and exc.field == "follow_up_date":
            message = self.tr("La date de relance précède la visite.")
        else:
            message = error_text(exc)
        self.error.setText(self.tr("Visite non enregistrée : %1").replace("%1", message))
        self.error.show()

    def reject(self) -> None:
        if self.saving:
            return
        data_typed = self._dirty or self._drafts.load(self.card.id) is not None
        if data_typed and not self._ask(
            self.tr("Abandonner le compte rendu ?"),
            self.tr("Le compte rendu de visite n'est pas enregistré. L'abandonner ?"),
        ):
            return
        self._autosave.stop()
        self._on_change_timer.stop()
        self._drafts.discard(self.card.id)
        super().reject()

    def done(self, result: int) -> None:
        self._autosave.stop()
        self._on_change_timer.stop()
        super().done(result)

    # --- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Compte rendu de visite — %1").replace("%1", self.card.name))
        self.header.setText(self.card.name)
        self.labels["when"].setText(self.tr("&Date et heure"))
        self.labels["duration"].setText(self.tr("D&urée (min)"))
        self.labels["contact"].setText(self.tr("&Interlocuteur"))
        self.labels["next_step"].setText(self.tr("&Prochaine étape"))
        self.labels["notes"].setText(self.tr("&Notes"))
        self.outcome_box.setTitle(self.tr("Résultat"))
        self.refer_after.setText(self.tr("Transmettre ensuite au pôle"))
        self.refer_after.setToolTip(
            self.tr("Après l'enregistrement, ouvrir « Transmettre au pôle » avec ces pôles cochés")
        )
        mnemonics = {
            VisitOutcome.MET: self.tr("R&encontré"),
            VisitOutcome.INTERESTED: self.tr("In&téressé"),
            VisitOutcome.NOT_INTERESTED: self.tr("P&as intéressé"),
            VisitOutcome.TO_RECONTACT: self.tr("À &recontacter"),
            VisitOutcome.WRONG_CONTACT: self.tr("&Mauvais interlocuteur"),
            VisitOutcome.CLOSED: self.tr("Établissement &fermé"),
        }
        for outcome, button in zip(OUTCOMES, self.outcome_buttons, strict=True):
            button.setText(mnemonics.get(outcome, outcome_label(outcome)))
        self.interest_box.setTitle(self.tr("Intérêt (touches 0 à 3)"))
        for level, button in enumerate(self.interest_buttons):
            button.setText(f"{level} — {interest_label(level)}")
        self.needs_label.setText(self.tr("&Besoins et sujets (Espace pour cocher)"))
        self.clusters_label.setText(self.tr("Pôles re&commandés"))
        if not self.card.orientation:
            self._no_orientation.setText(self.tr("Pas d'orientation disponible"))
        self.follow_up.setText(self.tr("Re&lance le"))
        self.next_step.setPlaceholderText(self.tr("ex. envoyer la plaquette, présenter au pôle…"))
        self.identity_button.setText(self.tr("Renseigner mon identité…"))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Enregistrer (Ctrl+Entrée)"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Annuler"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
