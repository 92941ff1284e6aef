"""Encryption at rest of the laptop database (SQLCipher): its key, and encrypting in place.

Laptops travel and hold people's names, phones and e-mails: the whole database file (and its
WAL) is encrypted with AES-256 by SQLCipher. The key is 256 random bits, not a password, so
it is handed to SQLCipher as a *raw key* (``x'…'``): SQLCipher then skips PBKDF2 entirely.
Key stretching only protects guessable passphrases; a random key gains nothing from it and
every new connection would pay for it (64,000 HMAC-SHA512 rounds with the defaults).

Where the key lives, in order:

* ``HDF_FIELD_DB_KEY`` in the environment: 64 hex digits are the key (tests, CI, scripts);
  ``plain`` opens databases without encryption (the test suite and the benchmarks' baseline);
* the operating system's keyring (``keyring``): Windows Credential Manager, macOS Keychain,
  the Secret Service on a Linux desktop;
* otherwise a key file readable only by the user (0600) in the configuration folder, with a
  warning: anyone who can read the user's files can read the database too.

The registry server never goes through here: it is not a laptop (:mod:`hdf_field.registry`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from hdf_field.domain.errors import HdfFieldError
from hdf_field.paths import APP_NAME

ENV_KEY = "HDF_FIELD_DB_KEY"
PLAIN = "plain"
KEYRING_SERVICE = "hdf-field-database"
KEYRING_USER = "laptop-database"
KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"
# Suffix of a plain database set aside while its encrypted copy takes its place.
PLAIN_ASIDE = ".plain-aside"
ENCRYPTING = ".encrypting"

KEY_FILE_WARNING = (
    "no system keyring is available: the database key is kept in {path} (readable only by "
    "you); anyone who can read your files can read the database"
)
WRONG_KEY = (
    "the database {where} cannot be decrypted with this laptop's key (a database from "
    "another laptop or user, a lost key, or a damaged file): restore a backup made on this "
    "laptop, or export your pending changes and contact support"
)
PLAIN_WARNING = f"the database is not encrypted ({ENV_KEY}=plain)"


class DatabaseKeyError(HdfFieldError):
    """The key of an encrypted database cannot be found or is not the right one."""


@dataclass(frozen=True)
class DatabaseKey:
    """256 random bits; never printed (``repr`` hides them)."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError(f"a database key has {KEY_BYTES} bytes, not {len(self.raw)}")

    def __repr__(self) -> str:
        return "DatabaseKey(…)"

    @classmethod
    def generate(cls) -> DatabaseKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_hex(cls, text: str, where: str) -> DatabaseKey:
        text = text.strip()
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = b""
        if len(raw) != KEY_BYTES:
            raise DatabaseKeyError(f"{where}: a database key is {KEY_BYTES * 2} hexadecimal digits")
        return cls(raw)

    @property
    def pragma_value(self) -> str:
        """The key as SQLCipher's ``PRAGMA key`` takes a raw key (no key derivation)."""
        return f"\"x'{self.raw.hex()}'\""


@dataclass(frozen=True)
class KeyInfo:
    """The key to open laptop databases with, and where it came from (shown to the user)."""

    key: DatabaseKey | None
    store: str | None  # "keyring", "file", "env", or None when not encrypted
    warning: str | None = None
    path: Path | None = None  # the key file, when store == "file"

    def as_json(self) -> dict[str, Any]:
        return {
            "enabled": self.key is not None,
            "key_store": self.store,
            "warning": self.warning,
        }


def key_file() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "database.key"


def _keyring_get() -> str | None:
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:  # no backend, a locked or refused keyring: try the file
        return None
    return str(found) if found else None


