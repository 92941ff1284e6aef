from __future__ import annotations

from pathlib import Path
from typing import Any

from hdf_field.storage.database import Database


def test_all_screens_with_map_and_dashboard(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, settings: Any, tmp_path: Path
) -> None:
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.main_window import MainWindow

    w = MainWindow(db, runner, settings, DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(w)
    w.show()
    try:
        assert w.page_keys() == [
            "prospects",
            "map",
            "planning",
            "dashboard",
            "import",
            "sync",
            "settings",
        ]
        assert [w.nav.item(i).text() for i in range(7)] == [
            "Prospects",
            "Carte",
            "Planning",
            "Tableau de bord",
            "Importer",
            "Synchronisation",
            "Paramètres",
        ]
        w.show_page("map")
        qtbot.waitUntil(w.map_view.is_ready, timeout=30000)
        # The map shows what the filtered list shows.
        page = w.prospects
        page.filters.departement.setCurrentIndex(page.filters.departement.findData("80"))
        qtbot.waitUntil(
            lambda: w.map_view._filter is not None and len(w.map_view._filter) == 30, timeout=5000
        )
        # A click on the map opens the organisation in the list.
        w.map_view.organisationActivated.emit(seeded["filler3"])
        assert w.stack.currentWidget() is w.prospects
        qtbot.waitUntil(
            lambda: w.organisation.card is not None and w.organisation.card.id == seeded["filler3"],
            timeout=5000,
        )
        w.show_page("dashboard")
        assert w.stack.currentWidget() is w.dashboard
    finally:
        qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
        w.close()
