"""Which compiled translation (.qm) to load, decided without Qt so it can be unit-tested.

A ``.qm`` is trusted when the SHA-256 of the ``.ts`` it was compiled from, written beside it
as ``<name>.qm.sha256`` by whoever compiled it, matches the ``.ts`` now present. File times
are not used: copying, unpacking or checking out files resets them, so a bundle or a fresh
clone used to see its shipped ``.qm`` as older than its ``.ts`` and tried to recompile it.

A frozen app (PyInstaller sets ``sys.frozen``) never compiles: its ``.qm`` were compiled with
the build, and an officer's laptop has no ``pyside6-lrelease``.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from hdf_field.files import write_atomically

log = logging.getLogger(__name__)

STAMP_SUFFIX = ".sha256"
# lrelease on the app's largest .ts takes well under a second; a hung tool must not hang start-up.
COMPILE_TIMEOUT_S = 60.0

# (ts, qm) -> True when qm was written.
Compiler = Callable[[Path, Path], bool]


def source_digest(ts: Path) -> str:
    return hashlib.sha256(ts.read_bytes()).hexdigest()


def stamp_path(qm: Path) -> Path:
    return qm.with_name(qm.name + STAMP_SUFFIX)


def write_stamp(qm: Path, ts: Path) -> None:
    """Record which source ``qm`` was compiled from; call it only after ``qm`` is complete."""
    write_atomically(stamp_path(qm), source_digest(ts) + "\n")


def is_current(qm: Path, ts: Path) -> bool:
    """True when ``qm`` exists and its stamp names the digest of ``ts`` as it is now."""
    stamp = stamp_path(qm)
    if not qm.is_file() or not stamp.is_file():
        return False
    try:
        recorded = stamp.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return recorded == source_digest(ts)


def lrelease_command() -> str | None:
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "lrelease"):
        candidate = here / name
        if candidate.exists():
            return str(candidate)
        found = shutil.which(name)
        if found:
            return found
    return None


def lrelease_compiler(tool: str) -> Compiler:
    def compile_ts(ts: Path, qm: Path) -> bool:
        try:
            result = subprocess.run(
                [tool, str(ts), "-qm", str(qm)],
                capture_output=True,
                text=True,
                timeout=COMPILE_TIMEOUT_S,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("compiling %s failed: %s", ts, exc)
            return False
        if result.returncode != 0 or not qm.exists():
            log.warning("compiling %s failed: %s", ts, result.stderr.strip())
            return False
        return True

    return compile_ts


def find_translation(
    lang: str,
    translations: Path,
    cache: Path,
    *,
    frozen: bool,
    compiler: Compiler | None,
) -> Path | None:
    """The ``.qm`` to load for ``lang``, compiling into ``cache`` only when nothing current exists.

    ``compiler`` is None when no lrelease is installed. Order: a frozen app takes what it
    shipped; a checkout takes the shipped ``.qm`` if current, else a current one in the cache,
    else compiles one there; without a compiler a stale ``.qm`` is still better than none.
    """
    ts = translations / f"hdf_field_{lang}.ts"
    shipped = translations / f"hdf_field_{lang}.qm"
    if frozen or not ts.is_file():
        if shipped.is_file():
            return shipped
        log.warning("no compiled translation for %s in %s", lang, translations)
        return None
    if is_current(shipped, ts):
        return shipped
    cached = cache / f"hdf_field_{lang}.qm"
    if is_current(cached, ts):
        return cached
    if compiler is None:
        if shipped.is_file():
            log.warning(
                "%s may be older than %s and pyside6-lrelease is not installed to "
                "recompile it: using it as it is",
                shipped.name,
                ts.name,
            )
            return shipped
        log.warning("pyside6-lrelease not found: %s stays untranslated", lang)
        return None
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(cached.name + ".part")
    if not compiler(ts, tmp):
        tmp.unlink(missing_ok=True)
        return shipped if shipped.is_file() else None
    tmp.replace(cached)
    write_stamp(cached, ts)
    return cached
