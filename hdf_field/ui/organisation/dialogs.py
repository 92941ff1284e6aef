"""Editing an organisation and its contacts: forms that show what was refused, and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.contact_legal import DEFAULT_LEGAL_BASIS
from hdf_field.domain.enums import ContactSource, LegalBasis
from hdf_field.domain.error_messages import reason, render
from hdf_field.domain.errors import HdfFieldError, ValidationError
from hdf_field.services.database import Database
from hdf_field.services.org_card import ContactRow, OrgCard, save_contact, save_organisation
from hdf_field.ui.common import current_language, enum_label
from hdf_field.ui.tasks import TaskRunner

ERROR_STYLE = "border: 1px solid #c92a2a; background: #fff5f5;"
# A date field left empty shows its minimum, displayed as "—" (QDateEdit cannot be blank).
NO_DATE = QDate(2000, 1, 1)


def _date_edit(parent: QWidget, value: date | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setMaximumDate(QDate.currentDate())  # the law's dates are never in the future
    edit.setSpecialValueText("—")
    edit.setDate(QDate(value.year, value.month, value.day) if value is not None else NO_DATE)
    return edit


def _date_of(edit: QDateEdit) -> date | None:
    d = edit.date()
    return None if d == NO_DATE else date(d.year(), d.month(), d.day())


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
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QDateEdit):
            return _date_of(w)
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
            self.error.setText(render(exc, current_language()))
        else:
            self.error.setText(self.tr("Enregistrement impossible : %1").replace("%1", str(exc)))
        self.error.show()

    def explain(self, exc: ValidationError) -> str:
        """The core's sentence in the interface's language (its code and parameters); the
        few errors still without a code get a wording of their own here."""
        if exc.code is not None:
            return reason(exc, current_language())
        return exc.message

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


def ask_erase(parent: QWidget, title: str, text: str, button: str) -> bool:
    """The confirmation of an erasure; tests replace it (a modal box would block them)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    erase = box.addButton(button, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is erase


def ask_export_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where to write the encrypted access report; tests replace it."""
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, "ZIP (*.zip)")
    return Path(name) if name else None


def show_passphrase(parent: QWidget, path: Path, passphrase: str) -> QDialog:
    """The passphrase, shown once in a window-modal dialog that does not block the caller."""
    from hdf_field.ui.passphrase_dialog import PassphraseDialog

    dialog = PassphraseDialog(path, passphrase, parent)
    dialog.open()
    return dialog


def _export(db: Database, contact_id: str, drafts: Path, out: Path, passphrase: str) -> Path:
    """Runs on the worker: everything held on the person, as the French PDF and the JSON in
    a ZIP encrypted with ``passphrase`` (the GUI offers no plain export)."""
    from hdf_field.services.contacts import export_contact
    from hdf_field.services.protected_files import write_contact_export

    data = export_contact(db, contact_id, drafts_dir=drafts)
    return write_contact_export(data, out, passphrase=passphrase).path


class ContactDialog(_FormDialog):
    """A contact person and their GDPR facts: legal basis, source, information, objection;
    for a person already held, their rights too: an access report (PDF) and erasure."""

    TEXT_FIELDS = ("first_name", "last_name", "role", "phone", "email")
    ERROR_LOOK = "color: #c92a2a; font-weight: bold;"

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        org_id: str,
        actor: str,
        contact: ContactRow | None = None,
        parent: QWidget | None = None,
        *,
        confirm: Callable[[QWidget, str, str, str], bool] = ask_erase,
        choose_file: Callable[[QWidget, str, str], Path | None] = ask_export_path,
        reveal: Callable[[QWidget, Path, str], QDialog] = show_passphrase,
        drafts_dir: Path | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._db = db
        self._org_id = org_id
        self._actor = actor
        self._contact = contact
        self._confirm = confirm
        self._choose_file = choose_file
        self._reveal = reveal
        self._passphrase: str | None = None
        self.passphrase_dialog: QDialog | None = None
        self._drafts_dir = drafts_dir
        self.erased = False
        self.export_button: QPushButton | None = None
        self.erase_button: QPushButton | None = None
        if contact is not None:
            self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.export_button.setObjectName("exportContact")
            self.export_button.clicked.connect(self.export_pdf)
            self.erase_button = self.buttons.addButton(
                "", QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.erase_button.setObjectName("eraseContact")
            self.erase_button.clicked.connect(self.erase)
        for key in self.TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(key)
            if contact is not None:
                edit.setText(getattr(contact, key) or "")
            self.add_field(key, edit)
        self.legal_basis = QComboBox(self)
        self.legal_basis.setObjectName("legal_basis")
        for basis in (
            LegalBasis.LEGITIMATE_INTEREST,
            LegalBasis.CONSENT,
            LegalBasis.CONTRACT,
            LegalBasis.PUBLIC_TASK,
        ):
            self.legal_basis.addItem("", basis.value)
        current = contact.legal_basis if contact is not None else None
        self.legal_basis.setCurrentIndex(
            max(0, self.legal_basis.findData((current or DEFAULT_LEGAL_BASIS).value))
        )
        self.add_field("legal_basis", self.legal_basis)
        self.consent_date = _date_edit(self, contact.consent_date if contact else None)
        self.consent_date.setObjectName("consent_date")
        self.add_field("consent_date", self.consent_date)
        self.source = QComboBox(self)
        self.source.setObjectName("source")
        self.source.addItem("—", None)
        for src in ContactSource:
            self.source.addItem("", src.value)
        if contact is not None and contact.source is not None:
            self.source.setCurrentIndex(max(0, self.source.findData(contact.source.value)))
        self.add_field("source", self.source)
        self.source_detail = QLineEdit(self)
        self.source_detail.setObjectName("source_detail")
        self.source_detail.setText((contact.source_detail if contact else None) or "")
        self.add_field("source_detail", self.source_detail)
        self.informed_at = _date_edit(self, contact.informed_at if contact else None)
        self.informed_at.setObjectName("informed_at")
        self.add_field("informed_at", self.informed_at)
        self.objection = QCheckBox(self)
        self.objection.setObjectName("objection")
        self.objection.setChecked(bool(contact.objection) if contact else False)
        self.add_field("objection", self.objection)
        self.objection_date = _date_edit(self, contact.objection_date if contact else None)
        self.objection_date.setObjectName("objection_date")
        self.add_field("objection_date", self.objection_date)
        self.legal_basis.currentIndexChanged.connect(self._basis_changed)
        self.objection.toggled.connect(self._objection_toggled)
        self._objection_toggled(self.objection.isChecked())
        self.setMinimumWidth(460)
        self.retranslate()

    def _basis_changed(self, _index: int) -> None:
        """Consent is dated: choosing it on an undated contact dates it today (editable)."""
        if (
            self.legal_basis.currentData() == LegalBasis.CONSENT.value
            and _date_of(self.consent_date) is None
        ):
            self.consent_date.setDate(QDate.currentDate())

    def _objection_toggled(self, checked: bool) -> None:
        self.objection_date.setEnabled(checked)
        if checked and _date_of(self.objection_date) is None:
            self.objection_date.setDate(QDate.currentDate())
        if not checked:
            self.objection_date.setDate(NO_DATE)

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
            "legal_basis": self.tr("&Base légale"),
            "consent_date": self.tr("Date du &consentement"),
            "source": self.tr("&Origine des données"),
            "source_detail": self.tr("Précision sur l'ori&gine"),
            "informed_at": self.tr("Personne &informée le"),
            "objection": self.tr("Opposition"),
            "objection_date": self.tr("Opposition &le"),
        }.items():
            self.set_label(key, text)
        self.objection.setText(self.tr("Ne plus contacter"))
        if self.export_button is not None:
            self.export_button.setText(self.tr("E&xporter ses données…"))
            self.export_button.setToolTip(
                self.tr(
                    "Tout ce que ce poste détient sur la personne, en PDF et JSON dans un ZIP "
                    "chiffré (RGPD, art. 15)"
                )
            )
        if self.erase_button is not None:
            self.erase_button.setText(self.tr("&Effacer la personne…"))
            self.erase_button.setToolTip(
                self.tr("Effacer la personne de ce poste et, à la synchronisation, partout")
            )
        for i in range(self.legal_basis.count()):
            basis = LegalBasis(self.legal_basis.itemData(i))
            self.legal_basis.setItemText(i, enum_label(basis))
        for i in range(1, self.source.count()):
            self.source.setItemText(i, enum_label(ContactSource(self.source.itemData(i))))

    def explain(self, exc: ValidationError) -> str:
        if exc.code == "date.future":
            return self.tr("la date ne peut pas être dans le futur")
        return super().explain(exc)

    def save(self) -> None:
        fields = {k: self.value(k) for k in self.fields}
        db, org_id, actor = self._db, self._org_id, self._actor
        cid = self._contact.id if self._contact else None
        self.run_save(lambda: save_contact(db, org_id, cid, fields, actor))

    # --- the person's rights ----------------------------------------------------------------

    def _who(self) -> str:
        c = self._contact
        return " ".join(x for x in (c.first_name, c.last_name) if x) if c is not None else ""

    def _drafts(self) -> Path:
        from hdf_field.ui.drafts import default_drafts_dir

        return self._drafts_dir or default_drafts_dir()

    def erase(self) -> bool:
        """Erase the person after a confirmation naming them; the dialog closes (accepted)
        once it is done, so the organisation page shows them gone."""
        if self._contact is None or self.saving:
            return False
        who = self._who()
        text = self.tr(
            "Effacer définitivement %1 ?\n\nLa fiche, ses mentions dans les comptes rendus "
            "et les brouillons, et ses modifications en attente sont effacées de ce poste ; "
            "à la prochaine synchronisation, de la base centrale et de tous les postes. "
            "Cette action est irréversible."
        ).replace("%1", who)
        title = self.tr("Effacer %1").replace("%1", who)
        if not self._confirm(self, title, text, self.tr("Effacer définitivement")):
            return False
        from hdf_field.services.contact_erasure import erase_contact

        db, cid, actor, drafts = self._db, self._contact.id, self._actor, self._drafts()
        self.saving = True
        self.buttons.setEnabled(False)
        self.error.hide()
        self.error.setStyleSheet(self.ERROR_LOOK)
        self._runner.run(
            lambda: erase_contact(db, cid, actor, drafts_dir=drafts),
            self._erased,
            self.show_error,
        )
        return True

    def _erased(self, _result: Any) -> None:
        self.erased = True
        self._saved(_result)

    def export_pdf(self) -> bool:
        """The access report, encrypted: its passphrase is drawn here and shown once when
        the file is written. The suggested file name carries no part of the person's name
        (a ZIP's name travels in clear, in folder listings and e-mails)."""
        if self._contact is None:
            return False
        out = self._choose_file(
            self,
            self.tr("Exporter les données de %1").replace("%1", self._who()),
            f"donnees-personnelles-{str(self._contact.id)[:8]}.zip",
        )
        if out is None:
            return False
        from hdf_field.services.protected_files import generate_passphrase

        passphrase = generate_passphrase()
        self._passphrase = passphrase
        db, cid, drafts = self._db, self._contact.id, self._drafts()
        self.error.hide()
        self.error.setStyleSheet(self.ERROR_LOOK)
        self._runner.run(
            lambda: _export(db, cid, drafts, out, passphrase), self._exported, self.show_error
        )
        return True

    def _exported(self, out: Path) -> None:
        self.error.setStyleSheet("color: #2b8a3e; font-weight: bold;")
        self.error.setText(self.tr("Données exportées (chiffrées) : %1").replace("%1", str(out)))
        self.error.show()
        passphrase, self._passphrase = self._passphrase, None
        if passphrase is not None:
            self.passphrase_dialog = self._reveal(self, out, passphrase)
