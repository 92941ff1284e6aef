"""The Import screen: a SIRENE stock, the Belgian KBO/BCE open data or a CSV/XLSX list.

The import runs on the :class:`TaskRunner` with a progress bar over the bytes of the file read
and a Cancel button; the importers commit in batches (so that the officer's own edits can go
in between), so a cancel or a failure keeps the batches already saved and says so: running
the import again completes it. A list's header is read on the database
thread too (a workbook can take seconds to open), and its columns are mapped to fields with
one combo box each, guessed from the column titles.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import HdfFieldError
from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate
from hdf_field.services.database import Database
from hdf_field.services.imports import (
    BORDER_POSTCODES,
    IGNORED,
    ImportOutcome,
    ImportRecord,
    ImportReport,
    ImportRequest,
    KboRequest,
    ListRequest,
    SireneRequest,
    check_columns,
    guess_mapping,
    has_demo_region,
    import_history,
    list_header,
    load_importers,
)
from hdf_field.ui.common import count_text, current_language, error_text
from hdf_field.ui.operation_progress import OperationProgress
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import Operation, TaskRunner

log = logging.getLogger(__name__)

SHOWN_REJECTS = 5
COUNTS = ("read", "created", "updated", "skipped", "rejected")


class PathPicker(QWidget):
    """A path typed or browsed for; ``changed`` fires when the person settles on one."""

    changed = Signal(str)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.edit.editingFinished.connect(lambda: self.changed.emit(self.text()))
        self.buttons: list[tuple[QPushButton, str, str]] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def add_button(self, mode: str, name_filter: str = "") -> QPushButton:
        """``mode``: "file" or "dir"; the button's text is set by the screen."""
        button = QPushButton(self)
        button.clicked.connect(lambda: self._browse(mode, name_filter))
        self.buttons.append((button, mode, name_filter))
        self._layout.addWidget(button)
        return button

    def text(self) -> str:
        return self.edit.text().strip()

    def path(self) -> Path | None:
        return Path(self.text()).expanduser() if self.text() else None

    def set_path(self, path: Path | str) -> None:
        self.edit.setText(str(path))
        self.changed.emit(self.text())

    def _browse(self, mode: str, name_filter: str) -> None:
        start = self.text() or self._settings.get("import/last_folder") or str(Path.home())
        if mode == "dir":
            chosen = QFileDialog.getExistingDirectory(self, "", start)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, "", start, name_filter)
        if chosen:
            folder = Path(chosen) if mode == "dir" else Path(chosen).parent
            self._settings.set("import/last_folder", str(folder))
            self.set_path(chosen)


