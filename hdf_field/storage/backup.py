"""Rotating backups of the laptop database, and putting one back.

A backup is a whole copy made by SQLite's online backup API through SQLCipher, so it is
encrypted with the laptop's key like the database itself, and consistent even while the GUI
or an import writes (the API restarts on a change). One is taken before each schema
migration, once a day at start and on demand; the newest :data:`KEPT` are kept.

A backup holds the sync outbox and the pull cursor of its time: after a restore, the next
sync pushes the outbox again (the registry answers each mutation it already applied with its
stored result, keyed by mutation id, and applies nothing twice) and pulls again from the
backup's cursor (what the registry has since then comes back).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from hdf_field.domain.errors import HdfFieldError
from hdf_field.paths import APP_NAME
from hdf_field.storage.database import Database
from hdf_field.storage.encryption import (
    CipherSettings,
    DatabaseKey,
    is_plain_sqlite,
    keyed_connect,
)

KEPT = 7
DAILY = timedelta(hours=24)
REASONS = ("manual", "daily", "migration", "pre-restore", "damaged")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\d{6}Z)-(?P<reason>[a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
# A file larger than this is not one of our backups (the largest laptop database, the whole
# SIRENE of the region, is about 1 GB).
MAX_BACKUP_BYTES = 20 * 1024**3
REQUIRED_TABLES = ("alembic_version", "organisation", "sync_outbox", "sync_state")


class BackupError(HdfFieldError):
    """A backup cannot be made, read or put back; the message names the file."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "created": self.created.isoformat(),
            "reason": self.reason,
            "size": self.size,
        }


def backups_dir(db_path: Path) -> Path:
    """The backups of ``db_path``, in the user data folder: one folder per database (named
    after the file and a hash of its full path), so two databases never rotate each other's."""
    resolved = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:10]
    return user_data_path(APP_NAME, appauthor=False) / "backups" / f"{resolved.stem}-{digest}"


def _parse(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if m is None or m["reason"] not in REASONS:
        return None
    try:
        created = datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, created, m["reason"], size)


def list_backups(db_path: Path, directory: Path | None = None) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first (files of other names are ignored)."""
    folder = directory or backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if p.is_file() and (info := _parse(p)) is not None]
    return sorted(found, key=lambda b: b.created, reverse=True)


def daily_due(db_path: Path, now: datetime | None = None, directory: Path | None = None) -> bool:
    found = list_backups(db_path, directory)
    if not found:
        return True
    return (now or datetime.now(UTC)) - found[0].created >= DAILY


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _target_connection(source: Any, path: Path, key: DatabaseKey | None) -> Any:
    """The backup API copies between two connections of one driver: SQLCipher's for an
    encrypted database (the copy keyed alike, in the source's own page format: SQLite
    refuses to copy between encrypted databases of different page sizes), the standard
    module's for a plain one."""
    if key is None and isinstance(source, sqlite3.Connection):
        return sqlite3.connect(path)
    settings = None
    if key is not None:
        settings = CipherSettings(
            page_size=int(source.execute("PRAGMA cipher_page_size").fetchone()[0]),
            hmac=str(source.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0]),
        )
    return keyed_connect(path, key, settings=settings)


def _private_folder(folder: Path) -> None:
    """Backups hold what the database holds: only the user reads them (encrypted or not)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)


def _database_path(db: Database) -> Path:
    if db.engine.dialect.name != "sqlite" or not db.engine.url.database:
        raise BackupError(f"{db.where}: only a laptop's SQLite database is backed up here")
    return Path(db.engine.url.database)


def create_backup(
    db: Database,
    reason: str = "manual",
    *,
    directory: Path | None = None,
    now: datetime | None = None,
    kept: int = KEPT,
) -> BackupInfo:
    """Copy ``db`` into its backups folder (encrypted with its key), then keep the newest
    ``kept``. The copy is written under a temporary name and renamed once complete and
    checked, so a cut never leaves half a backup that looks whole."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    source = _database_path(db)
    folder = directory or backups_dir(source)
    _private_folder(folder)
    stamp = (now or datetime.now(UTC)).strftime(_STAMP)
    target = folder / f"{source.stem}-{stamp}-{reason}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        dest = _target_connection(driver, partial, db.key)
        try:
            # In one step: the copy is one consistent snapshot (WAL readers do not block
            # writers), where a step-by-step copy restarts whenever another connection writes.
            driver.backup(dest, pages=-1)
            check = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
    except Exception as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"{target}: the backup could not be made ({exc})") from exc
    finally:
        raw.close()
    if check != "ok":
        partial.unlink()
        raise BackupError(f"{target}: the backup did not check out ({check})")
    os.chmod(partial, 0o600)
    _fsync(partial)
    os.replace(partial, target)
    rotate(source, folder, kept)
    info = _parse(target)
    assert info is not None
    return info


