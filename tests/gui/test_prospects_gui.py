from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt

from hdf_field.domain.enums import FunnelStatus
from hdf_field.services.prospects import ProspectFilter
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


def test_queries_run_off_the_gui_thread_and_stale_ones_are_dropped(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, monkeypatch: Any
) -> None:
    import hdf_field.ui.prospects.model as m

    gate = threading.Event()
    searched: list[tuple[str, str]] = []  # (typed text, thread name)
    real_search = m.read_prospect_page

    def slow_search(db: Any, flt: Any, **kw: Any) -> Any:
        searched.append((flt.text, threading.current_thread().name))
        gate.wait(5)  # the database is busy: the user keeps typing meanwhile
        return real_search(db, flt, **kw)

    monkeypatch.setattr(m, "read_prospect_page", slow_search)
    model = ProspectTableModel(db, runner)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_filter(ProspectFilter(text="soc"))
    qtbot.waitUntil(lambda: len(searched) == 1, timeout=3000)
    assert model.loading and model.rowCount() == 0  # nothing shown until the page is in
    for typed in ("soci", "socie", "mecan"):
        model.set_filter(ProspectFilter(text=typed))
    gate.set()
    qtbot.waitUntil(lambda: not model.loading and model.total is not None, timeout=5000)
    # "soc" was already running; "soci" and "socie" were skipped; "mecan" was read.
    assert [t for t, _ in searched] == ["soc", "mecan"]
    assert all(name.startswith("hdf-db") for _, name in searched)
    assert resets == [1]  # the stale "soc" page never reached the table
    assert model.index(0, 0).data() == "Ateliers Mécaniques du Beauvaisis"
    assert model.total == 1


def test_pages_after_the_first_arrive_from_the_worker(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, monkeypatch: Any
) -> None:
    import hdf_field.ui.prospects.model as m

    monkeypatch.setattr(m, "PAGE_SIZE", 10)
    model = ProspectTableModel(db, runner)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 10, timeout=3000)
    model.fetchMore()
    assert not model.canFetchMore()  # one page in flight at a time
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 20 and model.canFetchMore(), timeout=3000)
    model.fetchMore()
    model.set_filter(ProspectFilter(text="mecan"))  # the list changes under the pending page
    qtbot.waitUntil(lambda: not model.loading and model.total == 1, timeout=3000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=3000)  # the stale page too has come back
    assert model.rowCount() == 1


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
    qtbot.waitUntil(lambda: page.model.rowCount() == 30, timeout=3000)
    status = page.filters.status
    status.setCurrentIndex(status.findData(FunnelStatus.CONTACTED.value))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=3000)
    combo.setCurrentIndex(combo.findData("60"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)


def test_sorting_by_clicking_the_header(qtbot: Any, window: Any) -> None:
    page = window.prospects
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 33)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "Société Test 29", timeout=3000)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: page.model.index(0, 1).data() == "Amiens", timeout=3000)


def test_selecting_a_row_opens_the_organisation(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    page = window.prospects
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 33)
    assert page.select_organisation(seeded["works"])
    qtbot.waitUntil(lambda: window.organisation.card is not None, timeout=3000)
    panel = window.organisation
    assert panel.title.text() == "Ateliers Mécaniques du Beauvaisis"
    assert panel.contacts_model.rowCount() == 1
    assert page.table.currentIndex().data(ID_ROLE) == seeded["works"]


class SqlThreads:
    """Records, for every SQL statement sent while installed, whether it ran on the GUI
    (main) thread."""

    def __init__(self) -> None:
        self.on_gui_thread: list[bool] = []

    def __call__(self, *_args: Any) -> None:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())

    def __enter__(self) -> SqlThreads:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc: object) -> None:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.remove(Engine, "before_cursor_execute", self)


def test_refresh_ids_reads_on_the_database_thread(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any
) -> None:
    from hdf_field.services.organisations import update_organisation

    model = ProspectTableModel(db, runner)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 33 and not model.loading, timeout=3000)
    org_id = model.index(0, 0).data(ID_ROLE)
    update_organisation(db, org_id, {"name": "Aaa renamed elsewhere"}, actor="test")
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    with SqlThreads() as sql:
        model.refresh_ids([org_id])
        assert changed == []  # nothing read yet: the call only queued the work
        qtbot.waitUntil(lambda: changed == [0], timeout=3000)
    assert model.index(0, 0).data() == "Aaa renamed elsewhere"
    assert sql.on_gui_thread and not any(sql.on_gui_thread)


def test_an_evicted_page_is_read_again_off_the_gui_thread(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, monkeypatch: Any
) -> None:
    import hdf_field.ui.prospects.model as m

    monkeypatch.setattr(m, "PAGE_SIZE", 10)
    model = ProspectTableModel(db, runner)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 10 and not model.loading, timeout=3000)
    first_name = model.index(0, 0).data()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 20, timeout=3000)
    monkeypatch.setattr(m, "MAX_CACHED_PAGES", 1)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 30, timeout=3000)  # pages 0 and 1 evicted
    with SqlThreads() as sql:
        assert model.index(0, 0).data() is None  # blank while its page is read
        qtbot.waitUntil(lambda: model.index(0, 0).data() == first_name, timeout=3000)
    assert sql.on_gui_thread and not any(sql.on_gui_thread)