def _one_line(exc: BaseException) -> str:
    text = error_text(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _decimal(x: float) -> str:
    """In the language shown: 1,5 in French, 1.5 in English."""
    return QLocale().toString(x, "f", 1)


def _count(n: int) -> str:
    return QLocale().toString(n)


@contextmanager
def _collector_spared() -> Iterator[None]:
    """Keep full garbage collections short while an import allocates millions of objects.

    A full collection walks every tracked object, and the gazetteer alone holds hundreds of
    thousands (outline coordinate pairs): during an import one ran every second and held the
    GIL, so the GUI thread, 150-300 ms each time (benchmarks/import_gui.py). Objects alive now
    are long-lived (the gazetteer, caches, widgets): ``gc.freeze`` takes them out of the
    collector's walks for the length of the import; they are still freed by reference
    counting, and go back to the collector afterwards.
    """
    import gc

    from hdf_field.services.map_data import load_places

    load_places()  # the importers' place lookups, loaded before the freeze
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class ImportPage(QWidget):
    imported = Signal(object)  # ImportOutcome of an import that wrote something

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.settings = settings
        self.operation: Operation[Any] | None = None
        self.outcome: ImportOutcome | None = None
        self._header_request = 0
        self.labels: dict[str, QLabel] = {}

        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600; color: #0b3558;")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color: #444;")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("importKinds")
        self.tabs.addTab(self._sirene_tab(), "")
        self.tabs.addTab(self._kbo_tab(), "")
        self.tabs.addTab(self._list_tab(), "")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.remove_demo = QCheckBox(self)
        self.remove_demo.setObjectName("removeDemo")
        self.remove_demo.setChecked(True)
        self.remove_demo.hide()
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("startImport")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.form_error = QLabel(self)
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.setStyleSheet("color: #c92a2a;")

        self.progress = OperationProgress(self, describe=self._describe_progress)
        self.progress.setObjectName("importProgress")
        self.progress.bar.setMinimumWidth(320)

        self.result_box = QGroupBox(self)
        self.result_box.setObjectName("importResult")
        self.result_title = QLabel(self.result_box)
        self.result_title.setWordWrap(True)
        self.result_title.setStyleSheet("font-weight: 600;")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.count_labels: dict[str, QLabel] = {}
        self.count_values: dict[str, QLabel] = {}
        for i, key in enumerate(COUNTS):
            name = QLabel(self.result_box)
            value = QLabel(self.result_box)
            value.setObjectName(f"count_{key}")
            value.setStyleSheet("font-size: 15pt; font-weight: 600; color: #1d2d3e;")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, 0, i, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(name, 1, i, Qt.AlignmentFlag.AlignLeft)
            self.count_labels[key] = name
            self.count_values[key] = value
        grid.setColumnStretch(len(COUNTS), 1)
        self.reject_label = QLabel(self.result_box)
        self.reject_label.setObjectName("rejectFile")
        self.reject_label.setWordWrap(True)
        self.reject_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton(self.result_box)
        self.open_folder.setObjectName("openRejectFolder")
        self.open_folder.clicked.connect(self.open_reject_folder)
        reject_row = QHBoxLayout()
        reject_row.addWidget(self.reject_label, 1)
        reject_row.addWidget(self.open_folder)
        self.first_rejects = QLabel(self.result_box)
        self.first_rejects.setObjectName("firstRejects")
        self.first_rejects.setWordWrap(True)
        self.first_rejects.setStyleSheet("color: #555;")
        self.first_rejects.setTextFormat(Qt.TextFormat.PlainText)
        result_layout = QVBoxLayout(self.result_box)
        result_layout.addWidget(self.result_title)
        result_layout.addLayout(grid)
        result_layout.addLayout(reject_row)
        result_layout.addWidget(self.first_rejects)
        self.result_box.hide()

        self.error = QLabel(self)
        self.error.setObjectName("importError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet(
            "color: #c92a2a; font-weight: 600; background: #fff5f5;"
            " border: 1px solid #ffc9c9; border-radius: 4px; padding: 8px;"
        )
        self.error.hide()

        self.history_box = QGroupBox(self)
        self.history_box.setObjectName("importHistory")
        self.history = QTableWidget(0, 8, self.history_box)
        self.history.setObjectName("importHistoryTable")
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setAlternatingRowColors(True)
        self.history.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history_empty = QLabel(self.history_box)
        self.history_empty.setStyleSheet("color: #777;")
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history)
        history_layout.addWidget(self.history_empty)
        self.records: list[ImportRecord] = []

        start_row = QHBoxLayout()
        start_row.addWidget(self.remove_demo)
        start_row.addStretch(1)
        start_row.addWidget(self.start_button)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addWidget(self.tabs)
        column.addWidget(self.form_error)
        column.addLayout(start_row)
        column.addWidget(self.progress)
        column.addWidget(self.error)
        column.addWidget(self.result_box)
        column.addWidget(self.history_box)
        column.addStretch(1)
        holder = QWidget(self)
        holder.setLayout(column)
        holder.setMaximumWidth(900)
        holder.setMinimumWidth(640)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(holder, 1)
        outer.addStretch(0)
        self.setAcceptDrops(True)
        self.retranslate()
        self._tab_changed(0)

    # --- the three forms ----------------------------------------------------------------------

    def _form(self, rows: list[tuple[str, QWidget]]) -> tuple[QWidget, QFormLayout]:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in rows:
            label = QLabel(page)
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
        return page, form

    def _picker(self, name: str) -> PathPicker:
        picker = PathPicker(self.settings, self)
        picker.setObjectName(name)
        picker.edit.setObjectName(f"{name}Path")
        picker.changed.connect(lambda _t: self._update_start())
        return picker

    def _sirene_tab(self) -> QWidget:
        self.sirene_file = self._picker("sireneFile")
        self.sirene_browse = self.sirene_file.add_button("file", "CSV (*.csv *.txt);;* (*)")
        self.geoloc_file = self._picker("geolocFile")
        self.geoloc_browse = self.geoloc_file.add_button("file", "CSV (*.csv *.txt);;* (*)")
        self.sirene_hint = QLabel(self)
        self.sirene_hint.setWordWrap(True)
        self.sirene_hint.setStyleSheet("color: #555;")
        page, form = self._form([("sirene", self.sirene_file), ("geoloc", self.geoloc_file)])
        form.addRow(self.sirene_hint)
        return page

    def _kbo_tab(self) -> QWidget:
        self.kbo_source = self._picker("kboSource")
        self.kbo_browse_dir = self.kbo_source.add_button("dir")
        self.kbo_browse_zip = self.kbo_source.add_button("file", "ZIP (*.zip);;* (*)")
        self.postcodes = QLineEdit(BORDER_POSTCODES, self)
        self.postcodes.setObjectName("kboPostcodes")
        self.postcodes.textChanged.connect(lambda _t: self._update_start())
        self.border_button = QPushButton(self)
        self.border_button.clicked.connect(lambda: self.postcodes.setText(BORDER_POSTCODES))
        codes = QWidget(self)
        row = QHBoxLayout(codes)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.postcodes, 1)
        row.addWidget(self.border_button)
        codes.setFocusProxy(self.postcodes)
        self.kbo_hint = QLabel(self)
        self.kbo_hint.setWordWrap(True)
        self.kbo_hint.setStyleSheet("color: #555;")
        page, form = self._form([("kbo", self.kbo_source), ("postcodes", codes)])
        form.addRow(self.kbo_hint)
        return page

    def _list_tab(self) -> QWidget:
        self.list_file = self._picker("listFile")
        self.list_browse = self.list_file.add_button(
            "file", "CSV, XLSX (*.csv *.txt *.xlsx *.xlsm);;* (*)"
        )
        self.list_file.changed.connect(self._read_header)
        self.pick_columns = QRadioButton(self)
        self.pick_columns.setObjectName("pickColumns")
        self.pick_columns.setChecked(True)
        self.use_mapping_file = QRadioButton(self)
        self.use_mapping_file.setObjectName("useMappingFile")
        group = QButtonGroup(self)
        group.addButton(self.pick_columns)
        group.addButton(self.use_mapping_file)
        self.pick_columns.toggled.connect(self._mapping_mode_changed)
        self.mapping_file = self._picker("mappingFile")
        self.mapping_browse = self.mapping_file.add_button("file", "JSON (*.json);;* (*)")
        self.mapping_file.setEnabled(False)
        self.columns = QTableWidget(0, 2, self)
        self.columns.setObjectName("columnMapping")
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.columns.setMinimumHeight(150)
        self.combos: dict[str, QComboBox] = {}
        self.tags = QLineEdit(self)
        self.tags.setObjectName("listTags")
        page, form = self._form([("list", self.list_file)])
        form.addRow(self.pick_columns)
        form.addRow(self.columns)
        mapping_row = QWidget(self)
        row = QHBoxLayout(mapping_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_mapping_file)
        row.addWidget(self.mapping_file, 1)
        form.addRow(mapping_row)
        tags_label = QLabel(page)
        tags_label.setBuddy(self.tags)
        self.labels["tags"] = tags_label
        form.addRow(tags_label, self.tags)
        return page

    def _tab_changed(self, index: int) -> None:
        """The pane takes the height of the form shown, not of the tallest one (the list's)."""
        for i in range(self.tabs.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.tabs.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.tabs.updateGeometry()
        self._update_start()

    def _mapping_mode_changed(self) -> None:
        by_columns = self.pick_columns.isChecked()
        self.columns.setEnabled(by_columns)
        self.mapping_file.setEnabled(not by_columns)
        self._update_start()

    def _read_header(self, text: str) -> None:
        """Off the GUI thread: an XLSX workbook can take a while to open."""
        self._header_request += 1
        ticket = self._header_request
        self.columns.setRowCount(0)
        self.combos.clear()
        if not text:
            return
        path = Path(text).expanduser()

        def done(header: list[str]) -> None:
            if ticket == self._header_request:
                self.show_columns(header)

        def failed(exc: BaseException) -> None:
            if ticket == self._header_request:
                self.result_box.hide()
                self.error.setText(
                    self.tr("Colonnes illisibles : %1").replace("%1", _one_line(exc))
                )
                self.error.show()

        self.runner.run(lambda: list_header(path), done, failed)

    def show_columns(self, header: list[str]) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        self.error.hide()
        guess = guess_mapping(header)
        self.columns.setRowCount(len(header))
        self.combos = {}
        for row, column in enumerate(header):
            self.columns.setItem(row, 0, QTableWidgetItem(column))
            combo = QComboBox(self.columns)
            combo.setObjectName(f"field:{column}")
            for key in (IGNORED, *FIELD_ORDER):
                combo.addItem("", key)
            combo.setCurrentIndex(max(0, combo.findData(guess.get(column, IGNORED))))
            combo.currentIndexChanged.connect(lambda _i: self._update_start())
            self.columns.setCellWidget(row, 1, combo)
            self.combos[column] = combo
        self._retranslate_fields()
        self._update_start()

    def picked_columns(self) -> dict[str, str]:
        return {column: combo.currentData() for column, combo in self.combos.items()}

    # --- dropped files ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.busy and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.drop_path(paths[0]):
            event.acceptProposedAction()

    def drop_path(self, path: Path) -> bool:
        """A folder or a zip is KBO open data; a file goes to the form shown (SIRENE or list)."""
        if self.busy:
            return False
        if path.is_dir() or path.suffix.lower() == ".zip":
            self.tabs.setCurrentIndex(1)
            self.kbo_source.set_path(path)
        elif self.kind() == "list" or path.suffix.lower() in (".xlsx", ".xlsm"):
            self.tabs.setCurrentIndex(2)
            self.list_file.set_path(path)
        else:
            self.tabs.setCurrentIndex(0)
            self.sirene_file.set_path(path)
        return True

    # --- running ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.operation is not None

    def kind(self) -> str:
        return ("sirene", "kbo", "list")[self.tabs.currentIndex()]

    def request(self) -> ImportRequest | str:
        """The request the form describes, or why it cannot be run yet (a sentence)."""
        kind = self.kind()
        if kind == "sirene":
            file = self.sirene_file.path()
            if file is None:
                return self.tr("Choisissez le fichier StockEtablissement.")
            return SireneRequest(file, self.geoloc_file.path())
        if kind == "kbo":
            source = self.kbo_source.path()
            if source is None:
                return self.tr("Choisissez le dossier ou l'archive des données KBO.")
            if not self.postcodes.text().strip():
                return self.tr("Indiquez les codes postaux belges à garder.")
            return KboRequest(source, self.postcodes.text().strip())
        file = self.list_file.path()
        if file is None:
            return self.tr("Choisissez la liste à importer.")
        tags = tuple(t.strip() for t in self.tags.text().replace(",", ";").split(";") if t.strip())
        if self.use_mapping_file.isChecked():
            mapping = self.mapping_file.path()
            if mapping is None:
                return self.tr("Choisissez le fichier de correspondance (JSON).")
            return ListRequest(file, mapping_file=mapping, tags=tags)
        if not self.combos:
            return self.tr("Lecture des colonnes de la liste…")
        problem = check_columns(self.picked_columns())
        if problem is not None:
            return self.tr(
                "Associez une colonne au nom, au SIRET ou au numéro d'entreprise belge, "
                "et chaque champ à une seule colonne."
            )
        return ListRequest(file, columns=self.picked_columns(), tags=tags)

    def _update_start(self) -> None:
        request = self.request()
        ready = not isinstance(request, str)
        self.start_button.setEnabled(ready and not self.busy)
        # Only what the person must still do; an empty form needs no red text.
        touched = self.kind() == "list" and self.list_file.text() and bool(self.combos)
        self.form_error.setText("" if ready or not touched else str(request))
        self.form_error.setVisible(bool(self.form_error.text()))

    def start(self) -> Operation[Any] | None:
        request = self.request()
        if isinstance(request, str) or self.busy:
            return None
        from hdf_field.services.imports import run_import

        remove_demo = self.remove_demo.isChecked() and not self.remove_demo.isHidden()
        actor = self.settings.actor
        lang = current_language()
        db = self.db

        def work(progress: Progress, cancel: CancelToken) -> ImportOutcome:
            with _collector_spared():
                return run_import(
                    db,
                    request,
                    actor=actor,
                    progress=progress,
                    cancel=cancel,
                    remove_demo=remove_demo,
                    lang=lang,
                )

        self.error.hide()
        self.result_box.hide()
        self.tabs.setEnabled(False)
        self.operation = self.runner.run_long(self.tr("Import"), work, self._finished, self._failed)
        self.progress.bind(self.operation, self.tr("Ouverture du fichier…"))
        self._update_start()
        return self.operation

    def cancel(self) -> None:
        self.progress.cancel()

    def _describe_progress(self, op: Operation[Any], update: ProgressUpdate) -> str:
        """Bytes of the file read: what a person can relate to the file they chose."""
        if not update.total:
            return self.tr("Ouverture du fichier…")
        return (
            self.tr("%1 Mo sur %2 Mo")
            .replace("%1", _decimal(update.done / 1_000_000))
            .replace("%2", _decimal(update.total / 1_000_000))
        )

    def _end(self) -> None:
        self.operation = None
        self.tabs.setEnabled(True)
        self._update_start()

    def _finished(self, outcome: ImportOutcome) -> None:
        self._end()
        self.outcome = outcome
        if outcome.cancelled or outcome.report is None:
            self.show_cancelled(outcome.report)
            if outcome.report is not None:
                self.imported.emit(outcome)  # batches already saved: views refresh
            return
        self.show_report(outcome)
        if outcome.report.created + outcome.report.updated or outcome.demo_removed:
            self.imported.emit(outcome)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.outcome = None
        if not isinstance(exc, HdfFieldError):
            log.error("import failed", exc_info=exc)
        from hdf_field.services.imports import committed_part

        self.show_error(_one_line(exc), committed_part(exc))

    # --- results ------------------------------------------------------------------------------

    def show_error(self, message: str, committed: ImportReport | None = None) -> None:
        self.result_box.hide()
        if committed is not None:
            self.error.setText(
                self.tr(
                    "Import interrompu : %1. Les lots déjà enregistrés (%2) "
                    "restent ; relancez l'import pour le terminer."
                )
                .replace("%1", message.rstrip("."))
                .replace(
                    "%2",
                    count_text(
                        committed.created + committed.updated,
                        self.tr("%n fiche"),
                        self.tr("%n fiches"),
                    ),
                )
            )
        else:
            self.error.setText(
                self.tr("Import impossible : %1. Rien n'a été modifié.").replace(
                    "%1", message.rstrip(".")
                )
            )
        self.error.show()

    def show_cancelled(self, committed: ImportReport | None = None) -> None:
        """``committed``: the batches saved before the cancel (they stay; the import can be
        run again, it updates rather than duplicates)."""
        self.error.hide()
        self.result_box.show()
        if committed is not None and committed.created + committed.updated:
            self.result_title.setText(
                self.tr("Import interrompu : %1 ; relancez l'import pour le terminer.").replace(
                    "%1",
                    count_text(
                        committed.created + committed.updated,
                        self.tr("%n fiche déjà enregistrée reste"),
                        self.tr("%n fiches déjà enregistrées restent"),
                    ),
                )
            )
        else:
            self.result_title.setText(self.tr("Import annulé : rien n'a été modifié."))
        for key in COUNTS:
            self.count_values[key].setText("—")
        self.reject_label.hide()
        self.open_folder.hide()
        self.first_rejects.hide()

    def show_report(self, outcome: ImportOutcome) -> None:
        report = outcome.report
        assert report is not None
        self.error.hide()
        self.result_box.show()
        title = (
            self.tr("Import terminé en %1 s.").replace("%1", _decimal(report.elapsed))
            if report.elapsed >= 0.1
            else self.tr("Import terminé.")
        )
        if outcome.demo_removed:
            title += " " + self.tr(
                "Les %1 organisations de démonstration ont été retirées."
            ).replace("%1", _count(outcome.demo_removed))
        self.result_title.setText(title)
        for key in COUNTS:
            self.count_values[key].setText(_count(getattr(report, key)))
        has_rejects = report.reject_file is not None
        self.reject_label.setVisible(has_rejects)
        self.open_folder.setVisible(has_rejects)
        self.first_rejects.setVisible(bool(report.rejects))
        if has_rejects:
            self.reject_label.setText(
                self.tr("Lignes rejetées : %1").replace("%1", str(report.reject_file))
            )
        lines = [
            self.tr("%1, ligne %2 : %3")
            .replace("%1", Path(r.file).name)
            .replace("%2", str(r.line))
            .replace("%3", r.reason)
            for r in report.rejects[:SHOWN_REJECTS]
        ]
        self.first_rejects.setText("\n".join(lines))

    def reject_folder(self) -> Path | None:
        report = self.outcome.report if self.outcome else None
        return Path(report.reject_file).parent if report and report.reject_file else None

    def open_reject_folder(self) -> None:
        folder = self.reject_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def refresh(self) -> None:
        """The last imports, and the offer to remove the demo region only while there is one."""
        db = self.db

        def work() -> tuple[bool, list[ImportRecord]]:
            # Loading the importers holds the GIL ~100 ms: better while the page opens than
            # when the progress bar should start moving.
            load_importers()
            return has_demo_region(db), import_history(db)

        def shown(result: tuple[bool, list[ImportRecord]]) -> None:
            demo, records = result
            self.remove_demo.setVisible(demo)
            self.show_history(records)

        self.runner.run(work, shown, lambda _e: None)

    def show_history(self, records: list[ImportRecord]) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        self.records = records
        kinds = {"sirene": "SIRENE", "kbo": "KBO/BCE", "csv": self.tr("Liste")}
        self.history.setRowCount(len(records))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, r in enumerate(records):
            when = r.finished_at.astimezone().strftime("%d/%m/%Y %H:%M")
            cells = [
                when,
                kinds.get(r.kind, r.kind),
                Path(r.source).name,
                _count(r.read),
                _count(r.created),
                _count(r.updated),
                _count(r.skipped),
                _count(r.rejected),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 3:
                    item.setTextAlignment(right)
                if col == 2:
                    item.setToolTip(r.source)
                self.history.setItem(row, col, item)
        self.history.setVisible(bool(records))
        self.history_empty.setVisible(not records)
        # Only as tall as its rows: the page should not end in an empty grid.
        height = self.history.horizontalHeader().height() + 2 * self.history.frameWidth()
        height += sum(self.history.rowHeight(i) for i in range(len(records)))
        self.history.setFixedHeight(height)

    # --- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Importer des données"))
        self.intro.setText(
            self.tr(
                "Les registres publics et vos listes deviennent des prospects. Un import "
                "relancé met à jour sans créer de doublons ; les lignes invalides sont "
                "écrites dans un fichier de rejets, et un import annulé ne change rien."
            )
        )
        self.tabs.setTabText(0, self.tr("SIRENE (France)"))
        self.tabs.setTabText(1, self.tr("KBO/BCE (Belgique)"))
        self.tabs.setTabText(2, self.tr("Liste CSV ou XLSX"))
        self.labels["sirene"].setText(self.tr("&Fichier StockEtablissement"))
        self.labels["geoloc"].setText(self.tr("Fichier &géolocalisé (facultatif)"))
        self.sirene_hint.setText(
            self.tr(
                "Le stock des établissements de l'INSEE (data.gouv.fr). Seuls les "
                "établissements actifs des cinq départements sont gardés ; le fichier "
                "géolocalisé place ceux dont le stock n'a pas de coordonnées."
            )
        )
        self.labels["kbo"].setText(self.tr("&Dossier ou archive KBO"))
        self.labels["postcodes"].setText(self.tr("&Codes postaux"))
        self.border_button.setText(self.tr("Provinces frontalières"))
        self.kbo_hint.setText(
            self.tr(
                "Les données ouvertes de la Banque-Carrefour des Entreprises (dossier "
                "décompressé ou archive zip). Par défaut : le Hainaut (6000-6599, 7000-7999) "
                "et la Flandre-Occidentale (8000-8999), le long de la frontière."
            )
        )
        self.labels["list"].setText(self.tr("&Fichier"))
        self.pick_columns.setText(self.tr("Associer les &colonnes aux champs :"))
        self.use_mapping_file.setText(self.tr("ou utiliser un fichier de co&rrespondance"))
        self.labels["tags"].setText(self.tr("É&tiquettes ajoutées"))
        self.tags.setPlaceholderText(self.tr("par exemple : adhérents-2025; pôle-matikem"))
        self.columns.setHorizontalHeaderLabels([self.tr("Colonne du fichier"), self.tr("Champ")])
        for button, _mode, _f in (
            *self.sirene_file.buttons,
            *self.geoloc_file.buttons,
            *self.list_file.buttons,
            *self.mapping_file.buttons,
        ):
            button.setText(self.tr("Parcourir…"))
        self.kbo_browse_dir.setText(self.tr("Dossier…"))
        self.kbo_browse_zip.setText(self.tr("Archive zip…"))
        self.remove_demo.setText(self.tr("Retirer les données de dé&monstration après l'import"))
        self.start_button.setText(self.tr("&Importer"))
        self.progress.retranslate()
        self.result_box.setTitle(self.tr("Résultat"))
        names = {
            "read": self.tr("lues"),
            "created": self.tr("créées"),
            "updated": self.tr("mises à jour"),
            "skipped": self.tr("ignorées"),
            "rejected": self.tr("rejetées"),
        }
        for key, label in self.count_labels.items():
            label.setText(names[key])
        self.open_folder.setText(self.tr("&Ouvrir le dossier"))
        self.history_box.setTitle(self.tr("Derniers imports"))
        self.history_empty.setText(self.tr("Aucun import pour l'instant sur cette base."))
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Source"),
                self.tr("Fichier"),
                self.tr("Lues"),
                self.tr("Créées"),
                self.tr("Mises à jour"),
                self.tr("Ignorées"),
                self.tr("Rejetées"),
            ]
        )
        self.show_history(self.records)
        for label in self.labels.values():
            # Some fonts draw a few pixels wider than they measure: "Tags added" lost its "d".
            text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(text) + 8)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._retranslate_fields()
        self._update_start()

    def _retranslate_fields(self) -> None:
        labels = field_labels()
        for combo in self.combos.values():
            for i in range(combo.count()):
                combo.setItemText(i, labels[combo.itemData(i)])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


