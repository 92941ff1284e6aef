"""The Prospects screen: instant search, filters, the paged table and the organisation panel."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.naf import NAF_SECTIONS
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.services.prospects import Choice, FilterChoices, ProspectFilter, filter_choices
from hdf_field.storage.database import Database
from hdf_field.ui.common import current_language, priority_label, status_label
from hdf_field.ui.prospects.model import ID_ROLE, ProspectTableModel
from hdf_field.ui.tasks import TaskRunner


def with_epci_names(choices: FilterChoices) -> FilterChoices:
    """EPCI codes mean nothing to people: name them from the gazetteer when it is there."""
    try:
        from hdf_field.geo.gazetteer import load_gazetteer

        names = {c.epci_code: c.epci_name for c in load_gazetteer().communes() if c.epci_code}
    except Exception:  # gazetteer not built here: codes it is
        return choices
    epcis = tuple(
        sorted(
            (Choice(c.key, names.get(c.key) or c.label) for c in choices.epcis),
            key=lambda c: c.label.lower(),
        )
    )
    return replace(choices, epcis=epcis)


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
            combo.setMinimumWidth(150)
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
            [
                (self.tr("ex-Nord-Pas-de-Calais"), Area.NPDC.value),
                (self.tr("ex-Picardie"), Area.PICARDIE.value),
                (self.tr("Belgique"), Area.BELGIUM.value),
            ],
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
            "officer": self.tr("C&hargé"),
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


class ProspectsPage(QWidget):
    organisationSelected = Signal(str)

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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((240, 112, 42, 56, 92, 64, 84, 86, 86)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(
            lambda index: self.organisationSelected.emit(index.data(ID_ROLE))
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self.splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.table, 1)
        self.splitter.addWidget(left)
        if detail is not None:
            self.splitter.addWidget(detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([1010, 430])
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
        self.model.reload()
        self.reload_choices()

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.filters.current_filter())

    def reload_choices(self) -> None:
        def work() -> FilterChoices:
            with self._db.session() as s:
                choices = filter_choices(s)
            return with_epci_names(choices)

        self._runner.run(work, self.filters.set_choices, lambda _e: None)

    def refresh(self) -> None:
        """After a bulk change (demo built, sync): re-read everything."""
        self.model.reload()
        self.reload_choices()

    def _show_count(self, n: int) -> None:
        if n < 0:
            self.filters.count_label.setText(self.tr("…"))
        else:
            self.filters.count_label.setText(self.tr("%n organisation(s)", "", n))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.organisationSelected.emit(indexes[0].data(ID_ROLE))

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
            self.model.headerDataChanged.emit(
                Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
            )
            if self.model.total is not None:
                self._show_count(self.model.total)
        super().changeEvent(event)
