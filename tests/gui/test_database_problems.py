"""A database failure reaches every screen as one sentence, whatever service raised it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from hdf_field.services.organisations import update_organisation
from hdf_field.storage.database import Database
from hdf_field.storage.errors import DatabaseProblem, Problem
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.ui.tasks import TaskRunner


def test_a_full_disk_during_a_service_call_is_one_sentence(
    qtbot: Any, runner: TaskRunner, db: Database, db_path: Path
) -> None:
    with UnitOfWork(db, actor="test") as uow:
        uow.session.add(
            Organisation(name="Lille Textile", departement="59", siret="55210055400013")
        )
        uow.commit()

    def limit(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    db.engine.dispose()  # the next connections are opened with the limit
    event.listen(Engine, "connect", limit)
    errors: list[BaseException] = []
    try:
        runner.run(
            lambda: update_organisation(db, "55210055400013", {"notes": "x" * 19_000}, "test"),
            lambda _v: pytest.fail("the disk is full"),
            errors.append,
        )
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    finally:
        event.remove(Engine, "connect", limit)
    problem = errors[0]
    assert isinstance(problem, DatabaseProblem) and problem.problem is Problem.FULL
    assert "\n" not in str(problem) and "free some space" in str(problem)
    assert problem.__cause__ is not None  # the driver's error is kept for the log


def test_other_failures_pass_unchanged(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad field 'siret'")

    runner.run(boom, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert type(errors[0]) is ValueError