def _keyring_set(text: str) -> bool:
    """Keep ``text`` in the keyring and read it back: the fail and null backends, and some
    half-configured ones, accept nothing or return something else."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, text)
        return keyring.get_password(KEYRING_SERVICE, KEYRING_USER) == text
    except Exception:
        return False


def _read_key_file(path: Path) -> DatabaseKey | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseKeyError(f"{path}: the database key file is not a regular file")
    if info.st_size > 1024:
        raise DatabaseKeyError(f"{path}: the database key file is too large to be one")
    if os.name == "posix" and info.st_mode & 0o077:
        # Someone loosened it (a copy, a backup tool): tighten it back rather than refuse.
        os.chmod(path, 0o600)
    return DatabaseKey.from_hex(path.read_text(encoding="ascii", errors="replace"), str(path))


def _write_key_file(path: Path, key: DatabaseKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.raw.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_key(*, create: bool) -> KeyInfo:
    """The laptop's database key; ``create`` makes one when none is kept anywhere.

    Callers pass ``create=False`` when an encrypted database already exists: a keyring that
    cannot be read today (locked, refused) must not lead to a new key that opens nothing.
    """
    env = os.environ.get(ENV_KEY, "").strip()
    if env.lower() == PLAIN:
        return KeyInfo(None, None, PLAIN_WARNING)
    if env:
        return KeyInfo(DatabaseKey.from_hex(env, ENV_KEY), "env")
    found = _keyring_get()
    if found:
        return KeyInfo(DatabaseKey.from_hex(found, "the system keyring"), "keyring")
    path = key_file()
    in_file = _read_key_file(path)
    if in_file is not None:
        return KeyInfo(in_file, "file", KEY_FILE_WARNING.format(path=path), path)
    if not create:
        raise DatabaseKeyError(
            "the database is encrypted but its key is neither in the system keyring nor in "
            f"{path}: restore that file (or the keyring) from a backup; without the key the "
            "database cannot be read (see docs/troubleshooting.md)"
        )
    key = DatabaseKey.generate()
    if _keyring_set(key.raw.hex()):
        return KeyInfo(key, "keyring")
    _write_key_file(path, key)
    return KeyInfo(key, "file", KEY_FILE_WARNING.format(path=path), path)


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (an encrypted one starts with random
    salt, never with SQLite's magic string)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


@dataclass(frozen=True)
class CipherSettings:
    """SQLCipher's page format of one file, fixed when the file is made: a connection must
    name the same, or every page fails its HMAC check (the file is "not a database").

    Larger pages are the cheaper format: SQLCipher pays a fixed price per page (a random IV,
    the cipher and HMAC set-up) on top of the per-byte AES and HMAC, and an import writes
    each page several times; HMAC-SHA256 runs on the SHA extensions of current CPUs, at
    twice SHA-512's speed, and authenticates a page as surely (see docs/privacy.md).
    """

    page_size: int
    hmac: str

    def apply(self, conn: Any, schema: str = "main") -> None:
        """Between ``PRAGMA key`` and the first read; ``schema`` names an attached database."""
        conn.execute(f"PRAGMA {schema}.cipher_page_size={self.page_size}")
        conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm={self.hmac}")


# New encrypted databases (and plain ones encrypted in place) take this format.
CIPHER_SETTINGS = CipherSettings(page_size=16384, hmac="HMAC_SHA256")
# SQLCipher 4's defaults, which every database encrypted before CIPHER_SETTINGS used: they
# keep opening, in their own format (changing it means rewriting the whole file).
LEGACY_CIPHER_SETTINGS = CipherSettings(page_size=4096, hmac="HMAC_SHA512")
KNOWN_CIPHER_SETTINGS = (CIPHER_SETTINGS, LEGACY_CIPHER_SETTINGS)


def _connect(path: Path, read_only: bool) -> Any:
    import sqlcipher3.dbapi2 as sqlcipher

    if read_only:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlcipher.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
    conn.isolation_level = None
    return conn


def cipher_settings_of(path: Path, key: DatabaseKey, *, read_only: bool = False) -> CipherSettings:
    """The format ``path`` was encrypted with, tried in KNOWN_CIPHER_SETTINGS' order
    (CIPHER_SETTINGS for a file not made yet); a file no format opens has another key.

    One failed try costs an open and one page read: paid once per engine, not per query.
    """
    if not has_content(Path(path)):
        return CIPHER_SETTINGS
    for settings in KNOWN_CIPHER_SETTINGS:
        conn = _connect(path, read_only)
        try:
            apply_key(conn, key, settings=settings)
            return settings
        except DatabaseKeyError:
            continue
        finally:
            conn.close()
    raise DatabaseKeyError(WRONG_KEY.format(where=path))


def keyed_connect(
    path: Path,
    key: DatabaseKey | None,
    *,
    read_only: bool = False,
    settings: CipherSettings | None = None,
) -> Any:
    """A raw DB-API connection to ``path`` (SQLCipher's driver), keyed when ``key`` is given;
    ``read_only`` never creates nor writes the file (a file chosen by hand). ``settings``
    is the file's format, found out when not given."""
    if key is not None and settings is None:
        try:
            settings = cipher_settings_of(path, key, read_only=read_only)
        except DatabaseKeyError:
            if not read_only:
                raise
            # Unchecked, as ever: the caller's first read says what the file is not.
            settings = CIPHER_SETTINGS
    conn = _connect(path, read_only)
    if key is not None:
        apply_key(conn, key, check=not read_only, settings=settings)
    return conn


def apply_key(
    conn: Any,
    key: DatabaseKey,
    *,
    check: bool = True,
    settings: CipherSettings | None = None,
) -> None:
    """Key a fresh SQLCipher connection in the file's format (``settings``, CIPHER_SETTINGS
    when not given), and make a wrong key one clear error now: SQLCipher only finds out at
    the first read, and then says "file is not a database" once and "out of memory" after."""
    conn.execute("PRAGMA cipher_log_level=NONE")  # its own stderr lines are not for officers
    conn.execute(f"PRAGMA key={key.pragma_value}")
    (settings or CIPHER_SETTINGS).apply(conn)
    if not check:
        return
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        raise DatabaseKeyError(WRONG_KEY.format(where=_where(conn))) from exc


def _where(conn: Any) -> str:
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
        return str(row[2]) if row and row[2] else "the database"
    except Exception:
        return "the database"


def overwrite_and_remove(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush it to the disk, then remove it.

    Not a guarantee on SSDs and copy-on-write file systems (the old blocks may survive
    elsewhere), but the plain bytes no longer sit in the file system's free blocks as they
    were, which a plain ``unlink`` leaves behind.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as fh:
        chunk = b"\x00" * (1 << 20)
        left = size
        while left > 0:
            n = min(left, len(chunk))
            fh.write(chunk[:n])
            left -= n
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def recover_interrupted(path: Path) -> None:
    """Finish or undo an encryption that a crash or a power cut interrupted.

    The plain file set aside is only removed once its encrypted copy is in place: if the
    database is missing, the plain one goes back; if both are there, the plain one goes.
    """
    aside = path.with_name(path.name + PLAIN_ASIDE)
    partial = path.with_name(path.name + ENCRYPTING)
    if partial.exists():
        partial.unlink()
    if aside.exists():
        if path.exists():
            overwrite_and_remove(aside)
        else:
            os.replace(aside, path)


def encrypt_in_place(path: Path, key: DatabaseKey) -> None:
    """Replace the plain database ``path`` by an encrypted copy; on failure nothing changes.

    ``sqlcipher_export`` writes an encrypted copy next to it, which is checked, then takes
    the database's name by an atomic rename; only then is the plain file overwritten and
    removed. The plain WAL is checkpointed into the file first (and then removed), so no
    committed change is left behind and no plain page stays in a ``-wal`` file.
    """
    path = Path(path)
    recover_interrupted(path)
    partial = path.with_name(path.name + ENCRYPTING)
    aside = path.with_name(path.name + PLAIN_ASIDE)
    plain = keyed_connect(path, None)
    try:
        plain.execute("PRAGMA busy_timeout=30000")
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        tables = int(plain.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_value}", (str(partial),))
        CIPHER_SETTINGS.apply(plain, "encrypted")  # the copy is a new file: today's format
        plain.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version={version}")
        plain.execute("COMMIT")
        plain.execute("DETACH DATABASE encrypted")
    except Exception:
        plain.close()
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    plain.close()
    copy = keyed_connect(partial, key)
    try:
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        copied = int(copy.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        copy.close()
    if check != "ok" or copied != tables:
        partial.unlink()
        raise HdfFieldError(
            f"{path}: the encrypted copy did not check out ({check}, {copied}/{tables} "
            "schema objects); the plain database was kept"
        )
    os.replace(path, aside)
    os.replace(partial, path)
    for extra in _sidecars(path):
        if extra.exists():
            overwrite_and_remove(extra)
    overwrite_and_remove(aside)


__all__ = [
    "CIPHER_SETTINGS",
    "CipherSettings",
    "DatabaseKey",
    "DatabaseKeyError",
    "KeyInfo",
    "cipher_settings_of",
    "encrypt_in_place",
    "is_plain_sqlite",
    "load_key",
]
