"""The campaign across officers and weeks, for managers: plan, compare, save, print.

Planning runs ``services.campaign_run.run_campaign`` on the task runner's worker, with
progress per officer-day and Cancel; the screen only shows its result. Saving asks first,
with the counts a dry run of ``services.planning.save_plan`` gives (created, moved, removed),
then writes in one transaction. The route plans (manager summary and week packs) are written
by ``services.route_plans`` — the same files as ``hdf-field plan campaign --pdf-dir``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate
from hdf_field.files import write_atomically
from hdf_field.services import day_planner
from hdf_field.services.campaign_run import CampaignRun
from hdf_field.services.database import Database
from hdf_field.services.day_planner import OfficerChoice
from hdf_field.services.planning import SaveResult
from hdf_field.ui.common import count_text, current_language, number_text, to_date
from hdf_field.ui.operation_progress import OperationProgress
from hdf_field.ui.planner.campaign_models import CoverageModel, LeftOutModel, OfficerLinesModel
from hdf_field.ui.planner.formatting import duration_text, whole
from hdf_field.ui.planner.save_path import AskFolder, AskSavePath
from hdf_field.ui.planner.save_path import ask_folder as default_ask_folder
from hdf_field.ui.planner.save_path import ask_save_path as default_ask_save_path
from hdf_field.ui.tasks import Operation, TaskRunner, while_alive

# (title, question) → yes?
Confirm = Callable[[str, str], bool]
POLICIES = ("value", "compact")  # planning.campaign.POLICIES, the default first
MAX_WEEKS = 26  # as the CLI


def next_monday(today: date) -> date:
    """The campaign starts on a Monday: next week's, never today's half-gone one."""
    return today + timedelta(days=7 - today.weekday())


class CampaignView(QWidget):
    """``plan()``, ``save()``, ``export_pdfs()``, ``export_ics()``: each returns at once."""

    campaignSaved = Signal(object)  # SaveResult

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        actor: str | None = None,
        today: Callable[[], date] = date.today,
        ask_save_path: AskSavePath | None = None,
        ask_folder: AskFolder | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self.actor = actor
        self._ask_save_path = ask_save_path or default_ask_save_path
        self._ask_folder = ask_folder or default_ask_folder
        self._confirm = confirm or self._ask_user
        self._operation: Operation[Any] | None = None
        self._saving = False
        self._saved = False
        # the inputs the plan on screen was made from: another choice makes it out of date
        self._planned_inputs: tuple[date, int, str, tuple[str, ...]] | None = None
        self._pending_inputs: tuple[date, int, str, tuple[str, ...]] | None = None
        self._shown_stale = False
        self.run_result: CampaignRun | None = None
        self.last_saved: SaveResult | None = None
        self.last_files: list[Path] = []
        self.officer_model = OfficerLinesModel(self)
        self.left_out_model = LeftOutModel(self)
        self.coverage_models = {g: CoverageModel(g, self) for g in ("departement", "area", "kind")}
        self._build(today())
        self.retranslate()
        self._wire()
        self._update_buttons()
        self.refresh()

    # -- construction ----------------------------------------------------------------------
    def _build(self, today: date) -> None:
        self.start_label = QLabel(self)
        self.start_edit = QDateEdit(self)
        self.start_edit.setObjectName("campaignStart")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("dd/MM/yyyy")
        first = next_monday(today)
        self.start_edit.setDate(QDate(first.year, first.month, first.day))
        self.start_label.setBuddy(self.start_edit)
        self.weeks_label = QLabel(self)
        self.weeks_spin = QSpinBox(self)
        self.weeks_spin.setObjectName("campaignWeeks")
        self.weeks_spin.setRange(1, MAX_WEEKS)
        self.weeks_spin.setValue(4)
        self.weeks_label.setBuddy(self.weeks_spin)
        self.policy_label = QLabel(self)
        self.policy_combo = QComboBox(self)
        self.policy_combo.setObjectName("campaignPolicy")
        for name in POLICIES:
            self.policy_combo.addItem("", name)
        self.policy_label.setBuddy(self.policy_combo)
        self.policy_hint = QLabel(self)
        self.policy_hint.setObjectName("campaignPolicyHint")
        self.policy_hint.setWordWrap(True)
        self.policy_hint.setStyleSheet("QLabel#campaignPolicyHint { color: #555; }")
        self.officers_label = QLabel(self)
        self.officer_list = QListWidget(self)
        self.officer_list.setObjectName("campaignOfficers")
        self.officer_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.officer_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.officers_label.setBuddy(self.officer_list)
        self.all_button = QPushButton(self)
        self.none_button = QPushButton(self)
        self.plan_button = QPushButton(self)
        self.plan_button.setObjectName("campaignPlan")
        self.plan_button.setDefault(True)
        self.progress = OperationProgress(self, describe=self._describe_progress, stacked=True)
        self.progress.setObjectName("campaignProgress")

        form = QFormLayout()
        form.addRow(self.start_label, self.start_edit)
        form.addRow(self.weeks_label, self.weeks_spin)
        form.addRow(self.policy_label, self.policy_combo)
        form.addRow(self.policy_hint)
        check_row = QHBoxLayout()
        check_row.addWidget(self.all_button)
        check_row.addWidget(self.none_button)
        check_row.addStretch(1)
        run_row = QHBoxLayout()
        run_row.addWidget(self.plan_button, 1)
        self.inputs = QGroupBox(self)
        self.inputs.setObjectName("campaignInputs")
        left = QVBoxLayout(self.inputs)
        left.addLayout(form)
        left.addSpacing(6)
        left.addWidget(self.officers_label)
        left.addWidget(self.officer_list, 1)
        left.addLayout(check_row)
        left.addSpacing(6)
        left.addLayout(run_row)
        left.addWidget(self.progress)
        self.inputs.setFixedWidth(300)

        self.summary = QLabel(self)
        self.summary.setObjectName("campaignSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet("QLabel#campaignSummary { font-size: 10.5pt; }")
        self.officer_title = QLabel(self)
        self.officer_title.setObjectName("campaignSection")
        self.officer_table = self._table("campaignOfficersTable", self.officer_model)
        header = self.officer_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.coverage_title = QLabel(self)
        self.coverage_title.setObjectName("campaignSection")
        self.coverage_boxes: dict[str, QGroupBox] = {}
        self.coverage_tables: dict[str, QTableView] = {}
        coverage_column = QVBoxLayout()
        coverage_column.addWidget(self.coverage_title)
        for grouping, model in self.coverage_models.items():
            box = QGroupBox(self)
            table = self._table(f"campaignCoverage_{grouping}", model)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            th = table.horizontalHeader()
            th.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            th.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(4, 4, 4, 4)
            lay.addWidget(table)
            coverage_column.addWidget(box)
            self.coverage_boxes[grouping] = box
            self.coverage_tables[grouping] = table
        coverage_column.addStretch(1)
        self.left_out_title = QLabel(self)
        self.left_out_title.setObjectName("campaignSection")
        self.left_out_table = self._table("campaignLeftOut", self.left_out_model)
        self.left_out_table.setWordWrap(True)  # a reason is a sentence: show all of it
        self.left_out_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        lh = self.left_out_table.horizontalHeader()
        lh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        lh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        officer_column = QVBoxLayout()
        officer_column.addWidget(self.officer_title)
        officer_column.addWidget(self.officer_table, 3)
        officer_column.addWidget(self.left_out_title)
        officer_column.addWidget(self.left_out_table, 1)
        for label in (self.officer_title, self.coverage_title, self.left_out_title):
            label.setStyleSheet("QLabel#campaignSection { font-weight: 600; }")
        self.empty = QLabel(self)
        self.empty.setObjectName("campaignEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet("QLabel#campaignEmpty { color: #607d8b; padding: 24px; }")

        self.save_button = QPushButton(self)
        self.save_button.setObjectName("campaignSave")
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("campaignPdf")
        self.ics_button = QPushButton(self)
        self.ics_button.setObjectName("campaignIcs")
        self.status = QLabel(self)
        self.status.setObjectName("campaignStatus")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.ics_button)

        self.results = QWidget(self)
        right = QVBoxLayout(self.results)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.summary)
        columns = QHBoxLayout()
        columns.addLayout(officer_column, 1)
        columns.addSpacing(8)
        columns.addLayout(coverage_column, 1)
        right.addLayout(columns, 1)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right_outer = QVBoxLayout()
        right_outer.addWidget(self.empty, 1)
        right_outer.addWidget(self.results, 1)
        right_outer.addWidget(line)
        right_outer.addLayout(actions)

        outer = QHBoxLayout(self)
        outer.addWidget(self.inputs)
        outer.addLayout(right_outer, 1)
        self._show_results(False)

    def _table(self, name: str, model: Any) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        table.setWordWrap(False)
        return table

    def _wire(self) -> None:
        self.policy_combo.currentIndexChanged.connect(lambda _i: self._refresh_policy_hint())
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.officer_list.itemChanged.connect(lambda _i: self._on_inputs_changed())
        self.start_edit.dateChanged.connect(lambda _d: self._on_inputs_changed())
        self.weeks_spin.valueChanged.connect(lambda _v: self._on_inputs_changed())
        self.policy_combo.currentIndexChanged.connect(lambda _i: self._on_inputs_changed())
        self.plan_button.clicked.connect(self.plan)
        self.save_button.clicked.connect(self.save)
        self.pdf_button.clicked.connect(self.export_pdfs)
        self.ics_button.clicked.connect(self.export_ics)

    def retranslate(self) -> None:
        self.inputs.setTitle(self.tr("Campagne à planifier"))
        self.start_label.setText(self.tr("&Début"))
        self.start_edit.setLocale(QLocale())
        self.start_edit.setToolTip(self.tr("Premier jour de la campagne (un lundi en général)"))
        self.weeks_label.setText(self.tr("Se&maines"))
        self.policy_label.setText(self.tr("&Politique"))
        self.policy_combo.setItemText(0, self.tr("Valeur"))
        self.policy_combo.setItemText(1, self.tr("Compacte"))
        self.officers_label.setText(self.tr("Chargés de mission"))
        self.all_button.setText(self.tr("Tous"))
        self.none_button.setText(self.tr("Aucun"))
        self.plan_button.setText(self.tr("Pla&nifier"))
        self.plan_button.setToolTip(
            self.tr(
                "Répartir les prospects entre les chargés de mission cochés et construire chaque "
                "journée ; les rendez-vous fixes restent à leur place"
            )
        )
        self.progress.retranslate()
        self.officer_title.setText(self.tr("Par chargé de mission"))
        self._show_left_out()
        self.coverage_title.setText(self.tr("Couverture : aujourd'hui, puis après la campagne"))
        self.coverage_boxes["departement"].setTitle(self.tr("Par département"))
        self.coverage_boxes["area"].setTitle(self.tr("Par zone historique"))
        self.coverage_boxes["kind"].setTitle(self.tr("Par type d'organisation"))
        self.save_button.setText(self.tr("&Enregistrer la campagne"))
        self.pdf_button.setText(self.tr("Exporter les tournées (PDF)…"))
        self.ics_button.setText(self.tr("Exporter .ics…"))
        self.empty.setText(
            self.tr(
                "Choisissez le début, le nombre de semaines, la politique et les chargés de "
                "mission, puis « Planifier ». Rien n'est enregistré avant "
                "« Enregistrer la campagne »."
            )
        )
        self._refresh_policy_hint()
        for model in (self.officer_model, self.left_out_model, *self.coverage_models.values()):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self._refresh_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _refresh_policy_hint(self) -> None:
        hints = {
            "value": self.tr(
                "Valeur : le plus de prospects prioritaires, quitte à rouler davantage."
            ),
            "compact": self.tr(
                "Compacte : des journées serrées autour du domicile, environ un quart de route "
                "en moins."
            ),
        }
        self.policy_hint.setText(hints.get(self.policy(), ""))

    # -- background work -------------------------------------------------------------------
    # -- public API ------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._operation is not None or self._saving

    def start(self) -> date:
        return to_date(self.start_edit.date())

    def weeks(self) -> int:
        return self.weeks_spin.value()

    def policy(self) -> str:
        return str(self.policy_combo.currentData() or POLICIES[0])

    def checked_officers(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for k in range(self.officer_list.count())
            if (item := self.officer_list.item(k)).checkState() == Qt.CheckState.Checked
        ]

    def chosen_inputs(self) -> tuple[date, int, str, tuple[str, ...]]:
        return (self.start(), self.weeks(), self.policy(), tuple(sorted(self.checked_officers())))

    @property
    def stale(self) -> bool:
        """The plan on screen no longer matches the inputs: saving it would surprise."""
        return self._planned_inputs is not None and self._planned_inputs != self.chosen_inputs()

    def set_officer_checked(self, officer_id: str, checked: bool) -> None:
        for k in range(self.officer_list.count()):
            item = self.officer_list.item(k)
            if item.data(Qt.ItemDataRole.UserRole) == officer_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def refresh(self) -> None:
        """The officers again (a new officer or home base elsewhere)."""
        self.tasks.run(
            lambda: day_planner.officer_choices(self.db),
            while_alive(self, self._on_officers),
            while_alive(self, self._on_failure),
        )

    def plan(self) -> Operation[Any] | None:
        if self.busy:
            return None
        officers = self.checked_officers()
        if not officers:
            self.status.setText(self.tr("Cochez au moins un chargé de mission."))
            return None
        start, weeks, policy = self.start(), self.weeks(), self.policy()
        self._pending_inputs = self.chosen_inputs()

        def work(progress: Progress, cancel: CancelToken) -> CampaignRun:
            from hdf_field.services.campaign_run import policy_options, run_campaign

            return run_campaign(
                self.db,
                start,
                weeks,
                officer_ids=officers,
                options=policy_options(policy),
                progress=progress,
                cancel=cancel,
            )

        return self._start(
            self.tr("Planification de la campagne"), work, self._on_planned, self._on_plan_cancelled
        )

    def cancel(self) -> None:
        self.progress.cancel()

    def _describe_progress(self, op: Operation[Any], update: ProgressUpdate) -> str:
        stages = {
            "plan": self.tr("planification des journées"),
            "baseline": self.tr("calcul du plan de référence"),
            "files": self.tr("écriture des fichiers"),
        }
        stage = stages.get(update.label, update.label)
        return f"{op.title} — {stage}" if stage else op.title

    def save(self) -> None:
        """Count what saving would change, ask, then save (both on the worker)."""
        run = self.run_result
        if run is None or self.busy or self._saved or self.stale:
            return
        days = run.plan.days
        self._saving = True
        self._update_buttons()
        self.status.setText(self.tr("Vérification des changements…"))

        def counted(preview: SaveResult) -> None:
            self._saving = False
            self._update_buttons()
            question = self.tr(
                "Enregistrer la campagne ?\n\n{created}, {moved}, {removed} de l'agenda ; {fixed}."
            ).format(
                created=count_text(
                    preview.created, self.tr("%n visite créée"), self.tr("%n visites créées")
                ),
                moved=count_text(preview.moved, self.tr("%n déplacée"), self.tr("%n déplacées")),
                removed=count_text(preview.replaced, self.tr("%n retirée"), self.tr("%n retirées")),
                fixed=count_text(
                    preview.kept_fixed,
                    self.tr("%n rendez-vous fixe inchangé"),
                    self.tr("%n rendez-vous fixes inchangés"),
                ),
            )
            if not self._confirm(self.tr("Enregistrer la campagne"), question):
                self.status.setText(self.tr("Campagne non enregistrée."))
                return
            self._saving = True
            self._update_buttons()
            self.status.setText(self.tr("Enregistrement…"))
            self.tasks.run(
                lambda: save_plan(self.db, days, actor=self.actor),
                while_alive(self, self._on_saved),
                while_alive(self, self._on_save_failed),
            )

        from hdf_field.services.planning import save_plan

        self.tasks.run(
            lambda: save_plan(self.db, days, actor=self.actor, dry_run=True),
            while_alive(self, counted),
            while_alive(self, self._on_save_failed),
        )

    def export_pdfs(self) -> Operation[Any] | None:
        """The manager summary and a week pack per officer and week, into a chosen folder."""
        run = self.run_result
        if run is None or self.busy or self.stale:
            return None
        folder = self._ask_folder(self, self.tr("Dossier des tournées"))
        if not folder:
            return None
        plan = run.plan
        lang = "en" if current_language() == "en" else "fr"
        db = self.db

        def work(progress: Progress, cancel: CancelToken) -> list[Path]:
            from hdf_field.services.route_plans import write_campaign_pdfs

            return write_campaign_pdfs(
                plan,
                Path(folder),
                lang=lang,
                progress=lambda u: progress(replace(u, label="files")),
                cancel=cancel,
                db=db,
            )

        return self._start(
            self.tr("Tournées de la campagne (PDF)"),
            work,
            self._on_exported,
            self._on_export_cancelled,
        )

    def export_ics(self) -> Operation[Any] | None:
        """Every planned visit of the campaign as calendar events."""
        run = self.run_result
        if run is None or self.busy or self.stale:
            return None
        suggested = f"campagne_{run.plan.start.isoformat()}_{run.plan.weeks}s.ics"
        path = self._ask_save_path(
            self,
            self.tr("Exporter le calendrier de la campagne"),
            suggested,
            self.tr("Calendrier iCalendar (*.ics)"),
        )
        if not path:
            return None
        days = run.plan.days
        lang = "en" if current_language() == "en" else "fr"

        def work(progress: Progress, cancel: CancelToken) -> list[Path]:
            from hdf_field.services.route_plans import calendar_ics

            progress(ProgressUpdate(0, 1))
            data = calendar_ics(days, lang=lang)
            cancel.raise_if_cancelled()
            target = write_atomically(Path(path), data)
            progress(ProgressUpdate(1, 1))
            return [target]

        return self._start(
            self.tr("Calendrier de la campagne"), work, self._on_exported, self._on_export_cancelled
        )

    # -- operations ------------------------------------------------------------------------
    def _start(
        self,
        title: str,
        work: Callable[[Progress, CancelToken], Any],
        on_success: Callable[[Any], None],
        on_cancelled: Callable[[], None],
    ) -> Operation[Any]:
        op = self.tasks.run_long(
            title,
            work,
            while_alive(self, on_success),
            while_alive(self, self._on_operation_failed),
            while_alive(self, on_cancelled),
        )
        self._operation = op
        self.progress.bind(op)
        self._update_buttons()
        return op

    def _end_operation(self) -> None:
        self._operation = None
        self.progress.unbind()
        self._update_buttons()

    def _on_planned(self, run: CampaignRun) -> None:
        self._end_operation()
        self.run_result = run
        self._planned_inputs = self._pending_inputs
        self._shown_stale = False
        self._saved = False
        self.officer_model.set_lines(run.officers)
        for grouping, model in self.coverage_models.items():
            model.set_lines(run.coverage)
            _fit_height(self.coverage_tables[grouping])
        self._show_results(True)
        self._refresh_summary()
        self._update_buttons()
        unserved = len(run.plan.unserved)
        # which fixed appointments the plan could not hold, and why: listed, not just counted
        self.left_out_model.set_rows(run.plan.unserved)
        self._show_left_out()
        self.status.setText(
            self.tr(
                "Campagne planifiée : rien n'est enregistré tant que vous ne l'enregistrez pas."
            )
            + (
                " "
                + count_text(
                    unserved,
                    self.tr("%n rendez-vous fixe hors plan."),
                    self.tr("%n rendez-vous fixes hors plan."),
                )
                if unserved
                else ""
            )
        )

    def _on_plan_cancelled(self) -> None:
        self._end_operation()
        self.status.setText(self.tr("Planification annulée : rien n'a changé."))

    def _on_saved(self, result: SaveResult) -> None:
        self._saving = False
        self._saved = True
        self.last_saved = result
        self._update_buttons()
        self.status.setText(
            self.tr("Campagne enregistrée : {created}, {moved}, {removed}.").format(
                created=count_text(
                    result.created, self.tr("%n visite créée"), self.tr("%n visites créées")
                ),
                moved=count_text(result.moved, self.tr("%n déplacée"), self.tr("%n déplacées")),
                removed=count_text(result.replaced, self.tr("%n retirée"), self.tr("%n retirées")),
            )
        )
        self.campaignSaved.emit(result)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._update_buttons()
        self._on_failure(exc)

    def _on_exported(self, paths: list[Path]) -> None:
        self._end_operation()
        self.last_files = list(paths)
        folder = paths[0].parent if paths else ""
        self.status.setText(
            count_text(
                len(paths),
                self.tr("%n fichier écrit dans {folder}"),
                self.tr("%n fichiers écrits dans {folder}"),
            ).format(folder=folder)
        )

    def _on_export_cancelled(self) -> None:
        self._end_operation()
        self.status.setText(self.tr("Export annulé : aucun fichier écrit."))

    def _on_operation_failed(self, exc: BaseException) -> None:
        self._end_operation()
        self._on_failure(exc)

    def _on_failure(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Erreur : {error}").format(error=exc))

    # -- display ---------------------------------------------------------------------------
    def _on_officers(self, officers: list[OfficerChoice]) -> None:
        unchecked = {
            str(self.officer_list.item(k).data(Qt.ItemDataRole.UserRole))
            for k in range(self.officer_list.count())
            if self.officer_list.item(k).checkState() != Qt.CheckState.Checked
        }
        self.officer_list.blockSignals(True)
        self.officer_list.clear()
        for o in officers:
            item = QListWidgetItem(f"{o.name} — {o.home}" if o.home else o.name)
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setToolTip(f"{o.name} — {o.email}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Unchecked if o.id in unchecked else Qt.CheckState.Checked
            )
            self.officer_list.addItem(item)
        self.officer_list.blockSignals(False)
        self._on_inputs_changed()

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.officer_list.blockSignals(True)
        for k in range(self.officer_list.count()):
            self.officer_list.item(k).setCheckState(state)
        self.officer_list.blockSignals(False)
        self._on_inputs_changed()

    def _on_inputs_changed(self) -> None:
        was_stale, self._shown_stale = self._shown_stale, self.stale
        self._update_buttons()
        if self._shown_stale:
            self.status.setText(self._stale_text())
        elif was_stale:
            # back to the inputs of the plan on screen: it is good again
            self.status.setText(self.tr("Campagne planifiée : paramètres inchangés."))

    def _stale_text(self) -> str:
        return self.tr(
            "Paramètres modifiés : la campagne affichée ne leur correspond plus. "
            "Relancez « Planifier » avant d'enregistrer ou d'exporter."
        )

    def _show_left_out(self) -> None:
        n = self.left_out_model.rowCount()
        self.left_out_title.setText(
            self.tr("Rendez-vous fixes hors plan (%n)", "", n)
            if n
            else self.tr("Tous les rendez-vous fixes sont dans le plan.")
        )
        self.left_out_table.setVisible(n > 0)

    def _show_results(self, shown: bool) -> None:
        self.results.setVisible(shown)
        self.empty.setVisible(not shown)

    def _refresh_summary(self) -> None:
        run = self.run_result
        if run is None:
            self.summary.setText("")
            return
        plan, t = run.plan, run.totals
        end = plan.start + timedelta(days=7 * plan.weeks - 1)
        head = self.tr(
            "<b>Du {a} au {b}</b> · {visits} sur {days} · valeur {value} · "
            "{km} km · {drive} de route · calcul {secs} s"
        ).format(
            a=f"{plan.start:%d/%m}",
            b=f"{end:%d/%m/%Y}",
            visits=count_text(t.visits, self.tr("%n visite"), self.tr("%n visites")),
            days=count_text(len(plan.days), self.tr("%n journée"), self.tr("%n journées")),
            value=whole(t.value),
            km=whole(t.km),
            drive=duration_text(t.drive_min),
            secs=number_text(t.runtime_s, 1),
        )
        b = run.baseline
        if b is not None:
            head += (
                "<br><span style='color:#555'>"
                + self.tr(
                    "Plan de référence (plus proche voisin) : {visits} · "
                    "valeur {value} · {km} km · {drive} de route"
                ).format(
                    visits=count_text(b.visits, self.tr("%n visite"), self.tr("%n visites")),
                    value=whole(b.value),
                    km=whole(b.km),
                    drive=duration_text(b.drive_min),
                )
                + "</span>"
            )
        self.summary.setText(head)

    def _update_buttons(self) -> None:
        idle = not self.busy
        stale = self.stale
        has = self.run_result is not None and not stale
        self.plan_button.setEnabled(idle and bool(self.checked_officers()))
        self.save_button.setEnabled(idle and has and not self._saved)
        self.pdf_button.setEnabled(idle and has)
        self.ics_button.setEnabled(idle and has)
        tip = self.tr("Relancez « Planifier » : les paramètres ont changé.") if stale else ""
        for button in (self.save_button, self.pdf_button, self.ics_button):
            button.setToolTip(tip)
        for w in (self.start_edit, self.weeks_spin, self.policy_combo, self.officer_list):
            w.setEnabled(idle)

    def _ask_user(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes


def _fit_height(table: QTableView) -> None:
    """A short table as tall as its rows: the three coverage tables stack without scrolling."""
    rows = table.model().rowCount()
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(rows))
    table.setFixedHeight(height + 2)
