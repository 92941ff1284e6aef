"""Opening a database: engine, connection pragmas and migrations, in one place.

Nothing opens a database at import time; :func:`open_database` is called once by the
composition root (:mod:`hdf_field.services.bootstrap`) or by a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hdf_field.domain.errors import HdfFieldError
from hdf_field.paths import migrations_dir


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module
    # only opens one before INSERT/UPDATE/DELETE, so DDL (dropping the search triggers
    # during a bulk import, batch migrations) would otherwise escape a rollback.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def database_url(target: str | Path) -> str:
    """A path becomes a SQLite URL; anything with ``://`` is taken as an SQLAlchemy URL."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; every branch head is applied."""
    command.upgrade(alembic_config(engine), "heads")


@dataclass
class Database:
    """An engine plus its session factory; the only way the core reaches a database."""

    engine: Engine
    session_factory: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; anything that writes goes through a unit of work."""
        with self.session_factory() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(target: str | Path, *, migrate_schema: bool = True) -> Database:
    url = database_url(target)
    try:
        engine = make_engine(url)
        if migrate_schema:
            migrate(engine)
    except HdfFieldError:
        raise
    except Exception as exc:  # a locked, corrupt or unreachable database: one line for the user
        raise HdfFieldError(f"cannot open database {url}: {exc}") from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(engine=engine, session_factory=factory)
