"""The Settings screen: who I am, where I start from, my hours, the registry, the language.

With an e-mail set, saving also writes the officer's Officer row (home commune geocoded
offline, working hours) on the database thread; the QSettings are written only once that
succeeded, so a commune the gazetteer does not know is refused and nothing changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTime, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import ValidationError
from hdf_field.services.database import Database
from hdf_field.services.officer_profile import (
    MAX_EARLY_DEPARTURE_MIN,
    OfficerProfile,
    ProfileSaved,
    commune_names,
    save_officer_profile,
)
from hdf_field.ui.backups_box import BackupsBox
from hdf_field.ui.common import error_text
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    languageChanged = Signal(str)
    saved = Signal()  # settings stored (and, with an e-mail, the officer row updated)
    saveFailed = Signal(str)

    def __init__(
        self, settings: AppSettings, db: Database, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._db = db
        self._runner = runner
        self.officer_box = QGroupBox(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("officerName")
        self.email = QLineEdit(self)
        self.email.setObjectName("officerEmail")
        self.home = QLineEdit(self)
        self.home.setObjectName("homeCommune")
        self._communes = QStringListModel(self)
        completer = QCompleter(self._communes, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.home.setCompleter(completer)
        self.hours_box = QGroupBox(self)
        self.day_start = QTimeEdit(self)
        self.day_end = QTimeEdit(self)
        for t in (self.day_start, self.day_end):
            t.setDisplayFormat("HH:mm")
        self.lunch = QSpinBox(self)
        self.lunch.setRange(0, 120)
        self.lunch.setSingleStep(15)
        # how much earlier than the day's start the officer may leave for a fixed appointment
        self.early = QSpinBox(self)
        self.early.setObjectName("earlyDeparture")
        self.early.setRange(0, MAX_EARLY_DEPARTURE_MIN)
        self.early.setSingleStep(15)
        self.sync_box = QGroupBox(self)
        self.registry = QLineEdit(self)
        self.registry.setObjectName("registryUrl")
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #2b8a3e;")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c92a2a; font-weight: bold;")

        self.labels: dict[str, QLabel] = {}

        def form(box: QGroupBox, rows: list[tuple[str, QWidget]]) -> None:
            f = QFormLayout(box)
            f.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            for key, widget in rows:
                lab = QLabel(box)
                lab.setBuddy(widget)
                self.labels[key] = lab
                f.addRow(lab, widget)

        form(self.officer_box, [("name", self.name), ("email", self.email), ("home", self.home)])
        form(
            self.hours_box,
            [
                ("start", self.day_start),
                ("end", self.day_end),
                ("lunch", self.lunch),
                ("early", self.early),
            ],
        )
        form(self.sync_box, [("registry", self.registry), ("language", self.language)])
        column = QVBoxLayout()
        column.addWidget(self.officer_box)
        column.addWidget(self.hours_box)
        column.addWidget(self.sync_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        column.addWidget(self.error)
        column.addLayout(buttons)
        column.addStretch(1)
        # Backups and the key store (issue 10) sit in a column of their own, beside the form.
        self.backups_box = BackupsBox(db, runner, self)
        self.backups_box.setMinimumWidth(440)
        side = QVBoxLayout()
        side.addWidget(self.backups_box)
        side.addStretch(1)
        # Side by side when the window is wide enough, else the backups under the form (a
        # 1366-pixel screen at 150 % has room for one column only).
        self._watching = False
        self._outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        outer = self._outer
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addLayout(column, 0)
        outer.addLayout(side, 1)
        for box in (self.officer_box, self.hours_box, self.sync_box):
            box.setMinimumWidth(560)
        self.load()
        self.retranslate()
        runner.run(lambda: commune_names(db), self._communes.setStringList, _no_communes)

    def load(self) -> None:
        s = self.settings
        self.name.setText(s.get("officer/name"))
        self.email.setText(s.get("officer/email"))
        self.home.setText(s.get("officer/home_commune"))
        self.day_start.setTime(QTime.fromString(s.get("hours/day_start"), "HH:mm"))
        self.day_end.setTime(QTime.fromString(s.get("hours/day_end"), "HH:mm"))
        self.lunch.setValue(s.get("hours/lunch_minutes"))
        self.early.setValue(s.get("hours/early_departure_min"))
        self.registry.setText(s.get("sync/registry_url"))
        self.language.setCurrentIndex(max(self.language.findData(s.language), 0))

    def save(self) -> bool:
        self.error.clear()
        self.message.clear()
        email = self.email.text().strip()
        if email and ("@" not in email or "." not in email.split("@")[-1]):
            self.error.setText(self.tr("Adresse e-mail invalide : %1").replace("%1", email))
            self.email.setFocus()
            return False
        url = self.registry.text().strip()
        if url and not url.startswith(("http://", "https://")):
            self.error.setText(
                self.tr("L'adresse du registre doit commencer par https:// ou http://")
            )
            self.registry.setFocus()
            return False
        if self.day_end.time() <= self.day_start.time():
            self.error.setText(self.tr("La fin de journée doit suivre le début."))
            self.day_end.setFocus()
            return False
        if not email:  # no officer record to update: the settings alone
            self._store(self.home.text().strip())
            if self.home.text().strip():
                self.message.setText(
                    self.tr(
                        "Paramètres enregistrés. Renseignez votre e-mail pour que le planning "
                        "parte de votre commune."
                    )
                )
            return True
        profile = OfficerProfile(
            name=self.name.text().strip(),
            email=email,
            home=self.home.text().strip(),
            day_start=self.day_start.time().toString("HH:mm"),
            day_end=self.day_end.time().toString("HH:mm"),
            lunch_minutes=self.lunch.value(),
            early_departure_min=self.early.value(),
        )
        db = self._db
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Enregistrement…"))
        self._runner.run(
            lambda: save_officer_profile(db, profile), self._profile_saved, self._profile_failed
        )
        return True

    def _profile_saved(self, result: ProfileSaved) -> None:
        """The officer row is written: now the settings, with the commune as the gazetteer
        names it."""
        self.save_button.setEnabled(True)
        home = result.home
        self.home.setText(home.commune if home else "")
        self._store(home.commune if home else "")
        if home is not None:
            self.message.setText(
                self.tr("Paramètres enregistrés. Départ des tournées : %1 (%2, %3).")
                .replace("%1", home.commune)
                .replace("%2", f"{home.lat:.4f}")
                .replace("%3", f"{home.lon:.4f}")
            )

    def _profile_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.clear()
        if isinstance(exc, ValidationError) and exc.field == "home_commune":
            self.error.setText(
                self.tr("Commune de départ introuvable : %1").replace(
                    "%1", self.home.text().strip()
                )
            )
            self.home.setFocus()
        else:
            self.error.setText(
                self.tr("Enregistrement impossible : %1").replace("%1", error_text(exc))
            )
        self.saveFailed.emit(self.error.text())

    def _store(self, home: str) -> None:
        s = self.settings
        s.set("officer/name", self.name.text().strip())
        s.set("officer/email", self.email.text().strip().lower())
        s.set("officer/home_commune", home)
        s.set("hours/day_start", self.day_start.time().toString("HH:mm"))
        s.set("hours/day_end", self.day_end.time().toString("HH:mm"))
        s.set("hours/lunch_minutes", self.lunch.value())
        s.set("hours/early_departure_min", self.early.value())
        s.set("sync/registry_url", self.registry.text().strip())
        old_lang = s.language
        new_lang = self.language.currentData()
        s.set("ui/language", new_lang)
        s.sync()
        self.message.setText(self.tr("Paramètres enregistrés."))
        self.saved.emit()
        if new_lang != old_lang:
            self.languageChanged.emit(new_lang)

    def retranslate(self) -> None:
        self.officer_box.setTitle(self.tr("Chargé de mission"))
        self.hours_box.setTitle(self.tr("Horaires de travail"))
        self.sync_box.setTitle(self.tr("Synchronisation et langue"))
        texts = {
            "name": self.tr("&Nom"),
            "email": self.tr("E-&mail"),
            "home": self.tr("&Commune de départ"),
            "start": self.tr("&Début de journée"),
            "end": self.tr("&Fin de journée"),
            "lunch": self.tr("&Pause déjeuner (min)"),
            "early": self.tr("Départ au plus &tôt pour un rendez-vous fixe (min avant)"),
            "registry": self.tr("Adresse du &registre"),
            "language": self.tr("&Langue"),
        }
        for key, lab in self.labels.items():
            lab.setText(texts[key])
        self.home.setPlaceholderText(self.tr("Tapez les premières lettres…"))
        self.registry.setPlaceholderText("https://registre.example.org")
        self.save_button.setText(self.tr("&Enregistrer"))

    def _scroll_area(self) -> QAbstractScrollArea | None:
        area = self.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        return area

    def _arrange(self) -> None:
        area = self._scroll_area()
        if area is not None and not self._watching:
            # The page never gets narrower than its minimum: watch the visible width instead.
            area.viewport().installEventFilter(self)
            self._watching = True
        available = area.viewport().width() if area is not None else self.width()
        wide = 560 + 440 + 24 * 2 + 16
        direction = (
            QBoxLayout.Direction.LeftToRight
            if available >= wide
            else QBoxLayout.Direction.TopToBottom
        )
        if self._outer.direction() != direction:
            self._outer.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._arrange()
        return False

    def showEvent(self, event: QShowEvent) -> None:
        self._arrange()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _no_communes(exc: BaseException) -> None:
    """The completion stays empty: the home commune can still be typed, and saving checks it."""
    log.warning("commune list unavailable: %s", exc, exc_info=exc)
