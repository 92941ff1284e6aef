"""Files that carry a person's data out of the application, encrypted with a passphrase.

The database and its backups are encrypted with a key the recipient never has; a right-of-
access report, on the contrary, leaves the application for someone who does not have it (the
person, the data-protection officer). So it leaves as a **ZIP encrypted with AES-256** (the
WinZip "AE-2" scheme, through ``pyzipper``), holding the readable PDF and the same data as
JSON (portability, GDPR art. 20): 7-Zip, WinZip, Keka or The Unarchiver open it with the
passphrase, no HDF Field needed.

Why not an encrypted PDF: reportlab's only AES-256 mode is the deprecated revision 5 of the
PDF standard (the passphrase checked by one unsalted-iteration SHA-256, withdrawn by
ISO 32000-2), it relies on ``pyaes`` (pure Python, unmaintained since 2017), and a PDF cannot
hand over the JSON as a file of its own; its 128-bit mode is RC4, which is broken.

Each ZIP entry is AES-256 in CTR mode with an HMAC-SHA1 tag: a wrong passphrase is told
apart from a damaged or altered file. The entries' names are stored in clear in a ZIP, so
they never carry more than the name the user gave the file. The passphrase is drawn from
:mod:`secrets` (99 bits) unless the user brings one; it is shown once and never stored.
"""

from __future__ import annotations

import io
import json
import secrets
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from hdf_field.domain.errors import HdfFieldError
from hdf_field.files import write_atomically

# 31 symbols without look-alikes (0/o, 1/l/i): 20 of them are 99 bits, in groups of five so
# that it can be read out over the phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS = 4
GROUP_LEN = 5
# A passphrase the user brings: long enough that guessing it is not the easy way in (the ZIP
# scheme stretches it with only 1,000 PBKDF2 rounds).
MIN_PASSPHRASE_CHARS = 12
MAX_PASSPHRASE_BYTES = 1024
# The ZIP's AES strength (1 = 128, 2 = 192, 3 = 256 bits in pyzipper's terms).
AES_BITS = 256
ZIP_FORMAT = "zip-aes256"
PDF_FORMAT = "pdf"


class PassphraseError(HdfFieldError):
    """A passphrase given by the user cannot be used (empty, too short, unreadable)."""


class ProtectedFileError(HdfFieldError):
    """A protected file cannot be opened: wrong passphrase, damaged, or not one of ours."""


def generate_passphrase() -> str:
    """20 random symbols (99 bits) as four groups of five, e.g. ``k7mqz-4xw2p-9hjd3-tn6re``.

    The hyphens are part of it; 99 bits make guessing hopeless however quick each guess."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LEN)) for _ in range(GROUPS))
    return "-".join(groups)


def check_passphrase(text: str, where: str) -> str:
    """A passphrase brought by the user, as given minus the end of line; ``where`` names its
    origin in the error (a file, the standard input)."""
    text = text.rstrip("\r\n")
    if not text.strip():
        raise PassphraseError(code="passphrase.empty", params={"where": where})
    if len(text) < MIN_PASSPHRASE_CHARS:
        raise PassphraseError(
            code="passphrase.too_short",
            params={"where": where, "length": len(text), "min": MIN_PASSPHRASE_CHARS},
        )
    if len(text.encode("utf-8")) > MAX_PASSPHRASE_BYTES:
        raise PassphraseError(
            code="passphrase.too_long", params={"where": where, "max": MAX_PASSPHRASE_BYTES}
        )
    return text


def read_passphrase_file(path: Path) -> str:
    """The first line of ``path`` (a file only this user should read), checked."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_PASSPHRASE_BYTES + 2)
    except OSError as exc:
        raise PassphraseError(
            code="passphrase.unreadable",
            params={"path": str(path), "detail": exc.strerror or str(exc)},
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PassphraseError(code="passphrase.not_utf8", params={"path": str(path)}) from exc
    return check_passphrase(text.split("\n", 1)[0], str(path))


def protect(members: Mapping[str, bytes], passphrase: str) -> bytes:
    """A ZIP whose every entry is compressed then encrypted with AES-256 under ``passphrase``."""
    import pyzipper

    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=AES_BITS)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def open_protected(path: Path, passphrase: str) -> dict[str, bytes]:
    """Every entry of a protected ZIP, decrypted and authenticated; an entry stored without
    encryption is refused (it would not be the file this module wrote)."""
    import pyzipper

    try:
        with pyzipper.AESZipFile(path) as archive:
            archive.setpassword(passphrase.encode("utf-8"))
            found: dict[str, bytes] = {}
            for info in archive.infolist():
                if not info.flag_bits & 0x1:
                    raise ProtectedFileError(f"{path}: {info.filename} is not encrypted")
                found[str(info.filename)] = bytes(archive.read(info))
            return found
    except RuntimeError as exc:  # pyzipper's "Bad password for file …"
        raise ProtectedFileError(f"{path}: wrong passphrase") from exc
    except (pyzipper.BadZipFile, zlib.error, EOFError) as exc:
        raise ProtectedFileError(f"{path}: damaged or not a protected export ({exc})") from exc
    except OSError as exc:
        raise ProtectedFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _json_default(value: Any) -> Any:
    """The CLI's ``--json`` shapes, so that the JSON in the ZIP is what ``--json`` prints."""
    if isinstance(value, uuid.UUID | Path):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def export_json(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class WrittenExport:
    """What an export wrote, for the CLI's JSON and the GUI's message; never the passphrase."""

    path: Path
    encrypted: bool
    members: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "encrypted": self.encrypted,
            "format": ZIP_FORMAT if self.encrypted else PDF_FORMAT,
            "members": list(self.members),
        }


def protected_path(out: Path) -> Path:
    """Where the encrypted export of ``out`` goes: the same name ending in ``.zip``
    (``acces.pdf`` → ``acces.zip``), so that the recipient's system opens it as an archive."""
    return out if out.suffix.lower() == ".zip" else out.with_suffix(".zip")


def write_contact_export(
    data: Mapping[str, Any], out: Path, *, passphrase: str | None
) -> WrittenExport:
    """The right-of-access report (``export_contact``'s data, laptop or registry) as a file.

    With a passphrase: an encrypted ZIP at :func:`protected_path` holding ``<name>.pdf`` and
    ``<name>.json``, readable by this user only (0600) until they hand it over. ``None`` is
    the explicit opt-out (``--plain``): the bare PDF at ``out``, as before encryption.
    """
    from hdf_field.reports.contact_export import contact_export_pdf

    pdf = contact_export_pdf(data)
    if passphrase is None:
        return WrittenExport(write_atomically(out, pdf), False, (out.name,))
    target = protected_path(out)
    stem = target.stem or "donnees"
    members = {
        f"{stem}.pdf": pdf,
        f"{stem}.json": export_json(data),
    }
    write_atomically(target, protect(members, passphrase), mode=0o600)
    return WrittenExport(target, True, tuple(members))


__all__ = [
    "PassphraseError",
    "ProtectedFileError",
    "WrittenExport",
    "generate_passphrase",
    "open_protected",
    "protect",
    "read_passphrase_file",
    "write_contact_export",
]
