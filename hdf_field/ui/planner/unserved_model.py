"""Visits the optimiser left out, with the reason in words (a short read-only table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hdf_field.services.day_planner import Prospect

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class UnservedModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Prospect, str]] = []

    def set_rows(self, rows: Sequence[tuple[Prospect, str]]) -> None:
        """Fixed appointments first: a booked meeting left out needs a phone call."""
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: r[0].fixed_time is None)
        self.endResetModel()

    def rows(self) -> list[tuple[Prospect, str]]:
        return list(self._rows)

    def prospects(self) -> list[Prospect]:
        return [p for p, _ in self._rows]

    def take(self, rows: Sequence[int]) -> list[Prospect]:
        taken: list[Prospect] = []
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                taken.append(self._rows.pop(row)[0])
                self.endRemoveRows()
        return taken[::-1]

    def discard_ids(self, ids: Sequence[str]) -> None:
        drop = set(ids)
        self.take([k for k, (p, _) in enumerate(self._rows) if p.id in drop])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                (self.tr("Organisation"), self.tr("Pourquoi elle n'est pas dans la journée"))[
                    section
                ]
                if 0 <= section < 2
                else None
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        prospect, reason = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 1:
                return reason
            if prospect.fixed_time is not None:
                return self.tr("{name} (RDV fixe)").format(name=prospect.name)
            return prospect.name
        if role == Qt.ItemDataRole.ForegroundRole and prospect.fixed_time is not None:
            return QBrush(QColor("#b71c1c"))
        if role == ID_ROLE:
            return prospect.id
        return None