FIELD_ORDER = (
    "name",
    "trade_name",
    "siret",
    "siren",
    "be_enterprise_number",
    "kind",
    "legal_form",
    "naf_code",
    "workforce_band",
    "street",
    "address_complement",
    "postal_code",
    "city",
    "country",
    "insee_code",
    "lat",
    "lon",
    "phone",
    "email",
    "website",
    "status",
    "priority",
    "tags",
    "notes",
)


def field_labels() -> dict[str, str]:
    from PySide6.QtCore import QCoreApplication

    return {
        IGNORED: QCoreApplication.translate("ImportFields", "— ignorée —"),
        "name": QCoreApplication.translate("ImportFields", "Nom"),
        "trade_name": QCoreApplication.translate("ImportFields", "Enseigne"),
        "siret": QCoreApplication.translate("ImportFields", "SIRET"),
        "siren": QCoreApplication.translate("ImportFields", "SIREN"),
        "be_enterprise_number": QCoreApplication.translate(
            "ImportFields", "N° d'entreprise (Belgique)"
        ),
        "kind": QCoreApplication.translate("ImportFields", "Type d'organisation"),
        "legal_form": QCoreApplication.translate("ImportFields", "Forme juridique"),
        "naf_code": QCoreApplication.translate("ImportFields", "Code NAF"),
        "workforce_band": QCoreApplication.translate("ImportFields", "Tranche d'effectif"),
        "street": QCoreApplication.translate("ImportFields", "Adresse"),
        "address_complement": QCoreApplication.translate("ImportFields", "Complément d'adresse"),
        "postal_code": QCoreApplication.translate("ImportFields", "Code postal"),
        "city": QCoreApplication.translate("ImportFields", "Commune"),
        "country": QCoreApplication.translate("ImportFields", "Pays"),
        "insee_code": QCoreApplication.translate("ImportFields", "Code INSEE"),
        "lat": QCoreApplication.translate("ImportFields", "Latitude"),
        "lon": QCoreApplication.translate("ImportFields", "Longitude"),
        "phone": QCoreApplication.translate("ImportFields", "Téléphone"),
        "email": QCoreApplication.translate("ImportFields", "E-mail"),
        "website": QCoreApplication.translate("ImportFields", "Site web"),
        "status": QCoreApplication.translate("ImportFields", "Statut"),
        "priority": QCoreApplication.translate("ImportFields", "Priorité"),
        "tags": QCoreApplication.translate("ImportFields", "Étiquettes"),
        "notes": QCoreApplication.translate("ImportFields", "Notes"),
    }
