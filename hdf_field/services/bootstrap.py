"""Composition root: the one place that turns a ``--db`` value into an open database."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.engine import make_url

from hdf_field.paths import default_database_path
from hdf_field.storage.database import Database, database_url, open_database
from hdf_field.storage.encryption import KeyInfo, has_content, is_plain_sqlite, load_key

log = logging.getLogger(__name__)


def laptop_file(target: str | Path | None) -> Path | None:
    """The SQLite file a ``--db`` value names, or None for a URL to another database."""
    url = make_url(database_url(target if target is not None else default_database_path()))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.query.get("uri"):
        return None
    return Path(url.database)


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
    # Every local change to a synchronised record must reach the outbox: install the listener.
    import hdf_field.sync.outbox  # noqa: F401
    from hdf_field.storage import backup

    path = laptop_file(target)
    if path is None:
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
