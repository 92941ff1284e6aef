"""Zip archives opened as hostile input: entry count, declared sizes, compression ratio and the
bytes really inflated are all checked before (or while) anything is parsed.

A zip says how large each member will be once inflated, but nothing forces the truth: a 700 KB
workbook can declare (or really hold) a 700 MiB shared-strings part, and a KBO "archive" can
be a zip bomb. :func:`open_zip` refuses an archive with absurdly many entries before
:mod:`zipfile` builds one object per entry; :func:`check_member` refuses a member whose
declared size or ratio passes the limits; :class:`CappedStream` counts the bytes really
inflated and stops at the cap whatever the header said. Every refusal is one line naming the
archive and the member.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO

from hdf_field.domain.errors import InputFileError
from hdf_field.imports.limits import ReadLimits

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD_MAX_SEARCH = 22 + 65535  # the end record plus the longest archive comment
READ_CHUNK = 1024 * 1024

# What a damaged or lying member raises while it is inflated.
ZIP_READ_ERRORS: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError)
# What opening a member can raise besides: an unsupported method, an encrypted member.
_ZIP_OPEN_ERRORS: tuple[type[Exception], ...] = (
    *ZIP_READ_ERRORS,
    NotImplementedError,
    RuntimeError,
)


def one_line(exc: BaseException) -> str:
    """A library's error text, quoted in our one-line messages: it may repeat bytes of the
    file, so it is cut to one printable line."""
    text = " ".join(str(exc).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text[:300])
    return text + ("…" if len(str(exc)) > 300 else "")


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name fit for a one-line message: the archive chose it, so control
    characters (a line break, a terminal escape) are replaced and the length is capped."""
    name = "".join(ch if ch.isprintable() else "?" for ch in info.filename[:200])
    return name + ("…" if len(info.filename) > 200 else "")


def _central_directory(path: Path) -> tuple[int, int] | None:
    """(entries, bytes) of the central directory as the end record declares them (its zip64
    form when there is one, as :mod:`zipfile` reads it), or None when there is no end record
    (then :mod:`zipfile` refuses the file itself). :mod:`zipfile` reads the directory by its
    declared size and makes one object per entry found in it, so both are checked."""
    with path.open("rb") as f:
        f.seek(0, io.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - _EOCD_MAX_SEARCH))
        tail = f.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    locator = at - 20
    if locator >= 0 and tail[locator : locator + 4] == _EOCD64_LOCATOR:
        offset = int(struct.unpack_from("<Q", tail, locator + 8)[0])
        with path.open("rb") as f:
            f.seek(min(offset, size))
            record = f.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            entries, directory = struct.unpack_from("<QQ", record, 32)
    return int(entries), int(directory)


def open_zip(
    path: Path, limits: ReadLimits, what: str, *, unreadable: str | None = None
) -> zipfile.ZipFile:
    """The archive at ``path``, refused in one line when it is not a zip or has more entries
    than ``limits.zip_entries`` (each would cost memory before any member is read).
    ``unreadable`` replaces the message for a file that is no zip at all."""
    try:
        declared = _central_directory(path)
    except OSError as exc:
        raise InputFileError(
            code="archive.unreadable", params={"path": path, "detail": exc.strerror}
        ) from exc
    entries, directory = declared or (0, 0)
    if directory > limits.zip_directory_bytes:
        raise InputFileError(
            code="archive.directory_too_large",
            params={
                "path": path,
                "size": directory,
                "max": limits.zip_directory_bytes,
                "what": what,
            },
        )
    if entries > limits.zip_entries:
        raise InputFileError(
            code="archive.too_many_entries",
            params={"path": path, "count": entries, "max": limits.zip_entries, "what": what},
        )
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        params = {"path": path, "what": what, "detail": one_line(exc)}
        if unreadable is not None:  # the caller's own words, from FILE_KINDS
            raise InputFileError(
                code="archive.not_zip", params={**params, "what": unreadable}
            ) from exc
        raise InputFileError(code="archive.not_readable_zip", params=params) from exc


def check_member(path: Path, info: zipfile.ZipInfo, max_bytes: int, limits: ReadLimits) -> None:
    """Refuse a member whose declared inflated size passes ``max_bytes`` or whose compression
    ratio is beyond what real files reach (a zip bomb)."""
    if info.file_size > max_bytes:
        raise InputFileError(
            code="archive.member_too_large",
            params={
                "path": path,
                "member": member_name(info),
                "size": info.file_size,
                "max": max_bytes,
            },
        )
    if info.file_size > limits.ratio_floor_bytes:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.compression_ratio:
            raise InputFileError(
                code="archive.ratio",
                params={
                    "path": path,
                    "member": member_name(info),
                    "ratio": round(ratio),
                    "max": limits.compression_ratio,
                },
            )


class CappedStream(io.RawIOBase):
    """A member's inflated bytes, counted: past ``cap`` bytes (whatever the header declared)
    reading stops with a one-line :class:`InputFileError`, and a damaged member's errors
    become one too."""

    def __init__(self, raw: IO[bytes], cap: int, label: str) -> None:
        super().__init__()
        self._raw = raw
        self._cap = cap
        self._label = label
        self.count = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.count

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        try:
            data = self._raw.read(len(view))
        except ZIP_READ_ERRORS as exc:
            raise InputFileError(
                code="archive.damaged_member",
                params={"path": self._label, "detail": one_line(exc)},
            ) from exc
        n = len(data)
        self.count += n
        if self.count > self._cap:
            raise InputFileError(
                code="archive.inflates_over", params={"path": self._label, "max": self._cap}
            )
        view[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_member(
    archive: zipfile.ZipFile,
    path: Path,
    info: zipfile.ZipInfo,
    max_bytes: int,
    limits: ReadLimits,
) -> IO[bytes]:
    """A buffered, size-capped stream over one checked member."""
    check_member(path, info, max_bytes, limits)
    label = f"{path}:{member_name(info)}"
    try:
        raw = archive.open(info)
    except _ZIP_OPEN_ERRORS as exc:
        raise InputFileError(
            code="archive.unreadable_member", params={"path": label, "detail": one_line(exc)}
        ) from exc
    return io.BufferedReader(CappedStream(raw, max_bytes, label), buffer_size=READ_CHUNK)


def longest_text_run(stream: IO[bytes], limit: int, label: str) -> int:
    """Stream an XML member once and refuse it when a run of bytes without ``<`` (one tag and
    the text after it: a cell value, an attribute) is longer than ``limit``: the XML parser
    would hold such a run whole. Returns the bytes read."""
    carry = 0
    total = 0
    while chunk := stream.read(READ_CHUNK):
        total += len(chunk)
        parts = chunk.split(b"<")
        if len(parts) == 1:
            carry += len(chunk)
            longest = carry
        else:
            longest = max(carry + len(parts[0]), max(map(len, parts[1:-1]), default=0))
            carry = len(parts[-1])
            longest = max(longest, carry)
        if longest > limit:
            raise InputFileError(code="archive.huge_cell", params={"path": label, "max": limit})
    return total
