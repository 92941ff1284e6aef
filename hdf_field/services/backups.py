"""Backups as the CLI and Paramètres show them, and what a damaged database at start gets.

Thin over :mod:`hdf_field.storage.backup`: the key store and its warning, the list, a restore
that checks, saves the database it replaces and reopens (migrating an older backup), and the
rescue of a damaged database's unsynced changes into a sealed bundle before a restore.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hdf_field.domain.errors import HdfFieldError
from hdf_field.storage import backup
from hdf_field.storage.backup import BackupInfo as BackupInfo
from hdf_field.storage.database import Database
from hdf_field.storage.encryption import KeyInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupStatus:
    """What Paramètres and ``backup list`` show."""

    database: Path
    folder: Path
    backups: tuple[BackupInfo, ...]
    encryption: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "database": str(self.database),
            "folder": str(self.folder),
            "backups": [b.as_json() for b in self.backups],
            "encryption": self.encryption,
        }


def database_file(db: Database) -> Path:
    if db.engine.dialect.name != "sqlite" or not db.engine.url.database:
        raise HdfFieldError(f"{db.where}: backups are for a laptop's database file")
    return Path(db.engine.url.database)


def encryption_json(db: Database) -> dict[str, Any]:
    """``{"enabled", "key_store", "warning"}`` of an open laptop database."""
    info = db.key_info
    if info is None:
        info = KeyInfo(db.key, "unknown" if db.key is not None else None)
    return info.as_json()


def backup_status(db: Database) -> BackupStatus:
    path = database_file(db)
    return BackupStatus(
        database=path,
        folder=backup.backups_dir(path),
        backups=tuple(backup.list_backups(path)),
        encryption=encryption_json(db),
    )


def daily_backup(db: Database) -> BackupInfo | None:
    """The day's backup when none was made today; None when not due or when ``db`` is not
    the application's own laptop database (a registry file, a test database)."""
    if db.key_info is None:
        return None
    from hdf_field.storage import backup

    if not backup.daily_due(database_file(db)):
        return None
    return backup.create_backup(db, "daily")


def backup_now(db: Database) -> BackupInfo:
    return backup.create_backup(db, "manual")


@dataclass
class DamagedStart:
    """A database found damaged at start: its unsynced changes, saved when they could be
    read, and the newest backup that checks out."""

    bundle: Path | None = None
    bundle_mutations: int = 0
    bundle_error: str | None = None
    last_good: BackupInfo | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "bundle": str(self.bundle) if self.bundle else None,
            "bundle_mutations": self.bundle_mutations,
            "bundle_error": self.bundle_error,
            "last_good_backup": self.last_good.as_json() if self.last_good else None,
        }

    def message(self) -> str:
        parts = []
        if self.bundle is not None:
            parts.append(
                f"{self.bundle_mutations} unsynced change(s) saved to the sealed bundle "
                f"{self.bundle} (hdf-field bundle import at the office)"
            )
        elif self.bundle_error:
            parts.append(f"unsynced changes not saved ({self.bundle_error})")
        if self.last_good is not None:
            parts.append(
                f"last good backup: {self.last_good.path} "
                f"({self.last_good.created:%Y-%m-%d %H:%M} UTC); put it back with "
                f"hdf-field backup restore {self.last_good.path}"
            )
        else:
            parts.append("no good backup was found")
        return "; ".join(parts)


def rescue_damaged(db: Database, *, now: datetime | None = None) -> DamagedStart:
    """Save what a damaged database still holds of the officer's unsynced work, then find
    the backup to offer. The outbox is read-only work: the database is not written."""
    from hdf_field.sync import bundle
    from hdf_field.sync.outbox import pending_count

    path = database_file(db)
    found = DamagedStart()
    try:
        with db.session() as s:
            pending = pending_count(s)
        if pending:
            token = bundle.laptop_token(db)
            folder = backup.backups_dir(path)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
            target = folder / f"{path.stem}-{stamp}-unsynced.hdfbundle"
            found.bundle_mutations = bundle.export_outbox(db, target, token)
            found.bundle = target
            # Every start on the damaged file saves one: the newest few are enough.
            saved = sorted(folder.glob(f"{path.stem}-*-unsynced.hdfbundle"), reverse=True)
            for old in saved[backup.KEPT :]:
                old.unlink(missing_ok=True)
    except Exception as exc:  # the damage may reach the outbox itself, or no token is kept
        found.bundle_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        log.warning("unsynced changes of a damaged database not saved: %s", exc)
    found.last_good = backup.last_good_backup(path, db.key)
    return found


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    restored: Path
    saved_current: Path | None

    def as_json(self) -> dict[str, Any]:
        return {
            "database": str(self.database),
            "restored": str(self.restored),
            "saved_current": str(self.saved_current) if self.saved_current else None,
        }


def restore(db_path: Path, source: Path) -> RestoreResult:
    """Put ``source`` back as the database at ``db_path`` (which must not be open), then
    open it once: an older backup is migrated now, and a bad one is found now."""
    from hdf_field.services.bootstrap import laptop_key, open_app_database

    info = laptop_key(db_path) if db_path.exists() else laptop_key(source)
    saved = backup.restore_backup(db_path, source, info.key)
    open_app_database(db_path, daily=False).dispose()
    return RestoreResult(db_path, source, saved)


def restore_into(db: Database, source: Path) -> RestoreResult:
    """Restore while the application holds ``db`` open (Paramètres): its pooled connections
    are closed first (the caller runs this on the database thread, so none is in use), and
    the engine reconnects to the restored file on its next use. A database opened read-only
    because it was damaged becomes writable again: the restored file checked out."""
    path = database_file(db)
    db.dispose()
    result = restore(path, source)
    db.policy.read_only = False
    db.damage = None
    db.dispose()
    return result
