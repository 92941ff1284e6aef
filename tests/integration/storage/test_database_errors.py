"""A full disk, a read-only file, a lock held too long and a damaged database: one line each.

Real SQLite failures, produced the way they happen in the field as far as a test can (a size
limit stands in for a full disk; tests run as root, where chmod does not stop writes, so a
read-only URI stands in for a read-only file), then through the CLI as an officer meets them.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from hdf_field.cli import main
from hdf_field.storage import database as database_module
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.errors import (
    DatabaseProblem,
    Problem,
    classify,
    database_errors,
    describe_database_error,
)
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

# These runs are in the CLI's default language, French: so is the prefix of its warnings.
WARNING = "hdf-field: warning:"


def _org(db: Database, name: str = "Lille Textile", **kw: Any) -> uuid.UUID:
    with UnitOfWork(db, actor="test") as uow:
        org = Organisation(name=name, departement="59", **kw)
        uow.session.add(org)
        uow.commit()
        return org.id


def cli(capsys: pytest.CaptureFixture[str], *argv: str, lang: str = "en") -> tuple[int, str, str]:
    """The command in ``lang`` (English by default: these tests read its sentences)."""
    code = main([*argv, "--lang", lang])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, err: str) -> str:
    assert code != 0
    lines = [line for line in err.splitlines() if not line.startswith(WARNING)]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def tiny_disk() -> Iterator[None]:
    """Every connection opened meanwhile may grow its file by a few pages only."""

    def limit(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    event.listen(Engine, "connect", limit)
    yield
    event.remove(Engine, "connect", limit)


def test_disk_full_is_one_line_and_keeps_what_was_saved(
    db_path: Path, capsys: pytest.CaptureFixture[str], tiny_disk: None
) -> None:
    db = open_database(db_path)
    try:
        _org(db, "Saved before", siret="55210055400013")
        with pytest.raises(Exception) as full:
            _org(db, "Too big", notes="x" * 2_000_000)
        problem = describe_database_error(full.value, str(db_path))
        assert problem is not None and problem.problem is Problem.FULL
        assert "is full" in str(problem) and str(db_path) in str(problem)
    finally:
        db.dispose()
    code, _, err = cli(
        capsys, "org", "set", "55210055400013", "notes=" + "y" * 19_000, "--db", str(db_path)
    )
    line = _one_line_error(code, err)
    assert "disk holding the database" in line and "free some space" in line
    check = open_database(db_path)
    try:
        with check.session() as s:
            assert (
                s.scalar(select(Organisation.notes).where(Organisation.siret == "55210055400013"))
                is None
            )
            assert s.scalar(select(func.count()).select_from(Organisation)) == 1
    finally:
        check.dispose()


def test_read_only_database_is_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_path)
    _org(db, siret="55210055400013")
    db.dispose()
    read_only = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    code, out, err = cli(capsys, "org", "show", "55210055400013", "--db", read_only)
    assert code == 0, err  # reading works
    code, _, err = cli(capsys, "org", "set", "55210055400013", "notes=hello", "--db", read_only)
    assert "is read-only" in _one_line_error(code, err)


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root writes through chmod 444; the read-only "
    "URI test above covers the same SQLite error",
)
def test_chmod_read_only_file_is_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(db_path)
    _org(db, siret="55210055400013")
    db.dispose()
    db_path.chmod(0o444)
    db_path.parent.chmod(0o555)
    try:
        code, _, err = cli(capsys, "org", "set", "55210055400013", "notes=x", "--db", str(db_path))
        assert "read-only" in _one_line_error(code, err)
    finally:
        db_path.parent.chmod(0o755)
        db_path.chmod(0o644)


def test_lock_held_past_the_busy_timeout_says_another_program_writes(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_S", 1)
    db = open_database(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO app_meta(key, value) VALUES ('held', '1')")
        with pytest.raises(Exception) as locked:
            _org(db)
        problem = describe_database_error(locked.value, str(db_path))
        assert problem is not None and problem.problem is Problem.LOCKED
        assert "another program is writing" in str(problem)
        holder.execute("ROLLBACK")
        _org(db)  # the lock released, the same write goes through
    finally:
        holder.close()
        db.dispose()


def test_random_bytes_are_refused_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hdf-field.sqlite3"
    path.write_bytes(os.urandom(64 * 1024))
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem) as refused:
        open_database(path)
    assert refused.value.problem is Problem.DAMAGED
    assert "restore a backup" in str(refused.value)
    code, _, err = cli(capsys, "stats", "--db", str(path))
    assert "damaged" in _one_line_error(code, err)
    assert path.read_bytes() == before  # never written to


def _corrupt_table(path: Path, table: str) -> None:
    """Overwrite the header of ``table``'s root b-tree page (the rest of the file intact)."""
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        conn.close()  # the last connection: the WAL is checkpointed into the file
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


