from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from hdf_field.domain.enums import FunnelStatus
from hdf_field.storage.database import Database
from hdf_field.ui.prospects.model import ID_ROLE, ProspectTableModel


def test_model_passes_qtmodeltester(
    qtmodeltester: Any, db: Database, seeded: dict[str, str]
) -> None:
    model = ProspectTableModel(db)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 33
    assert model.total == 33


def test_model_pages_lazily(db: Database, seeded: dict[str, str], monkeypatch: Any) -> None:
    import hdf_field.ui.prospects.model as m

    monkeypatch.setattr(m, "PAGE_SIZE", 10)
    model = ProspectTableModel(db)
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 33 and not model.canFetchMore()
    names = [model.index(r, 0).data() for r in range(33)]
    assert names == sorted(names, key=lambda n: n.lower().replace("é", "e"))
    monkeypatch.setattr(m, "MAX_CACHED_PAGES", 1)
    # Rows evicted from the window are read again by id.
    assert model.index(0, 0).data() == names[0]
    assert model.index(32, 0).data() == names[32]


def test_search_as_you_type_and_filters(qtbot: Any, window: Any) -> None:
    page = window.prospects
    qtbot.waitUntil(lambda: page.model.total == 33, timeout=3000)
    qtbot.keyClicks(page.filters.search, "mecan")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.index(0, 0).data() == "Ateliers Mécaniques du Beauvaisis"
    qtbot.waitUntil(lambda: page.filters.count_label.text().startswith("1 "), timeout=3000)
    page.filters.search.clear()
    qtbot.keyClicks(page.filters.search, "helene")  # a contact's name, without the accent
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    page.filters.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 33, timeout=3000)
    combo = page.filters.departement
    combo.setCurrentIndex(combo.findData("80"))
    assert page.model.rowCount() == 30
    status = page.filters.status
    status.setCurrentIndex(status.findData(FunnelStatus.CONTACTED.value))
    assert page.model.rowCount() == 0
    combo.setCurrentIndex(combo.findData("60"))
    assert page.model.rowCount() == 1


def test_sorting_by_clicking_the_header(qtbot: Any, window: Any) -> None:
    page = window.prospects
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, 0).data() == "Société Test 29"
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert page.model.index(0, 1).data() == "Amiens"


def test_selecting_a_row_opens_the_organisation(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    page = window.prospects
    assert page.select_organisation(seeded["works"])
    qtbot.waitUntil(lambda: window.organisation.card is not None, timeout=3000)
    panel = window.organisation
    assert panel.title.text() == "Ateliers Mécaniques du Beauvaisis"
    assert panel.contacts_model.rowCount() == 1
    assert page.table.currentIndex().data(ID_ROLE) == seeded["works"]
