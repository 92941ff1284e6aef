"""Stopping a read from another thread: a stale query must not hold up the next one.

The GUI runs its reads one at a time on one database thread. When the person types on, the
count still running for the previous keystroke (up to ~0.7 s on 1,000,000 organisations)
is useless, and the new keystroke's page would wait behind it. An :class:`Interrupter`
lets the GUI thread stop it: :meth:`Interrupter.cancel` calls ``sqlite3_interrupt`` on
the connection the read is using (the one SQLite call meant to be made from another
thread), the statement stops at its next step and the read raises
:class:`~hdf_field.domain.progress.Cancelled`; a read that starts after the cancel raises it
at once, without touching the database.

The connection is known to the interrupter only while the read runs, under a lock: the
interrupt can never reach the next job's statement on the same pooled connection. SQLite
forgets an interrupt that lands between two statements (it cannot tell it from one meant
for a statement already finished), so a progress handler, every ``CHECK_EVERY`` virtual
machine steps, stops a statement started after the cancel. Reads only: an interrupted write
would roll back its whole transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hdf_field.domain.progress import Cancelled
from hdf_field.storage.database import Database

# SQLite virtual machine steps between two looks at the cancel flag: well under a
# millisecond of work, and a Python call that costs about 1 % of a long count.
CHECK_EVERY = 10_000


class Interrupter:
    """Cancels, from any thread, the reads made under it (see :func:`interruptible_session`).

    One per piece of work that may go stale (a keystroke's page, its count); once cancelled
    it stays cancelled."""

    __slots__ = ("_cancelled", "_connection", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None  # the DB-API connection of the read in progress
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Stop the read in progress (if any) and any later one; callable from any thread."""
        with self._lock:
            self._cancelled = True
            if self._connection is not None:
                self._connection.interrupt()

    def _attach(self, connection: Any) -> None:
        with self._lock:
            if self._cancelled:
                raise Cancelled("interrupted")
            self._connection = connection

    def _stop_requested(self) -> int:
        """SQLite's progress handler: non-zero stops the statement (as an interrupt does)."""
        return 1 if self._cancelled else 0

    def _detach(self) -> None:
        with self._lock:
            self._connection = None


@contextmanager
def interruptible_session(db: Database, interrupter: Interrupter | None) -> Iterator[Session]:
    """A read session whose statements ``interrupter.cancel()`` stops (SQLite; elsewhere the
    cancel only prevents reads that have not started). Without an interrupter, a plain one."""
    with db.session() as session:
        if interrupter is None:
            yield session
            return
        driver: Any = None
        if session.get_bind().dialect.name == "sqlite":
            driver = session.connection().connection.driver_connection
        interrupter._attach(driver)
        if driver is not None:
            driver.set_progress_handler(interrupter._stop_requested, CHECK_EVERY)
        try:
            yield session
        except DBAPIError as exc:
            if interrupter.cancelled:
                raise Cancelled("interrupted") from exc
            raise
        finally:
            # Before the session ends its transaction: the ROLLBACK is never interrupted.
            interrupter._detach()
            if driver is not None:
                driver.set_progress_handler(None, 0)
