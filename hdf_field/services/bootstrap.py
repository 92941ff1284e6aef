"""Composition root: the one place that turns a ``--db`` value into an open database."""

from __future__ import annotations

from pathlib import Path

from hdf_field.paths import default_database_path
from hdf_field.storage.database import Database, open_database


def open_app_database(target: str | Path | None = None) -> Database:
    """Open (creating and migrating as needed) the user's database or the one named."""
    # Every local change to a synchronised record must reach the outbox: install the listener.
    import hdf_field.sync.outbox  # noqa: F401

    return open_database(target if target is not None else default_database_path())
