"""One import's transaction and reject file stand or fall together."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from hdf_field.imports.common import import_transaction
from hdf_field.imports.report import ImportReport
from hdf_field.storage.database import Database


def has_probe(db: Database) -> bool:
    return inspect(db.engine).has_table("probe")


def test_a_failure_rolls_back_and_removes_the_reject_file(db: Database, tmp_path: Path) -> None:
    report = ImportReport(source="test")
    reject_path = tmp_path / "in.rejects.csv"

    with (
        pytest.raises(RuntimeError, match="boom"),
        import_transaction(db, report, "in.csv", reject_path) as (rejects, conn),
    ):
        conn.execute(text("CREATE TABLE probe (x INTEGER)"))
        rejects.reject(2, "bad row", "x\n")
        assert reject_path.exists()
        raise RuntimeError("boom")

    assert not reject_path.exists() and report.reject_file is None
    assert not has_probe(db)


def test_success_commits_and_keeps_the_reject_file(db: Database, tmp_path: Path) -> None:
    report = ImportReport(source="test")
    reject_path = tmp_path / "in.rejects.csv"
    with import_transaction(db, report, "in.csv", reject_path) as (rejects, conn):
        conn.execute(text("CREATE TABLE probe (x INTEGER)"))
        rejects.reject(2, "bad row", "x\n")
    assert report.reject_file == reject_path and reject_path.exists()
    assert has_probe(db)
