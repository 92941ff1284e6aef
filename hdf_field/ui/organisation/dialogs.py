"""Editing an organisation and its contacts: forms that show what was refused, and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import HdfFieldError, ValidationError
from hdf_field.services.org_card import ContactRow, OrgCard, save_contact, save_organisation
from hdf_field.storage.database import Database
from hdf_field.ui.tasks import TaskRunner

ERROR_STYLE = "border: 1px solid #c92a2a; background: #fff5f5;"


class _FormDialog(QDialog):
    """A form whose save runs on the worker thread; a refusal names and highlights the field."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c92a2a; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self).activated.connect(self.save)
        self._labels: dict[str, QLabel] = {}
        self.saving = False

    def add_field(self, key: str, widget: QWidget) -> None:
        label = QLabel(self)
        label.setBuddy(widget)
        self._labels[key] = label
        self.fields[key] = widget
        self.form.addRow(label, widget)

    def set_label(self, key: str, text: str) -> None:
        label = self._labels[key]
        label.setText(text)
        # Mnemonic ampersands confuse the form's width estimate: reserve the real width.
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance(text.replace("&", "")) + 6)

    def value(self, key: str) -> Any:
        w = self.fields[key]
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        if isinstance(w, QSpinBox):
            return w.value()
        raise TypeError(key)

    def show_error(self, exc: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        for w in self.fields.values():
            w.setStyleSheet("")
        if isinstance(exc, ValidationError):
            widget = self.fields.get(exc.field)
            label = self._labels.get(exc.field)
            name = label.text().replace("&", "") if label else exc.field
            self.error.setText(
                self.tr("%1 : %2").replace("%1", name).replace("%2", self.explain(exc))
            )
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                widget.setFocus()
        elif isinstance(exc, HdfFieldError):
            self.error.setText(str(exc))
        else:
            self.error.setText(self.tr("Enregistrement impossible : %1").replace("%1", str(exc)))
        self.error.show()

    def explain(self, exc: ValidationError) -> str:
        """Messages of the core are in English; the common ones get a French wording."""
        text = exc.message
        if exc.field == "siret" and ("check" in text or "Luhn" in text or "clé" in text):
            return self.tr("numéro SIRET invalide (la clé de contrôle ne correspond pas)")
        if exc.field == "siret" and "14" in text:
            return self.tr("un SIRET compte 14 chiffres")
        if exc.field == "siret" and "already" in text:
            return self.tr("ce SIRET appartient déjà à une autre organisation")
        if exc.field == "email":
            return self.tr("adresse e-mail invalide")
        if exc.field == "phone":
            return self.tr("numéro de téléphone invalide (formats français ou belge)")
        return text

    def run_save(self, fn: Callable[[], Any]) -> None:
        if self.saving:
            return
        self.saving = True
        self.buttons.setEnabled(False)
        self.error.hide()
        self._runner.run(fn, self._saved, self.show_error)

    def _saved(self, _result: Any) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.accept()

    def save(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        pass


class OrganisationEditDialog(_FormDialog):
    TEXT_FIELDS = (
        "name",
        "trade_name",
        "siret",
        "street",
        "postal_code",
        "city",
        "phone",
        "email",
        "website",
    )

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        card: OrgCard,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._db = db
        self._card = card
        self._actor = actor
        for key in self.TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(key)
            edit.setText(getattr(card, key) or "")
            self.add_field(key, edit)
        prio = QSpinBox(self)
        prio.setRange(0, 3)
        prio.setValue(card.priority)
        prio.setObjectName("priority")
        self.add_field("priority", prio)
        notes = QPlainTextEdit(self)
        notes.setObjectName("notes")
        notes.setPlainText(card.notes or "")
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(80)
        self.add_field("notes", notes)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Modifier — %1").replace("%1", self._card.name))
        labels = {
            "name": self.tr("&Raison sociale"),
            "trade_name": self.tr("&Enseigne"),
            "siret": self.tr("&SIRET"),
            "street": self.tr("&Adresse"),
            "postal_code": self.tr("Code &postal"),
            "city": self.tr("&Commune"),
            "phone": self.tr("&Téléphone"),
            "email": self.tr("E-&mail"),
            "website": self.tr("Site &web"),
            "priority": self.tr("Priorit&é (0–3)"),
            "notes": self.tr("&Notes"),
        }
        for key, text in labels.items():
            self.set_label(key, text)

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in (*self.TEXT_FIELDS, "priority", "notes"):
            new = self.value(key)
            old = getattr(self._card, key)
            if (old if old is not None else "") != new:
                out[key] = new if new != "" else None
        return out

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.accept()
            return
        db, org_id, actor, version = self._db, self._card.id, self._actor, self._card.version
        self.run_save(
            lambda: save_organisation(db, org_id, changes, actor, expected_version=version)
        )


class ContactDialog(_FormDialog):
    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        org_id: str,
        actor: str,
        contact: ContactRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._db = db
        self._org_id = org_id
        self._actor = actor
        self._contact = contact
        for key in ("first_name", "last_name", "role", "phone", "email"):
            edit = QLineEdit(self)
            edit.setObjectName(key)
            if contact is not None:
                edit.setText(getattr(contact, key) or "")
            self.add_field(key, edit)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Nouveau contact") if self._contact is None else self.tr("Modifier le contact")
        )
        for key, text in {
            "first_name": self.tr("&Prénom"),
            "last_name": self.tr("&Nom"),
            "role": self.tr("&Fonction"),
            "phone": self.tr("&Téléphone"),
            "email": self.tr("E-&mail"),
        }.items():
            self.set_label(key, text)

    def save(self) -> None:
        fields = {k: self.value(k) for k in self.fields}
        db, org_id, actor = self._db, self._org_id, self._actor
        cid = self._contact.id if self._contact else None
        self.run_save(lambda: save_contact(db, org_id, cid, fields, actor))
