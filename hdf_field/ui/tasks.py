"""One worker thread for database work, results posted back to the GUI thread.

SQLite is happiest with one writer, and a GUI must never wait on a query: every database task
runs on a ``ThreadPoolExecutor(max_workers=1)`` (as Anki's ``taskman`` does) and its result or
exception is delivered to callbacks on the GUI thread through a queued signal. Long jobs get a
cancel token and a progress callback; the :class:`OperationBar` shows them in the status bar.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a long job that noticed its cancel token; not an error for the user."""


class CancelToken:
    """A ``threading.Event`` the GUI sets and the worker polls (``cancel`` arguments accept it)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()

    @property
    def event(self) -> threading.Event:
        return self._event

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True, slots=True)
class ProgressInfo:
    done: int
    total: int
    label: str = ""


class Operation(QObject, Generic[T]):
    """A long job in flight: progress arrives on the GUI thread; ``cancel()`` asks it to stop."""

    progressed = Signal(object)  # ProgressInfo
    finished = Signal()

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.token = CancelToken()
        self.future: Future[Any] | None = None
        self.last_progress = ProgressInfo(0, 0, "")
        self._progress_pending = False
        self._lock = threading.Lock()

    def cancel(self) -> None:
        self.token.cancel()

    def report(self, done: int, total: int = 0, label: str = "") -> None:
        """Called from the worker; coalesced so a tight loop cannot flood the event queue."""
        with self._lock:
            self.last_progress = ProgressInfo(int(done), int(total), label)
            if self._progress_pending:
                return
            self._progress_pending = True
        self.progressed.emit(None)

    def _take_progress(self) -> ProgressInfo:
        with self._lock:
            self._progress_pending = False
            return self.last_progress


class TaskRunner(QObject):
    """The composition root creates one; views receive it rather than reaching for a global."""

    _deliver = Signal(object)
    operationStarted = Signal(object)  # Operation
    operationFinished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="hdf-db"
        )
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Run ``fn`` on the database thread; exactly one callback runs later on the GUI thread."""
        if self._executor is None:
            # The window is closing: late refreshes are dropped, not errors.
            log.debug("task submitted after shutdown: dropped")
            dropped: Future[T] = Future()
            dropped.cancel()
            return dropped
        self._pending += 1
        future = self._executor.submit(fn)

        def done(f: Future[T]) -> None:
            self._deliver.emit(lambda: self._finish(f, on_success, on_failure))

        future.add_done_callback(done)
        return future

    def run_long(
        self,
        title: str,
        fn: Callable[[Callable[..., None], CancelToken], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Operation[T]:
        """``fn(progress, cancel)``: ``progress(done, total, label)`` may be called from the worker,
        ``cancel`` is a token (truthy when the user pressed Cancel)."""
        op: Operation[T] = Operation(title, self)

        def success(value: T) -> None:
            self.operationFinished.emit(op)
            op.finished.emit()
            if op.token.cancelled and on_cancelled is not None:
                on_cancelled()
            elif on_success is not None:
                on_success(value)

        def failure(exc: BaseException) -> None:
            self.operationFinished.emit(op)
            op.finished.emit()
            if isinstance(exc, Cancelled) or (op.token.cancelled and _is_cancel_error(exc)):
                if on_cancelled is not None:
                    on_cancelled()
            elif on_failure is not None:
                on_failure(exc)
            else:
                log.error("operation %r failed", title, exc_info=exc)

        self.operationStarted.emit(op)
        op.future = self.run(lambda: fn(op.report, op.token), success, failure)
        return op

    def _finish(
        self,
        future: Future[T],
        on_success: Callable[[T], object] | None,
        on_failure: Callable[[BaseException], None] | None,
    ) -> None:
        self._pending -= 1
        if future.cancelled():  # dropped by shutdown(cancel_futures=True): nobody waits for it
            return
        exc = future.exception()
        if exc is not None:
            exc = for_person(exc)
            if on_failure is not None:
                on_failure(exc)
            else:
                log.error("background task failed", exc_info=exc)
            return
        if on_success is not None:
            on_success(future.result())

    @Slot(object)
    def _on_deliver(self, callback: Callable[[], None]) -> None:
        callback()

    def shutdown(self, wait: bool = True) -> None:
        """Join the worker thread (cancelled jobs should have stopped by then)."""
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None


def for_person(exc: BaseException) -> BaseException:
    """A full disk, a read-only or locked database, a damaged file: every screen shows the
    same one sentence (a ``DatabaseProblem``) instead of the driver's text; the original is
    logged and kept as the cause. Other exceptions pass unchanged."""
    from hdf_field.services.database import describe_database_error
    from hdf_field.services.imports import committed_part

    problem = describe_database_error(exc)
    if problem is None or problem is exc:
        return exc
    log.warning("database problem: %s", problem, exc_info=exc)
    problem.__cause__ = exc
    committed = committed_part(exc)
    if committed is not None:
        problem.hdf_import_committed = committed  # type: ignore[attr-defined]
    return problem


def _is_cancel_error(exc: BaseException) -> bool:
    name = type(exc).__name__.lower()
    return "cancel" in name


class OperationBar(QWidget):
    """A non-modal progress bar with a Cancel button, hidden when nothing long is running."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops: list[Operation[Any]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.operationStarted.connect(self._started)
        runner.operationFinished.connect(self._finished)
        self.retranslate()
        self.setVisible(False)
        # Show the bar only for jobs that last: a 50 ms job should not flash a widget.
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(300)
        self._show_timer.timeout.connect(self._refresh)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Annuler"))

    @property
    def current(self) -> Operation[Any] | None:
        return self._ops[-1] if self._ops else None

    def _started(self, op: Operation[Any]) -> None:
        self._ops.append(op)
        op.progressed.connect(lambda _=None, o=op: self._progress(o))
        self.label.setText(op.title)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._show_timer.start()

    def _progress(self, op: Operation[Any]) -> None:
        info = op._take_progress()
        if op is not self.current:
            return
        if info.total > 0:
            self.bar.setRange(0, info.total)
            self.bar.setValue(min(info.done, info.total))
        else:
            self.bar.setRange(0, 0)
        self.label.setText(f"{op.title} — {info.label}" if info.label else op.title)

    def _finished(self, op: Operation[Any]) -> None:
        if op in self._ops:
            self._ops.remove(op)
        self._refresh()

    def _refresh(self) -> None:
        op = self.current
        self.setVisible(op is not None)
        if op is not None:
            self.label.setText(op.title)

    def _cancel(self) -> None:
        op = self.current
        if op is not None:
            op.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Annulation…"))


def while_alive(
    widget: QObject, callback: Callable[..., None] | None
) -> Callable[..., None] | None:
    """``callback``, dropped once ``widget`` is gone: a worker's result may arrive after its
    screen was closed mid-task, and calling into a deleted Qt object crashes."""
    if callback is None:
        return None

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            callback(*args)

    return call
