"""The visit draft file: encrypted at rest when the database is, plain JSON when it is not.

A draft is the officer's unfinished report: it can name the person met, their phone, notes.
The database is encrypted (SQLCipher), so drafts are too, with a key derived from the
database key (HKDF-SHA256, its own info label: the database key itself is never used for
anything else, and a draft key tells nothing about it). No second key to keep or lose.

Layout of an encrypted draft::

    magic b"HDFDRAFT" | version (1 byte) | nonce (12 bytes) | AES-256-GCM(JSON) with its tag

The associated data is the header and the organisation id the file is named after
(``visit-<id>.json``): a draft copied over another organisation's file, or from another
organisation, fails its tag instead of opening in the wrong report. A file starting with
anything else is read as the plain JSON earlier versions wrote (re-written encrypted at its
next save). A file that cannot be read is never deleted: :func:`set_aside` renames it.

Every module that reads or writes draft files goes through here (the visit form's store,
erasure's scrubbing, the right-of-access export).
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hdf_field.domain.errors import HdfFieldError
from hdf_field.files import write_atomically
from hdf_field.storage.encryption import DatabaseKey

MAGIC: Final = b"HDFDRAFT"
VERSION: Final = 1
NONCE: Final = 12
HEADER_SIZE: Final = len(MAGIC) + 1 + NONCE
KEY_INFO: Final = b"hdf-field visit drafts v1"
PREFIX: Final = "visit-"
SUFFIX: Final = ".json"
UNREADABLE: Final = ".unreadable"
# Drafts are small JSON files the visit form writes; anything larger is not one of them.
MAX_DRAFT_BYTES: Final = 1_000_000


class DraftUnreadable(HdfFieldError):
    """A draft file that cannot be read: another laptop's key, damage, or not a draft."""


def draft_key(key: DatabaseKey) -> bytes:
    """The 32-byte key drafts are encrypted with, derived from the database key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(key.raw)


def safe_id(organisation_id: str) -> str:
    """The organisation id as it may appear in a file name."""
    return "".join(ch for ch in organisation_id if ch.isalnum() or ch == "-")


def draft_path(folder: Path, organisation_id: str) -> Path:
    return folder / f"{PREFIX}{safe_id(organisation_id)}{SUFFIX}"


def draft_files(folder: Path | None, limit: int) -> list[Path]:
    """The draft files in ``folder`` (at most ``limit``, sorted); none when it is missing."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))[:limit]


def _file_id(path: Path) -> bytes:
    name = path.name
    if name.startswith(PREFIX) and name.endswith(SUFFIX):
        name = name[len(PREFIX) : -len(SUFFIX)]
    return name.encode("utf-8")


def is_encrypted(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def holds_plain_text(path: Path) -> bool:
    """Whether ``path`` is a draft an earlier version wrote in clear (not an encrypted one,
    nor missing): its bytes are worth zeroing when it is replaced."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(MAGIC))
    except OSError:
        return False
    return bool(head) and not is_encrypted(head)


def encode_draft(path: Path, data: dict[str, Any], key: bytes | None) -> bytes:
    """The bytes of the draft file ``path`` holding ``data`` (plain JSON without a key)."""
    text = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if key is None:
        return text
    nonce = secrets.token_bytes(NONCE)
    header = MAGIC + bytes([VERSION]) + nonce
    return header + AESGCM(key).encrypt(nonce, text, header + _file_id(path))


def decode_draft(path: Path, raw: bytes, key: bytes | None) -> dict[str, Any]:
    """The JSON object in the draft file ``path`` whose bytes are ``raw``."""
    if is_encrypted(raw):
        if len(raw) < HEADER_SIZE + 16 or raw[len(MAGIC)] != VERSION:
            raise DraftUnreadable(f"{path}: not a visit draft this version can read")
        if key is None:
            raise DraftUnreadable(f"{path}: encrypted, and this database has no key")
        header, nonce = raw[:HEADER_SIZE], raw[len(MAGIC) + 1 : HEADER_SIZE]
        try:
            text = AESGCM(key).decrypt(nonce, raw[HEADER_SIZE:], header + _file_id(path))
        except InvalidTag:
            raise DraftUnreadable(
                f"{path}: cannot be decrypted with this laptop's key (another laptop's or "
                "another organisation's draft, or a damaged file)"
            ) from None
    else:
        text = raw
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DraftUnreadable(f"{path}: not a visit draft ({exc})") from None
    if not isinstance(data, dict):
        raise DraftUnreadable(f"{path}: not a visit draft (no JSON object)")
    return data


def read_draft(path: Path, key: bytes | None) -> tuple[dict[str, Any], bool]:
    """The draft in ``path`` and whether it was encrypted; files are read as untrusted
    (size-checked before reading). Raises :class:`DraftUnreadable` (or ``OSError``)."""
    if not path.is_file():
        raise DraftUnreadable(f"{path}: not a file")
    if path.stat().st_size > MAX_DRAFT_BYTES:
        raise DraftUnreadable(f"{path}: too large to be a visit draft")
    raw = path.read_bytes()
    return decode_draft(path, raw, key), is_encrypted(raw)


def write_draft(path: Path, data: dict[str, Any], key: bytes | None) -> Path:
    """Write ``data`` to ``path`` atomically, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(path, encode_draft(path, data, key), mode=0o600)


def _zero(fh: Any) -> None:
    size = fh.seek(0, os.SEEK_END)
    fh.seek(0)
    fh.write(b"\0" * size)
    fh.flush()
    os.fsync(fh.fileno())


def rewrite_draft(path: Path, data: dict[str, Any], key: bytes | None, *, was_plain: bool) -> None:
    """Replace the draft ``path`` atomically; when the old one was plain, its bytes are
    zeroed through a handle held across the rename, once the new file took its name (best
    effort: a copy-on-write or flash file system may keep the old blocks; docs/privacy.md
    recommends disk encryption). Where an open file cannot be renamed over (Windows), the
    new draft is written without zeroing: zeroing first would lose the draft if the write
    then failed."""
    if not was_plain:
        write_draft(path, data, key)
        return
    with path.open("r+b") as old:  # the old file's blocks, still reachable after the rename
        try:
            write_draft(path, data, key)
        except PermissionError:
            if os.name != "nt":
                raise
        else:
            _zero(old)
            return
    write_draft(path, data, key)


def set_aside(path: Path) -> Path:
    """Rename an unreadable draft out of the way (never delete it: a person may recover it
    with the right key, or read what is left of it); returns its new name."""
    target = path.with_name(path.name + UNREADABLE)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{n}{UNREADABLE}")
    os.replace(path, target)
    return target


__all__ = [
    "MAX_DRAFT_BYTES",
    "DraftUnreadable",
    "decode_draft",
    "draft_files",
    "draft_key",
    "draft_path",
    "holds_plain_text",
    "read_draft",
    "rewrite_draft",
    "set_aside",
    "write_draft",
]
