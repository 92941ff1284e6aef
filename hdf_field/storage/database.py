"""Opening a database: engine, connection pragmas and migrations, in one place.

Nothing opens a database at import time; :func:`open_database` is called once by the
composition root (:mod:`hdf_field.services.bootstrap`) or by a test.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hdf_field.domain.errors import HdfFieldError
from hdf_field.paths import migrations_dir
from hdf_field.storage.encryption import (
    CIPHER_SETTINGS,
    CipherSettings,
    DatabaseKey,
    KeyInfo,
    apply_key,
    cipher_settings_of,
    encrypt_in_place,
    has_content,
    is_plain_sqlite,
    recover_interrupted,
)
from hdf_field.storage.errors import (
    BUSY_TIMEOUT_S,
    DatabaseProblem,
    Problem,
    describe_database_error,
    problem_error,
)

# Execution option naming a connection (or an engine view) whose transactions write: they
# start with ``BEGIN IMMEDIATE``. A deferred transaction that reads and then writes fails at
# once with SQLITE_BUSY when another connection committed in between, whatever busy_timeout
# says (SQLite cannot upgrade a stale read snapshot); taking the write lock at BEGIN makes a
# second writer wait its turn instead.
WRITE_OPTION = "hdf_write"
# ``PRAGMA quick_check`` at open is bounded by this much time: it covers a 7,000-organisation
# database entirely and the beginning of a 600,000-organisation one (whose full check runs on
# the GUI's worker at start, see :meth:`Database.check_integrity`).
OPEN_CHECK_BUDGET_S = 0.3
# Page cache of an encrypted connection, in KiB (see _sqlcipher_key).
ENCRYPTED_CACHE_KIB = 65_536


@dataclass
class ConnectionPolicy:
    """What every new connection of an engine is told; read-only once damage is found."""

    read_only: bool = False


def _sqlite_pragmas(policy: ConnectionPolicy) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the
        # module only opens one before INSERT/UPDATE/DELETE, so DDL (dropping the search
        # triggers during a bulk import, batch migrations) would otherwise escape a rollback.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        with suppress(Exception):  # a read-only file or medium stays in its journal mode
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are zeroed, not left in free space: an erased person (GDPR art. 17)
        # must not stay readable in the file (see hdf_field.sync.erasure).
        cursor.execute("PRAGMA secure_delete=ON")
        if policy.read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    return on_connect


def _sqlite_begin(conn: Any) -> None:
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def database_url(target: str | Path) -> str:
    """A path becomes a SQLite URL; anything with ``://`` is taken as an SQLAlchemy URL."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlcipher_key(key: DatabaseKey, settings: CipherSettings) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Before anything else reads the file: SQLCipher decrypts with the key set first.
        apply_key(dbapi_connection, key, settings=settings)
        # A page read from the OS cache must be decrypted and authenticated again each time:
        # SQLite's own cache (2 MB by default) keeps decrypted pages. 64 MiB took the CPU
        # cost of the heavy list queries (no filter, sort by city) on 100,000 organisations
        # from +174 % to about nothing (benchmarks/encryption_cost.py). It fills only as
        # pages are read.
        dbapi_connection.execute(f"PRAGMA cache_size=-{ENCRYPTED_CACHE_KIB}")

    return on_connect