def test_database_damaged_in_one_table_opens_read_only(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(db_path)
    _org(db, siret="55210055400013")
    with UnitOfWork(db) as uow:
        for i in range(300):
            uow.session.add(Organisation(name=f"Org {i}", departement="59", notes="n" * 200))
        uow.commit()
    db.dispose()
    _corrupt_table(db_path, "visit")
    damaged = open_database(db_path)
    try:
        assert damaged.read_only and damaged.damage
        assert "read-only" in damaged.damage_message()
        with damaged.session() as s:  # what is intact can still be read (and exported)
            assert s.scalar(select(func.count()).select_from(Organisation)) == 301
        with pytest.raises(Exception) as refused:
            _org(damaged, "Not written")
        problem = describe_database_error(refused.value)
        assert problem is not None and problem.problem is Problem.READ_ONLY
    finally:
        damaged.dispose()
    code, _, err = cli(capsys, "org", "set", "55210055400013", "notes=x", "--db", str(db_path))
    assert "read-only" in _one_line_error(code, err)
    assert WARNING in err and "damaged" in err and "restore a backup" in err


def test_integrity_check_at_open_is_bounded(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with UnitOfWork(db) as uow:
            uow.session.add_all(
                Organisation(name=f"Org {i}", departement="59") for i in range(2000)
            )
            uow.commit()
        full = db.check_integrity()
        assert full.ok and full.complete
        cut = db.check_integrity(budget_s=0.0)
        assert cut.ok and not cut.complete  # stopped at once, nothing reported as damage
    finally:
        db.dispose()


def test_os_errors_map_to_the_same_sentences(tmp_path: Path) -> None:
    full = classify(OSError(errno.ENOSPC, "No space left on device"))
    assert full is not None and full[0] is Problem.FULL
    ro = classify(OSError(errno.EROFS, "Read-only file system"))
    assert ro is not None and ro[0] is Problem.READ_ONLY
    assert classify(OSError(errno.ECONNRESET, "reset")) is None
    assert classify(ValueError("database is locked")) is None  # only driver errors count


def test_copy_of_a_damaged_file_is_not_touched(db_path: Path, tmp_path: Path) -> None:
    """Opening read-only never migrates or repairs: the file stays as support will want it."""
    _corrupt_table(db_path, "visit")
    before = db_path.read_bytes()
    backup = tmp_path / "copy.sqlite3"
    shutil.copyfile(db_path, backup)
    damaged = open_database(db_path)
    damaged.dispose()
    assert db_path.read_bytes() == before


def test_a_folder_given_as_database_cannot_be_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "not-a-file.sqlite3"
    folder.mkdir()
    with pytest.raises(DatabaseProblem) as refused:
        open_database(folder)
    assert refused.value.problem is Problem.UNREADABLE
    code, _, err = cli(capsys, "stats", "--db", str(folder))
    assert "cannot be opened" in _one_line_error(code, err)


def test_the_cli_catches_what_sqlalchemy_raises_for_a_failing_database(db_path: Path) -> None:
    """``database_errors`` is what the CLI catches outside storage: the wrapper SQLAlchemy puts
    around a locked, full or damaged database, and nothing broader (a bug keeps its traceback)."""
    db = open_database(db_path)
    try:
        with pytest.raises(database_errors()) as caught, db.session() as s:
            s.execute(select(func.count()).select_from(Organisation).where(func.no_such_fn()))
        assert describe_database_error(caught.value) is None  # caught, yet not one of ours
        assert not issubclass(ValueError, database_errors())
    finally:
        db.dispose()


def test_a_database_problem_is_said_in_french_by_default(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sentence after the French prefix is French too (it was English)."""
    path = db_path.parent / "random.sqlite3"
    path.write_bytes(os.urandom(8192))
    code, _, err = cli(capsys, "stats", "--db", str(path), lang="fr")
    line = _one_line_error(code, err)
    assert line.startswith("hdf-field\u00a0: erreur\u00a0: la base ")
    assert "est abîmée" in line and "restaurez une sauvegarde" in line
    code, _, err = cli(capsys, "stats", "--db", str(path), lang="en")
    assert "is damaged" in _one_line_error(code, err)
