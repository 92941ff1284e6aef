"""Stopping a read from another thread: a stale query must not hold up the next one.

The GUI runs its reads one at a time on one database thread. When the person types on, the
count still running for the previous keystroke (up to ~0.7 s on 1,000,000 organisations)
is useless, and the new keystroke's page would wait behind it. An :class:`Interrupter`
lets the GUI thread stop it: :meth:`Interrupter.cancel` sets a flag that SQLite's progress
handler, installed on the read's connection for the length of the read, looks at every
``CHECK_EVERY`` virtual machine steps; the statement stops there (``SQLITE_INTERRUPT``) and
the read raises :class:`~hdf_field.domain.progress.Cancelled`. A read that starts after the
cancel raises it at once, without touching the database.

Why not ``sqlite3_interrupt`` from the GUI thread: the ``sqlite3`` module releases the GIL
around it, and taking it back meant waiting for the worker (a few milliseconds on each
keystroke); SQLite also forgets an interrupt that lands between two statements of a read.
Setting a flag costs the GUI thread nothing and no statement of the read escapes it. The
handler is removed when the read ends: the connection goes back to the pool untouched.
Reads only: an interrupted write would roll back its whole transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hdf_field.domain.progress import Cancelled
from hdf_field.storage.database import Database

# SQLite virtual machine steps between two looks at the flag: about 0.4 ms of work when
# the pages are in memory (40 ns a step), and a Python call costing a few % of a long count.
CHECK_EVERY = 10_000


class Interrupter:
    """Cancels, from any thread, the reads made under it (see :func:`interruptible_session`).

    One per piece of work that may go stale (a keystroke's page, its count); once cancelled
    it stays cancelled."""

    __slots__ = ("_cancelled",)

    def __init__(self) -> None:
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Stop the read in progress (if any) and any later one; callable from any thread,
        never waits (a plain store, read by the worker's progress handler)."""
        self._cancelled = True

    def _stop_requested(self) -> int:
        """SQLite's progress handler: non-zero stops the statement."""
        return 1 if self._cancelled else 0


@contextmanager
def interruptible_session(db: Database, interrupter: Interrupter | None) -> Iterator[Session]:
    """A read session whose statements ``interrupter.cancel()`` stops (SQLite; elsewhere the
    cancel only prevents reads that have not started). Without an interrupter, a plain one."""
    with db.session() as session:
        if interrupter is None:
            yield session
            return
        if interrupter.cancelled:
            raise Cancelled("interrupted")
        driver = None
        if session.get_bind().dialect.name == "sqlite":
            driver = session.connection().connection.driver_connection
            assert driver is not None
            driver.set_progress_handler(interrupter._stop_requested, CHECK_EVERY)
        try:
            yield session
        except DBAPIError as exc:
            if interrupter.cancelled:
                raise Cancelled("interrupted") from exc
            raise
        finally:
            # Before the session ends its transaction: the ROLLBACK is never interrupted.
            if driver is not None:
                driver.set_progress_handler(None, 0)