def make_engine(
    url: str, policy: ConnectionPolicy | None = None, key: DatabaseKey | None = None
) -> Engine:
    """An engine with the project's pragmas; ``key`` makes it SQLCipher's (SQLite only).

    SQLCipher's driver replaces the standard ``sqlite3`` module under the ordinary pysqlite
    dialect rather than through the ``sqlite+pysqlcipher`` dialect, which pins one connection
    per thread (``SingletonThreadPool``) and quotes the key as a passphrase: the GUI's worker
    and the import's threads keep the usual pool, and the raw key skips key derivation.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        uri = bool(parsed.query.get("uri"))
        if parsed.database and parsed.database != ":memory:" and not uri:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        extra: dict[str, Any] = {}
        if key is not None:
            import sqlcipher3.dbapi2 as sqlcipher

            extra["module"] = sqlcipher
        engine = create_engine(url, connect_args={"check_same_thread": False}, **extra)
        if key is not None:
            settings = CIPHER_SETTINGS
            if parsed.database and parsed.database != ":memory:" and not uri:
                settings = cipher_settings_of(Path(parsed.database), key)
            event.listen(engine, "connect", _sqlcipher_key(key, settings), insert=True)
        event.listen(engine, "connect", _sqlite_pragmas(policy or ConnectionPolicy()))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["engine"] = engine.execution_options(**{WRITE_OPTION: True})
    return cfg


def needs_migration(engine: Engine) -> bool:
    """Whether the schema is behind; asked with a plain read so that opening an up-to-date
    database never takes the write lock (an import may hold it)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current != {script.get_current_head()}


def migrate(engine: Engine) -> None:
    """Bring the schema to the single head.

    ``"head"`` (singular) makes Alembic refuse a script directory that forks again, instead of
    silently stamping databases with several heads; databases stamped with the two former
    heads (``0002_search`` and ``0008_contact_legal``) reach it through the merge revision.
    """
    if needs_migration(engine):
        command.upgrade(alembic_config(engine), "head")


