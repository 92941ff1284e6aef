"""Plumbing every importer shares: the transaction of one file, progress and cancellation."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection

from hdf_field.domain.errors import HdfFieldError
from hdf_field.imports.report import CancelCheck, ImportReport, ProgressCallback
from hdf_field.storage.database import Database

DEFAULT_BATCH = 5000
IMPORT_CACHE_KIB = 32768


class ImportCancelled(HdfFieldError):
    """The person cancelled: the transaction was rolled back, nothing was written."""


@contextmanager
def file_transaction(db: Database, report: ImportReport) -> Iterator[Connection]:
    """One transaction per imported file: it is all in, or (on error or cancel) all out.

    A failure half-way never leaves half a file behind: the connection's transaction is
    rolled back and the exception goes on to the caller.
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
            yield conn
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
