"""Alembic environment, for the application and for developers writing revisions.

Run by the application (:func:`hdf_field.storage.database.migrate`), migrations use the
engine handed over in ``Config.attributes["engine"]``: the same connection pragmas and write
lock as every other write, and nothing read from the environment.

Run from the ``alembic`` command line (``alembic.ini`` at the repository root), the database
comes from ``-x url=...`` or else the ``HDF_FIELD_DATABASE_URL`` environment variable; a plain
path is taken as a SQLite file. It is opened with the application's engine settings so that a
scratch database migrated here is the one the app would have made.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, Engine

from hdf_field.registry import tables as _registry_tables  # noqa: F401  (complete metadata)
from hdf_field.storage import orm, search_index
from hdf_field.storage.database import WRITE_OPTION, database_url, make_engine
from hdf_field.sync import tables as _sync_tables  # noqa: F401  (complete metadata)

URL_VARIABLE = "HDF_FIELD_DATABASE_URL"

config = context.config
target_metadata = orm.Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Tables no ORM class maps (SQLite FTS5 indexes and their shadow tables) are managed by
    # hand in their migration; autogenerate must not propose to drop them.
    return not (type_ == "table" and reflected and compare_to is None)


def _command_line_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(URL_VARIABLE)
    if not url:
        raise SystemExit(
            f"alembic: no database: pass -x url=sqlite:////path/to/scratch.sqlite3 "
            f"or set {URL_VARIABLE}"
        )
    return database_url(url)


def _rowids(connection: Connection) -> tuple[int, int, int]:
    """Where ``organisation``'s rows sit: the search index is keyed by their rowids."""
    row = connection.exec_driver_sql(
        "SELECT count(*), coalesce(sum(rowid), 0), coalesce(max(rowid), 0) FROM organisation"
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _run_keeping_search_index(connection: Connection) -> None:
    """Run the migrations with the SQLite search index's triggers set aside.

    The triggers on ``organisation`` name ``contact`` (and the reverse), so a batch migration
    that recreates either table fails when it renames the copy back ("error in trigger
    organisation_fts_ai: no such table: main.contact"), and the triggers *on* a recreated
    table vanish with it. A laptop whose index predates such a revision (``0008_contact_legal``
    on a database made before it) could not be opened. The triggers come back afterwards.

    A batch copy keeps every value but renumbers the rowids the index is keyed by; the copy
    scans in rowid order, so the numbering moves exactly when count, sum or max of the rowids
    do, and only then is the index rebuilt (4.7 s for 100,000 organisations, see
    benchmarks/migration_upgrade.py). A revision that changes indexed values calls
    ``search_index.rebuild(op.get_bind())`` itself.
    """
    indexed = search_index.has_index(connection)
    before = _rowids(connection) if indexed else None
    if indexed:
        search_index.drop_triggers(connection)
    context.run_migrations()
    if search_index.has_index(connection):
        search_index.create_triggers(connection)
        if before is not None and _rowids(connection) != before:
            search_index.rebuild(connection)


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    owned: Engine | None = None
    if engine is None:
        # The command line: let Alembic's own messages (what autogenerate detected) show.
        if config.config_file_name is not None:
            fileConfig(config.config_file_name, disable_existing_loggers=False)
        owned = make_engine(_command_line_url())
        engine = owned.execution_options(**{WRITE_OPTION: True})
    try:
        with engine.begin() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                include_object=include_object,
                compare_type=True,
            )
            _run_keeping_search_index(connection)
    finally:
        if owned is not None:
            owned.dispose()


run_migrations_online()
