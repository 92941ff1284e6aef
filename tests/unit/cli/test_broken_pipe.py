"""`hdf-field ... | head` must not end in a traceback when the reader leaves early."""

from __future__ import annotations

import subprocess
import sys


def test_a_closed_pipe_is_not_a_crash() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "hdf_field", "geo", "locate", "59000 Lille"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
