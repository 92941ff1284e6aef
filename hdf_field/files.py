"""Writing files so that a reader never sees half of one.

The one way the application replaces a file it writes (exports, sealed sync bundles, visit
drafts, map assets, translation stamps): a crash, a full disk or a cancel leaves the previous
file or none, never a truncated one carrying the final name.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes | str, *, mode: int = 0o666) -> Path:
    """Write ``data`` (text as UTF-8) beside ``path``, flush it to disk, then rename it over
    ``path``; returns ``path``.

    The temporary name is unique (two writers of the same target never share it) and ends in
    ``.part``, so a crash leaves a file that is obviously unfinished. ``mode`` is filtered by
    the umask as for any new file: pass ``0o600`` for what only this user may read.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
