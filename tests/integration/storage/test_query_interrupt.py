"""An Interrupter stops a read running on another thread, and nothing else."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import text

from hdf_field.domain.progress import Cancelled
from hdf_field.storage.database import Database
from hdf_field.storage.interrupt import Interrupter, interruptible_session

# Runs for minutes unless stopped: only an interrupt ends it within the test.
ENDLESS = text(
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) "
    "SELECT count(*) FROM c"
)


def _run_in_thread(db: Database, interrupter: Interrupter, started: threading.Event) -> Any:
    outcome: dict[str, Any] = {}

    def read() -> None:
        try:
            with interruptible_session(db, interrupter) as s:
                started.set()
                outcome["value"] = s.execute(ENDLESS).scalar()
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            outcome["error"] = exc

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, outcome


def test_cancel_stops_a_running_read_and_the_connection_serves_the_next(db: Database) -> None:
    interrupter = Interrupter()
    started = threading.Event()
    thread, outcome = _run_in_thread(db, interrupter, started)
    assert started.wait(10)
    interrupter.cancel()
    thread.join(30)
    assert not thread.is_alive(), "the statement was not stopped"
    assert isinstance(outcome.get("error"), Cancelled)
    # The pooled connection it used reads normally afterwards, with or without an interrupter.
    with interruptible_session(db, Interrupter()) as s:
        assert s.execute(text("SELECT count(*) FROM organisation")).scalar() == 0
    with db.session() as s:
        assert s.execute(text("SELECT 1")).scalar() == 1


def test_a_cancelled_interrupter_refuses_to_start(db: Database) -> None:
    interrupter = Interrupter()
    interrupter.cancel()
    with pytest.raises(Cancelled), interruptible_session(db, interrupter) as s:
        s.execute(text("SELECT 1"))


def test_a_cancel_between_two_statements_stops_the_second(db: Database) -> None:
    """sqlite3_interrupt would be forgotten here (no statement running): the flag is not."""
    interrupter = Interrupter()
    with pytest.raises(Cancelled), interruptible_session(db, interrupter) as s:
        assert s.execute(text("SELECT 1")).scalar() == 1
        interrupter.cancel()
        s.execute(ENDLESS).scalar()


def test_a_late_cancel_does_not_reach_the_next_read(db: Database) -> None:
    """Cancelling a read that has finished leaves the next one on the same connection alone."""
    first = Interrupter()
    with interruptible_session(db, first) as s:
        assert s.execute(text("SELECT 1")).scalar() == 1
    first.cancel()
    with interruptible_session(db, Interrupter()) as s:
        assert s.execute(text("SELECT count(*) FROM (SELECT 1 UNION SELECT 2)")).scalar() == 2
