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
        later = [n.split("-", 1)[1] for n in names[names.index("12-import.png") :]]
        assert later == ["import.png", "first-run.png", "shortcuts.png", "contact-editor.png"]
        assert all(p.stat().st_size > 5000 for p in saved)
        assert client.window.drafts.pending() == []

        # A partial run gives the same numbers as the full set.
        again = take_screenshots(
            client,
            tmp_path / "some",
            lambda: None,
            size=(1366, 768),
            only=frozenset({"shortcuts", "visit-form"}),
        )
        full = {p.name.split("-", 1)[1]: p.name for p in saved}
        assert sorted(p.name for p in again) == sorted(
            [full["shortcuts.png"], full["visit-form.png"]]
        )
    finally:
        client.close()


def test_size_option_is_checked() -> None:
    import pytest

    from hdf_field.ui.screenshots import parse_size

    assert parse_size("1366x768") == (1366, 768) and parse_size(" 1920X1080 ") == (1920, 1080)
    for bad in ("1366", "1366x", "x768", "99999x768", "100x100", "1366x768x2", "-1366x768"):
        with pytest.raises(ValueError, match="--size"):
            parse_size(bad)
