"""The conflicts list (a table model of frozen rows) and the base / mine / theirs panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import ValidationError
from hdf_field.services.sync_conflicts import ConflictItem, FieldKind, parse_value
from hdf_field.ui.sync.labels import edit_text, field_label, value_text, when_text

ItemRole = Qt.ItemDataRole.UserRole + 1
# Integer fields whose values have names: picked from a list rather than typed.
LABELLED_INTEGERS: dict[tuple[str, str], tuple[int, ...]] = {
    ("organisation", "priority"): (0, 1, 2, 3),
    ("visit", "interest"): (0, 1, 2, 3),
}
Index = QModelIndex | QPersistentModelIndex


class ConflictModel(QAbstractTableModel):
    """Open conflicts: record, field, when, by whom. Rows are :class:`ConflictItem`."""

    COLUMNS = ("record", "field", "when", "author")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConflictItem] = []

    def set_items(self, items: list[ConflictItem]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def item(self, row: int) -> ConflictItem:
        return self._rows[row]

    def items(self) -> list[ConflictItem]:
        return list(self._rows)

    def row_of(self, conflict_id: object) -> int:
        for i, it in enumerate(self._rows):
            if it.id == conflict_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        it = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "record":
                return it.record_label
            if col == "field":
                return field_label(it.entity, it.field)
            if col == "when":
                return when_text(it.created_at)
            return it.author or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                self.tr("%1 — %2 : « %3 » ici, « %4 » au registre")
                .replace("%1", it.record_label)
                .replace("%2", field_label(it.entity, it.field))
                .replace("%3", value_text(it, it.mine))
                .replace("%4", value_text(it, it.theirs))
            )
        if role == ItemRole:
            return it
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation != Qt.Orientation.Horizontal
            or role != Qt.ItemDataRole.DisplayRole
            or not 0 <= section < len(self.COLUMNS)
        ):
            return None
        return {
            "record": self.tr("Fiche"),
            "field": self.tr("Champ"),
            "when": self.tr("Quand"),
            "author": self.tr("Auteur"),
        }[self.COLUMNS[section]]

    def retranslate(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)


class ValueBox(QFrame):
    """One side of the comparison: a title and the value, read-only and selectable."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("valueBox")
        self.setStyleSheet(
            f"#valueBox {{ background: {colour}; border: 1px solid #d5dde7; border-radius: 6px; }}"
        )
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.value = QLabel(self)
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.value.setMinimumHeight(48)
        self.caption = QLabel(self)
        self.caption.setStyleSheet("color: #5b6776;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.caption)

    def show_value(self, text: str, empty: bool) -> None:
        self.value.setText(text)
        self.value.setStyleSheet("color: #8a8f98; font-style: italic;" if empty else "")


class ConflictPanel(QWidget):
    """Left, the list; right, the selected conflict side by side and the ways to settle it.

    ``resolveRequested(item, wire_value)`` goes to the controller; the list refreshes when
    the controller reports the new set of open conflicts.
    """

    resolveRequested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConflictModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("conflictTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = QWidget(self)
        self.heading = QLabel(self.detail)
        self.heading.setObjectName("conflictHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600; color: #0b3558;")
        self.subheading = QLabel(self.detail)
        self.subheading.setWordWrap(True)
        self.subheading.setStyleSheet("color: #5b6776;")
        self.base_box = ValueBox("#f4f6f9", self.detail)
        self.mine_box = ValueBox("#eaf3ff", self.detail)
        self.theirs_box = ValueBox("#fff4e5", self.detail)
        self.keep_mine = QPushButton(self.detail)
        self.keep_mine.setObjectName("keepMine")
        self.keep_theirs = QPushButton(self.detail)
        self.keep_theirs.setObjectName("keepTheirs")
        self.keep_mine.clicked.connect(lambda: self._keep("mine"))
        self.keep_theirs.clicked.connect(lambda: self._keep("theirs"))
        boxes = QGridLayout()
        boxes.setHorizontalSpacing(10)
        boxes.addWidget(self.base_box, 0, 0)
        boxes.addWidget(self.mine_box, 0, 1)
        boxes.addWidget(self.theirs_box, 0, 2)
        boxes.addWidget(self.keep_mine, 1, 1)
        boxes.addWidget(self.keep_theirs, 1, 2)
        for col in range(3):
            boxes.setColumnStretch(col, 1)

        self.merge_title = QLabel(self.detail)
        self.merge_title.setStyleSheet("font-weight: 600;")
        self.text_editor = QPlainTextEdit(self.detail)
        self.text_editor.setObjectName("mergeEditor")
        self.choice_editor = QComboBox(self.detail)
        self.choice_editor.setObjectName("mergeChoice")
        self.editors = QStackedWidget(self.detail)
        self.editors.addWidget(self.text_editor)
        self.editors.addWidget(self.choice_editor)
        self.keep_merged = QPushButton(self.detail)
        self.keep_merged.setObjectName("keepMerged")
        self.keep_merged.clicked.connect(self._keep_merged)
        self.error = QLabel(self.detail)
        self.error.setObjectName("mergeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.editors, 1)
        merge_row.addWidget(self.keep_merged, 0, Qt.AlignmentFlag.AlignTop)

        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(12, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.subheading)
        detail_layout.addSpacing(6)
        detail_layout.addLayout(boxes)
        detail_layout.addSpacing(10)
        detail_layout.addWidget(self.merge_title)
        detail_layout.addLayout(merge_row)
        detail_layout.addWidget(self.error)
        detail_layout.addStretch(1)

        self.empty = QLabel(self)
        self.empty.setObjectName("noConflicts")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #2e7d32; font-size: 11pt; padding: 24px;")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._busy = False
        self.retranslate()
        self._show(None)

    # -- data --------------------------------------------------------------------------------
    def set_items(self, items: list[ConflictItem]) -> None:
        """Keep the selection on the same conflict if it is still open, else the next one."""
        current = self.current()
        row = self.table.currentIndex().row()
        self.model.set_items(items)
        self._busy = False
        self.pages.setCurrentIndex(1 if items else 0)
        if not items:
            self._show(None)
            return
        keep = self.model.row_of(current.id) if current is not None else -1
        target = keep if keep >= 0 else min(max(row, 0), len(items) - 1)
        self.table.selectRow(target)
        self._show(self.model.item(target))

    def current(self) -> ConflictItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show(self.current())

    def _show(self, item: ConflictItem | None) -> None:
        self.error.clear()
        self.detail.setEnabled(item is not None and not self._busy)
        if item is None:
            self.heading.clear()
            self.subheading.clear()
            for box in (self.base_box, self.mine_box, self.theirs_box):
                box.show_value("", False)
            self.text_editor.clear()
            return
        self.heading.setText(f"{item.record_label} — {field_label(item.entity, item.field)}")
        self.subheading.setText(
            self.tr(
                "Modifié ici et au registre depuis la dernière synchronisation. "
                "Choisissez la valeur à garder ; elle partira à la prochaine "
                "synchronisation."
            )
        )
        for box, value in (
            (self.base_box, item.base),
            (self.mine_box, item.mine),
            (self.theirs_box, item.theirs),
        ):
            box.show_value(value_text(item, value), value is None or value == "")
        self.mine_box.caption.setText(
            self.tr("par %1").replace("%1", item.author) if item.author else self.tr("sur ce poste")
        )
        self.theirs_box.caption.setText(
            self.tr("au registre, constaté %1").replace("%1", when_text(item.created_at))
        )
        whole = item.kind is FieldKind.RECORD
        self.base_box.setVisible(not whole)
        if whole:
            self.subheading.setText(
                self.tr(
                    "Le registre a refusé cette modification (hors de votre périmètre) : "
                    "abandonnez-la, ou demandez à un responsable de la faire."
                )
            )
        self.keep_mine.setEnabled(not whole)
        self.keep_mine.setToolTip(
            self.tr("Le registre a refusé cette modification : elle ne peut pas être gardée.")
            if whole
            else ""
        )
        self.merge_title.setVisible(not whole)
        self.editors.setVisible(not whole)
        self.keep_merged.setVisible(not whole)
        if whole:
            self.mine_box.title.setText(self.tr("Ma modification"))
            self.theirs_box.title.setText(self.tr("Réponse du registre"))
            self.keep_theirs.setText(self.tr("Abandonner ma modification"))
            return
        self.mine_box.title.setText(self.tr("Ma valeur"))
        self.theirs_box.title.setText(self.tr("Leur valeur"))
        self.keep_theirs.setText(self.tr("Garder la leur"))
        choices = LABELLED_INTEGERS.get((item.entity, item.field), item.choices)
        if item.kind is FieldKind.CHOICE or choices:
            self.choice_editor.clear()
            for choice in choices:
                self.choice_editor.addItem(value_text(item, choice), choice)
            start = item.current if item.current is not None else item.mine
            self.choice_editor.setCurrentIndex(max(self.choice_editor.findData(start), 0))
            self.editors.setCurrentWidget(self.choice_editor)
        else:
            start = item.current if item.current is not None else item.mine
            self.text_editor.setPlainText(edit_text(item, start))
            self.editors.setCurrentWidget(self.text_editor)
        self.editors.setFixedHeight(
            90
            if item.kind in (FieldKind.LONG_TEXT, FieldKind.JSON)
            else self.choice_editor.sizeHint().height()
            if self.editors.currentWidget() is self.choice_editor
            else 54
        )

    # -- settling ----------------------------------------------------------------------------
    def _keep(self, side: str) -> None:
        item = self.current()
        if item is None:
            return
        value = item.mine if side == "mine" else item.theirs
        if item.kind is FieldKind.RECORD:
            value = None
        self._request(item, value)

    def merged_value(self, item: ConflictItem) -> Any:
        if self.editors.currentWidget() is self.choice_editor:
            return self.choice_editor.currentData()
        return parse_value(item.entity, item.field, self.text_editor.toPlainText())

    def _keep_merged(self) -> None:
        item = self.current()
        if item is None:
            return
        try:
            value = self.merged_value(item)
        except ValidationError as exc:
            self.error.setText(
                self.tr("%1 : %2")
                .replace("%1", field_label(item.entity, item.field))
                .replace("%2", self._hint(item, exc))
            )
            return
        self._request(item, value)

    def _hint(self, item: ConflictItem, exc: ValidationError) -> str:
        """What to type instead, in the interface's language (the core speaks English)."""
        if not self.text_editor.toPlainText().strip():
            return self.tr("ce champ ne peut pas être vide.")
        hints = {
            FieldKind.INTEGER: self.tr("saisissez un nombre entier."),
            FieldKind.NUMBER: self.tr("saisissez un nombre."),
            FieldKind.BOOLEAN: self.tr("répondez oui ou non."),
            FieldKind.DATE: self.tr("saisissez une date valide (JJ/MM/AAAA)."),
            FieldKind.DATETIME: self.tr("saisissez une date et heure ISO 8601 avec fuseau."),
            FieldKind.JSON: self.tr("saisissez une valeur JSON valide."),
        }
        if item.kind in hints:
            return hints[item.kind]
        if "longer than" in exc.message:
            return self.tr("texte trop long.")
        return self.tr("valeur refusée (%1).").replace("%1", exc.message)

    def _request(self, item: ConflictItem, value: Any) -> None:
        self._busy = True
        self.detail.setEnabled(False)
        self.resolveRequested.emit(item, value)

    def show_error(self, message: str) -> None:
        self._busy = False
        self.detail.setEnabled(self.current() is not None)
        self.error.setText(message)

    # -- translation -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.base_box.title.setText(self.tr("Valeur d'origine"))
        self.base_box.caption.setText(self.tr("avant les deux modifications"))
        self.mine_box.title.setText(self.tr("Ma valeur"))
        self.mine_box.caption.setText(self.tr("sur ce poste"))
        self.theirs_box.title.setText(self.tr("Leur valeur"))
        self.keep_mine.setText(self.tr("Garder la mienne"))
        self.keep_theirs.setText(self.tr("Garder la leur"))
        self.merge_title.setText(self.tr("Ou saisissez la valeur fusionnée :"))
        self.keep_merged.setText(self.tr("Garder cette valeur"))
        self.empty.setText(self.tr("Aucun conflit : tout est cohérent avec le registre."))
        self.model.retranslate()
        self._show(self.current())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
