"""A table model that holds ids plus a window of frozen rows, and fetches pages on demand.

Under load a first page can take more than 100 ms on 100,000 organisations, so with a
:class:`TaskRunner` every page and the total count are read on the database thread: the table
keeps showing the previous result until the new one arrives and is swapped in whole (one model
reset). Later pages come through ``fetchMore`` as the view scrolls. Rows that fall out of the
window are re-read by id (a primary-key read of one page) when they scroll back into view.
Without a runner (scripts, model tests) the same reads happen synchronously.

The GUI never waits on a stale query (issue 15). A new keystroke, filter or sort interrupts
the previous query's reads still running or queued (an :class:`Interrupter` stops the SQLite
statement mid-way) and their results are dropped, so the new first page starts at once. The
count (capped at ``COUNT_CAP``, up to ~0.7 s on 1,000,000 organisations) comes after the page
and never holds one back: a page asked for while it runs (a scroll, a row re-read) interrupts
it, goes first, and the count starts again behind it. ``countChanged(-1)`` says "counting".
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from hdf_field.domain.enums import FunnelStatus
from hdf_field.domain.progress import Cancelled
from hdf_field.services.database import Database
from hdf_field.services.prospect_reads import (
    Interrupter,
    read_prospect_count,
    read_prospect_page,
    read_prospect_rows,
)
from hdf_field.services.prospects import COUNT_CAP, PAGE_SIZE, ProspectFilter, ProspectRow
from hdf_field.ui.common import STATUS_COLOURS, format_date, priority_label, status_label
from hdf_field.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

T = TypeVar("T")

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
    loadingChanged = Signal(bool)  # True while a new query's first page is being read
    loadFailed = Signal(str)

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
        self._fetching = False
        self._reading_pages: set[int] = set()  # evicted pages being re-read
        # The current query's page reads, and its count while it is not in: cancelled when
        # they go stale (a new query) or, for the count, when a page must go first.
        self._interrupter = Interrupter()
        self._count_interrupter: Interrupter | None = None
        self.loading = False
        self.total: int | None = None

    # --- queries ----------------------------------------------------------------------------

    @property
    def current_filter(self) -> ProspectFilter:
        return self._filter

    def set_filter(self, flt: ProspectFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Start reading the current query; the rows shown change only when its page is in.
        The previous query's reads still running or queued are interrupted."""
        self._generation += 1
        generation = self._generation
        query = (self._filter, self._sort, self._descending)
        self._interrupter.cancel()
        if self._count_interrupter is not None:
            self._count_interrupter.cancel()
            self._count_interrupter = None
        self._interrupter = interrupter = Interrupter()
        if self._runner is None:
            self._reset(self._read_page(query, 0))
            self._count()
            return

        def work() -> list[ProspectRow] | None:
            if generation != self._generation:  # the user typed on: nobody wants this page
                return None
            return self._read_page(query, 0, interrupter)

        def done(rows: list[ProspectRow] | None) -> None:
            if rows is not None and generation == self._generation:
                self._reset(rows)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and not isinstance(exc, Cancelled):
                log.error("prospect query failed", exc_info=exc)
                self._set_loading(False)
                self.loadFailed.emit(str(exc))

        self._set_loading(True)
        self._runner.run(work, done, failed)
        self._count()

    def _read_page(
        self,
        query: tuple[ProspectFilter, str, bool],
        offset: int,
        interrupter: Interrupter | None = None,
    ) -> list[ProspectRow]:
        flt, sort, descending = query
        return read_prospect_page(
            self._db,
            flt,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=PAGE_SIZE,
            interrupter=interrupter,
        )

    def _reset(self, rows: list[ProspectRow]) -> None:
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._pages.clear()
        self._reading_pages.clear()
        self._fetching = False
        self._exhausted = len(rows) < PAGE_SIZE
        if rows:
            self._store_page(0, rows)
        self.endResetModel()
        self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loadingChanged.emit(loading)

    def _append(self, offset: int, rows: list[ProspectRow]) -> None:
        self._fetching = False
        if offset != len(self._ids):  # the list changed under this page: ask again later
            return
        if len(rows) < PAGE_SIZE:
            self._exhausted = True
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._ids.extend(r.id for r in rows)
        self._store_page(offset // PAGE_SIZE, rows)
        self.endInsertRows()

    def _fetch_next_page(self) -> None:
        generation = self._generation
        offset = len(self._ids)
        query = (self._filter, self._sort, self._descending)
        if self._runner is None:
            self._append(offset, self._read_page(query, offset))
            return

        interrupter = self._interrupter

        def work() -> list[ProspectRow] | None:
            if generation != self._generation:
                return None
            return self._read_page(query, offset, interrupter)

        def done(rows: list[ProspectRow] | None) -> None:
            if generation == self._generation:
                if rows is None:
                    self._fetching = False
                else:
                    self._append(offset, rows)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._fetching = False
                if not isinstance(exc, Cancelled):
                    log.error("prospect page failed", exc_info=exc)

        self._fetching = True
        self._run_before_count(work, done, failed)

    def _store_page(self, page: int, rows: list[ProspectRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _count(self) -> None:
        self.total = None
        self.countChanged.emit(-1)
        self._start_count()

    def _start_count(self) -> None:
        """Count the current query's matches after whatever is queued; the label says
        "counting" meanwhile (countChanged(-1), emitted by the caller)."""
        generation = self._generation
        flt = self._filter
        interrupter = Interrupter()
        self._count_interrupter = interrupter

        def work() -> int | None:
            if generation != self._generation:
                return None
            return read_prospect_count(self._db, flt, cap=COUNT_CAP, interrupter=interrupter)

        def done(n: int | None) -> None:
            if n is not None and interrupter is self._count_interrupter:
                self._count_interrupter = None
                self.total = n
                self.countChanged.emit(n)

        def failed(exc: BaseException) -> None:
            # Cancelled: stale, or restarted behind a page (another count is on its way).
            if interrupter is self._count_interrupter and not isinstance(exc, Cancelled):
                self._count_interrupter = None
                log.error("prospect count failed", exc_info=exc)

        if self._runner is None:
            done(work())
        else:
            self._runner.run(work, done, failed)

    def _run_before_count(
        self,
        work: Callable[[], T],
        done: Callable[[T], object],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run a read of the current query on the database thread ahead of its count: a
        count in progress (up to ~0.7 s on 1,000,000 organisations) is interrupted and
        starts again behind the read, so a scroll never waits on it."""
        assert self._runner is not None
        count = self._count_interrupter
        if count is not None:
            count.cancel()
        self._runner.run(work, done, failed)
        if count is not None:
            self._start_count()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch_next_page()

    def row_at(self, row: int) -> ProspectRow | None:
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            if self._runner is not None:  # read on the database thread; blank until then
                self._read_evicted_page(page, ids)
                return None
            rows = _in_order(ids, read_prospect_rows(self._db, ids))
            self._store_page(page, rows)
        elif page != next(reversed(self._pages)):
            self._pages.move_to_end(page)
        return rows[row - page * PAGE_SIZE]

    def _read_evicted_page(self, page: int, ids: list[str]) -> None:
        """A page that left the window and scrolled back: re-read by id off the GUI thread,
        then its rows repainted (dropped if the list changed meanwhile)."""
        if page in self._reading_pages:
            return
        self._reading_pages.add(page)
        generation, db = self._generation, self._db

        def done(found: dict[str, ProspectRow]) -> None:
            self._reading_pages.discard(page)
            first = page * PAGE_SIZE
            if generation != self._generation or self._ids[first : first + len(ids)] != ids:
                return
            self._store_page(page, _in_order(ids, found))
            self.dataChanged.emit(
                self.index(first, 0), self.index(first + len(ids) - 1, len(COLUMNS) - 1)
            )

        def failed(exc: BaseException) -> None:
            self._reading_pages.discard(page)
            log.error("prospect rows could not be re-read", exc_info=exc)

        self._run_before_count(lambda: read_prospect_rows(db, ids), done, failed)

    def column_texts(self, column: int, rows: int) -> list[str]:
        """The text shown in ``column`` on the first ``rows`` rows, without going through
        ``data()`` for each cell: the Prospects screen measures columns with it."""
        if not 0 <= column < len(COLUMNS):
            return []
        key = COLUMNS[column][0]
        found = (self.row_at(r) for r in range(min(rows, len(self._ids))))
        return [self._display(row, key) for row in found if row is not None]

    def row_of(self, org_id: str) -> int:
        try:
            return self._ids.index(org_id)
        except ValueError:
            return -1

    def refresh_ids(self, ids: list[str]) -> None:
        """Re-read rows changed elsewhere (an edit, a logged visit) without a reset; on the
        database thread when there is a runner (the GUI thread never waits on SQLite)."""
        ids = list(ids)
        if self._runner is None:
            self._show_fresh(read_prospect_rows(self._db, ids))
            return
        db = self._db
        self._run_before_count(
            lambda: read_prospect_rows(db, ids),
            self._show_fresh,
            lambda exc: log.error("prospect rows could not be refreshed", exc_info=exc),
        )

    def _show_fresh(self, found: dict[str, ProspectRow]) -> None:
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
            self.tr("Chargé de mission"),
            self.tr("Visité le"),
            self.tr("Relance"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting a screenful asks every cell for about eight roles: the ones never served
        # (decoration, check state, background...) cost nothing, the rest no allocation.
        if role not in _SERVED_ROLES or not index.isValid() or index.row() >= len(self._ids):
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
            return _status_brush(row.status)
        if role == Qt.ItemDataRole.FontRole and key == "name":
            return _bold_font()
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


_SERVED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        ID_ROLE,
        ROW_ROLE,
    }
)


@cache
def _status_brush(status: FunnelStatus) -> QBrush:
    return QBrush(QColor(STATUS_COLOURS[status]))


@cache
def _bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _gone(org_id: str) -> ProspectRow:
    from hdf_field.domain.enums import OrgKind

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


def _in_order(ids: list[str], found: dict[str, ProspectRow]) -> list[ProspectRow]:
    """The page's rows in the table's order; a row deleted meanwhile keeps its place."""
    return [found.get(i) or _gone(i) for i in ids]
