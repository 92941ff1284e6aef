"""Composition root: the one place that turns a ``--db`` value into an open database."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from hdf_field.paths import default_database_path
from hdf_field.storage.database import Database, database_url, open_database
from hdf_field.storage.encryption import KeyInfo, has_content, is_plain_sqlite, load_key
from hdf_field.storage.location import sqlite_file
from hdf_field.sync.outbox import REGISTRY_MARK

log = logging.getLogger(__name__)


def laptop_file(target: str | Path | None) -> Path | None:
    """The SQLite file a ``--db`` value names, or None for a URL to another database."""
    return sqlite_file(database_url(target if target is not None else default_database_path()))


def is_registry_file(path: Path) -> bool:
    """Whether ``path`` is a plain SQLite file marked as a registry's database."""
    if not (has_content(path) and is_plain_sqlite(path)):
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT 1 FROM app_meta WHERE key = ?", (REGISTRY_MARK,))
            return row.fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:  # no app_meta yet, or damaged: the laptop path says what it is
        return False


def laptop_key(path: Path) -> KeyInfo:
    """The key to open ``path`` with; a new one only when no encrypted database exists there
    yet (an encrypted file whose key cannot be found must not get a new, useless key)."""
    encrypted = has_content(path) and not is_plain_sqlite(path)
    return load_key(create=not encrypted)


def open_app_database(
    target: str | Path | None = None, *, backups: bool = True, daily: bool = True
) -> Database:
    """Open (creating and migrating as needed) the user's database or the one named.

    A laptop's SQLite file is encrypted (SQLCipher, key from :func:`laptop_key`; a plain one
    is encrypted in place), backed up before a migration (``backups``) and once a day
    (``daily`` too: not when a backup command is about to make or replace one).
    """
    # Every local change to a synchronised record must reach the outbox: the import of
    # hdf_field.sync.outbox (above, for REGISTRY_MARK) installs the listener.
    from hdf_field.storage import backup

    path = laptop_file(target)
    if path is None or is_registry_file(path):
        # A URL, or a registry's SQLite file (an import run on it): not a laptop's, never
        # encrypted here (the server opens it plain).
        return open_database(target if target is not None else default_database_path())
    info = laptop_key(path)

    def before_migration(db: Database) -> None:
        if backups:
            backup.create_backup(db, "migration")

    db = open_database(path, key=info.key, before_migration=before_migration)
    db.key_info = info
    if backups and daily and db.damage is None and backup.daily_due(path):
        try:
            backup.create_backup(db, "daily")
        except backup.BackupError as exc:  # a full disk must not keep the officer out
            log.warning("daily backup failed: %s", exc)
    return db
