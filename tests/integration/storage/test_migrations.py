"""Migrations must produce exactly the schema the ORM declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

import hdf_field.registry.tables  # noqa: F401  (their tables belong to the metadata)
import hdf_field.sync.tables  # noqa: F401
from hdf_field.storage.database import alembic_config, make_engine, open_database
from hdf_field.storage.orm import Base

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and reflected and compare_to is None)


def _diff(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _include}
        )
        return compare_metadata(ctx, Base.metadata)


def test_sqlite_migrations_match_the_orm(tmp_path: Path) -> None:
    db = open_database(tmp_path / "m.sqlite3")
    assert _diff(db.engine) == []
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    open_database(path).dispose()
    db = open_database(path)
    assert _diff(db.engine) == []
    db.dispose()


@pytest.fixture
def pg_schema_url() -> str:
    try:
        engine = create_engine(PG_URL)
        with engine.connect():
            pass
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432 ({type(exc).__name__})")
    # A schema of its own per run: other checkouts may run this test on the same server.
    schema = f"mig_test_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.mark.postgres
def test_postgresql_migrations_match_the_orm(pg_schema_url: str) -> None:
    db = open_database(pg_schema_url)
    assert _diff(db.engine) == []
    db.dispose()


@pytest.mark.postgres
def test_a_postgresql_registry_at_both_former_heads_reaches_the_single_head(
    pg_schema_url: str,
) -> None:
    """A registry the two-head code migrated (stamped 0002_search and 0008_contact_legal)."""
    engine = make_engine(pg_schema_url)
    cfg = alembic_config(engine)
    for target in ("0002_search", "0008_contact_legal"):
        command.upgrade(cfg, target)
    with engine.connect() as conn:
        assert set(MigrationContext.configure(conn).get_current_heads()) == {
            "0002_search",
            "0008_contact_legal",
        }
        tables = sorted(inspect(conn).get_table_names())
    engine.dispose()
    db = open_database(pg_schema_url)
    try:
        script = ScriptDirectory.from_config(alembic_config(db.engine))
        with db.engine.connect() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == {
                script.get_current_head()
            }
            # No table lost (revisions after the merge may add some; the diff below checks
            # the whole schema against the ORM).
            assert set(tables) <= set(inspect(conn).get_table_names())
        assert _diff(db.engine) == []
    finally:
        db.dispose()