def rotate(db_path: Path, directory: Path | None = None, kept: int = KEPT) -> list[Path]:
    """Remove all but the newest ``kept`` backups (and partial copies left by a cut)."""
    folder = directory or backups_dir(db_path)
    removed = [b.path for b in list_backups(db_path, folder)[kept:]]
    if folder.is_dir():
        removed += [p for p in folder.glob("*.partial") if p.is_file()]
    for path in removed:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return removed


def check_backup(path: Path, key: DatabaseKey | None) -> None:
    """Refuse anything but a sound backup of a laptop database, in one line naming ``path``.

    A file chosen by hand may be anything: a registry's database, another laptop's (another
    key), a truncated copy, a photo. It is opened read-only and checked before it replaces
    the database.
    """
    try:
        info = path.lstat()
    except OSError as exc:
        raise BackupError(f"{path}: cannot read the backup ({exc.strerror})") from exc
    if not path.is_file() or info.st_size == 0 or info.st_size > MAX_BACKUP_BYTES:
        raise BackupError(f"{path}: not a database backup (empty, too large or not a file)")
    plain = is_plain_sqlite(path)
    conn = keyed_connect(path, None if plain else key, read_only=True)
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        registry = False
        if "app_meta" in tables:
            registry = (
                conn.execute("SELECT 1 FROM app_meta WHERE key = 'registry'").fetchone() is not None
            )
    except Exception as exc:
        raise BackupError(
            f"{path}: cannot be read as a backup of this laptop's database (another laptop's "
            f"key, not a database, or damaged: {exc})"
        ) from exc
    finally:
        conn.close()
    if check != "ok":
        raise BackupError(f"{path}: the backup is damaged ({check})")
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BackupError(f"{path}: not an HDF Field laptop database (no {', '.join(missing)})")
    if registry:
        raise BackupError(f"{path}: this is a registry's database, not a laptop's")


def _ensure_unused(path: Path, key: DatabaseKey | None) -> None:
    """Refuse to replace a database another program (the GUI, an import) has open."""
    if not path.exists():
        return
    try:
        conn = keyed_connect(path, None if is_plain_sqlite(path) else key)
    except Exception:
        return  # cannot even be opened: nobody else is using it either
    try:
        conn.execute("PRAGMA busy_timeout=2000")
        try:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
        except Exception as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise BackupError(
                    f"{path}: another program (HDF Field's window, an import, a sync) is "
                    "using the database: close it, then restore"
                ) from exc
    finally:
        conn.close()


def save_current(db_path: Path, key: DatabaseKey | None, directory: Path | None = None) -> Path:
    """Keep the database about to be replaced among the backups: a backup when it can be
    read, else a plain copy of its bytes (still encrypted, damaged or not)."""
    from hdf_field.storage.database import open_database

    folder = directory or backups_dir(db_path)
    try:
        current = open_database(db_path, migrate_schema=False, check_budget_s=None, key=key)
    except HdfFieldError:
        current = None
    if current is not None:
        try:
            return create_backup(current, "pre-restore", directory=folder, kept=KEPT + 1).path
        except BackupError:
            pass
        finally:
            current.dispose()
    _private_folder(folder)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{db_path.stem}-{stamp}-damaged.sqlite3"
    shutil.copyfile(db_path, target)
    os.chmod(target, 0o600)
    return target


def restore_backup(
    db_path: Path, backup: Path, key: DatabaseKey | None, *, directory: Path | None = None
) -> Path | None:
    """Put ``backup`` in place of the database at ``db_path``; returns where the replaced
    database was saved (None when there was none).

    The backup is checked first; the database it replaces is saved among the backups (so a
    restore is itself undoable), its WAL and shared-memory files are removed (their frames
    belong to the old file and would be replayed onto the restored one), and the copy takes
    the database's name by an atomic rename.
    """
    db_path = Path(db_path)
    backup = Path(backup)
    check_backup(backup, key)
    _ensure_unused(db_path, key)
    saved = None
    if db_path.exists() and db_path.stat().st_size > 0:
        saved = save_current(db_path, key, directory)
    partial = db_path.with_name(db_path.name + ".restoring")
    try:
        shutil.copyfile(backup, partial)
        _fsync(partial)
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                db_path.with_name(db_path.name + suffix).unlink()
        os.replace(partial, db_path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"{db_path}: the backup could not be put back ({exc.strerror})") from exc
    return saved


def last_good_backup(db_path: Path, key: DatabaseKey | None) -> BackupInfo | None:
    """The newest backup that checks out (a damaged database at start is offered it)."""
    for info in list_backups(db_path):
        if info.reason in ("damaged",):
            continue
        try:
            check_backup(info.path, key)
        except BackupError:
            continue
        return info
    return None


__all__ = [
    "BackupError",
    "BackupInfo",
    "backups_dir",
    "check_backup",
    "create_backup",
    "daily_due",
    "last_good_backup",
    "list_backups",
    "restore_backup",
    "rotate",
]
