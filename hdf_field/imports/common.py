"""Plumbing every importer shares: the transaction of one file and its reject file, the
accounting of malformed rows, progress and cancellation."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection

from hdf_field.domain.errors import HdfFieldError
from hdf_field.imports.limits import DEFAULT_LIMITS, ReadLimits
from hdf_field.imports.reading import Record
from hdf_field.imports.report import CancelCheck, ImportReport, ProgressCallback, RejectSink
from hdf_field.storage import search_index
from hdf_field.storage.database import Database

DEFAULT_BATCH = 5000
IMPORT_CACHE_KIB = 32768

T = TypeVar("T")


class ImportCancelled(HdfFieldError):
    """The person cancelled: the transaction was rolled back, nothing was written."""


@contextmanager
def file_transaction(
    db: Database, report: ImportReport, *, bulk: bool = False
) -> Iterator[Connection]:
    """One transaction per imported file: it is all in, or (on error or cancel) all out.

    A failure half-way never leaves half a file behind: the connection's transaction is
    rolled back and the exception goes on to the caller. ``bulk`` (register stocks) pauses the
    search index's row triggers and rebuilds the index once before committing: row by row it
    costs about a millisecond per organisation, which would dominate a 600,000-row import.
    """
    started = time.perf_counter()
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A bounded page cache large enough for the organisation table's indexes: random
            # SIRETs and UUIDs otherwise evict index pages at every batch.
            conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
            conn.commit()
        trans = conn.begin()
        try:
            if bulk:
                search_index.drop_triggers(conn)
            yield conn
            if bulk:
                search_index.install(conn)
        except BaseException:
            trans.rollback()
            raise
        else:
            trans.commit()
        finally:
            report.elapsed = time.perf_counter() - started
            if sqlite:
                conn.exec_driver_sql("PRAGMA cache_size=-2000")
                conn.commit()


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
) -> Iterator[tuple[RejectSink, Connection]]:
    """The reject file and the transaction of one import, which stand or fall together.

    On any failure or cancel the transaction rolls back (see :func:`file_transaction`) and
    the reject file goes too: it would describe rows of an import that did not happen.
    """
    try:
        with (
            RejectSink(report, input_name, reject_path, limits=limits) as rejects,
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


class Ticker:
    """Reports progress and honours cancellation between batches."""

    def __init__(
        self,
        progress: ProgressCallback | None,
        cancel: CancelCheck | None,
        total: Callable[[], int],
    ) -> None:
        self._progress = progress
        self._cancel = cancel
        self._total = total

    def tick(self, done: int) -> None:
        if self._cancel is not None and self._cancel():
            raise ImportCancelled("import cancelled: nothing was written")
        if self._progress is not None:
            self._progress(done, self._total())

    def paced(self, items: Iterable[T], position: Callable[[], int], every: int) -> Iterator[T]:
        """``items`` unchanged, ticking at ``position()`` every ``every`` of them: often enough
        for a responsive cancel, rarely enough not to cost anything per row."""
        for n, item in enumerate(items, start=1):
            if n % every == 0:
                self.tick(position())
            yield item
