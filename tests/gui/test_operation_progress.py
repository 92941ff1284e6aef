"""The one operation-progress widget, bound to real operations of the TaskRunner."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.ui.operation_progress import BAR_STEPS, OperationBar, OperationProgress
from hdf_field.ui.tasks import TaskRunner

WAIT_MS = 30_000


def test_cancel_stops_a_real_demo_build_and_the_widget_goes_idle(
    qtbot: Any, runner: TaskRunner, db: Database
) -> None:
    from hdf_field.services.demo import build_demo

    widget = OperationProgress()
    qtbot.addWidget(widget)
    first = threading.Event()
    outcome: list[str] = []

    def work(progress: Progress, cancel: CancelToken) -> Any:
        def relay(update: ProgressUpdate) -> None:
            progress(update)
            first.set()
            cancel.wait(10)  # hold until the test has pressed Cancel

        return build_demo(
            db, prospects=400, seed=9, today=date(2026, 12, 1), progress=relay, cancel=cancel
        )

    op = runner.run_long(
        "Démo",
        work,
        on_success=lambda _r: outcome.append("done"),
        on_failure=lambda exc: outcome.append(f"failed: {exc}"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    widget.bind(op)
    assert widget.isVisible() and widget.operation is op
    assert widget.bar.maximum() == 0  # busy until the first update
    assert first.wait(WAIT_MS / 1000)
    qtbot.waitUntil(lambda: widget.bar.maximum() == BAR_STEPS, timeout=WAIT_MS)
    assert widget.label.text() == "Démo — Préparation"
    with qtbot.waitSignal(widget.idle, timeout=WAIT_MS):
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
        assert op.cancelled and not widget.cancel_button.isEnabled()
        assert widget.label.text() == "Annulation…"
    assert outcome == ["cancelled"]
    assert not widget.isVisible() and widget.operation is None and not runner.busy
    with db.session() as s:  # the demo is one transaction: nothing stays
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0


def test_the_bar_follows_updates_in_thousandths_and_describe_writes_the_text(
    qtbot: Any, runner: TaskRunner
) -> None:
    widget = OperationProgress(describe=lambda op, u: f"{op.title}: {u.done}/{u.total}")
    qtbot.addWidget(widget)
    go_on = threading.Event()
    finish = threading.Event()

    def work(progress: Progress, cancel: CancelToken) -> int:
        progress(ProgressUpdate(3_000_000_000, 12_000_000_000))  # bytes past an int's range
        go_on.wait(10)
        progress(ProgressUpdate(5, None, "pull"))
        finish.wait(10)
        return 1

    op = runner.run_long("Lecture", work)
    widget.bind(op)
    qtbot.waitUntil(lambda: widget.bar.value() == BAR_STEPS // 4, timeout=WAIT_MS)
    assert widget.label.text() == "Lecture: 3000000000/12000000000"
    go_on.set()
    qtbot.waitUntil(lambda: widget.bar.maximum() == 0, timeout=WAIT_MS)  # total unknown: busy
    assert widget.label.text() == "Lecture: 5/None" and widget.isVisible()
    finish.set()
    qtbot.waitUntil(lambda: widget.operation is None, timeout=WAIT_MS)
    assert not widget.isVisible()


def test_the_status_bar_skips_quick_jobs_and_shows_long_ones(
    qtbot: Any, runner: TaskRunner
) -> None:
    bar = OperationBar(runner)
    qtbot.addWidget(bar)
    quick: list[int] = []
    runner.run_long("Rapide", lambda _p, _c: 1, on_success=quick.append)
    qtbot.waitUntil(lambda: quick == [1], timeout=WAIT_MS)
    assert not bar.isVisible() and bar.operation is None
    op = runner.run_long("Longue", lambda _p, cancel: cancel.wait(10))
    qtbot.waitUntil(bar.isVisible, timeout=WAIT_MS)  # after the 300 ms delay
    assert bar.operation is op and bar.label.text() == "Longue…"
    op.cancel()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=WAIT_MS)