@dataclass(frozen=True)
class IntegrityReport:
    """The outcome of ``PRAGMA quick_check``; ``complete`` is False when the time budget ran
    out first (what was checked was sound)."""

    problems: tuple[str, ...]
    complete: bool
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Database:
    """An engine plus its session factory; the only way the core reaches a database."""

    engine: Engine
    session_factory: sessionmaker[Session]
    policy: ConnectionPolicy = field(default_factory=ConnectionPolicy)
    damage: str | None = None  # why the database was put in read-only mode
    # SQLCipher's key when the file is encrypted (backups are made with the same key).
    key: DatabaseKey | None = field(default=None, repr=False)
    # Where that key came from, for the user (set by the application's bootstrap).
    key_info: KeyInfo | None = None

    @property
    def draft_key(self) -> bytes | None:
        """The key visit drafts are encrypted with (derived from ``key``: one secret to keep);
        None when the database is plain, and drafts are plain JSON as well."""
        from hdf_field.storage.draft_files import draft_key

        return draft_key(self.key) if self.key is not None else None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def where(self) -> str:
        """The database as a person knows it: its file, else its URL without password."""
        if self.engine.dialect.name == "sqlite" and self.engine.url.database:
            return str(self.engine.url.database)
        return self.url

    @property
    def write_engine(self) -> Engine:
        """The engine whose transactions take the write lock at BEGIN (see WRITE_OPTION)."""
        return self.engine.execution_options(**{WRITE_OPTION: True})

    @property
    def read_only(self) -> bool:
        return self.policy.read_only

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; anything that writes goes through a unit of work."""
        with self.session_factory() as s:
            yield s

    def write_session(self) -> Session:
        """A session whose transactions start with ``BEGIN IMMEDIATE`` (units of work)."""
        return self.session_factory(bind=self.write_engine)

    def set_read_only(self, reason: str) -> None:
        """From now on no connection can write (``PRAGMA query_only``): a damaged database
        is kept as it is for a backup, a bundle export or support, never written further."""
        self.policy.read_only = True
        self.damage = reason
        self.engine.dispose()  # pooled connections were opened writable

    def check_integrity(self, budget_s: float | None = None) -> IntegrityReport:
        """``PRAGMA quick_check`` (page structure, not index contents), stopped after
        ``budget_s`` seconds when given. SQLite only; other databases report ok."""
        started = time.perf_counter()
        if self.engine.dialect.name != "sqlite":
            return IntegrityReport((), True, 0.0)
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            deadline = None if budget_s is None else started + budget_s
            interrupted = False

            def progress() -> int:
                nonlocal interrupted
                if deadline is not None and time.perf_counter() > deadline:
                    interrupted = True
                    return 1
                return 0

            driver.set_progress_handler(progress, 1000)
            try:
                rows = driver.execute("PRAGMA quick_check(20)").fetchall()
            except Exception as exc:
                if not interrupted:
                    problem = describe_database_error(exc, self.where)
                    if problem is not None and problem.problem is Problem.DAMAGED:
                        return IntegrityReport((str(exc),), True, time.perf_counter() - started)
                    raise
                return IntegrityReport((), False, time.perf_counter() - started)
            finally:
                driver.set_progress_handler(None, 0)
        finally:
            raw.close()
        found = tuple(str(r[0]) for r in rows if str(r[0]) != "ok")
        return IntegrityReport(found, True, time.perf_counter() - started)

    def damage_message(self, lang: str = "en") -> str:
        """What a damaged database opened read-only means and what to do, in ``lang``."""
        from hdf_field.domain.error_messages import template_text

        params = {"where": f" {self.where}", "detail": self.damage or ""}
        return template_text("database.opened_read_only", params, lang)

    def dispose(self) -> None:
        self.engine.dispose()


def _probe(engine: Engine) -> None:
    """Read the schema once: a file that is not a database fails here, not mid-command."""
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def open_database(
    target: str | Path,
    *,
    migrate_schema: bool = True,
    check_budget_s: float | None = OPEN_CHECK_BUDGET_S,
    key: DatabaseKey | None = None,
    before_migration: Callable[[Database], None] | None = None,
) -> Database:
    """Open, check and migrate a database; every failure is one sentence (HdfFieldError).

    A SQLite database whose integrity check finds damage is opened read-only (``damage``
    says why) and not migrated; ``check_budget_s=None`` skips the check at open.

    ``key`` opens the file with SQLCipher; a plain database file found there is encrypted
    in place first. ``before_migration`` runs when an existing schema is about to be
    upgraded (the application takes a backup there).
    """
    url = database_url(target)
    policy = ConnectionPolicy()
    engine: Engine | None = None
    try:
        if key is not None:
            _encrypt_if_plain(url, key)
        engine = make_engine(url, policy, key)
        factory = sessionmaker(engine, expire_on_commit=False)
        db = Database(engine=engine, session_factory=factory, policy=policy, key=key)
        if engine.dialect.name == "sqlite":
            _probe(engine)
            if check_budget_s is not None:
                report = db.check_integrity(check_budget_s)
                if not report.ok:
                    db.set_read_only("; ".join(report.problems[:3]))
                    return db
        if migrate_schema:
            if before_migration is not None and _has_schema(engine) and needs_migration(engine):
                before_migration(db)
            migrate(engine)
    except HdfFieldError:
        if engine is not None:
            engine.dispose()
        raise
    except Exception as exc:  # a locked, corrupt or unreachable database: one line for the user
        if engine is not None:
            engine.dispose()
        where = url
        if engine is not None and engine.dialect.name == "sqlite" and engine.url.database:
            where = str(engine.url.database)
        problem = describe_database_error(exc, where)
        if problem is not None and key is not None and problem.problem is Problem.DAMAGED:
            raise problem_error(Problem.DAMAGED, where, code="database.wrong_key") from exc
        if problem is not None:
            raise problem from exc
        raise HdfFieldError(f"cannot open database {url}: {exc}") from exc
    return db


def _encrypt_if_plain(url: str, key: DatabaseKey) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return
    if parsed.database == ":memory:" or parsed.query.get("uri"):
        return
    path = Path(parsed.database)
    recover_interrupted(path)
    if has_content(path) and is_plain_sqlite(path):
        encrypt_in_place(path, key)


def _has_schema(engine: Engine) -> bool:
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        n = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    return bool(n)


__all__ = ["Database", "DatabaseProblem", "IntegrityReport", "open_database"]
