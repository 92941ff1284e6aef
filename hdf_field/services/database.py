"""The open database as the desktop client holds it: the handle, its start-up checks, where it
lives in words, and what a database failure means to a person.

The GUI passes a :class:`Database` around and never opens a session itself; the type is
re-exported here so that ``hdf_field.ui`` needs nothing from ``hdf_field.storage``.
"""

from __future__ import annotations

from hdf_field.services.imports import database_is_empty
from hdf_field.storage.database import Database
from hdf_field.storage.errors import DatabaseProblem, describe_database_error
from hdf_field.storage.location import DatabaseLocation, database_location

__all__ = [
    "Database",
    "DatabaseLocation",
    "DatabaseProblem",
    "database_is_empty",
    "database_location",
    "describe_database_error",
    "prepare_database",
]


def prepare_database(db: Database) -> bool:
    """The whole integrity check (bounded at open, complete here), then the search index
    repaired if needed; True when the index was rebuilt (the screens must re-read).

    A damaged database is switched to read-only and nothing is written to it."""
    from hdf_field.storage.search_index import ensure_search_index

    if not db.read_only:
        report = db.check_integrity()
        if not report.ok:
            db.set_read_only("; ".join(report.problems[:3]))
    if db.read_only:
        return False
    with db.write_engine.begin() as conn:
        return ensure_search_index(conn)
