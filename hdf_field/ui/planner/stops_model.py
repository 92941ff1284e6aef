"""The day's stops as a table model: reorder by drag and drop, lock, retime at once.

Rows are the visits in the order the officer will make them. Every change of order or lock
retimes the day with :func:`hdf_field.planning.manual.retime` (a few milliseconds: the travel
model is a formula), so arrival times and broken rules are always those of what is shown.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from hdf_field.services.day_fill import SUGGESTED
from hdf_field.services.day_planner import (
    Issue,
    ManualDay,
    OfficerSpec,
    PlannedStop,
    Prospect,
    Unserved,
    retime,
)

ROW_MIME = "application/x-hdf-field-planner-rows"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ISSUES_ROLE = Qt.ItemDataRole.UserRole + 2

COL_ORDER, COL_ARRIVAL, COL_NAME, COL_ADDRESS, COL_WAIT, COL_LOCK = range(6)
VIOLATION = QColor("#c62828")
VIOLATION_BG = QColor("#fdecea")
LOCKED_BG = QColor("#eef4fb")

Index = QModelIndex | QPersistentModelIndex


def _suggested(visit: Prospect) -> bool:
    return visit.purpose is not None and visit.purpose.startswith(SUGGESTED)


class StopsModel(QAbstractTableModel):
    """Visits of one officer's day; ``retimed`` fires after every recomputation."""

    retimed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._visits: list[Prospect] = []
        self._officer: OfficerSpec | None = None
        self._day: date | None = None
        self._manual: ManualDay | None = None
        self._stops: dict[str, PlannedStop] = {}
        self._left_out: dict[str, Unserved] = {}

    # -- content ---------------------------------------------------------------------------
    def set_day(self, officer: OfficerSpec | None, day: date, visits: Sequence[Prospect]) -> None:
        self.beginResetModel()
        self._officer = officer
        self._day = day
        self._visits = list(visits)
        self._recompute()
        self.endResetModel()
        self.retimed.emit()

    @property
    def officer(self) -> OfficerSpec | None:
        return self._officer

    @property
    def day(self) -> date | None:
        return self._day

    def visits(self) -> list[Prospect]:
        return list(self._visits)

    def ids(self) -> list[str]:
        return [v.id for v in self._visits]

    @property
    def manual(self) -> ManualDay | None:
        return self._manual

    def issues_at(self, row: int) -> tuple[Issue, ...]:
        if self._manual is None:
            return ()
        visit = self._visits[row]
        found = self._manual.issues.get(visit.id, ())
        if visit.id in self._left_out:
            found = (*found, Issue("left_out", self._left_out[visit.id].reason))
        return found

    def append(self, visits: Sequence[Prospect]) -> int:
        """Add visits not already in the day, at its end; returns how many were added."""
        known = set(self.ids())
        new = [v for v in visits if v.id not in known and not known.add(v.id)]  # type: ignore[func-returns-value]
        if not new:
            return 0
        first = len(self._visits)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._visits.extend(new)
        self.endInsertRows()
        self._retime()
        return len(new)

    def remove_rows(self, rows: Sequence[int]) -> list[Prospect]:
        """Take visits out of the day (not ``removeRows``: a drag must never delete)."""
        removed: list[Prospect] = []
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._visits):
                self.beginRemoveRows(QModelIndex(), row, row)
                removed.append(self._visits.pop(row))
                self.endRemoveRows()
        if removed:
            self._retime()
        return removed[::-1]

    def set_locked(self, row: int, locked: bool) -> bool:
        """Locking pins the visit at its current start time: the optimiser treats it as a
        fixed appointment and keeps it there."""
        visit = self._visits[row]
        if locked == (visit.fixed_time is not None):
            return True
        if locked:
            stop = self._stops.get(visit.id)
            if stop is None:
                return False
            self._visits[row] = replace(visit, fixed_time=stop.start)
        else:
            self._visits[row] = replace(visit, fixed_time=None, fixed_officer_id=None)
        self._retime()
        return True

    def is_locked(self, row: int) -> bool:
        return self._visits[row].fixed_time is not None

    def move(self, source: int, destination: int) -> bool:
        """Move one row so it ends up *before* the row now at ``destination``."""
        return self.moveRows(QModelIndex(), source, 1, QModelIndex(), destination)

    # -- recomputation ---------------------------------------------------------------------
    def _recompute(self) -> None:
        if self._officer is None or self._day is None:
            self._manual, self._stops, self._left_out = None, {}, {}
            return
        self._manual = retime(self._officer, self._day, self._visits)
        self._stops = {s.organisation_id: s for s in self._manual.plan.stops}
        self._left_out = {u.organisation_id: u for u in self._manual.plan.unserved}

    def _retime(self) -> None:
        self._recompute()
        if self._visits:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._visits) - 1, len(self.headers()) - 1)
            )
        self.retimed.emit()

    # -- Qt model --------------------------------------------------------------------------
    def headers(self) -> list[str]:
        return [
            self.tr("N°"),
            self.tr("Heure"),
            self.tr("Organisation"),
            self.tr("Adresse"),
            self.tr("Attente"),
            self.tr("Verrou"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visits):
            return None
        row, col = index.row(), index.column()
        visit = self._visits[row]
        stop = self._stops.get(visit.id)
        issues = self.issues_at(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col, visit, stop)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_LOCK:
            locked = visit.fixed_time is not None
            return Qt.CheckState.Checked if locked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if issues:
                return "\n".join(f"⚠ {i.message}" for i in issues)
            if col == COL_LOCK:
                return self.tr("Verrouillée : l'optimisation garde cette visite à cette heure")
            if col in (COL_ARRIVAL, COL_WAIT) and stop is not None and stop.wait_min >= 1:
                return self.tr("Arrivée à {arrival}, début à {start}").format(
                    arrival=f"{stop.arrival:%H:%M}", start=f"{stop.start:%H:%M}"
                )
            if col == COL_NAME and visit.purpose:
                return visit.purpose  # why it is here: a suggestion says so
            return visit.address or None
        if role == Qt.ItemDataRole.FontRole and col == COL_NAME and _suggested(visit):
            font = QFont()
            font.setItalic(True)  # proposed by Optimiser to fill free time, not chosen yet
            return font
        if role == Qt.ItemDataRole.ForegroundRole and issues and col in (COL_ARRIVAL, COL_NAME):
            return QBrush(VIOLATION)
        if role == Qt.ItemDataRole.BackgroundRole:
            if issues:
                return QBrush(VIOLATION_BG)
            if visit.fixed_time is not None:
                return QBrush(LOCKED_BG)
        if role == Qt.ItemDataRole.FontRole and col in (COL_ORDER, COL_ARRIVAL):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ORDER, COL_ARRIVAL, COL_WAIT):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ID_ROLE:
            return visit.id
        if role == ISSUES_ROLE:
            return [i.message for i in issues]
        return None

    def _display(self, row: int, col: int, visit: Prospect, stop: PlannedStop | None) -> Any:
        if col == COL_ORDER:
            return str(row + 1)
        if col == COL_ARRIVAL:
            if stop is None:
                return "—"
            # the visit's start, as the Semaine tab and the printed sheet show it: a locked
            # 09:00 appointment reads 09:00 everywhere, whatever time the officer gets there
            text = f"{stop.start:%H:%M}"
            if self.issues_at(row):
                text = "⚠ " + text
            return text
        if col == COL_NAME:
            return visit.name
        if col == COL_ADDRESS:
            return visit.address
        if col == COL_WAIT:
            if stop is None or stop.wait_min < 1:
                return ""
            minutes = round(stop.wait_min)
            if minutes < 60:
                return self.tr("%n min", "", minutes)
            return self.tr("{h} h {m:02d}").format(h=minutes // 60, m=minutes % 60)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != COL_LOCK
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        return self.set_locked(index.row(), state == Qt.CheckState.Checked.value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        base |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == COL_LOCK:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    # -- drag and drop ---------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(ROW_MIME, QByteArray(json.dumps(rows).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(ROW_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            rows = [int(r) for r in json.loads(bytes(data.data(ROW_MIME).data()).decode())]
        except (ValueError, TypeError):
            return False
        n = len(self._visits)
        rows = sorted({r for r in rows if 0 <= r < n})
        if not rows:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else n
        dragged = [self._visits[r].id for r in rows]
        # Each dragged visit goes just before the first visit at or after ``row`` that is not
        # being dragged (the end of the day if none), so the dragged ones keep their order.
        anchor = next((self._visits[r].id for r in range(row, n) if r not in rows), None)
        moved = False
        for visit_id in dragged:
            ids = self.ids()
            source = ids.index(visit_id)
            target = ids.index(anchor) if anchor is not None else n
            if self.moveRows(QModelIndex(), source, 1, QModelIndex(), target):
                moved = True
        # Only our own removeRows() could delete the source rows afterwards, and there is none:
        # returning True is safe for QAbstractItemView's "move" clean-up.
        return moved

    def moveRows(
        self,
        sourceParent: Index,
        sourceRow: int,
        count: int,
        destinationParent: Index,
        destinationChild: int,
    ) -> bool:
        n = len(self._visits)
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        if sourceRow < 0 or sourceRow + count > n or not 0 <= destinationChild <= n:
            return False
        if sourceRow <= destinationChild <= sourceRow + count:
            return False  # onto itself
        if not self.beginMoveRows(
            QModelIndex(), sourceRow, sourceRow + count - 1, QModelIndex(), destinationChild
        ):
            return False
        block = self._visits[sourceRow : sourceRow + count]
        del self._visits[sourceRow : sourceRow + count]
        at = destinationChild - count if destinationChild > sourceRow else destinationChild
        self._visits[at:at] = block
        self.endMoveRows()
        self._retime()
        return True
