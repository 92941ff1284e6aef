"""The officer's identity: asked at first run, and from a visit report that cannot be signed.

A report without a name and an e-mail cannot be saved, so a fresh install asks for them before
anything needs them, and the visit report opens this same form itself instead of sending the
officer to a Settings page its modal window hides. Saving writes the officer's row (home base
geocoded offline, working hours) on the database thread first; the settings change only once
that succeeded, so a refused commune changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import ValidationError
from hdf_field.services.database import Database
from hdf_field.services.officer_profile import OfficerProfile, ProfileSaved, save_officer_profile
from hdf_field.ui.common import error_text, fit_to_screen
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import TaskRunner

MAX_NAME = 120  # a person's name; longer is a paste accident
MAX_EMAIL = 254  # RFC 5321 path limit


def email_problem(email: str) -> bool:
    """The same rough shape check as the Settings page: something@domain.tld, no spaces."""
    if not email or len(email) > MAX_EMAIL or any(ch.isspace() for ch in email):
        return True
    local, _, domain = email.rpartition("@")
    return not local or "." not in domain or domain.startswith(".") or domain.endswith(".")


class IdentityDialog(QDialog):
    """Name, e-mail, home base and hours, in one short form that cannot be skipped silently."""

    identitySaved = Signal()

    def __init__(
        self,
        settings: AppSettings,
        db: Database,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        communes: QStringListModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("identityDialog")
        self.settings = settings
        self._db = db
        self._runner = runner
        self.saving = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setObjectName("identityName")
        self.name.setMaxLength(MAX_NAME)
        self.email = QLineEdit(self)
        self.email.setObjectName("identityEmail")
        self.email.setMaxLength(MAX_EMAIL)
        self.home = QLineEdit(self)
        self.home.setObjectName("identityHome")
        if communes is not None:
            completer = QCompleter(communes, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.home.setCompleter(completer)
        self.day_start = QTimeEdit(self)
        self.day_end = QTimeEdit(self)
        for t in (self.day_start, self.day_end):
            t.setDisplayFormat("HH:mm")
        self.lunch = QSpinBox(self)
        self.lunch.setRange(0, 120)
        self.lunch.setSingleStep(15)
        self.error = QLabel(self)
        self.error.setObjectName("identityError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c92a2a; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("name", self.name),
            ("email", self.email),
            ("home", self.home),
            ("start", self.day_start),
            ("end", self.day_end),
            ("lunch", self.lunch),
        ):
            label = QLabel(self)
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        s = settings
        self.name.setText(s.get("officer/name"))
        self.email.setText(s.get("officer/email"))
        self.home.setText(s.get("officer/home_commune"))
        self.day_start.setTime(QTime.fromString(s.get("hours/day_start"), "HH:mm"))
        self.day_end.setTime(QTime.fromString(s.get("hours/day_end"), "HH:mm"))
        self.lunch.setValue(s.get("hours/lunch_minutes"))
        self.retranslate()
        self.setMinimumWidth(min(520, max(360, fit_to_screen(self).width())))
        (self.email if self.name.text() else self.name).setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Qui êtes-vous ?"))
        self.intro.setText(
            self.tr(
                "Vos comptes rendus de visite sont signés de votre nom et de votre e-mail, et vos "
                "tournées partent de votre commune. Vous pourrez tout changer dans les Paramètres."
            )
        )
        texts = {
            "name": self.tr("&Nom et prénom"),
            "email": self.tr("E-&mail"),
            "home": self.tr("&Commune de départ"),
            "start": self.tr("&Début de journée"),
            "end": self.tr("&Fin de journée"),
            "lunch": self.tr("&Pause déjeuner (min)"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.name.setPlaceholderText(self.tr("ex. Camille Durand"))
        self.email.setPlaceholderText(self.tr("ex. camille.durand@exemple.fr"))
        self.home.setPlaceholderText(self.tr("Tapez les premières lettres…"))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Enregistrer"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Plus tard"))

    def _refuse(self, message: str, widget: QWidget) -> None:
        self.error.setText(message)
        self.error.show()
        widget.setFocus()

    def save(self) -> bool:
        """Checks what can be checked here; the officer row is written on the worker."""
        if self.saving:
            return False
        name = self.name.text().strip()
        email = self.email.text().strip()
        if not name:
            self._refuse(self.tr("Indiquez votre nom."), self.name)
            return False
        if email_problem(email):
            self._refuse(
                self.tr("Adresse e-mail invalide : %1").replace("%1", email or "—"), self.email
            )
            return False
        if self.day_end.time() <= self.day_start.time():
            self._refuse(self.tr("La fin de journée doit suivre le début."), self.day_end)
            return False
        profile = OfficerProfile(
            name=name,
            email=email,
            home=self.home.text().strip(),
            day_start=self.day_start.time().toString("HH:mm"),
            day_end=self.day_end.time().toString("HH:mm"),
            lunch_minutes=self.lunch.value(),
        )
        self.saving = True
        self.buttons.setEnabled(False)
        self.error.hide()
        db = self._db
        self._runner.run(lambda: save_officer_profile(db, profile), self._saved, self._failed)
        return True

    def _saved(self, result: ProfileSaved) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        s = self.settings
        s.set("officer/name", self.name.text().strip())
        s.set("officer/email", self.email.text().strip().lower())
        s.set("officer/home_commune", result.home.commune if result.home else "")
        s.set("hours/day_start", self.day_start.time().toString("HH:mm"))
        s.set("hours/day_end", self.day_end.time().toString("HH:mm"))
        s.set("hours/lunch_minutes", self.lunch.value())
        s.sync()
        self.identitySaved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field == "home_commune":
            self._refuse(
                self.tr("Commune de départ introuvable : %1").replace(
                    "%1", self.home.text().strip()
                ),
                self.home,
            )
        else:
            self._refuse(
                self.tr("Enregistrement impossible : %1").replace("%1", error_text(exc)), self.name
            )

    def reject(self) -> None:
        if not self.saving:  # the worker's answer must find the form still there
            super().reject()
