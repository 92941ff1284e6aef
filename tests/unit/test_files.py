"""The one atomic writer: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

import hdf_field.files as files
from hdf_field.files import write_atomically


def test_writes_bytes_and_text_and_replaces_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    assert write_atomically(target, b"%PDF-1 old") == target
    write_atomically(target, "nouvelle journée")
    assert target.read_text(encoding="utf-8") == "nouvelle journée"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_previous_file_and_leaves_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    target = tmp_path / "bundle.hdfsync"
    target.write_bytes(b"previous")

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(type(failure)):
        write_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.hdfsync"]


def test_concurrent_writers_of_one_target_never_mix(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    payloads = [bytes([65 + k]) * 200_000 for k in range(6)]
    errors: list[BaseException] = []

    def writer(data: bytes) -> None:
        try:
            for _ in range(15):
                write_atomically(target, data)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_bytes() in payloads
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_mode_restricts_a_private_file(tmp_path: Path) -> None:
    private = write_atomically(tmp_path / "private.json", "{}", mode=0o600)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    umask = os.umask(0o022)
    try:
        shared = write_atomically(tmp_path / "shared.pdf", b"%PDF")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
