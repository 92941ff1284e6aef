"""Encryption at rest of the laptop database (SQLCipher): keys, in-place encryption, bytes.

The rest of the suite runs on plain databases (``HDF_FIELD_DB_KEY=plain`` in conftest); these
tests take the application's own path (:func:`open_app_database`) with a key from the key
file, the keyring or the environment.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from sqlalchemy import text

from hdf_field.domain.errors import HdfFieldError
from hdf_field.services.bootstrap import open_app_database
from hdf_field.services.contacts import add_contact
from hdf_field.services.prospects import ProspectFilter, search_prospects
from hdf_field.storage import encryption
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.encryption import (
    DatabaseKeyError,
    is_plain_sqlite,
    key_file,
)
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

SIRET = "73282932000074"
NAME = "Yourcenar"
EMAIL = "marguerite.yourcenar@forges.example"
HEX_KEY = "ab" * 32


class MemoryKeyring(KeyringBackend):
    """A keyring that works, kept in memory (the test machine has none)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("HDF_FIELD_DB_KEY", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("HDF_FIELD_DB_KEY", raising=False)
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def _fill(db: Database) -> None:
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name="Forges du Nord", siret=SIRET, departement="59"))
        uow.commit()
    add_contact(db, SIRET, {"last_name": NAME, "first_name": "Marguerite", "email": EMAIL}, "t")


def _bytes_of(path: Path) -> bytes:
    found = b""
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            found += p.read_bytes()
    return found


def _assert_no_clear_text(path: Path) -> None:
    data = _bytes_of(path)
    assert len(data) > 4096
    for needle in (NAME, EMAIL, "Forges du Nord", "Marguerite"):
        for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
            assert encoded not in data, f"{needle!r} found in clear in {path}"
    assert b"SQLite format 3" not in data[:100]


