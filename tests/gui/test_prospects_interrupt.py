"""The Prospects screen never waits on a stale or slow count (issue 15).

The slow count is a real SQLite statement on the worker's connection: a recursive query of
50 million rows, about 20 s of work unless it is stopped. Only an interrupt ends it sooner,
so a page that arrives within a few seconds behind it proves the interrupt.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, text

from hdf_field.services import prospect_reads
from hdf_field.storage.database import Database
from hdf_field.ui.prospects.page import ProspectsPage

SLOW_ROWS = 50_000_000  # about 20 s uninterrupted
WAIT_MS = 8000  # well under that


class SlowCount:
    """Makes the counts of chosen queries run a 20 s statement before the real count."""

    def __init__(self, db: Database, monkeypatch: Any) -> None:
        self.slow_texts: set[str] = set()
        self.slow_runs_left = 1_000_000
        self.started = threading.Event()
        self.outcomes: list[tuple[str, str]] = []  # (query text, "done" or the error's type)
        self.seconds: list[float] = []  # how long each slow statement ran

        def mark(x: int) -> int:
            self.started.set()
            return x

        def install(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.create_function("hdf_test_mark", 1, mark)

        event.listen(db.engine, "connect", install)
        db.engine.dispose()  # pooled connections get the function too
        real = prospect_reads.count_prospects

        def count(session: Any, flt: Any, *, cap: int | None = None) -> int:
            if flt.text in self.slow_texts and self.slow_runs_left > 0:
                self.slow_runs_left -= 1
                started = time.perf_counter()
                try:
                    session.execute(
                        text(
                            "WITH RECURSIVE c(x) AS (SELECT hdf_test_mark(1) UNION ALL "
                            f"SELECT x + 1 FROM c WHERE x < {SLOW_ROWS}) SELECT count(*) FROM c"
                        )
                    ).scalar()
                except BaseException as exc:
                    self.outcomes.append((flt.text, type(exc).__name__))
                    raise
                finally:
                    self.seconds.append(time.perf_counter() - started)
                self.outcomes.append((flt.text, "done"))
            return real(session, flt, cap=cap)

        monkeypatch.setattr(prospect_reads, "count_prospects", count)


@pytest.fixture
def slow(db: Database, seeded: dict[str, str], monkeypatch: Any) -> SlowCount:
    return SlowCount(db, monkeypatch)


def _page(qtbot: Any, db: Database, runner: Any) -> tuple[ProspectsPage, list[int]]:
    page = ProspectsPage(db, runner)
    qtbot.addWidget(page)
    page.show()
    counts: list[int] = []
    page.model.countChanged.connect(counts.append)
    return page, counts


def test_typing_on_interrupts_the_stale_count_and_the_next_page_comes_at_once(
    qtbot: Any, db: Database, runner: Any, slow: SlowCount
) -> None:
    page, counts = _page(qtbot, db, runner)
    qtbot.waitUntil(lambda: page.model.total == 33, timeout=WAIT_MS)
    slow.slow_texts.add("soc")
    search = page.filters.search
    qtbot.keyClicks(search, "soc")
    qtbot.waitUntil(lambda: page.model.rowCount() == 30 and not page.model.loading, timeout=WAIT_MS)
    assert slow.started.wait(WAIT_MS / 1000)  # the slow count is running on the worker
    assert page.filters.count_label.text() == "comptage…"
    counts.clear()

    for _ in range(3):
        qtbot.keyClick(search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(search, "mecan")
    # The new page arrives while the stale count would still have seconds to run.
    qtbot.waitUntil(
        lambda: page.model.rowCount() == 1 and page.model.current_filter.text == "mecan",
        timeout=WAIT_MS,
    )
    assert page.model.index(0, 0).data() == "Ateliers Mécaniques du Beauvaisis"
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "1 organisation", timeout=WAIT_MS)
    assert slow.outcomes == [("soc", "OperationalError")]  # stopped mid-statement...
    assert slow.seconds[0] < WAIT_MS / 1000  # ...long before its 20 s
    assert counts[-1] == 1 and 30 not in counts  # the stale count was never shown
    assert all(n in (-1, 1) for n in counts)


def test_a_scroll_is_not_held_back_by_the_count(
    qtbot: Any, db: Database, runner: Any, slow: SlowCount, monkeypatch: Any
) -> None:
    import hdf_field.ui.prospects.model as m

    monkeypatch.setattr(m, "PAGE_SIZE", 10)
    slow.slow_texts.add("")
    slow.slow_runs_left = 1  # the count started again behind the page is quick
    page, counts = _page(qtbot, db, runner)
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=WAIT_MS)
    assert slow.started.wait(WAIT_MS / 1000)
    assert page.filters.count_label.text() == "comptage…"
    assert page.model.canFetchMore()
    page.table.scrollToBottom()  # the view asks for the next page
    qtbot.waitUntil(lambda: page.model.rowCount() >= 20, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.model.total == 33, timeout=WAIT_MS)
    assert page.filters.count_label.text() == "33 organisations"
    assert slow.outcomes == [("", "OperationalError")]
    assert slow.seconds[0] < WAIT_MS / 1000
    assert counts == [33]  # "counting" throughout (since the page opened), then the real count
