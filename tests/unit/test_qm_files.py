"""Which .qm the app loads: trusted by the hash of its source, never recompiled when frozen.

The bundle used to print "pyside6-lrelease not found" on every English start because its
copied .ts looked newer than its .qm; these tests pin the rule that replaced file times.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hdf_field.paths import resources_dir
from hdf_field.ui.qm_files import (
    Compiler,
    find_translation,
    is_current,
    lrelease_command,
    lrelease_compiler,
    source_digest,
    stamp_path,
    write_stamp,
)

TS = resources_dir() / "translations" / "hdf_field_en.ts"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    shipped = tmp_path / "translations"
    shipped.mkdir()
    shutil.copyfile(TS, shipped / TS.name)
    return shipped, tmp_path / "cache"


@pytest.fixture
def compiler() -> Compiler:
    tool = lrelease_command()
    if tool is None:
        pytest.skip("pyside6-lrelease not installed")
    return lrelease_compiler(tool)


def _ship_qm(folder: Path, compiler: Compiler) -> Path:
    """A .qm compiled and stamped the way scripts/build_translations.py does it."""
    ts = folder / TS.name
    qm = ts.with_suffix(".qm")
    assert compiler(ts, qm)
    write_stamp(qm, ts)
    return qm


def test_stamp_names_the_source_digest(folders: tuple[Path, Path], compiler: Compiler) -> None:
    shipped, _ = folders
    qm = _ship_qm(shipped, compiler)
    assert stamp_path(qm).read_text().strip() == source_digest(shipped / TS.name)
    assert is_current(qm, shipped / TS.name)


def test_shipped_qm_with_an_older_mtime_is_still_current(
    folders: tuple[Path, Path], compiler: Compiler
) -> None:
    shipped, cache = folders
    qm = _ship_qm(shipped, compiler)
    # what a copy or an unpack does: the .ts ends up newer than the .qm
    os.utime(qm, (1_000_000, 1_000_000))
    found = find_translation("en", shipped, cache, frozen=False, compiler=compiler)
    assert found == qm
    assert not cache.exists()


def test_edited_source_is_recompiled_into_the_cache(
    folders: tuple[Path, Path], compiler: Compiler
) -> None:
    shipped, cache = folders
    qm = _ship_qm(shipped, compiler)
    ts = shipped / TS.name
    ts.write_bytes(ts.read_bytes().replace(b"<source>", b"<source> ", 1))
    assert not is_current(qm, ts)
    found = find_translation("en", shipped, cache, frozen=False, compiler=compiler)
    assert found == cache / qm.name
    assert found.stat().st_size > 0 and is_current(found, ts)
    # second start: the cached one is current, nothing compiled again
    mtime = found.stat().st_mtime_ns
    assert find_translation("en", shipped, cache, frozen=False, compiler=compiler) == found
    assert found.stat().st_mtime_ns == mtime


def test_frozen_app_never_compiles(folders: tuple[Path, Path], compiler: Compiler) -> None:
    shipped, cache = folders
    qm = _ship_qm(shipped, compiler)
    stamp_path(qm).write_text("0" * 64)  # the stamp no longer matches
    found = find_translation("en", shipped, cache, frozen=True, compiler=compiler)
    assert found == qm
    assert not cache.exists()


def test_frozen_app_without_ts_or_stamp_uses_its_qm(
    tmp_path: Path, compiler: Compiler, caplog: pytest.LogCaptureFixture
) -> None:
    ts = tmp_path / TS.name
    shutil.copyfile(TS, ts)
    qm = ts.with_suffix(".qm")
    assert compiler(ts, qm)
    ts.unlink()
    with caplog.at_level("WARNING"):
        assert find_translation("en", tmp_path, tmp_path / "c", frozen=True, compiler=None) == qm
    assert caplog.records == []


def test_without_lrelease_a_stale_qm_is_used_and_said_once(
    folders: tuple[Path, Path], compiler: Compiler, caplog: pytest.LogCaptureFixture
) -> None:
    shipped, cache = folders
    qm = _ship_qm(shipped, compiler)
    stamp_path(qm).unlink()
    with caplog.at_level("WARNING"):
        assert find_translation("en", shipped, cache, frozen=False, compiler=None) == qm
    assert len(caplog.records) == 1 and "hdf_field_en.qm" in caplog.records[0].getMessage()


def test_nothing_compiled_and_no_tool_gives_none(folders: tuple[Path, Path]) -> None:
    shipped, cache = folders
    assert find_translation("en", shipped, cache, frozen=False, compiler=None) is None
    assert find_translation("en", shipped, cache, frozen=True, compiler=None) is None


def test_a_failing_compiler_leaves_no_partial_file(folders: tuple[Path, Path]) -> None:
    shipped, cache = folders
    (shipped / TS.name).write_text("<TS><context><message>not closed", encoding="utf-8")
    broken = lrelease_compiler(str(shutil.which("false") or "/bin/false"))
    assert find_translation("en", shipped, cache, frozen=False, compiler=broken) is None
    assert list(cache.iterdir()) == []
