"""A database damaged at start: its unsynced changes go to a sealed bundle first, the last
good backup is offered, and putting it back makes the laptop writable again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hdf_field.cli import main
from hdf_field.services.backups import rescue_damaged, restore_into
from hdf_field.services.bootstrap import open_app_database
from hdf_field.services.contacts import add_contact
from hdf_field.storage import backup
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import engine, sealed
from hdf_field.sync.bundle import OutgoingBundle, parse_payload
from hdf_field.sync.credentials import save_token

SERVER = "https://registre.example.org"
TOKEN = "t0ken-for-the-damaged-laptop"
SIRET = "73282932000074"


def _corrupt_table(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A plain laptop (the suite's setting) with a good backup, then two unsynced changes,
    then damage in a table the outbox does not need."""
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    with UnitOfWork(db) as uow:
        engine.get_state(uow.session).server_url = SERVER
        uow.commit()
    save_token(SERVER, TOKEN)
    backup.create_backup(db, "manual")
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name="Forges du Nord", siret=SIRET, departement="59"))
        uow.commit()
    add_contact(db, SIRET, {"last_name": "Michel", "email": "louise@forges.example"}, "t")
    db.dispose()
    _corrupt_table(path, "visit")
    return path


def test_damage_at_start_saves_the_outbox_and_offers_the_last_good_backup(
    damaged: Path,
) -> None:
    db = open_app_database(damaged)
    try:
        assert db.damage is not None and db.read_only
        rescue = rescue_damaged(db)
        assert rescue.bundle is not None and rescue.bundle_mutations == 2
        assert rescue.last_good is not None and rescue.last_good.reason == "manual"
        data = rescue.bundle.read_bytes()
        assert b"louise@forges.example" not in data  # sealed
        header = sealed.read_header(rescue.bundle, data)
        raw = sealed.open_sealed(rescue.bundle, data, header, sealed.bundle_key(TOKEN))
        bundle = parse_payload(rescue.bundle, raw, OutgoingBundle)
        assert {m.entity for m in bundle.mutations} == {"organisation", "contact"}
        assert "hdf-field backup restore" in rescue.message()

        restore_into(db, rescue.last_good.path)
        assert db.damage is None and not db.read_only
        assert db.check_integrity().ok
        with UnitOfWork(db) as uow:  # writable again
            uow.session.add(Organisation(name="Après", departement="62"))
            uow.commit()
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Organisation)) == 1
    finally:
        db.dispose()
    # The damaged file itself was kept among the backups (restore is undoable).
    assert any(b.reason in ("pre-restore", "damaged") for b in backup.list_backups(damaged))


def test_the_cli_says_where_the_changes_went_and_which_backup_to_restore(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reading still works: the contacts of the organisation added after the backup.
    assert main(["contact", "list", SIRET, "--db", str(damaged), "--json"]) == 0
    out = capsys.readouterr()
    assert [c["last_name"] for c in json.loads(out.out)] == ["Michel"]
    assert "2 unsynced change(s) saved to the sealed bundle" in out.err
    assert "hdf-field backup restore" in out.err


def test_without_a_token_the_changes_stay_in_the_database_and_it_is_said(
    damaged: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))  # no token kept
    db = open_app_database(damaged)
    try:
        rescue = rescue_damaged(db)
    finally:
        db.dispose()
    assert rescue.bundle is None and rescue.bundle_error and "token" in rescue.bundle_error
    assert rescue.last_good is not None
