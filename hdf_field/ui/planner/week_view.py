"""The week at a glance: one officer's Monday to Friday, each day's visits and totals.

Saturday and Sunday get a column too when something is booked then or the officer works that
day (as in the exports, which always include them).

It reads the saved days (``services.day_planner.week_overview``) on the task runner's worker
and only shows values. A click on a day hands it to the day planner (:attr:`dayOpened`); the
week pack PDF and the week's ``.ics`` are rendered and written on the worker, with progress
and cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate
from hdf_field.files import write_atomically
from hdf_field.services import day_planner
from hdf_field.services.database import Database
from hdf_field.services.day_planner import OfficerChoice, WeekOverview
from hdf_field.ui.common import count_text, current_language, to_date
from hdf_field.ui.operation_progress import OperationProgress
from hdf_field.ui.planner.formatting import duration_text, km_text
from hdf_field.ui.planner.save_path import AskSavePath
from hdf_field.ui.planner.save_path import ask_save_path as default_ask_save_path
from hdf_field.ui.planner.week_model import WeekModel
from hdf_field.ui.tasks import Operation, TaskRunner, while_alive


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeekView(QWidget):
    """``show_week(officer_id, day)`` opens the week holding ``day``."""

    dayOpened = Signal(str, object)  # officer id, date

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        ask_save_path: AskSavePath | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self._ask_save_path = ask_save_path or default_ask_save_path
        self._officers: list[OfficerChoice] = []
        self._wanted_officer: str | None = None
        self._serial = 0
        self._loading = False
        self._operation: Operation[Any] | None = None
        self.last_export: Path | None = None
        self.model = WeekModel(self)
        self._build()
        self.retranslate()
        self._wire()
        self._update_buttons()
        self.refresh()

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.officer_label = QLabel(self)
        self.officer_combo = QComboBox(self)
        self.officer_combo.setObjectName("weekOfficer")
        self.officer_combo.setMinimumWidth(200)
        self.week_label = QLabel(self)
        self.prev_week = QPushButton("‹", self)
        self.next_week = QPushButton("›", self)
        for b in (self.prev_week, self.next_week):
            b.setFixedWidth(28)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate.currentDate())
        # The status line below says which export runs: the bar's text is only its stage.
        self.progress = OperationProgress(
            self, describe=lambda _op, update: update.label, bar_width=140
        )
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("weekPdf")
        self.ics_button = QPushButton(self)
        self.ics_button.setObjectName("weekIcs")

        top = QHBoxLayout()
        top.addWidget(self.officer_label)
        top.addWidget(self.officer_combo)
        top.addSpacing(8)
        top.addWidget(self.week_label)
        top.addWidget(self.prev_week)
        top.addWidget(self.date_edit)
        top.addWidget(self.next_week)
        top.addStretch(1)
        top.addWidget(self.progress)
        top.addWidget(self.pdf_button)
        top.addWidget(self.ics_button)

        self.title = QLabel(self)
        self.title.setObjectName("weekTitle")
        self.title.setStyleSheet("QLabel#weekTitle { font-weight: 600; font-size: 11pt; }")

        self.table = QTableView(self)
        self.table.setObjectName("week")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setShowGrid(True)
        self.table.setCursor(Qt.CursorShape.PointingHandCursor)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(46)
        self.table.setStyleSheet(
            "QTableView#week { gridline-color: #d5dde7; }"
            " QTableView#week::item { padding: 2px 6px; }"
            " QHeaderView::section { background: #f1f5fa; border: 0;"
            " border-right: 1px solid #d5dde7; border-bottom: 2px solid #1565c0;"
            " padding: 6px; font-weight: 600; }"
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.hint = QLabel(self)
        self.hint.setObjectName("weekHint")
        self.hint.setStyleSheet("QLabel#weekHint { color: #555; }")
        self.empty = QLabel(self)
        self.empty.setObjectName("weekEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet("QLabel#weekEmpty { color: #607d8b; padding: 24px; }")
        self.empty.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("weekStatus")

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addStretch(1)
        title_row.addWidget(self.hint)
        outer.addLayout(title_row)
        outer.addWidget(self.table, 1)
        outer.addWidget(self.empty, 1)
        outer.addWidget(self.status)

    def _wire(self) -> None:
        self.officer_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.date_edit.dateChanged.connect(lambda _d: self.reload())
        self.prev_week.clicked.connect(lambda: self._shift_week(-1))
        self.next_week.clicked.connect(lambda: self._shift_week(1))
        self.table.clicked.connect(self._on_cell_clicked)
        self.table.horizontalHeader().sectionClicked.connect(self.open_day)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.ics_button.clicked.connect(self.export_ics)
        self.progress.cancelRequested.connect(self._on_cancel_requested)

    def retranslate(self) -> None:
        self.officer_label.setText(self.tr("Chargé de mission"))
        self.week_label.setText(self.tr("Semaine du"))
        self.prev_week.setToolTip(self.tr("Semaine précédente"))
        self.next_week.setToolTip(self.tr("Semaine suivante"))
        self.pdf_button.setText(self.tr("Dossier de la semaine (PDF)…"))
        self.ics_button.setText(self.tr("Exporter la semaine (.ics)…"))
        self.progress.retranslate()
        self.hint.setText(
            self.tr(
                "<span style='background:#e3ecf7'><b>En gras</b></span> : rendez-vous fixe · "
                "cliquer sur un jour pour l'ouvrir"
            )
        )
        self.empty.setText(
            self.tr("Aucune visite enregistrée cette semaine. Ouvrez un jour pour la planifier.")
        )
        self.date_edit.setLocale(QLocale())
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._refresh_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- background work -------------------------------------------------------------------
    # -- public API ------------------------------------------------------------------------
    def officer(self) -> OfficerChoice | None:
        k = self.officer_combo.currentIndex()
        return self._officers[k] if 0 <= k < len(self._officers) else None

    def monday(self) -> date:
        return monday_of(to_date(self.date_edit.date()))

    def week(self) -> WeekOverview | None:
        return self.model.week

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def busy(self) -> bool:
        return self._operation is not None

    def show_week(self, officer_id: str | None, day: date) -> None:
        """Open the week holding ``day`` for this officer (one reload, whatever changed)."""
        self._wanted_officer = officer_id or self._wanted_officer  # if officers are not in yet
        self.officer_combo.blockSignals(True)
        self.date_edit.blockSignals(True)
        k = self.officer_combo.findData(officer_id) if officer_id else -1
        if k >= 0:
            self.officer_combo.setCurrentIndex(k)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.officer_combo.blockSignals(False)
        self.date_edit.blockSignals(False)
        self.reload()

    def refresh(self) -> None:
        """Officers and the week again (after data changed elsewhere)."""
        self.tasks.run(
            lambda: day_planner.officer_choices(self.db),
            while_alive(self, self._on_officers),
            while_alive(self, self._on_failure),
        )

    def reload(self) -> None:
        officer = self.officer()
        if officer is None:
            return
        self._serial += 1
        serial = self._serial
        self._loading = True
        day = self.monday()
        if to_date(self.date_edit.date()) != day:  # the picker shows the week's Monday
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_edit.blockSignals(False)
        self._refresh_title()
        self.tasks.run(
            lambda: day_planner.week_overview(self.db, officer.id, day),
            while_alive(self, lambda week: self._on_week(serial, week)),
            while_alive(self, self._on_failure),
        )

    def open_day(self, column: int) -> None:
        officer = self.officer()
        day = self.model.day_at(column)
        if officer is not None and day is not None:
            self.dayOpened.emit(officer.id, day.day)

    # -- loading ---------------------------------------------------------------------------
    def _on_officers(self, officers: list[OfficerChoice]) -> None:
        previous = self.officer_combo.currentData() or self._wanted_officer
        self._officers = officers
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        for o in officers:
            self.officer_combo.addItem(f"{o.name} — {o.home}" if o.home else o.name, o.id)
        keep = self.officer_combo.findData(previous)
        if keep >= 0:
            self.officer_combo.setCurrentIndex(keep)
        self.officer_combo.blockSignals(False)
        if self.isVisible():  # hidden in its tab: the week is read when the tab is opened
            self.reload()

    def _on_week(self, serial: int, week: WeekOverview) -> None:
        if serial != self._serial:
            return  # the officer or week changed meanwhile
        self._loading = False
        self.model.set_week(week)
        self.table.resizeRowsToContents()
        empty = week.visit_count == 0
        self.empty.setVisible(empty)
        # an empty week: the day headers, then the hint right below them, not a blank grid
        header = self.table.horizontalHeader()
        self.table.setMaximumHeight(header.sizeHint().height() + 4 if empty else 16_777_215)
        self._refresh_title()
        self._update_buttons()
        self.status.setText("")

    def _shift_week(self, weeks: int) -> None:
        d = self.date_edit.date().addDays(7 * weeks)
        self.date_edit.setDate(d)

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        self.open_day(index.column())

    # -- exports ---------------------------------------------------------------------------
    def _suggested_name(self, ext: str) -> str:
        week = self.week()
        who = (week.officer_name if week else "plan").replace(" ", "_")
        when = (week.monday if week else self.monday()).isoformat()
        return f"semaine_{who}_{when}.{ext}"

    def _exportable(self) -> WeekOverview | None:
        week = self.week()
        if week is None or self._loading or not week.plans:
            self.status.setText(self.tr("Aucune visite à exporter cette semaine."))
            return None
        if self._operation is not None:
            return None
        return week

    def export_pdf(self) -> Operation[Any] | None:
        """The officer's week pack (cover, then one page per day) rendered and written."""
        week = self._exportable()
        if week is None:
            return None
        path = self._ask_save_path(
            self,
            self.tr("Enregistrer le dossier de la semaine"),
            self._suggested_name("pdf"),
            self.tr("Documents PDF (*.pdf)"),
        )
        if not path:
            return None
        plans = week.plans
        lang = "en" if current_language() == "en" else "fr"
        label = self.tr("mise en page")

        db = self.db

        def work(progress: Progress, cancel: CancelToken) -> Path:
            from hdf_field.services.route_plans import write_week_pack_pdf

            progress(ProgressUpdate(0, None, label))
            return write_week_pack_pdf(
                db,
                plans,
                Path(path),
                lang=lang,
                progress=lambda u: progress(replace(u, label=label)),
                cancel=cancel,
            )

        return self._start(self.tr("Dossier de la semaine"), work)

    def export_ics(self) -> Operation[Any] | None:
        """Every visit of the week as calendar events (stable ids: a re-import updates them)."""
        week = self._exportable()
        if week is None:
            return None
        path = self._ask_save_path(
            self,
            self.tr("Exporter le calendrier de la semaine"),
            self._suggested_name("ics"),
            self.tr("Calendrier iCalendar (*.ics)"),
        )
        if not path:
            return None
        plans = week.plans
        lang = "en" if current_language() == "en" else "fr"

        def work(progress: Progress, cancel: CancelToken) -> Path:
            from hdf_field.services.route_plans import calendar_ics

            progress(ProgressUpdate(0, 1))
            data = calendar_ics(plans, lang=lang)
            cancel.raise_if_cancelled()
            progress(ProgressUpdate(1, 1))
            return write_atomically(Path(path), data)

        return self._start(self.tr("Calendrier de la semaine"), work)

    def cancel_export(self) -> None:
        self.progress.cancel()

    def _on_cancel_requested(self) -> None:
        self.status.setText(self.tr("Annulation…"))

    def _start(self, title: str, work: Callable[[Progress, CancelToken], Path]) -> Operation[Any]:
        op = self.tasks.run_long(
            title,
            work,
            while_alive(self, self._on_exported),
            while_alive(self, self._on_export_failed),
            while_alive(self, self._on_export_cancelled),
        )
        self._operation = op
        self.progress.bind(op, "")
        self.status.setText(title + "…")
        self._update_buttons()
        return op

    def _finish_export(self) -> None:
        self._operation = None
        self.progress.unbind()
        self._update_buttons()

    def _on_exported(self, path: Path) -> None:
        self._finish_export()
        self.last_export = path
        self.status.setText(self.tr("Enregistré : {path}").format(path=path))

    def _on_export_failed(self, exc: BaseException) -> None:
        self._finish_export()
        self._on_failure(exc)

    def _on_export_cancelled(self) -> None:
        self._finish_export()
        self.status.setText(self.tr("Export annulé : aucun fichier écrit."))

    # -- display ---------------------------------------------------------------------------
    def _refresh_title(self) -> None:
        monday = self.monday()
        week = self.week()
        last = monday + timedelta(days=4)  # Friday, or the weekend day shown last
        if week is not None and week.monday == monday and week.days:
            last = max(last, week.days[-1].day)
        text = self.tr("Semaine {n} — du {a} au {b}").format(
            n=monday.isocalendar()[1], a=f"{monday:%d/%m}", b=f"{last:%d/%m/%Y}"
        )
        if week is not None and week.monday == monday and week.visit_count:
            days = [d for d in week.days if d.visits]
            text += " · " + " · ".join(
                (
                    count_text(
                        sum(len(d.visits) for d in days),
                        self.tr("%n visite"),
                        self.tr("%n visites"),
                    ),
                    self.tr("{km} km").format(km=km_text(sum(d.km for d in days))),
                    self.tr("{time} de route").format(
                        time=duration_text(sum(d.drive_min for d in days))
                    ),
                )
            )
        self.title.setText(text)

    def _update_buttons(self) -> None:
        week = self.week()
        can = week is not None and bool(week.plans) and self._operation is None
        self.pdf_button.setEnabled(can)
        self.ics_button.setEnabled(can)

    def _on_failure(self, exc: BaseException) -> None:
        self._loading = False
        self.status.setText(self.tr("Erreur : {error}").format(error=exc))
