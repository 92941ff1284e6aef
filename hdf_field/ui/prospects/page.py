"""The Prospects screen: instant search, filters, the paged table and the organisation panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.naf import NAF_SECTIONS
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.services.database import Database
from hdf_field.services.prospect_reads import read_filter_choices
from hdf_field.services.prospects import COUNT_CAP, FilterChoices, ProspectFilter
from hdf_field.ui.common import (
    count_text,
    current_language,
    enum_label,
    priority_label,
    status_label,
)
from hdf_field.ui.prospects.model import ID_ROLE, ProspectTableModel
from hdf_field.ui.tasks import TaskRunner


class FilterBar(QWidget):
    """Every control narrows the list at once; "Tout effacer" brings everything back."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.departement = QComboBox(self)
        self.epci = QComboBox(self)
        self.area = QComboBox(self)
        self.sector = QComboBox(self)
        self.cluster = QComboBox(self)
        self.status = QComboBox(self)
        self.officer = QComboBox(self)
        self.priority = QComboBox(self)
        self.never_visited = QCheckBox(self)
        self.follow_up_due = QCheckBox(self)
        self.clear_button = QPushButton(self)
        self._labels: dict[str, QLabel] = {}
        self._choices = FilterChoices()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self._top = top
        grid.addLayout(top, 0, 0, 1, 8)
        combos = [
            ("departement", self.departement),
            ("area", self.area),
            ("epci", self.epci),
            ("sector", self.sector),
            ("cluster", self.cluster),
            ("status", self.status),
            ("officer", self.officer),
            ("priority", self.priority),
        ]
        for i, (key, combo) in enumerate(combos):
            label = QLabel(self)
            label.setBuddy(combo)
            self._labels[key] = label
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(label)
            box.addWidget(combo)
            grid.addLayout(box, 1 + i // 4, i % 4 * 2, 1, 2)
            combo.setMinimumWidth(90)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self.changed)
        checks = QHBoxLayout()
        checks.addWidget(self.never_visited)
        checks.addWidget(self.follow_up_due)
        checks.addStretch(1)
        checks.addWidget(self.clear_button)
        grid.addLayout(checks, 3, 0, 1, 8)
        self.never_visited.toggled.connect(self.changed)
        self.follow_up_due.toggled.connect(self.changed)
        self.clear_button.clicked.connect(self.clear)
        self.retranslate()

    def controls(self) -> list[QWidget]:
        """The filters in the order Tab visits them, after the search box and the list."""
        return [
            self.departement,
            self.area,
            self.epci,
            self.sector,
            self.cluster,
            self.status,
            self.officer,
            self.priority,
            self.never_visited,
            self.follow_up_due,
            self.clear_button,
        ]

    def add_corner_widget(self, widget: QWidget) -> None:
        """A control beside the search box and the count (the card's fold button)."""
        self._top.addWidget(widget)

    def set_choices(self, choices: FilterChoices) -> None:
        self._choices = choices
        self._fill()

    def _fill(self) -> None:
        lang = current_language()
        any_ = self.tr("Tous")

        def refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(any_, None)
            for text, data in items:
                combo.addItem(text, data)
            pos = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(pos, 0))
            combo.blockSignals(False)

        refill(self.departement, [(f"{k} {v}", k) for k, v in DEPARTEMENTS.items()])
        refill(
            self.area,
            [(enum_label(a), a.value) for a in (Area.NPDC, Area.PICARDIE, Area.BELGIUM)],
        )
        refill(self.epci, [(c.label, c.key) for c in self._choices.epcis])
        refill(
            self.sector,
            [
                (f"{s.letter} — {s.label_fr if lang == 'fr' else s.label_en}", s.letter)
                for s in NAF_SECTIONS
            ],
        )
        refill(self.cluster, [(c.label, c.key) for c in self._choices.clusters])
        refill(self.status, [(status_label(s), s.value) for s in FunnelStatus])
        refill(
            self.officer,
            [(self.tr("Non attribué"), "")] + [(c.label, c.key) for c in self._choices.officers],
        )
        refill(self.priority, [(f"≥ {priority_label(p)}", p) for p in (1, 2, 3)])

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Rechercher : nom, enseigne, SIRET, commune, contact…  (Ctrl+F)")
        )
        texts = {
            "departement": self.tr("&Département"),
            "area": self.tr("&Zone historique"),
            "epci": self.tr("&EPCI"),
            "sector": self.tr("&Secteur (NAF)"),
            "cluster": self.tr("&Pôle pertinent"),
            "status": self.tr("Statu&t"),
            "officer": self.tr("C&hargé de mission"),
            "priority": self.tr("Priorit&é"),
        }
        for key, label in self._labels.items():
            label.setText(texts[key])
        self.never_visited.setText(self.tr("&Jamais visité"))
        self.follow_up_due.setText(self.tr("&Relance échue"))
        self.clear_button.setText(self.tr("Tout effacer"))
        self._fill()

    def clear(self) -> None:
        self.blockSignals(True)
        self.search.clear()
        for combo in (
            self.departement,
            self.epci,
            self.area,
            self.sector,
            self.cluster,
            self.status,
            self.officer,
            self.priority,
        ):
            combo.setCurrentIndex(0)
        self.never_visited.setChecked(False)
        self.follow_up_due.setChecked(False)
        self.blockSignals(False)
        self.changed.emit()

    def current_filter(self) -> ProspectFilter:
        dep = self.departement.currentData()
        area = self.area.currentData()
        status = self.status.currentData()
        officer = self.officer.currentData()
        return ProspectFilter(
            text=self.search.text(),
            departements=(dep,) if dep else (),
            epci_code=self.epci.currentData(),
            area=Area(area) if area else None,
            naf_section=self.sector.currentData(),
            cluster_id=self.cluster.currentData(),
            statuses=(FunnelStatus(status),) if status else (),
            officer_id=officer,
            min_priority=self.priority.currentData(),
            never_visited=self.never_visited.isChecked(),
            follow_up_due=self.follow_up_due.isChecked(),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# The short columns and the most characters each may take (its values are in the tooltip
# and on the card); the name takes what is left.
SHORT_COLUMNS = {1: 18, 2: 4, 3: 7, 4: 14, 5: 9, 6: 20, 7: 11, 8: 11}
# Hidden in this order when the name would get fewer than NAME_MIN_CHARS characters.
HIDE_FIRST = (3, 8, 5, 2, 7, 6, 4)
NAME_MIN_CHARS = 32  # "Brasserie Zefer Dunkerque Sud": tells organisations apart
MEASURED_ROWS = 50  # more than a screen shows at once: enough to know a column's usual width
CARD_MIN_WIDTH = 300  # below this the card is useless: fold it away instead
LIST_MIN_WIDTH = 400  # names stay readable (about 35 characters) beside an open card


class ProspectsPage(QWidget):
    organisationSelected = Signal(str)
    selectionCleared = Signal()  # a new result without the organisation shown: no card
    cardCollapsedChanged = Signal(bool)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        detail: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self.filters = FilterBar(self)
        self.model = ProspectTableModel(db, runner, self)
        self.table = QTableView(self)
        self.table.setObjectName("prospectTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        # Tab leaves the list (for the filters) instead of walking its cells.
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(28)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._natural: dict[int, int] = {}
        self._name_need = 0
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(
            lambda index: self.organisationSelected.emit(index.data(ID_ROLE))
        )
        self._selected: str | None = None
        self._select_first_when_loaded = False
        self.model.modelReset.connect(self._after_reset)
        self.model.modelReset.connect(self.measure_columns)
        self.model.headerDataChanged.connect(lambda *_a: self.measure_columns())
        self._fit = QTimer(self)  # once per burst of resizes (a splitter being dragged)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.fit_columns)
        self.table.viewport().installEventFilter(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("prospectSplitter")
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self.splitter)
        left.setMinimumWidth(LIST_MIN_WIDTH)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.table, 1)
        self.splitter.addWidget(left)
        self.detail = detail
        self._card_sized = True
        self._remembered_card_width = 0
        self.card_button = QToolButton(self)
        self.card_button.setObjectName("toggleCard")
        self.card_button.setCheckable(True)
        self.card_button.setChecked(True)
        self.card_button.setAutoRaise(True)
        self.card_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.card_button.toggled.connect(self.set_card_visible)
        self.filters.add_corner_widget(self.card_button)
        if detail is not None:
            detail.setMinimumWidth(CARD_MIN_WIDTH)
            self.splitter.addWidget(detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([1010, 430])
            self._card_sized = False
        else:
            self.card_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.apply_filters)
        self.filters.search.textEdited.connect(lambda _t: self._debounce.start())
        self.filters.changed.connect(self.apply_filters)
        self.model.countChanged.connect(self._show_count)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.focus_search)
        self.filters.search.installEventFilter(self)
        self.table.installEventFilter(self)
        # Reading order for the day's work: search, then the list, then the filters.
        chain: list[QWidget] = [self.filters.search, self.table, *self.filters.controls()]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.retranslate()
        self.model.reload()
        self.reload_choices()

    # --- layout -------------------------------------------------------------------------------

    def measure_columns(self) -> None:
        """What each column needs, read once per result (not per resize): the widest value on
        the first MEASURED_ROWS rows, capped; an empty column needs only its header."""
        rows = min(self.model.rowCount(), MEASURED_ROWS)
        metrics = self.table.fontMetrics()
        style = self.table.style()
        pad = 2 * style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin) + 14
        natural: dict[int, int] = {}
        for col, cap_chars in SHORT_COLUMNS.items():
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            widest = max(
                (metrics.horizontalAdvance(t) for t in self.model.column_texts(col, rows)),
                default=0,
            )
            cap = metrics.averageCharWidth() * cap_chars
            natural[col] = max(metrics.horizontalAdvance(title) + 10, min(widest, cap)) + pad
        bold = self.table.font()
        bold.setBold(True)  # names are shown in bold
        name_metrics = QFontMetrics(bold)
        widest_name = max(
            (name_metrics.horizontalAdvance(t) for t in self.model.column_texts(0, rows)),
            default=0,
        )
        self._natural = natural
        self._name_need = min(widest_name, name_metrics.averageCharWidth() * NAME_MIN_CHARS) + pad
        self.fit_columns()

    def fit_columns(self) -> None:
        """Width goes to what people read. Each short column takes what it needs (see
        measure_columns), the name takes the rest; when that leaves the name fewer than
        NAME_MIN_CHARS characters, the least read columns are hidden one by one (their values
        are on the card). Runs on every resize: no data is read here."""
        if not self._natural:
            return
        room = self.table.viewport().width()
        hidden: set[int] = set()
        for col in HIDE_FIRST:
            if (
                room - sum(w for c, w in self._natural.items() if c not in hidden)
                >= self._name_need
            ):
                break
            hidden.add(col)
        header = self.table.horizontalHeader()
        for col, width in self._natural.items():
            if self.table.isColumnHidden(col) != (col in hidden):
                self.table.setColumnHidden(col, col in hidden)
            if col not in hidden and header.sectionSize(col) != width:
                header.resizeSection(col, width)

    def set_card_visible(self, visible: bool) -> None:
        """Folds the card away (the list takes the whole width) or brings it back; the choice
        and the card's width are kept for the next start by whoever owns the settings."""
        if self.detail is None:
            return
        if self.card_button.isChecked() != visible:
            self.card_button.setChecked(visible)  # re-enters through toggled
            return
        self.detail.setVisible(visible)
        self._retitle_card_button()
        self.cardCollapsedChanged.emit(not visible)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._size_card_once()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._size_card_once)  # once the layout has given the real width

    def _size_card_once(self) -> None:
        """The first time the page has its real width, the card takes a third of it (300 to
        430 px) unless a width was remembered: the list, read most, gets the rest."""
        if self.detail is None or self._card_sized or not self.isVisible():
            return
        self._card_sized = True
        if self._remembered_card_width:
            self.set_card_width(self._remembered_card_width)
        else:
            total = sum(self.splitter.sizes())
            self.set_card_width(max(CARD_MIN_WIDTH, min(430, total // 3)))

    def remember_card_width(self, width: int) -> None:
        """Set before the page is first shown: applied once it has its real width."""
        self._remembered_card_width = width
        if self._card_sized:
            self.set_card_width(width)

    def card_width(self) -> int:
        sizes = self.splitter.sizes()
        return sizes[1] if len(sizes) > 1 and self.detail is not None and sizes[1] > 0 else 0

    def set_card_width(self, width: int) -> None:
        sizes = self.splitter.sizes()
        if width > 0 and len(sizes) > 1:
            total = sum(sizes)
            width = max(CARD_MIN_WIDTH, min(width, total - LIST_MIN_WIDTH))
            self.splitter.setSizes([total - width, width])

    def _retitle_card_button(self) -> None:
        shown = self.card_button.isChecked()
        self.card_button.setText(self.tr("Fiche ▸") if shown else self.tr("◂ Fiche"))
        self.card_button.setToolTip(
            self.tr("Masquer la fiche pour élargir la liste (Ctrl+Maj+F)")
            if shown
            else self.tr("Afficher la fiche de l'organisation (Ctrl+Maj+F)")
        )

    def retranslate(self) -> None:
        self._retitle_card_button()

    # --- keyboard -----------------------------------------------------------------------------

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        """Down or Return in the search box goes to the list with a row selected; entering
        the list with Tab selects its first row, so the card and Ctrl+L always have one."""
        if watched is self.filters.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive():  # typed faster than the debounce: search now
                    self.apply_filters()
                self.focus_list(first_row=True)
                return True
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit.start()
        if (
            watched is self.table
            and event.type() == QEvent.Type.FocusIn
            and not self.table.selectionModel().hasSelection()
        ):
            QTimer.singleShot(0, self._select_first_row)
        return super().eventFilter(watched, event)

    def focus_list(self, *, first_row: bool = False) -> None:
        """Into the list; with ``first_row`` its first row is selected (once the search that
        is running has come back), otherwise the selection is kept."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.loading:
            self._select_first_when_loaded = True
        elif first_row or not self.table.selectionModel().hasSelection():
            self._select_first_row(force=True)

    def _select_first_row(self, *, force: bool = False) -> None:
        if self.model.rowCount() == 0:
            return
        if force or not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.scrollTo(self.model.index(0, 0))

    def _after_reset(self) -> None:
        """A new result: the organisation shown stays only if it is still in the list, so
        the card and Ctrl+L never act on an organisation the list no longer shows."""
        keep = self._selected
        row = self.model.row_of(keep) if keep else -1
        if self._select_first_when_loaded and self.model.rowCount() > 0:
            self._select_first_row(force=True)
        elif row >= 0:
            self.table.selectRow(row)
        elif keep is not None:
            self._selected = None
            self.selectionCleared.emit()
        self._select_first_when_loaded = False

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.filters.current_filter())

    def reload_choices(self) -> None:
        db = self._db
        self._runner.run(lambda: read_filter_choices(db), self.filters.set_choices, lambda _e: None)

    def refresh(self) -> None:
        """After a bulk change (demo built, sync): re-read everything."""
        self.model.reload()
        self.reload_choices()

    def _show_count(self, n: int) -> None:
        if n < 0:
            # Shown until the count arrives: the page never waits for it.
            self.filters.count_label.setText(self.tr("comptage…"))
        elif n > COUNT_CAP:  # the count stops there so that it never holds back a page
            cap = f"{COUNT_CAP:,}"
            if current_language() == "fr":
                cap = cap.replace(",", "\u202f")
            self.filters.count_label.setText(self.tr("plus de %1 organisations").replace("%1", cap))
        else:
            self.filters.count_label.setText(
                count_text(n, self.tr("%n organisation"), self.tr("%n organisations"))
            )

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            org_id = indexes[0].data(ID_ROLE)
            if org_id != self._selected:
                self._selected = org_id
                self.organisationSelected.emit(org_id)

    def select_organisation(self, org_id: str) -> bool:
        row = self.model.row_of(org_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.model.headerDataChanged.emit(
                Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
            )
            if self.model.total is not None:
                self._show_count(self.model.total)
        super().changeEvent(event)