def test_new_database_is_encrypted_with_a_key_file_when_no_keyring(
    tmp_path: Path, no_keyring: None
) -> None:
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    try:
        assert db.key is not None and db.key_info is not None
        assert db.key_info.store == "file"
        assert db.key_info.warning and str(key_file()) in db.key_info.warning
        assert stat.S_IMODE(key_file().stat().st_mode) == 0o600
        _fill(db)
        # The WAL holds the last transactions: scanned before any checkpoint, and after.
        _assert_no_clear_text(path)
        with db.session() as s:
            rows = search_prospects(s, ProspectFilter(text="forges"))
            assert [r.name for r in rows] == ["Forges du Nord"]
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
            assert s.execute(text("PRAGMA cipher_version")).scalar()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _assert_no_clear_text(path)
    finally:
        db.dispose()
    # Reopened with the same key file: everything is there.
    again = open_app_database(path)
    try:
        with again.session() as s:
            assert len(search_prospects(s, ProspectFilter(text="forges"))) == 1
            assert s.execute(text("SELECT count(*) FROM contact")).scalar() == 1
    finally:
        again.dispose()
    # Plain SQLite cannot read it.
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_the_key_goes_to_the_keyring_when_there_is_one(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    db = open_app_database(tmp_path / "laptop.sqlite3")
    try:
        assert db.key_info is not None and db.key_info.store == "keyring"
        assert db.key_info.warning is None
        assert db.key_info.as_json() == {"enabled": True, "key_store": "keyring", "warning": None}
        assert not key_file().exists()
        assert len(memory_keyring.kept) == 1
    finally:
        db.dispose()


def test_plain_database_is_encrypted_in_place_on_first_open(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = open_database(db_path)
    _fill(plain)
    plain.dispose()
    assert is_plain_sqlite(db_path)
    assert EMAIL.encode() in _bytes_of(db_path)
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(db_path)
    try:
        assert db.key_info is not None and db.key_info.store == "env"
        with db.session() as s:
            assert s.execute(text("SELECT email FROM contact")).scalar() == EMAIL
            rows = search_prospects(s, ProspectFilter(text="forges nord"))
            assert len(rows) == 1
    finally:
        db.dispose()
    assert not is_plain_sqlite(db_path)
    _assert_no_clear_text(db_path)
    leftovers = [
        p.name for p in db_path.parent.iterdir() if "plain" in p.name or "encrypting" in p.name
    ]
    assert leftovers == []


def test_a_failed_encryption_keeps_the_plain_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = open_database(db_path)
    _fill(plain)
    plain.dispose()
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    real_replace = os.replace

    def cut(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption.os, "replace", cut)
    with pytest.raises((OSError, HdfFieldError)):
        open_app_database(db_path, backups=False)
    monkeypatch.setattr(encryption.os, "replace", real_replace)
    assert is_plain_sqlite(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT email FROM contact").fetchone() == (EMAIL,)
    conn.close()
    # The next open finishes the job.
    db = open_app_database(db_path)
    db.dispose()
    assert not is_plain_sqlite(db_path)


def test_a_cut_between_the_two_renames_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "laptop.sqlite3"
    aside = path.with_name(path.name + encryption.PLAIN_ASIDE)
    conn = sqlite3.connect(aside)
    conn.execute("CREATE TABLE t(a)")
    conn.commit()
    conn.close()
    encryption.recover_interrupted(path)
    assert path.exists() and not aside.exists() and is_plain_sqlite(path)


def test_a_lost_key_is_said_and_no_new_key_is_made(tmp_path: Path, no_keyring: None) -> None:
    path = tmp_path / "laptop.sqlite3"
    open_app_database(path).dispose()
    key_file().unlink()
    with pytest.raises(DatabaseKeyError, match="key is neither in the system keyring"):
        open_app_database(path)
    assert not key_file().exists()


def test_another_laptops_key_cannot_open_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "laptop.sqlite3"
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    open_app_database(path).dispose()
    monkeypatch.setenv("HDF_FIELD_DB_KEY", "cd" * 32)
    with pytest.raises(HdfFieldError, match="cannot be decrypted with this laptop's key"):
        open_app_database(path)


def test_a_bad_key_file_is_one_line(tmp_path: Path, no_keyring: None) -> None:
    key_file().parent.mkdir(parents=True, exist_ok=True)
    key_file().write_text("not a key")
    with pytest.raises(DatabaseKeyError, match="database.key: a database key is 64"):
        open_app_database(tmp_path / "laptop.sqlite3")


def test_second_writer_waits_under_encryption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEGIN IMMEDIATE and busy_timeout still make a second writer wait, not fail."""
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    path = tmp_path / "laptop.sqlite3"
    first = open_app_database(path)
    second = open_app_database(path)
    try:
        _fill(first)
        held = threading.Event()
        done: list[float] = []

        def hold() -> None:
            with first.write_session() as s, s.begin():
                s.execute(text("UPDATE organisation SET name = 'A'"))
                held.set()
                time.sleep(0.5)

        t = threading.Thread(target=hold)
        t.start()
        held.wait(5)
        started = time.perf_counter()
        with second.write_session() as s, s.begin():
            s.execute(text("UPDATE organisation SET name = 'B'"))
        done.append(time.perf_counter() - started)
        t.join()
        assert done[0] > 0.2
        with second.session() as s:
            assert s.execute(text("SELECT name FROM organisation")).scalar() == "B"
    finally:
        first.dispose()
        second.dispose()


def test_a_copy_of_the_file_is_useless_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    path = tmp_path / "laptop.sqlite3"
    db = open_app_database(path)
    _fill(db)
    db.dispose()
    stolen = tmp_path / "stolen.sqlite3"
    shutil.copyfile(path, stolen)
    monkeypatch.setenv("HDF_FIELD_DB_KEY", "plain")
    with pytest.raises(HdfFieldError):
        open_database(stolen)


def test_a_registry_file_opened_by_a_cli_command_stays_plain(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``hdf-field import sirene --db registry.sqlite3`` runs at the office on the registry's
    own file, which the server opens plain: it is not a laptop's and is not encrypted."""
    from hdf_field.registry.service import open_registry

    open_registry(db_path).dispose()
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(db_path)
    try:
        assert db.key is None
    finally:
        db.dispose()
    assert is_plain_sqlite(db_path)
    open_registry(db_path).dispose()


def test_encrypted_connections_keep_a_larger_page_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdf_field.storage.database import ENCRYPTED_CACHE_KIB

    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(tmp_path / "laptop.sqlite3")
    try:
        with db.session() as s:
            assert s.execute(text("PRAGMA cache_size")).scalar() == -ENCRYPTED_CACHE_KIB
    finally:
        db.dispose()


def test_an_import_keeps_the_encrypted_cache_and_gives_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import used to set 32 MiB, then 2 MB on the way out: an encrypted connection then
    decrypted every page again on each keystroke until it was closed."""
    from hdf_field.imports.common import IMPORT_CACHE_KIB, file_transaction
    from hdf_field.imports.report import ImportReport
    from hdf_field.storage.database import ENCRYPTED_CACHE_KIB

    assert ENCRYPTED_CACHE_KIB > IMPORT_CACHE_KIB
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(tmp_path / "laptop.sqlite3")
    try:
        with file_transaction(db, ImportReport(source="test")) as conn:
            during = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            used = conn.connection.dbapi_connection
        assert during == -ENCRYPTED_CACHE_KIB
        with db.engine.connect() as conn:
            assert conn.connection.dbapi_connection is used  # the pool hands it back
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -ENCRYPTED_CACHE_KIB
    finally:
        db.dispose()
    plain = open_database(tmp_path / "plain.sqlite3")  # a plain one: the import's size
    try:
        with file_transaction(plain, ImportReport(source="test")) as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -IMPORT_CACHE_KIB
        with plain.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
    finally:
        plain.dispose()


def _format(conn: Any) -> tuple[int, int, str]:
    return (
        int(conn.execute(text("PRAGMA page_size")).scalar()),
        int(conn.execute(text("PRAGMA cipher_page_size")).scalar()),
        str(conn.execute(text("PRAGMA cipher_hmac_algorithm")).scalar()),
    )


def test_new_and_newly_encrypted_databases_take_the_cheaper_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdf_field.storage.encryption import CIPHER_SETTINGS, LEGACY_CIPHER_SETTINGS

    assert CIPHER_SETTINGS.page_size > LEGACY_CIPHER_SETTINGS.page_size
    expected = (CIPHER_SETTINGS.page_size, CIPHER_SETTINGS.page_size, CIPHER_SETTINGS.hmac)
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(tmp_path / "new.sqlite3")
    try:
        with db.session() as s:
            assert _format(s) == expected
    finally:
        db.dispose()
    plain_path = tmp_path / "was_plain.sqlite3"
    open_database(plain_path).dispose()  # HDF_FIELD_DB_KEY does not reach open_database
    assert is_plain_sqlite(plain_path)
    db = open_app_database(plain_path)  # encrypted in place on its first open
    try:
        with db.session() as s:
            assert _format(s) == expected
    finally:
        db.dispose()


def _legacy_database(path: Path) -> None:
    """A laptop database encrypted by the previous version: SQLCipher 4's default format."""
    import sqlcipher3.dbapi2 as sqlcipher

    plain = path.with_name("legacy_plain.sqlite3")
    db = open_database(plain)
    try:
        add_org_with_person(db)
    finally:
        db.dispose()
    conn = sqlcipher.connect(str(plain))
    conn.execute(f"ATTACH DATABASE '{path}' AS enc KEY \"x'{HEX_KEY}'\"")
    conn.execute("SELECT sqlcipher_export('enc')")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA enc.user_version={version}")
    conn.execute("DETACH DATABASE enc")
    conn.close()
    plain.unlink()


def add_org_with_person(db: Database) -> None:
    with UnitOfWork(db) as uow:
        org = Organisation(name="Forges", siret=SIRET, departement="59")
        uow.session.add(org)
        uow.commit()
        org_id = str(org.id)
    add_contact(db, org_id, {"last_name": NAME, "email": EMAIL}, "test")


def test_a_database_in_the_previous_format_keeps_opening_and_backing_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdf_field.storage.backup import check_backup, create_backup
    from hdf_field.storage.encryption import LEGACY_CIPHER_SETTINGS, cipher_settings_of

    path = tmp_path / "legacy.sqlite3"
    _legacy_database(path)
    key = encryption.DatabaseKey.from_hex(HEX_KEY, "test")
    assert cipher_settings_of(path, key) == LEGACY_CIPHER_SETTINGS
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    db = open_app_database(path)
    try:
        with db.session() as s:
            assert _format(s) == (4096, 4096, "HMAC_SHA512")  # its own format, not rewritten
            assert s.execute(text("SELECT count(*) FROM contact")).scalar() == 1
        made = create_backup(db, "manual", directory=tmp_path / "backups")
    finally:
        db.dispose()
    assert cipher_settings_of(made.path, key) == LEGACY_CIPHER_SETTINGS
    check_backup(made.path, key)
    assert NAME.encode() not in made.path.read_bytes()
    other = encryption.DatabaseKey.generate()
    with pytest.raises(DatabaseKeyError):
        cipher_settings_of(path, other)
