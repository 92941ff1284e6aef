"""The Planner screen: one officer's day, optimised, adjusted by hand, printed and saved.

Everything that touches the database, the solver or the PDF renderer runs on the
:class:`TaskRunner`'s worker; the view only holds plain values (``Prospect``, ``DayPlan``).
Reordering and locking retime the day at once on the GUI thread: that is a formula over a
handful of points, not a query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.files import write_atomically
from hdf_field.services import day_planner
from hdf_field.services.database import Database
from hdf_field.services.day_fill import Optimised, optimise_day
from hdf_field.services.day_planner import (
    Candidate,
    DayInputs,
    DayPlan,
    Loaded,
    OfficerChoice,
    Prospect,
)
from hdf_field.services.planning import SaveResult
from hdf_field.ui.common import count_text, current_language, to_date
from hdf_field.ui.operation_progress import OperationProgress
from hdf_field.ui.planner.campaign_view import CampaignView, Confirm
from hdf_field.ui.planner.formatting import duration_text, km_text
from hdf_field.ui.planner.printing import preview_dialog
from hdf_field.ui.planner.route_map import Basemap, RouteMap, load_basemap
from hdf_field.ui.planner.save_path import AskFolder, AskSavePath
from hdf_field.ui.planner.save_path import ask_save_path as default_ask_save_path
from hdf_field.ui.planner.stops_model import (
    COL_ADDRESS,
    COL_ARRIVAL,
    COL_LOCK,
    COL_NAME,
    COL_ORDER,
    COL_WAIT,
    StopsModel,
)
from hdf_field.ui.planner.unserved_model import UnservedModel
from hdf_field.ui.planner.week_view import WeekView
from hdf_field.ui.tasks import Operation, TaskRunner, while_alive


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered export, kept until the next change so "preview" then "save" render once."""

    key: tuple[Any, ...]
    pdf: bytes


