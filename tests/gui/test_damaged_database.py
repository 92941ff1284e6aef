"""A database damaged in one table: the app finds it at start, goes read-only and says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hdf_field.storage.database import open_database


def _corrupt_table(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


def test_damage_found_by_the_start_up_check_makes_the_app_read_only(
    qtbot: Any, db_path: Path, settings: Any
) -> None:
    from hdf_field.ui.app import Client

    _corrupt_table(db_path, "visit")
    db = open_database(db_path, check_budget_s=None)  # as if the bounded check had not reached it
    assert not db.read_only
    client = Client(db, settings, build_demo=False)
    try:
        qtbot.addWidget(client.window)
        qtbot.waitUntil(lambda: client.damage_dialog is not None, timeout=30_000)
        assert db.read_only and db.damage
        box = client.damage_dialog
        assert box is not None and box.isVisible()
        assert "lecture seule" in box.text() and "sauvegarde" in box.text()
        assert "Traceback" not in box.text()
    finally:
        client.close()
        db.dispose()
