"""A table model that holds ids plus a window of frozen rows, and fetches pages on demand.

The first page of a query is read synchronously (measured: benchmarks/prospect_search.py,
tens of milliseconds on 100,000 organisations); later pages come through ``fetchMore`` as the
view scrolls; the total count, which can cost more, is computed on the worker thread.
Rows that fall out of the window are re-read by id when they scroll back into view.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from hdf_field.services.prospects import (
    PAGE_SIZE,
    ProspectFilter,
    ProspectRow,
    count_prospects,
    prospect_rows,
    search_prospects,
)
from hdf_field.storage.database import Database
from hdf_field.ui.common import STATUS_COLOURS, format_date, priority_label, status_label
from hdf_field.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex

# (key, sort key or None when the column is not sortable server-side)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("name", "name"),
    ("city", "city"),
    ("departement", "departement"),
    ("naf", "naf"),
    ("status", "status"),
    ("priority", "priority"),
    ("officer", "officer"),
    ("last_visit", None),
    ("next_follow_up", None),
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_CACHED_PAGES = 20


class ProspectTableModel(QAbstractTableModel):
    countChanged = Signal(int)  # -1 while counting

    def __init__(self, db: Database, runner: TaskRunner | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._filter = ProspectFilter()
        self._sort = "name"
        self._descending = False
        self._ids: list[str] = []
        self._pages: OrderedDict[int, list[ProspectRow]] = OrderedDict()
        self._exhausted = True
        self._generation = 0
        self.total: int | None = None

    # --- queries ----------------------------------------------------------------------------

    @property
    def current_filter(self) -> ProspectFilter:
        return self._filter

    def set_filter(self, flt: ProspectFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._ids = []
        self._pages.clear()
        self._exhausted = False
        self._load_next_page(notify=False)
        self.endResetModel()
        self._count()

    def _load_next_page(self, *, notify: bool) -> None:
        offset = len(self._ids)
        with self._db.session() as s:
            rows = search_prospects(
                s,
                self._filter,
                sort=self._sort,
                descending=self._descending,
                offset=offset,
                limit=PAGE_SIZE,
            )
        if len(rows) < PAGE_SIZE:
            self._exhausted = True
        if not rows:
            return
        if notify:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._ids.extend(r.id for r in rows)
        self._store_page(offset // PAGE_SIZE, rows)
        if notify:
            self.endInsertRows()

    def _store_page(self, page: int, rows: list[ProspectRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _count(self) -> None:
        generation = self._generation
        flt = self._filter
        self.total = None
        self.countChanged.emit(-1)

        def work() -> int:
            with self._db.session() as s:
                return count_prospects(s, flt)

        def done(n: int) -> None:
            if generation == self._generation:
                self.total = n
                self.countChanged.emit(n)

        if self._runner is None:
            done(work())
        else:
            self._runner.run(work, done, lambda _exc: None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid() and not self._exhausted:
            self._load_next_page(notify=True)

    def row_at(self, row: int) -> ProspectRow | None:
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            with self._db.session() as s:
                found = prospect_rows(s, ids)
            rows = [found[i] for i in ids if i in found]
            if len(rows) != len(ids):  # deleted meanwhile: keep positions stable
                rows = [found.get(i) or _gone(i) for i in ids]
            self._store_page(page, rows)
        else:
            self._pages.move_to_end(page)
        return rows[row - page * PAGE_SIZE]

    def row_of(self, org_id: str) -> int:
        try:
            return self._ids.index(org_id)
        except ValueError:
            return -1

    def refresh_ids(self, ids: list[str]) -> None:
        """Re-read rows changed elsewhere (an edit, a logged visit) without a reset."""
        with self._db.session() as s:
            found = prospect_rows(s, ids)
        for org_id, fresh in found.items():
            row = self.row_of(org_id)
            if row < 0:
                continue
            page = row // PAGE_SIZE
            if page in self._pages:
                self._pages[page][row - page * PAGE_SIZE] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        return None

    def _headers(self) -> list[str]:
        return [
            self.tr("Nom"),
            self.tr("Commune"),
            self.tr("Dépt"),
            self.tr("NAF"),
            self.tr("Statut"),
            self.tr("Priorité"),
            self.tr("Chargé"),
            self.tr("Visité le"),
            self.tr("Relance"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "name":
                return "\n".join(x for x in (row.name, row.trade_name, row.siret) if x)
            if key == "naf":
                return row.naf_label
            return self._display(row, key) or None
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QBrush(QColor(STATUS_COLOURS[row.status]))
        if role == Qt.ItemDataRole.FontRole and key == "name":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("departement", "priority"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: ProspectRow, key: str) -> str:
        if key == "name":
            return f"{row.name} ({row.trade_name})" if row.trade_name else row.name
        if key == "city":
            return row.city or ""
        if key == "departement":
            return row.departement or ""
        if key == "naf":
            return row.naf_code or ""
        if key == "status":
            return status_label(row.status)
        if key == "priority":
            return priority_label(row.priority)
        if key == "officer":
            return row.officer_name or ""
        if key == "last_visit":
            return format_date(row.last_visit)
        if key == "next_follow_up":
            return format_date(row.next_follow_up)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][1]
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    @property
    def sort_key(self) -> str:
        return self._sort


def _gone(org_id: str) -> ProspectRow:
    from hdf_field.domain.enums import FunnelStatus, OrgKind

    blank = ProspectRow(
        id=org_id,
        rowid=0,
        name="—",
        trade_name=None,
        kind=OrgKind.FIRM,
        siret=None,
        postal_code=None,
        city=None,
        departement=None,
        naf_code=None,
        naf_label=None,
        status=FunnelStatus.IDENTIFIED,
        priority=0,
        officer_name=None,
        lat=None,
        lon=None,
    )
    return replace(blank)
