"""Rotating encrypted backups: made by the SQLite backup API, kept 7, checked, put back."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from hdf_field.cli import main
from hdf_field.services.bootstrap import open_app_database
from hdf_field.services.contacts import add_contact
from hdf_field.storage import backup
from hdf_field.storage.backup import BackupError
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.encryption import is_plain_sqlite
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

HEX_KEY = "5a" * 32
SIRET = "73282932000074"
EMAIL = "louise.michel@forges.example"


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)


def _fill(db: Database, name: str = "Forges du Nord") -> None:
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name=name, siret=SIRET, departement="59"))
        uow.commit()
    add_contact(db, SIRET, {"last_name": "Michel", "first_name": "Louise", "email": EMAIL}, "t")


def _count(db: Database, table: str) -> int:
    with db.session() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def test_first_open_takes_a_daily_backup_encrypted_with_the_same_key(
    tmp_path: Path, keyed: None
) -> None:
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    try:
        _fill(db)
        made = backup.create_backup(db, "manual")
    finally:
        db.dispose()
    found = backup.list_backups(path)
    assert [b.reason for b in found] == ["manual", "daily"]
    assert found[0].path == made.path
    assert made.path.parent == backup.backups_dir(path)
    assert made.path.stat().st_mode & 0o077 == 0
    data = made.path.read_bytes()
    assert not is_plain_sqlite(made.path) and EMAIL.encode() not in data
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(made.path).execute("SELECT * FROM contact").fetchall()
    # The same key reads it: it is a whole database.
    copy = open_database(made.path, key=db.key, migrate_schema=False)
    try:
        assert _count(copy, "contact") == 1
    finally:
        copy.dispose()
    # A second open the same day takes no new daily backup.
    open_app_database(path).dispose()
    assert len(backup.list_backups(path)) == 2


def test_seven_are_kept(db: Database) -> None:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    for day in range(10):
        backup.create_backup(db, "daily", now=start + timedelta(days=day))
    kept = backup.list_backups(Path(db.where))
    assert len(kept) == backup.KEPT
    assert kept[0].created == start + timedelta(days=9)
    assert kept[-1].created == start + timedelta(days=3)
    assert backup.daily_due(Path(db.where), now=start + timedelta(days=9, hours=23)) is False
    assert backup.daily_due(Path(db.where), now=start + timedelta(days=10)) is True


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path, keyed: None) -> None:
    from alembic import command

    from hdf_field.storage.database import alembic_config

    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path, daily=False)
    command.downgrade(alembic_config(db.engine), "0008_contact_legal")
    db.dispose()
    assert backup.list_backups(path) == []
    open_app_database(path, daily=False).dispose()
    reasons = [b.reason for b in backup.list_backups(path)]
    assert reasons == ["migration"]


def test_restore_puts_the_backup_back_and_keeps_the_replaced_database(
    tmp_path: Path, keyed: None
) -> None:
    from hdf_field.services.backups import restore

    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    _fill(db)
    made = backup.create_backup(db, "manual")
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name="Ajoutée après", siret="55210055400013"))
        uow.commit()
    assert _count(db, "organisation") == 2
    db.dispose()
    result = restore(path, made.path)
    assert result.saved_current is not None and result.saved_current.exists()
    again = open_app_database(path)
    try:
        assert _count(again, "organisation") == 1
        assert _count(again, "contact") == 1
    finally:
        again.dispose()
    # The replaced database is itself a backup that can be put back.
    restore(path, result.saved_current)
    again = open_app_database(path)
    try:
        assert _count(again, "organisation") == 2
    finally:
        again.dispose()


def test_restore_refuses_what_is_not_a_sound_laptop_backup(
    tmp_path: Path, keyed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    _fill(db)
    made = backup.create_backup(db, "manual")
    db.dispose()
    before = path.read_bytes()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    with pytest.raises(BackupError, match="photo.jpg: cannot be read as a backup"):
        backup.restore_backup(path, photo, db.key)
    truncated = tmp_path / "cut.sqlite3"
    truncated.write_bytes(made.path.read_bytes()[:3000])
    with pytest.raises(BackupError, match="cut.sqlite3"):
        backup.restore_backup(path, truncated, db.key)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t(a)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="not an HDF Field laptop database"):
        backup.restore_backup(path, other, db.key)
    with pytest.raises(BackupError, match="no such file|cannot read"):
        backup.restore_backup(path, tmp_path / "missing.sqlite3", db.key)
    # Another laptop's key.
    monkeypatch.setenv("HDF_FIELD_DB_KEY", "77" * 32)
    from hdf_field.storage.encryption import load_key

    with pytest.raises(BackupError, match="another laptop's key"):
        backup.restore_backup(path, made.path, load_key(create=False).key)
    assert path.read_bytes() == before


def test_restore_refuses_while_another_program_writes(tmp_path: Path, keyed: None) -> None:
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    made = backup.create_backup(db, "manual")
    try:
        with db.write_session() as s, s.begin():
            s.execute(text("UPDATE sync_state SET cursor = cursor"))
            with pytest.raises(BackupError, match="another program"):
                backup.restore_backup(path, made.path, db.key)
    finally:
        db.dispose()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_backup_cli_create_list_restore(
    tmp_path: Path, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path, daily=False)
    _fill(db)
    db.dispose()
    code, out, _ = _run(capsys, "backup", "create", "--db", str(path), "--json")
    assert code == 0
    made = json.loads(out)
    assert Path(made["path"]).is_file() and made["reason"] == "manual"
    code, out, _ = _run(capsys, "backup", "list", "--db", str(path), "--json")
    listing = json.loads(out)
    assert [b["path"] for b in listing["backups"]] == [made["path"]]
    assert listing["encryption"] == {"enabled": True, "key_store": "env", "warning": None}
    code, out, _ = _run(capsys, "backup", "list", "--db", str(path))
    assert code == 0 and "manuelle" not in out and "manual" in out
    code, _, err = _run(capsys, "backup", "restore", made["path"], "--db", str(path))
    assert code == 2 and "confirm with --yes" in err
    code, out, _ = _run(
        capsys, "backup", "restore", made["path"], "--db", str(path), "--yes", "--json"
    )
    assert code == 0
    restored = json.loads(out)
    assert restored["restored"] == made["path"] and restored["saved_current"]
    code, _, err = _run(
        capsys, "backup", "restore", str(tmp_path / "nope.sqlite3"), "--db", str(path), "--yes"
    )
    assert code == 2 and err.count("\n") == 1 and "nope.sqlite3" in err


def test_stats_json_says_how_the_database_is_protected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.delenv("HDF_FIELD_DB_KEY")
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        path = tmp_path / "laptop.sqlite3"
        open_app_database(path).dispose()
        code, out, _ = _run(capsys, "stats", "--db", str(path), "--json")
    finally:
        keyring.set_keyring(before)
    assert code == 0
    data = json.loads(out)
    assert data["encryption"]["enabled"] is True
    assert data["encryption"]["key_store"] == "file"
    assert "database.key" in data["encryption"]["warning"]
    assert "organisations" in data  # the existing keys are still there
