from __future__ import annotations

import threading
from typing import Any

import pytest

from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate
from hdf_field.ui.operation_progress import OperationBar
from hdf_field.ui.tasks import TaskRunner


def test_result_is_delivered_on_the_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def ok(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    runner.run(work, ok)
    qtbot.waitUntil(lambda: "value" in seen, timeout=3000)
    assert seen["value"] == 42
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread
    assert not runner.busy


def test_failure_goes_to_the_failure_callback(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad field 'siret'")

    runner.run(boom, lambda _v: pytest.fail("no success expected"), errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)


def test_tasks_run_one_at_a_time_in_order(qtbot: Any, runner: TaskRunner) -> None:
    order: list[int] = []
    threads: set[int] = set()

    def job(i: int) -> int:
        threads.add(threading.get_ident())
        return i

    for i in range(5):
        runner.run(lambda i=i: job(i), order.append)
    qtbot.waitUntil(lambda: len(order) == 5, timeout=3000)
    assert order == [0, 1, 2, 3, 4]
    assert len(threads) == 1


def test_long_job_reports_progress_and_can_be_cancelled(qtbot: Any, runner: TaskRunner) -> None:
    bar = OperationBar(runner)
    qtbot.addWidget(bar)
    started = threading.Event()
    outcome: list[str] = []
    progress_seen: list[ProgressUpdate] = []

    def job(progress: Progress, cancel: CancelToken) -> str:
        for i in range(1000):
            progress(ProgressUpdate(i, 1000, f"step {i}"))
            started.set()
            cancel.raise_if_cancelled()
            cancel.wait(0.005)
        return "finished"

    op = runner.run_long(
        "Demo", job, on_success=outcome.append, on_cancelled=lambda: outcome.append("cancelled")
    )
    op.progressed.connect(progress_seen.append)
    assert started.wait(3)
    qtbot.waitUntil(lambda: bool(progress_seen), timeout=3000)
    assert bar.current is op and bar.operation is op
    assert op.progress is progress_seen[-1]
    done = [u.done for u in progress_seen]
    assert done == sorted(done)  # coalesced, never out of order
    bar.cancel_button.click()
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert outcome == ["cancelled"]
    assert bar.current is None and bar.operation is None
    assert not bar.isVisible()


def test_only_cancelled_means_cancelled(qtbot: Any, runner: TaskRunner) -> None:
    """An error whose class name says "cancel" is still an error (no guessing by name)."""

    class ConnectionCancelledByPeer(Exception):
        pass

    outcome: list[object] = []

    def job(progress: Progress, cancel: CancelToken) -> None:
        cancel.wait(5)
        raise ConnectionCancelledByPeer("peer went away")

    op = runner.run_long(
        "Demo", job, on_failure=outcome.append, on_cancelled=lambda: outcome.append("cancelled")
    )
    op.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert isinstance(outcome[0], ConnectionCancelledByPeer)


def test_long_job_success(qtbot: Any, runner: TaskRunner) -> None:
    results: list[int] = []

    def job(progress: Progress, cancel: CancelToken) -> int:
        for i in range(10):
            progress(ProgressUpdate(i + 1, 10))
        return 10

    runner.run_long("Count", job, on_success=results.append)
    qtbot.waitUntil(lambda: results == [10], timeout=3000)


def test_shutdown_joins_the_worker(qapp: Any) -> None:
    r = TaskRunner()
    r.run(lambda: 1)
    r.shutdown(wait=True)
    assert not [t for t in threading.enumerate() if t.name.startswith("hdf-db")]
    assert r.run(lambda: 1).cancelled()  # a late refresh from a closing window is dropped


def test_work_aside_does_not_hold_back_the_database_thread(qtbot: Any, runner: TaskRunner) -> None:
    gui_thread = threading.get_ident()
    release = threading.Event()
    seen: dict[str, Any] = {}

    def slow_parse() -> str:
        seen["aside"] = threading.get_ident()
        release.wait(10)
        return "outlines"

    def query() -> int:
        seen["db"] = threading.get_ident()
        return 7

    def parsed(value: str) -> None:
        seen["parsed"] = value
        seen["callback"] = threading.get_ident()

    runner.run_aside(slow_parse, parsed)
    runner.run(query, lambda n: seen.__setitem__("query", n))
    qtbot.waitUntil(lambda: "query" in seen, timeout=3000)  # while the parse is still blocked
    assert "parsed" not in seen and runner.busy
    release.set()
    qtbot.waitUntil(lambda: "parsed" in seen, timeout=3000)
    assert seen["parsed"] == "outlines" and seen["callback"] == gui_thread
    assert seen["aside"] not in (seen["db"], gui_thread)
    assert not runner.busy


def test_work_aside_after_shutdown_is_dropped(qtbot: Any) -> None:
    runner = TaskRunner()
    runner.shutdown()
    assert runner.run_aside(lambda: 1).cancelled()
