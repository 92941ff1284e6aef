"""Plumbing every importer shares: the write transactions of one file (committed in time
slices so that other programs can write between them) and its reject file, the accounting
of malformed rows, progress and cancellation."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from hdf_field.domain.progress import CancelToken, Progress, report
from hdf_field.imports.limits import DEFAULT_LIMITS, ReadLimits
from hdf_field.imports.reading import Record
from hdf_field.imports.report import ImportReport, RejectSink
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from hdf_field.storage.import_writer import (
    Connection,
    import_page_cache_kib,
    is_sqlite,
    page_cache_setting,
    restore_page_cache,
    set_page_cache,
)

DEFAULT_BATCH = 5000
IMPORT_CACHE_KIB = 32768

T = TypeVar("T")


# An import's write transaction is committed once it has lasted this long (checked between
# batches of DEFAULT_BATCH rows), then the import pauses YIELD_S so that a program waiting for
# the write lock (an officer's edit, a sync) takes it: SQLite's busy handler polls at least
# every 100 ms, so a pause longer than that always lets the waiter in. An edit made during
# an import therefore waits about one slice plus one batch, far below BUSY_TIMEOUT_S.
COMMIT_SLICE_S = 1.0
YIELD_S = 0.12
# A register import that has written this many sort rows (new or changed organisations),
# and at least a quarter of what the sort table held when it started, stops maintaining the
# sort-key indexes row by row and builds them once at the end (see
# search_index.drop_sort_key_indexes): building them costs about a tenth of maintaining them.
DEFER_SORT_INDEXES_ROWS = 20_000
_SLICES_KEY = "hdf_import_slices"
_COMMITTED_ATTR = "hdf_import_committed"
_COUNTS = (
    "read",
    "created",
    "updated",
    "skipped",
    "rejected",
    "changed",
    "duplicates",
    "closed_unknown",
    "ignored",
)


class Slices:
    """The successive write transactions of one import on one connection.

    Each slice is all in or all out: its rows, their outbox entries and their search-index
    rows commit together. Between slices the write lock is released for :data:`YIELD_S`.
    ``committed`` is the report as it stood at the last commit: what is really in the
    database when an import is interrupted.
    """

    def __init__(
        self,
        conn: Connection,
        report: ImportReport,
        *,
        bulk: bool,
        slice_s: float | None = None,
        yield_s: float | None = None,
    ) -> None:
        self.conn = conn
        self.report = report
        self.bulk = bulk and is_sqlite(conn)
        self.slice_s = COMMIT_SLICE_S if slice_s is None else slice_s
        self.yield_s = YIELD_S if yield_s is None else yield_s
        self.commits = 0
        self.committed = ImportReport(source=report.source)
        self._trans: Any = None
        self._started = 0.0
        self._touched: dict[str, set[Any]] = {}
        self._dirty = False
        self._sort_rows_before: int | None = None
        self._sort_written = 0
        # planner statistics of the sort-key indexes while they are dropped (None: in place)
        self._deferred: list[search_index.StatRow] | None = None

    def begin(self) -> None:
        self._trans = self.conn.begin()
        self._started = time.perf_counter()
        if self.bulk:
            # Row-by-row index triggers cost about 1 ms per organisation; within a slice
            # they are off and the slice's organisations are re-indexed before its commit,
            # so no committed state ever lacks its triggers or index rows.
            search_index.drop_triggers(self.conn)
            if self._sort_rows_before is None:
                self._sort_rows_before = search_index.sort_rows_estimate(self.conn)

    def touched(self, column: str, keys: Iterable[Any]) -> None:
        """Organisations written in this slice (``keys`` as the database stores them)."""
        self._dirty = True
        if self.bulk:
            self._touched.setdefault(column, set()).update(keys)

    def checkpoint(self) -> None:
        """Between two batches: commit and yield if this slice has lasted long enough (and
        wrote something)."""
        if self._dirty and time.perf_counter() - self._started >= self.slice_s:
            self.commit()
            time.sleep(self.yield_s)
            self.begin()

    def commit(self) -> None:
        if self.bulk:
            if self._deferred is None and self._sort_written >= max(
                DEFER_SORT_INDEXES_ROWS, (self._sort_rows_before or 0) // 4
            ):
                # committed with this slice: every committed state has a complete sort table
                self._deferred = search_index.drop_sort_key_indexes(self.conn)
            for column, keys in self._touched.items():
                self._sort_written += search_index.reindex_by(self.conn, column, sorted(keys))
            self._touched = {}
            search_index.create_triggers(self.conn)
        self._trans.commit()
        self._dirty = False
        self.commits += 1
        for name in _COUNTS:
            setattr(self.committed, name, getattr(self.report, name))

    def rollback(self) -> None:
        self._touched = {}
        self._dirty = False
        self._trans.rollback()

    def finish(self) -> None:
        """After the last commit, or the rollback of a cancelled or failed import: build the
        sort-key indexes again if they were deferred (a process killed before this leaves
        them missing; ``search_index.ensure_search_index`` builds them at the next start)."""
        if self._deferred is None:
            return
        stats, self._deferred = self._deferred, None
        # one transaction per index (a second or two each at 1,000,000 organisations), the
        # write lock released between them as between slices
        for n, name in enumerate(search_index.SORT_KEY_INDEXES):
            if n:
                time.sleep(self.yield_s)
            with self.conn.begin():
                search_index.restore_sort_key_indexes(self.conn, stats, only=name)


def slices_of(conn: Connection) -> Slices | None:
    """The slices of the import running on ``conn`` (None outside an import)."""
    found = conn.info.get(_SLICES_KEY)
    return found if isinstance(found, Slices) else None


def committed_part(exc: BaseException) -> ImportReport | None:
    """For an import that failed or was cancelled after committing some slices: the report
    of what is in the database (None when nothing was committed)."""
    found = getattr(exc, _COMMITTED_ATTR, None)
    return found if isinstance(found, ImportReport) else None


@contextmanager
def file_transaction(
    db: Database, report: ImportReport, *, bulk: bool = False
) -> Iterator[Connection]:
    """The write transactions of one imported file, committed in slices (see :class:`Slices`).

    A failure or a cancel rolls back the slice being written and goes on to the caller;
    slices already committed stay, and the exception carries their report (see
    :func:`committed_part`). ``bulk`` (register stocks) re-indexes each slice's
    organisations in one pass instead of maintaining the search index row by row.
    """
    from hdf_field.storage.database import WRITE_OPTION

    started = time.perf_counter()
    with db.engine.connect() as conn:
        sqlite = is_sqlite(conn)
        cache_before = 0
        if sqlite:
            # A bounded page cache large enough for the organisation table's indexes: random
            # SIRETs and UUIDs otherwise evict index pages at every batch. Never smaller than
            # the connection's own, which it gets back afterwards.
            cache_before = page_cache_setting(conn)
            set_page_cache(conn, import_page_cache_kib(conn, cache_before, IMPORT_CACHE_KIB))
        conn.execution_options(**{WRITE_OPTION: True})
        slices = Slices(conn, report, bulk=bulk)
        conn.info[_SLICES_KEY] = slices
        try:
            slices.begin()
            try:
                yield conn
                slices.commit()  # a full disk may strike here too: same handling
                slices.finish()
            except BaseException as exc:
                with suppress(Exception):  # the connection itself may be what failed
                    slices.rollback()
                with suppress(Exception):
                    slices.finish()
                if slices.commits:
                    setattr(exc, _COMMITTED_ATTR, slices.committed)
                raise
        finally:
            conn.info.pop(_SLICES_KEY, None)
            report.elapsed = time.perf_counter() - started
            if sqlite:
                conn.execution_options(**{WRITE_OPTION: False})
                restore_page_cache(conn, cache_before)


def forget_reject_file(report: ImportReport) -> None:
    """After a rollback the reject file describes an import that did not happen."""
    if report.reject_file is not None:
        Path(report.reject_file).unlink(missing_ok=True)
        report.reject_file = None


@contextmanager
def import_transaction(
    db: Database,
    report: ImportReport,
    input_name: str,
    reject_path: Path,
    *,
    bulk: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
    lang: str = "fr",
) -> Iterator[tuple[RejectSink, Connection]]:
    """The reject file and the transactions of one import.

    On any failure or cancel the slice being written rolls back (see
    :func:`file_transaction`) and the reject file goes: the import is to be run again, which
    writes it anew for the whole file.
    """
    try:
        with (
            RejectSink(report, input_name, reject_path, limits=limits, lang=lang) as rejects,
            file_transaction(db, report, bulk=bulk) as conn,
        ):
            yield rejects, conn
    except BaseException:
        forget_reject_file(report)
        raise


def well_formed(
    records: Iterable[Record],
    width: int,
    report: ImportReport,
    rejects: RejectSink,
    *,
    file: str | None = None,
    extra_columns: bool = False,
) -> Iterator[Record]:
    """Records of a file whose rows count as read, each counted once; a record the CSV layer
    could not split, or with fewer columns than the header (or more, unless ``extra_columns``),
    is rejected here with its line, so importers only see rows they can index by column."""
    for rec in records:
        report.read += 1
        if rec.error is not None:
            rejects.reject(rec.line, rec.error, rec.raw, file)
            continue
        found = len(rec.fields)
        if found < width or (found > width and not extra_columns):
            rejects.reject(rec.line, f"expected {width} columns, found {found}", rec.raw, file)
            continue
        yield rec


CANCELLED = "import cancelled: the batches already saved stay; run the import again to complete it"


class Ticker:
    """Reports progress (bytes of the input read) and honours cancellation between batches.

    A cancel raises :class:`~hdf_field.domain.progress.Cancelled`: the slice being written
    rolls back, slices already committed stay (an import upserts by key, so running it
    again completes it)."""

    def __init__(
        self,
        progress: Progress | None,
        cancel: CancelToken | None,
        total: Callable[[], int],
    ) -> None:
        self._progress = progress
        self._cancel = cancel
        self._total = total
        self._done = 0

    def tick(self, done: int) -> None:
        if self._cancel is not None:
            self._cancel.raise_if_cancelled(CANCELLED)
        self._done = max(self._done, done)  # never backwards, whatever a reader reports
        total = self._total()
        report(self._progress, self._done, max(total, self._done) if total > 0 else None)

    def finish(self) -> None:
        """The last update: all of the input read, ``done == total``."""
        total = max(self._total(), self._done)
        self._done = total
        report(self._progress, total, total)

    def paced(self, items: Iterable[T], position: Callable[[], int], every: int) -> Iterator[T]:
        """``items`` unchanged, ticking at ``position()`` every ``every`` of them: often enough
        for a responsive cancel, rarely enough not to cost anything per row."""
        for n, item in enumerate(items, start=1):
            if n % every == 0:
                self.tick(position())
            yield item
