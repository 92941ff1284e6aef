"""The Planning screen: propose an officer's day, look at it, save it as planned visits.

The optimisation and the saving are services (:mod:`hdf_field.services.planning`); this page
only asks for an officer and a date, runs them on the worker thread and shows the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hdf_field.planning.model import DayPlan
from hdf_field.storage.database import Database
from hdf_field.ui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class OfficerChoice:
    id: str
    name: str
    has_home: bool


def officer_choices(db: Database) -> list[OfficerChoice]:
    from hdf_field.services.planning import active_officers

    with db.session() as s:
        return [
            OfficerChoice(str(o.id), o.name, o.home_lat is not None and o.home_lon is not None)
            for o in active_officers(s)
        ]


class PlanningView(QWidget):
    organisationActivated = Signal(str)  # noqa: N815 (Qt naming)
    planSaved = Signal()  # noqa: N815

    def __init__(
        self, db: Database, runner: TaskRunner, settings: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._settings = settings
        self.plan: DayPlan | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.officer_label = QLabel(self)
        self.officer = QComboBox(self)
        self.officer.setObjectName("planningOfficer")
        self.officer.setMinimumWidth(240)
        self.officer_label.setBuddy(self.officer)
        self.day_label = QLabel(self)
        self.day = QDateEdit(QDate.currentDate().addDays(1), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dddd dd/MM/yyyy")
        self.day_label.setBuddy(self.day)
        self.propose_button = QPushButton(self)
        self.propose_button.setObjectName("proposeDay")
        self.propose_button.clicked.connect(self.propose)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("savePlan")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        self.stops_model = QStandardItemModel(self)
        self.stops = QTableView(self)
        self.stops.setObjectName("planStops")
        self.stops.setModel(self.stops_model)
        self.stops.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stops.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stops.verticalHeader().setVisible(False)
        self.stops.setAlternatingRowColors(True)
        self.stops.horizontalHeader().setStretchLastSection(True)
        self.stops.activated.connect(self._activated)
        self.unserved_label = QLabel(self)
        self.unserved = QListWidget(self)
        self.unserved.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(self.officer_label)
        bar.addWidget(self.officer)
        bar.addSpacing(12)
        bar.addWidget(self.day_label)
        bar.addWidget(self.day)
        bar.addSpacing(12)
        bar.addWidget(self.propose_button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.unserved_label)
        rl.addWidget(self.unserved)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.stops)
        split.addWidget(right)
        split.setSizes([900, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        db = self._db
        self._runner.run(lambda: officer_choices(db), self._fill_officers, self._show_error)

    def _fill_officers(self, choices: list[OfficerChoice]) -> None:
        current = self.officer.currentData()
        self.officer.clear()
        for c in choices:
            suffix = "" if c.has_home else self.tr(" (sans point de départ)")
            self.officer.addItem(c.name + suffix, c.id)
        me = self._settings.officer_name if self._settings is not None else ""
        pos = (
            self.officer.findData(current)
            if current
            else self.officer.findText(me, Qt.MatchFlag.MatchStartsWith)
        )
        self.officer.setCurrentIndex(max(pos, 0))
        self.propose_button.setEnabled(bool(choices))
        if not choices:
            self.message.setText(self.tr("Aucun chargé de mission actif dans la base."))

    def propose(self) -> None:
        officer_id = self.officer.currentData()
        if not officer_id:
            return
        day: date = self.day.date().toPython()  # type: ignore[assignment]
        db = self._db

        def work() -> DayPlan:
            from hdf_field.services.planning import plan_day_from_db

            return plan_day_from_db(db, officer_id, day)

        self.propose_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Calcul de la tournée…"))
        self._runner.run(work, self.show_plan, self._show_error)

    def show_plan(self, plan: DayPlan) -> None:
        self.plan = plan
        self.propose_button.setEnabled(True)
        self.save_button.setEnabled(bool(plan.stops))
        self.message.clear()
        self.stops_model.clear()
        self.stops_model.setHorizontalHeaderLabels(
            [
                self.tr("N°"),
                self.tr("Arrivée"),
                self.tr("Départ"),
                self.tr("Organisation"),
                self.tr("Trajet"),
                self.tr("Adresse"),
            ]
        )
        for s in plan.stops:
            first = QStandardItem(str(s.order))
            first.setData(s.organisation_id, Qt.ItemDataRole.UserRole)
            drive = f"{s.drive_min_from_prev:.0f} min · {s.km_from_prev:.0f} km"
            name = s.name + (self.tr(" (rendez-vous fixe)") if s.fixed else "")
            self.stops_model.appendRow(
                [
                    first,
                    QStandardItem(s.start.strftime("%H:%M")),
                    QStandardItem(s.departure.strftime("%H:%M")),
                    QStandardItem(name),
                    QStandardItem(drive),
                    QStandardItem(s.address),
                ]
            )
        self.stops.resizeColumnsToContents()
        self.stops.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.stops.horizontalHeader().setStretchLastSection(True)
        back = plan.back_at.strftime("%H:%M") if plan.back_at else "—"
        leave = plan.leave_at.strftime("%H:%M") if plan.leave_at else "—"
        self.summary.setText(
            self.tr("%1 visites · %2 km · %3 min de route · départ %4, retour %5")
            .replace("%1", str(len(plan.stops)))
            .replace("%2", f"{plan.total_km:.0f}")
            .replace("%3", f"{plan.total_drive_min:.0f}")
            .replace("%4", leave)
            .replace("%5", back)
        )
        self.unserved.clear()
        for u in plan.unserved:
            self.unserved.addItem(f"{u.name} — {u.reason}")

    def save(self) -> None:
        if self.plan is None:
            return
        plan, db = self.plan, self._db
        actor = self._settings.actor if self._settings is not None else None

        def work() -> Any:
            from hdf_field.services.planning import save_plan

            return save_plan(db, [plan], actor=actor)

        def done(result: Any) -> None:
            self.save_button.setEnabled(True)
            self.message.setText(
                self.tr("Planning enregistré : %1 visites créées, %2 remplacées.")
                .replace("%1", str(result.created))
                .replace("%2", str(result.replaced))
            )
            self.planSaved.emit()

        self.save_button.setEnabled(False)
        self._runner.run(work, done, self._show_error)

    def _activated(self, index: Any) -> None:
        org_id = self.stops_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if org_id:
            self.organisationActivated.emit(org_id)

    def _show_error(self, exc: BaseException) -> None:
        self.propose_button.setEnabled(self.officer.count() > 0)
        self.save_button.setEnabled(self.plan is not None and bool(self.plan.stops))
        self.message.setStyleSheet("color: #c92a2a;")
        self.message.setText(self.tr("Impossible : %1").replace("%1", str(exc)))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Planning de la journée"))
        self.officer_label.setText(self.tr("&Chargé"))
        self.day_label.setText(self.tr("&Jour"))
        self.propose_button.setText(self.tr("&Proposer la tournée"))
        self.save_button.setText(self.tr("&Enregistrer le planning"))
        self.unserved_label.setText(self.tr("Non placées dans la journée"))
        if self.plan is None:
            self.summary.setText(
                self.tr(
                    "Choisissez un chargé et un jour, puis « Proposer la tournée » : les visites "
                    "déjà prévues sont réordonnées, sinon la journée est construite avec les "
                    "meilleurs prospects de son secteur."
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
