"""Alembic environment: migrations run on the engine handed over by hdf_field.storage.database.

No alembic.ini is needed: ``Config.attributes["engine"]`` carries the engine, and the command
line use (``alembic -x url=...``) is supported for developers writing new revisions.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from hdf_field.registry import tables as _registry_tables  # noqa: F401  (complete metadata)
from hdf_field.storage import orm
from hdf_field.sync import tables as _sync_tables  # noqa: F401  (complete metadata)

config = context.config
target_metadata = orm.Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Tables no ORM class maps (SQLite FTS5 indexes and their shadow tables) are managed by
    # hand in their migration; autogenerate must not propose to drop them.
    if type_ == "table" and reflected and compare_to is None:
        return False
    return True


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass -x url=sqlite:///path/to.db")
    return create_engine(url)


def run_migrations_online() -> None:
    engine = _engine()
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=include_object,
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
