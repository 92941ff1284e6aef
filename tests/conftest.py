"""Shared fixtures: a migrated template database copied per test, and the shared data folder."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdf_field.storage.database import Database, open_database

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, _template_db: Path) -> Path:
    """A fresh, already migrated SQLite file (copying is much faster than migrating)."""
    target = tmp_path / "hdf-field.sqlite3"
    shutil.copyfile(_template_db, target)
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the developer's real database, settings or keyring."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    # No test reaches the developer's keyring (tests/unit/storage/test_encryption.py puts a
    # working one in place when it needs one).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    # The suite's databases are plain (tests open the CLI's files with open_database and
    # plain sqlite3); the encrypted path has its own tests, which set a key or unset this.
    monkeypatch.setenv("HDF_FIELD_DB_KEY", "plain")


@pytest.fixture(autouse=True)
def _no_dangling_threads() -> Iterator[None]:
    """A non-daemon thread left behind keeps the interpreter from exiting after the run.

    AnyIO's worker threads are the usual suspects: a server whose event loop dies without
    finishing its root task leaves one waiting forever, and pytest then never returns.
    """
    before = {t.ident for t in threading.enumerate()}
    yield
    leftover = [
        t for t in threading.enumerate() if t.ident not in before and t.is_alive() and not t.daemon
    ]
    for t in leftover:
        t.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running after the test: {still}"


def pytest_configure(config: pytest.Config) -> None:
    """Module- and session-scoped fixtures run before the per-test isolation above: they get
    plain databases, no keyring and a throw-away data folder too (a CLI run there would
    otherwise make a key file and daily backups in the developer's own folders)."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="hdf-field-tests-"))
    os.environ["HDF_FIELD_DB_KEY"] = "plain"
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    for name in ("DATA", "CONFIG", "CACHE"):
        os.environ[f"XDG_{name}_HOME"] = str(home / name.lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    """Fail loudly rather than hang when a thread outlived the run.

    The interpreter waits for every non-daemon thread on exit; one stuck thread turns a
    green run into a CI job that never ends. Name the threads and exit with an error.
    """
    leftover = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and t.is_alive() and not t.daemon
    ]
    for t in leftover:
        t.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    if still:
        sys.stderr.write(f"\nthreads still running after the test session: {still}\n")
        sys.stderr.flush()
        os._exit(3)
