"""The map's bulk read runs with the garbage collector paused, and its rows die on the worker
in remote mode (a collection on the worker holds the GIL: a GUI stall)."""

from __future__ import annotations

import gc
from typing import Any

import pytest

import hdf_field.ui.map_view as map_view_module
from hdf_field.reports.maps import MapMarker, MapOutlines
from hdf_field.services.map_data import MapContent
from hdf_field.storage.database import Database
from hdf_field.ui.map_view import MapView


@pytest.mark.parametrize("threshold", [1, 1_000])
def test_reload_reads_with_the_collector_paused(
    qtbot: Any, db: Database, runner: Any, monkeypatch: Any, threshold: int
) -> None:
    seen: dict[str, Any] = {}
    markers = [
        MapMarker(f"org-{i}", f"Org {i}", 50.6, 3.0 + i / 100, "identified", "Lille")
        for i in range(20)
    ]

    def read(_db: Database) -> MapContent:
        seen["collector on while reading"] = gc.isenabled()
        return MapContent(list(markers), [])

    monkeypatch.setattr(map_view_module, "read_map_content", read)
    view = MapView(db, runner=runner, remote_threshold=threshold)
    qtbot.addWidget(view)
    view.set_outlines(MapOutlines())
    loaded: list[int] = []
    monkeypatch.setattr(view, "load_markers", lambda ms, _sites, index=None: loaded.append(len(ms)))
    view.reload()
    qtbot.waitUntil(lambda: bool(loaded), timeout=10_000)
    assert seen["collector on while reading"] is False
    assert gc.isenabled()
    # Remote mode (past the threshold): the GUI thread gets the index, not 20 rows.
    assert loaded == ([0] if threshold == 1 else [20])
