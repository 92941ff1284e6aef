"""The documented ``alembic`` command line works: alembic.ini at the root, URL from ``-x``.

Each test copies ``alembic.ini`` and ``db/`` into a temporary folder, so that the revision
files autogenerate writes never land in the checkout, and runs the real CLI in a subprocess.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from hdf_field.paths import migrations_dir, project_root
from hdf_field.storage.database import open_database

CLI_TIMEOUT_S = 120


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = project_root()
    folder = tmp_path / "checkout"
    folder.mkdir()
    shutil.copy(root / "alembic.ini", folder / "alembic.ini")
    shutil.copytree(root / "db", folder / "db", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _alembic(
    cwd: Path, *args: str, url_variable: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HDF_FIELD_DATABASE_URL"}
    env["PYTHONPATH"] = str(project_root())
    if url_variable is not None:
        env["HDF_FIELD_DATABASE_URL"] = url_variable
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
        check=False,
    )


def _head() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def _scratch(tmp_path: Path) -> Path:
    """A scratch database migrated by the application, as a developer's would be."""
    path = tmp_path / "scratch.sqlite3"
    open_database(path).dispose()
    return path


def _operations(revision: Path, function: str) -> list[ast.stmt]:
    tree = ast.parse(revision.read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    return [s for s in body.body if not isinstance(s, ast.Pass)]


def test_autogenerate_finds_the_migrations_equal_to_the_orm(checkout: Path, tmp_path: Path) -> None:
    scratch = _scratch(tmp_path)
    run = _alembic(
        checkout,
        "-x",
        f"url=sqlite:///{scratch}",
        "revision",
        "--autogenerate",
        "-m",
        "probe",
        "--rev-id",
        "9999_probe",
    )
    assert run.returncode == 0, run.stderr
    revision = checkout / "db" / "versions" / "9999_probe.py"
    assert revision.is_file()
    assert _operations(revision, "upgrade") == []
    assert _operations(revision, "downgrade") == []
    assert f"down_revision: str | Sequence[str] | None = {_head()!r}" in (
        revision.read_text(encoding="utf-8")
    )
    assert not (project_root() / "db" / "versions" / "9999_probe.py").exists()


def test_check_reads_the_url_from_the_environment(checkout: Path, tmp_path: Path) -> None:
    scratch = _scratch(tmp_path)
    run = _alembic(checkout, "check", url_variable=f"sqlite:///{scratch}")
    assert run.returncode == 0, run.stderr
    assert "No new upgrade operations detected" in run.stdout + run.stderr


def test_autogenerate_sees_a_schema_that_differs_from_the_orm(
    checkout: Path, tmp_path: Path
) -> None:
    scratch = _scratch(tmp_path)
    db = open_database(scratch)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE registry_login_attempt"))
    db.dispose()
    run = _alembic(
        checkout,
        "-x",
        f"url=sqlite:///{scratch}",
        "revision",
        "--autogenerate",
        "-m",
        "probe",
        "--rev-id",
        "9999_probe",
    )
    assert run.returncode == 0, run.stderr
    upgrade = _operations(checkout / "db" / "versions" / "9999_probe.py", "upgrade")
    assert "registry_login_attempt" in ast.unparse(upgrade)
    check = _alembic(checkout, "-x", f"url=sqlite:///{scratch}", "check")
    assert check.returncode != 0


def test_without_a_url_the_cli_says_how_to_give_one(checkout: Path) -> None:
    run = _alembic(checkout, "check")
    assert run.returncode != 0
    assert "pass -x url=" in run.stderr
    assert "HDF_FIELD_DATABASE_URL" in run.stderr


def test_upgrade_from_the_cli_builds_the_schema_the_app_builds(
    checkout: Path, tmp_path: Path
) -> None:
    path = tmp_path / "cli.sqlite3"
    run = _alembic(checkout, "-x", f"url={path}", "upgrade", "head")  # a plain path works too
    assert run.returncode == 0, run.stderr
    check = _alembic(checkout, "-x", f"url={path}", "check")
    assert check.returncode == 0, check.stderr
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalars().all() == [_head()]
    finally:
        db.dispose()
