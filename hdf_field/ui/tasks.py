"""One worker thread for database work, results posted back to the GUI thread.

SQLite is happiest with one writer, and a GUI must never wait on a query: every database task
runs on a ``ThreadPoolExecutor(max_workers=1)`` (as Anki's ``taskman`` does) and its result or
exception is delivered to callbacks on the GUI thread through a queued signal. Long jobs get a
cancel token and a progress callback (``hdf_field.domain.progress``); an
:class:`~hdf_field.ui.operation_progress.OperationProgress` shows one, the status bar's
:class:`~hdf_field.ui.operation_progress.OperationBar` whichever is running.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from hdf_field.domain.progress import Cancelled, CancelToken, Progress, ProgressUpdate

log = logging.getLogger(__name__)

T = TypeVar("T")


class Operation(QObject, Generic[T]):
    """A long job in flight: ``progressed`` carries its latest :class:`ProgressUpdate` on the
    GUI thread (to every listener alike); ``cancel()`` asks it to stop."""

    progressed = Signal(object)  # ProgressUpdate
    finished = Signal()
    _arrived = Signal()  # worker → GUI thread: an update is waiting

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.token = CancelToken()
        self.future: Future[Any] | None = None
        self._progress: ProgressUpdate | None = None
        self._latest: ProgressUpdate | None = None
        self._pending = False
        self._lock = threading.Lock()
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def progress(self) -> ProgressUpdate | None:
        """The last update delivered on the GUI thread (None before the first)."""
        return self._progress

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def cancel(self) -> None:
        self.token.cancel()

    def report(self, update: ProgressUpdate) -> None:
        """The job's :class:`Progress`, called from the worker. Coalesced: a tight loop
        cannot flood the event queue, the GUI thread sees the latest update."""
        with self._lock:
            self._latest = update
            if self._pending:
                return
            self._pending = True
        self._arrived.emit()

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            self._pending = False
            update = self._latest
        if update is not None:
            self._progress = update
            self.progressed.emit(update)


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
        self._aside: ThreadPoolExecutor | None = None  # see run_aside

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
        return self._submit(self._executor, fn, on_success, on_failure)

    def run_aside(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Like :meth:`run`, on a second thread, for work that does not touch the database
        (parsing a bundled resource such as the region's outlines, about a second at start):
        the database thread's queries, the Prospects screen's first page among them, must
        not queue behind it."""
        if self._aside is None and self._executor is not None:  # not after shutdown
            self._aside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hdf-aside")
        return self._submit(self._aside, fn, on_success, on_failure)

    def _submit(
        self,
        executor: ThreadPoolExecutor | None,
        fn: Callable[[], T],
        on_success: Callable[[T], object] | None,
        on_failure: Callable[[BaseException], None] | None,
    ) -> Future[T]:
        if executor is None:
            # The window is closing: late refreshes are dropped, not errors.
            log.debug("task submitted after shutdown: dropped")
            dropped: Future[T] = Future()
            dropped.cancel()
            return dropped
        self._pending += 1
        future = executor.submit(fn)

        def done(f: Future[T]) -> None:
            self._deliver.emit(lambda: self._finish(f, on_success, on_failure))

        future.add_done_callback(done)
        return future

    def run_long(
        self,
        title: str,
        fn: Callable[[Progress, CancelToken], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Operation[T]:
        """``fn(progress, cancel)`` on the worker: ``progress`` takes
        :class:`ProgressUpdate` values, ``cancel`` is the token the Cancel button sets.

        ``on_cancelled`` runs instead of the others when the job raised :class:`Cancelled`,
        or returned after a cancel (a solver stopping early with the best so far)."""
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
            if isinstance(exc, Cancelled):
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
        if self._aside is not None:
            self._aside.shutdown(wait=wait, cancel_futures=True)
            self._aside = None


class SerialWorker:
    """One daemon thread running jobs in order, for work that is not the database's (a map's
    marker index, basemap tiles): it must neither wait behind an import on the database
    thread nor make the GUI thread wait on a disk.

    A daemon, unlike a ``ThreadPoolExecutor``'s worker: a map closed without being deleted
    must not keep the application (or a test run) from exiting. Its jobs only read, so being
    cut short at exit loses nothing."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        if not self._closed:
            self._jobs.put(job)

    def shutdown(self, wait: bool = False) -> None:
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
        if wait:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()


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
