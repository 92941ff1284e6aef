"""Writing exported files so that a reader never sees half of one."""

from __future__ import annotations

from pathlib import Path


def write_atomically(path: Path, data: bytes) -> Path:
    """Write beside the target, then rename: a cancelled, failed or interrupted export leaves
    the previous file or none, never a truncated one carrying the final name."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return path
