"""The Qt binding must not leak references to ``None``.

PySide6 6.12 drops one reference to ``None`` on every call of a void method; on Python 3.11
(where ``None`` is not immortal) the interpreter aborts after a few thousand calls. The
dependency range excludes it; this test catches a binding that brings the bug back.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        label.setVisible(False)
    assert sys.getrefcount(None) - before > -50