class PlannerView(QWidget):
    """``add_organisations(ids)`` is the "add to day plan" entry point of the other screens."""

    planSaved = Signal(object)  # SaveResult

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        ask_save_path: AskSavePath | None = None,
        actor: str | None = None,
        today: Callable[[], date] = date.today,
        ask_folder: AskFolder | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._ask_folder = ask_folder
        self._confirm = confirm
        self.db = db
        self.tasks = tasks
        self.actor = actor
        self._ask_save_path = ask_save_path or default_ask_save_path
        self._officers: list[OfficerChoice] = []
        self._operation: Operation[Any] | None = None
        self._document: Document | None = None
        self._candidates: dict[str, Candidate] = {}
        self._load_serial = 0
        self._loading = False
        # Until the user picks a day, the day follows the officer: their next working day.
        self._day_follows_officer = True
        self.dirty = False
        self.last_saved: SaveResult | None = None
        self.last_export: Path | None = None

        self.model = StopsModel(self)
        self.unserved_model = UnservedModel(self)
        self._build()
        self.retranslate()
        self.model.retimed.connect(self._on_retimed)
        self._wire()
        self._refresh_summary()
        self._load_officers()
        # Off the database thread: about a second of parsing that queries must not wait on.
        self.tasks.run_aside(load_basemap, while_alive(self, self._on_basemap), lambda _exc: None)

    # -- background work -------------------------------------------------------------------
    def _run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
    ) -> None:
        self.tasks.run(fn, while_alive(self, on_success), while_alive(self, on_failure))

    def _run_long(
        self,
        title: str,
        fn: Callable[[Progress, CancelToken], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_cancelled: Callable[[], None] | None = None,
    ) -> Operation[Any]:
        return self.tasks.run_long(
            title,
            fn,
            while_alive(self, on_success),
            while_alive(self, on_failure),
            while_alive(self, on_cancelled),
        )

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.officer_label = QLabel(self)
        self.officer_combo = QComboBox(self)
        self.officer_combo.setObjectName("officer")
        self.officer_combo.setMinimumWidth(200)
        self.date_label = QLabel(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd/MM/yyyy")
        now = self._today()
        self.date_edit.setDate(QDate(now.year, now.month, now.day))
        self.prev_day = QPushButton("‹", self)
        self.next_day = QPushButton("›", self)
        for b in (self.prev_day, self.next_day):
            b.setFixedWidth(28)
        self.optimise_button = QPushButton(self)
        self.optimise_button.setObjectName("optimise")
        self.optimise_button.setDefault(True)
        self.optimise_button.setStyleSheet(
            "QPushButton#optimise { background: #1565c0; color: white; font-weight: 600;"
            " padding: 5px 14px; border-radius: 4px; }"
            " QPushButton#optimise:disabled { background: #90a4ae; }"
        )
        # The solver cannot say how far it is: a busy bar; the status line says what runs.
        self.progress = OperationProgress(self, describe=lambda _op, _u: "", bar_width=120)
        self.save_button = QPushButton(self)
        self.preview_button = QPushButton(self)
        self.pdf_button = QPushButton(self)
        self.ics_button = QPushButton(self)

        top = QHBoxLayout()
        top.addWidget(self.officer_label)
        top.addWidget(self.officer_combo)
        top.addSpacing(8)
        top.addWidget(self.date_label)
        top.addWidget(self.prev_day)
        top.addWidget(self.date_edit)
        top.addWidget(self.next_day)
        top.addStretch(1)
        top.addWidget(self.progress)
        top.addWidget(self.optimise_button)
        top.addWidget(self.save_button)

        self.add_edit = QLineEdit(self)
        self.add_edit.setObjectName("addSearch")
        self.add_edit.setClearButtonEnabled(True)
        self._completions = QStringListModel(self)
        self.completer = QCompleter(self._completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_edit.setCompleter(self.completer)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self.remove_button = QPushButton(self)
        self.lock_button = QPushButton(self)
        tools = QHBoxLayout()
        tools.addWidget(self.add_edit, 1)
        tools.addWidget(self.lock_button)
        tools.addWidget(self.remove_button)

        self.stops_view = QTableView(self)
        self.stops_view.setObjectName("stops")
        self.stops_view.setModel(self.model)
        self.stops_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stops_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stops_view.setDragEnabled(True)
        self.stops_view.setAcceptDrops(True)
        self.stops_view.setDropIndicatorShown(True)
        self.stops_view.setDragDropOverwriteMode(False)
        self.stops_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.stops_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.stops_view.verticalHeader().setVisible(False)
        self.stops_view.setAlternatingRowColors(False)
        self.stops_view.setWordWrap(False)
        self.stops_view.setShowGrid(False)
        self.stops_view.verticalHeader().setDefaultSectionSize(30)
        header = self.stops_view.horizontalHeader()
        header.setSectionResizeMode(COL_ORDER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ARRIVAL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ADDRESS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_WAIT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LOCK, QHeaderView.ResizeMode.ResizeToContents)

        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(
            "QLabel#summary { background: #f1f5fa; border: 1px solid #d5dde7;"
            " border-radius: 4px; padding: 6px 8px; }"
        )
        self.day_issues = QLabel(self)
        self.day_issues.setObjectName("dayIssues")
        self.day_issues.setWordWrap(True)
        self.day_issues.setStyleSheet("QLabel#dayIssues { color: #c62828; }")
        self.day_issues.setVisible(False)

        self.unserved_title = QLabel(self)
        self.unserved_title.setStyleSheet("font-weight: 600;")
        self.unserved_view = QTableView(self)
        self.unserved_view.setObjectName("unserved")
        self.unserved_view.setModel(self.unserved_model)
        self.unserved_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unserved_view.verticalHeader().setVisible(False)
        self.unserved_view.setShowGrid(False)
        self.unserved_view.setWordWrap(False)
        uh = self.unserved_view.horizontalHeader()
        uh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        uh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.restore_button = QPushButton(self)
        unserved_head = QHBoxLayout()
        unserved_head.addWidget(self.unserved_title)
        unserved_head.addStretch(1)
        unserved_head.addWidget(self.restore_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.stops_view, 3)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.day_issues)
        left_layout.addLayout(unserved_head)
        left_layout.addWidget(self.unserved_view, 1)

        self.route_map = RouteMap(self)
        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setStyleSheet("QLabel#legend { color: #555; }")
        self.legend.setWordWrap(True)
        self.map_title = QLabel(self)
        self.map_title.setStyleSheet("font-weight: 600;")
        exports = QHBoxLayout()
        exports.addWidget(self.preview_button)
        exports.addWidget(self.pdf_button)
        exports.addWidget(self.ics_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.map_title)
        right_layout.addWidget(self.route_map, 1)
        right_layout.addWidget(self.legend)
        right_layout.addLayout(exports)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.status = QLabel(self)
        self.status.setObjectName("status")
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.day_page = QWidget(self)
        day_layout = QVBoxLayout(self.day_page)
        day_layout.addLayout(top)
        day_layout.addWidget(line)
        day_layout.addWidget(self.splitter, 1)
        day_layout.addWidget(self.status)
        self.week_view = WeekView(self.db, self.tasks, self, ask_save_path=self._ask_save_path)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("plannerTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.day_page, "")
        self.tabs.addTab(self.week_view, "")
        self.campaign_view = CampaignView(
            self.db,
            self.tasks,
            self,
            actor=self.actor,
            today=self._today,
            ask_save_path=self._ask_save_path,
            ask_folder=self._ask_folder,
            confirm=self._confirm,
        )
        self.tabs.addTab(self.campaign_view, "")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)

    def _wire(self) -> None:
        self.officer_combo.currentIndexChanged.connect(lambda _i: self._on_officer_changed())
        self.tabs.currentChanged.connect(self._on_tab)
        self.week_view.dayOpened.connect(self.open_day)
        self.campaign_view.campaignSaved.connect(self._on_campaign_saved)
        self.date_edit.dateChanged.connect(lambda _d: self._on_day_changed())
        self.prev_day.clicked.connect(lambda: self._shift_day(-1))
        self.next_day.clicked.connect(lambda: self._shift_day(1))
        self.optimise_button.clicked.connect(self.optimise)
        self.progress.cancelRequested.connect(lambda: self._set_status(self.tr("Annulation…")))
        self.save_button.clicked.connect(self.save)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.ics_button.clicked.connect(self.export_ics)
        self.remove_button.clicked.connect(self.remove_selected)
        self.lock_button.clicked.connect(self.toggle_lock_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.add_edit.textEdited.connect(lambda _t: self._search_timer.start())
        self._search_timer.timeout.connect(self._search)
        self.completer.activated[str].connect(self._candidate_chosen)  # type: ignore[index]
        self.add_edit.returnPressed.connect(lambda: self._candidate_chosen(self.add_edit.text()))
        self.stops_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def retranslate(self) -> None:
        self.officer_label.setText(self.tr("Chargé de mission"))
        self.date_label.setText(self.tr("Jour"))
        self.tabs.setTabText(0, self.tr("Journée"))
        self.tabs.setTabText(1, self.tr("Semaine"))
        self.tabs.setTabText(2, self.tr("Campagne"))
        self.tabs.setTabToolTip(
            2,
            self.tr(
                "Tous les chargés de mission sur plusieurs semaines : planifier, enregistrer, "
                "imprimer"
            ),
        )
        self.optimise_button.setText(self.tr("Optimiser"))
        self.optimise_button.setToolTip(
            self.tr(
                "Choisir l'ordre et les heures des visites (et celles qui tiennent dans la "
                "journée) ; les visites verrouillées gardent leur heure"
            )
        )
        self.progress.retranslate()
        self.save_button.setText(self.tr("Enregistrer le plan"))
        self.preview_button.setText(self.tr("Aperçu / Imprimer"))
        self.pdf_button.setText(self.tr("Enregistrer le PDF…"))
        self.ics_button.setText(self.tr("Exporter .ics"))
        self.add_edit.setPlaceholderText(self.tr("Ajouter… (nom, ville, SIRET)"))
        self.remove_button.setText(self.tr("Retirer"))
        self.lock_button.setText(self.tr("Verrouiller"))
        self.restore_button.setText(self.tr("Remettre dans la journée"))
        self.unserved_title.setText(self.tr("Non retenues"))
        self.map_title.setText(self.tr("Itinéraire"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self.unserved_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        self.date_edit.setLocale(QLocale())
        self.legend.setText(
            self.tr(
                "<span style='color:#263238'>■</span> domicile · "
                "<span style='color:#1565c0'>●</span> visite · "
                "<span style='color:#0d3c78'>●</span> verrouillée · "
                "<span style='color:#c62828'>●</span> règle non respectée · "
                "trajets à vol d'oiseau"
            )
        )
        self._refresh_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- public API ------------------------------------------------------------------------
    @Slot(list)
    def add_organisations(self, ids: list[str]) -> None:
        """Append these organisations to the day on screen (the "add to day plan" action)."""
        wanted = [i for i in ids if i]
        if not wanted:
            return
        self._run(
            lambda: day_planner.load_prospects_by_id(self.db, wanted),
            self._on_added,
            self._on_failure,
        )

    def show_campaign(self) -> None:
        """The campaign across officers and weeks (managers)."""
        self.tabs.setCurrentWidget(self.campaign_view)

    def _on_campaign_saved(self, result: SaveResult) -> None:
        """The days and weeks on the other tabs now hold the campaign's visits."""
        self.planSaved.emit(result)
        if not self.dirty:
            self.reload()

    def show_week(self) -> None:
        """The week at a glance, for the officer and the week of the day on screen."""
        self.tabs.setCurrentWidget(self.week_view)

    def open_day(self, officer_id: str, day: date) -> None:
        """Open this officer's day in the day planner (a click in the week view)."""
        current = self.officer()
        moving = current is None or current.id != officer_id or self.day() != day
        if moving and not self.confirm_discard():
            return
        self.dirty = False
        self.select_officer(officer_id)
        self.set_day(day)
        self.tabs.setCurrentWidget(self.day_page)

    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.week_view:
            officer = self.officer()
            self.week_view.show_week(officer.id if officer else None, self.day())

    def officer(self) -> OfficerChoice | None:
        k = self.officer_combo.currentIndex()
        return self._officers[k] if 0 <= k < len(self._officers) else None

    def select_officer(self, officer_id: str) -> None:
        for k, o in enumerate(self._officers):
            if o.id == officer_id:
                self.officer_combo.setCurrentIndex(k)
                return

    def day(self) -> date:
        return to_date(self.date_edit.date())

    def set_day(self, day: date) -> None:
        self._day_follows_officer = False
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def _on_day_changed(self) -> None:
        self._day_follows_officer = False  # the user (or a caller) chose this day
        self.reload()

    def _on_officer_changed(self) -> None:
        self._follow_officer()
        self.reload()

    def _follow_officer(self) -> None:
        """Show the officer's next working day from today, unless a day was chosen."""
        officer = self.officer()
        if not self._day_follows_officer or officer is None:
            return
        day = day_planner.next_working_day(officer.spec, self._today())
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)

    def plan(self) -> DayPlan | None:
        manual = self.model.manual
        return manual.plan if manual is not None else None

    @property
    def busy(self) -> bool:
        return self._operation is not None

    @property
    def loading(self) -> bool:
        """True until the chosen day has arrived from the database."""
        return self._loading

    # -- loading ---------------------------------------------------------------------------
    def _load_officers(self) -> None:
        self._run(lambda: day_planner.officer_choices(self.db), self._on_officers, self._on_failure)

    def refresh(self) -> None:
        """Officers and the day again, after data changed elsewhere (demo built, sync)."""
        self._load_officers()
        self.week_view.refresh()
        self.campaign_view.refresh()

    def _on_officers(self, officers: list[OfficerChoice]) -> None:
        previous = self.officer_combo.currentData()
        self._officers = officers
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        for o in officers:
            self.officer_combo.addItem(f"{o.name} — {o.home}" if o.home else o.name, o.id)
        keep = self.officer_combo.findData(previous)
        if keep >= 0:
            self.officer_combo.setCurrentIndex(keep)
        self.officer_combo.blockSignals(False)
        if not officers:
            self._set_status(self.tr("Aucun chargé de mission avec un domicile connu."))
        self._follow_officer()
        self.reload()

    def reload(self) -> None:
        """Load the chosen officer's day as saved (visits in their saved order)."""
        officer = self.officer()
        if officer is None:
            return
        self._load_serial += 1
        self._loading = True
        serial = self._load_serial
        day = self.day()
        self._run(
            lambda: day_planner.load_day(self.db, officer.id, day),
            lambda inputs: self._on_day(serial, inputs),
            self._on_failure,
        )

    def _on_day(self, serial: int, inputs: DayInputs) -> None:
        if serial != self._load_serial:
            return  # the officer or day changed meanwhile
        self._loading = False
        self.unserved_model.set_rows([])
        self.model.set_day(inputs.officer, inputs.day, inputs.visits)
        self.dirty = False
        self._set_status(
            count_text(
                len(inputs.visits),
                self.tr("%n visite enregistrée ce jour."),
                self.tr("%n visites enregistrées ce jour."),
            )
            if inputs.visits
            else self.tr("Aucune visite enregistrée ce jour : ajoutez des organisations.")
        )
        self._update_buttons()

    def _shift_day(self, days: int) -> None:
        self.set_day(self.day() + timedelta(days=days))

    def _on_basemap(self, basemap: Basemap) -> None:
        self.route_map.set_basemap(basemap)

    # -- adding and removing ---------------------------------------------------------------
    def _on_added(self, loaded: Loaded) -> None:
        self.unserved_model.discard_ids([p.id for p in loaded.prospects])
        added = self.model.append(loaded.prospects)
        messages: list[str] = []
        if added:
            messages.append(
                count_text(
                    added,
                    self.tr("%n organisation ajoutée à la journée."),
                    self.tr("%n organisations ajoutées à la journée."),
                )
            )
        elif loaded.prospects:
            messages.append(self.tr("Déjà dans la journée."))
        if loaded.rejected:
            messages.append(
                self.tr("Sans position connue, non ajoutées : {names}").format(
                    names=", ".join(loaded.rejected)
                )
            )
        self._mark_dirty()
        self._set_status(" ".join(messages))

    def _search(self) -> None:
        text = self.add_edit.text()
        if len(text.strip()) < 2:
            return
        self._run(lambda: day_planner.search_candidates(self.db, text), self._on_candidates, None)

    def _on_candidates(self, candidates: list[Candidate]) -> None:
        self._candidates = {c.label: c for c in candidates if c.has_position}
        self._completions.setStringList(list(self._candidates))
        if self._candidates and self.add_edit.hasFocus():
            self.completer.complete()

    def _candidate_chosen(self, label: str) -> None:
        candidate = self._candidates.get(label)
        if candidate is None:
            return
        self.add_organisations([candidate.id])
        QTimer.singleShot(0, self.add_edit.clear)

    def _selected_rows(self, view: QTableView) -> list[int]:
        return sorted({i.row() for i in view.selectionModel().selectedRows()})

    def remove_selected(self) -> None:
        rows = self._selected_rows(self.stops_view)
        if rows:
            self.model.remove_rows(rows)
            self._mark_dirty()

    def toggle_lock_selected(self) -> None:
        for row in self._selected_rows(self.stops_view):
            self.model.set_locked(row, not self.model.is_locked(row))
        self._mark_dirty()
        self._update_buttons()

    def restore_selected(self) -> None:
        rows = self._selected_rows(self.unserved_view)
        if rows:
            self.model.append(self.unserved_model.take(rows))
            self._mark_dirty()

    # -- optimisation ----------------------------------------------------------------------
    def optimise(self) -> Operation[Any] | None:
        """Solve the day (visits on screen plus those left out last time) off the GUI thread."""
        officer = self.officer()
        spec = self.model.officer
        if officer is None or spec is None or self._operation is not None:
            return None
        candidates = [*self.model.visits(), *self.unserved_model.prospects()]
        if not candidates:
            self._set_status(self.tr("Rien à optimiser : ajoutez des organisations."))
            return None
        day = self.day()

        db = self.db

        def work(progress: Progress, cancel: CancelToken) -> Optimised:
            return optimise_day(db, spec, day, candidates, time_limit_s=2.0, cancel=cancel)

        self._operation = self._run_long(
            self.tr("Optimisation de la journée"),
            work,
            lambda result: self._on_optimised(result, candidates),
            self._on_optimise_failed,
            self._on_optimise_cancelled,
        )
        self._set_running(True)
        self.progress.bind(self._operation, "")
        self._set_status(self.tr("Optimisation en cours…"))
        return self._operation

    def cancel_optimisation(self) -> None:
        self.progress.cancel()

    def _set_running(self, running: bool) -> None:
        if not running:
            self.progress.unbind()
        self.optimise_button.setEnabled(not running)
        self.save_button.setEnabled(not running)
        if not running:
            self._operation = None
            self._update_buttons()

    def _on_optimised(self, result: Optimised, candidates: Sequence[Prospect]) -> None:
        self._set_running(False)
        plan = result.plan
        by_id = {p.id: p for p in (*candidates, *result.suggested)}
        ordered = [by_id[s.organisation_id] for s in plan.stops]
        left = [
            (by_id[u.organisation_id], u.reason)
            for u in plan.unserved
            if u.organisation_id in by_id
        ]
        self.unserved_model.set_rows(left)
        self._update_buttons()
        self.model.set_day(self.model.officer, plan.day, ordered)
        self._mark_dirty()
        text = self.tr("Journée optimisée : {n}, {k}.").format(
            n=count_text(len(plan.stops), self.tr("%n visite"), self.tr("%n visites")),
            k=count_text(len(left), self.tr("%n non retenue"), self.tr("%n non retenues")),
        )
        if result.suggested:
            text += " " + self.tr("{s} pour remplir la journée : {names}.").format(
                s=count_text(
                    len(result.suggested),
                    self.tr("%n suggestion proche ajoutée"),
                    self.tr("%n suggestions proches ajoutées"),
                ),
                names=", ".join(p.name for p in result.suggested),
            )
        self._set_status(text)

    def _on_optimise_failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self._on_failure(exc)

    def _on_optimise_cancelled(self) -> None:
        self._set_running(False)
        self._set_status(self.tr("Optimisation annulée : la journée n'a pas changé."))

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        plan = self.plan()
        if plan is None or self._loading:
            return  # while loading, the stops lack the ids that make a save update in place
        manual = self.model.manual
        broken = len(manual.issues) if manual is not None else 0
        self._run(
            lambda: day_planner.save_day(self.db, plan, actor=self.actor),
            lambda result: self._on_saved(result, broken),
            self._on_failure,
        )

    def _on_saved(self, result: SaveResult, broken: int) -> None:
        self.last_saved = result
        self.dirty = False
        text = self.tr("Plan enregistré : {created}, {updated}, {replaced}.").format(
            created=count_text(
                result.created, self.tr("%n visite créée"), self.tr("%n visites créées")
            ),
            updated=count_text(
                result.updated, self.tr("%n mise à jour"), self.tr("%n mises à jour")
            ),
            replaced=count_text(result.replaced, self.tr("%n retirée"), self.tr("%n retirées")),
        )
        if broken:
            text += " " + count_text(
                broken,
                self.tr("Attention : %n visite en infraction."),
                self.tr("Attention : %n visites en infraction."),
            )
        self._set_status(text)
        self.planSaved.emit(result)
        self.reload()  # the saved visits now have ids: later saves update them in place

    # -- exports ---------------------------------------------------------------------------
    def _document_key(self) -> tuple[Any, ...]:
        plan = self.plan()
        return (plan, current_language())

    def _invalidate_document(self) -> None:
        self._document = None

    def render_document(self, then: Callable[[bytes], None]) -> None:
        """Render the day to PDF on the worker, then call ``then(pdf)`` (the week pack is
        printed from the week view)."""
        plan = self.plan()
        officer = self.officer()
        if plan is None or officer is None or not plan.stops:
            self._set_status(self.tr("Aucune visite à imprimer."))
            return
        key = self._document_key()
        if self._document is not None and self._document.key == key:
            then(self._document.pdf)
            return
        lang = "en" if current_language() == "en" else "fr"

        db = self.db

        def work(progress: Progress, cancel: CancelToken) -> bytes:
            from hdf_field.services.route_plans import day_plan_pdf

            return day_plan_pdf(db, plan, lang=lang, cancel=cancel)

        def done(pdf: bytes) -> None:
            self._document = Document(key, pdf)
            self._set_status("")
            then(pdf)

        self._set_status(self.tr("Mise en page du PDF…"))
        self._run_long(self.tr("Impression du plan"), work, done, self._on_failure)

    def preview(self) -> None:
        self.render_document(self._show_preview)

    def _show_preview(self, pdf: bytes) -> None:
        dialog = preview_dialog(pdf, self)
        dialog.setWindowTitle(self.tr("Aperçu avant impression"))
        dialog.exec()

    def save_pdf(self) -> None:
        self.render_document(self._write_pdf)

    def _suggested_name(self, ext: str) -> str:
        officer = self.officer()
        who = (officer.name if officer else "plan").replace(" ", "_")
        when = self.day().isoformat()
        return f"journee_{who}_{when}.{ext}"

    def _write_pdf(self, pdf: bytes) -> None:
        path = self._ask_save_path(
            self,
            self.tr("Enregistrer le PDF"),
            self._suggested_name("pdf"),
            self.tr("Documents PDF (*.pdf)"),
        )
        if not path:
            return
        self._write(Path(path), pdf)

    def export_ics(self) -> None:
        plan = self.plan()
        officer = self.officer()
        if plan is None or officer is None or not plan.stops:
            self._set_status(self.tr("Aucune visite à exporter."))
            return
        path = self._ask_save_path(
            self,
            self.tr("Exporter le calendrier"),
            self._suggested_name("ics"),
            self.tr("Calendrier iCalendar (*.ics)"),
        )
        if not path:
            return
        lang = "en" if current_language() == "en" else "fr"

        def work() -> bytes:
            from hdf_field.services.route_plans import calendar_ics

            return calendar_ics([plan], lang=lang)

        self._run(work, lambda data: self._write(Path(path), data), self._on_failure)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomically(path, data)
        except OSError as exc:
            self._set_status(
                self.tr("Impossible d'écrire {path} : {error}").format(
                    path=path, error=exc.strerror or exc
                )
            )
            return
        self.last_export = path
        self._set_status(self.tr("Enregistré : {path}").format(path=path))

    # -- display ---------------------------------------------------------------------------
    def _mark_dirty(self) -> None:
        self.dirty = True
        self._invalidate_document()

    def _on_retimed(self) -> None:
        self._invalidate_document()
        self._refresh_summary()
        manual = self.model.manual
        plan = manual.plan if manual is not None else None
        flagged = set(manual.issues) if manual is not None else set()
        locked = {v.id for v in self.model.visits() if v.fixed_time is not None}
        self.route_map.set_plan(plan, flagged, locked)
        self._update_buttons()

    def _refresh_summary(self) -> None:
        manual = self.model.manual
        if manual is None or not manual.plan.stops:
            self.summary.setText(self.tr("Aucune visite ce jour."))
            self.day_issues.setVisible(False)
            return
        plan = manual.plan
        parts = [
            count_text(len(plan.stops), self.tr("%n visite"), self.tr("%n visites")),
            self.tr("{km} km").format(km=km_text(plan.total_km)),
            self.tr("{time} de route").format(time=duration_text(plan.total_drive_min)),
        ]
        if plan.leave_at is not None:
            parts.append(self.tr("départ {t}").format(t=f"{plan.leave_at:%H:%M}"))
        if plan.lunch_at is not None:
            parts.append(self.tr("déjeuner {t}").format(t=f"{plan.lunch_at:%H:%M}"))
        if plan.back_at is not None:
            parts.append(self.tr("retour {t}").format(t=f"{plan.back_at:%H:%M}"))
        self.summary.setText(" · ".join(parts))
        problems = [i.message for i in manual.day_issues]
        count = len(manual.issues)
        if count:
            problems.insert(
                0,
                count_text(
                    count,
                    self.tr("%n visite en infraction (en rouge ; survolez pour la raison)"),
                    self.tr("%n visites en infraction (en rouge ; survolez pour la raison)"),
                ),
            )
        self.day_issues.setText("⚠ " + " ; ".join(problems) if problems else "")
        self.day_issues.setVisible(bool(problems))

    def _update_buttons(self) -> None:
        has_stops = self.model.rowCount() > 0
        running = self._operation is not None
        rows = self._selected_rows(self.stops_view)
        self.remove_button.setEnabled(bool(rows))
        self.lock_button.setEnabled(bool(rows))
        if rows and self.model.is_locked(rows[0]):
            self.lock_button.setText(self.tr("Déverrouiller"))
        else:
            self.lock_button.setText(self.tr("Verrouiller"))
        self.optimise_button.setEnabled(
            not running and (has_stops or self.unserved_model.rowCount() > 0)
        )
        self.save_button.setEnabled(not running and self.model.manual is not None)
        for b in (self.preview_button, self.pdf_button, self.ics_button):
            b.setEnabled(has_stops)
        left_out = self.unserved_model.rowCount() > 0
        self.restore_button.setEnabled(left_out)
        for w in (self.unserved_title, self.unserved_view, self.restore_button):
            w.setVisible(left_out)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def _on_failure(self, exc: BaseException) -> None:
        self._loading = False
        self._set_status(self.tr("Erreur : {error}").format(error=exc))

    def confirm_discard(self) -> bool:
        """Ask before dropping unsaved changes (the main window calls it on leaving)."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Plan non enregistré"),
            self.tr("La journée a été modifiée. Abandonner les modifications ?"),
        )
        return answer == QMessageBox.StandardButton.Yes
