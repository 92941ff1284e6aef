"""Where a database lives, in words for a person: a file name or a server, never a URL with
its password."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    in_memory: bool
    label: str  # a file name, or "database @ host"; "" in memory
    place: str  # the full path of a local file, or the server URL without credentials


def database_location(url: str) -> DatabaseLocation | None:
    """``url`` in words; None when it is not a URL SQLAlchemy reads (say nothing rather than
    leak it)."""
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


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for another database, memory or a ``uri=true`` URL
    (those are opened as given, never encrypted or backed up as a laptop file)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.query.get("uri"):
        return None
    return Path(parsed.database)
