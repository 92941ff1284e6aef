"""The open database as the desktop client holds it: the handle, its start-up checks, where it
lives in words, and what a database failure means to a person.

The GUI passes a :class:`Database` around and never opens a session itself; the type is
re-exported here so that ``hdf_field.ui`` needs nothing from ``hdf_field.storage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hdf_field.storage.database import Database
from hdf_field.storage.errors import DatabaseProblem, describe_database_error

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


def database_is_empty(db: Database) -> bool:
    """No organisation at all: a first start, where the demo region is offered."""
    from sqlalchemy import func, select

    from hdf_field.storage.orm import Organisation

    with db.session() as s:
        return not s.scalar(select(func.count()).select_from(Organisation))


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    """Where a database is, for the status bar: never a URL, never a password."""

    in_memory: bool
    label: str  # a file name, or "database @ host"
    place: str  # the full path of a local file, or the server URL without credentials


def database_location(url: str) -> DatabaseLocation | None:
    """``url`` in words; None when it is not a URL SQLAlchemy reads (say nothing rather than
    leak it)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # any parse failure: the caller shows "?"
        return None
    if parsed.get_backend_name() == "sqlite":
        in_memory = not parsed.database or parsed.database == ":memory:"
        label = "" if in_memory else Path(str(parsed.database)).name
        place = parsed.database or parsed.render_as_string(hide_password=True)
        return DatabaseLocation(in_memory, label, place)
    return DatabaseLocation(
        False,
        f"{parsed.database or ''} @ {parsed.host or 'localhost'}",
        parsed.render_as_string(hide_password=True),
    )
