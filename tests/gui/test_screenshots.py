from __future__ import annotations

from pathlib import Path
from typing import Any

from hdf_field.storage.database import Database


def test_screenshot_mode_saves_each_screen(
    qtbot: Any, db: Database, seeded: dict[str, str], settings: Any, tmp_path: Path
) -> None:
    from hdf_field.ui.app import Client
    from hdf_field.ui.screenshots import take_screenshots

    client = Client(db, settings, build_demo=False)
    try:
        qtbot.addWidget(client.window)
        client.window.show()
        finished: list[bool] = []
        saved = take_screenshots(client, tmp_path / "shots", lambda: finished.append(True))
        assert finished == [True]
        names = [p.name for p in saved]
        assert names[0] == "01-prospects.png" and any("settings" in n for n in names)
        assert any("visit-form" in n for n in names)
        # Screens added later come last, so the earlier file names keep their numbers.
        assert names[-1].endswith("-import.png")
        assert all(p.stat().st_size > 5000 for p in saved)
        assert client.window.drafts.pending() == []
    finally:
        client.close()
