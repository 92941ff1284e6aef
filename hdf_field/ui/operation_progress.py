"""The one widget that shows a long operation: a bar, a line of text and a Cancel button.

Every screen with a long job (import, planner, week, campaign, sync) and the status bar use
it, bound to an :class:`~hdf_field.ui.tasks.Operation` through its public signals: it shows
itself when bound, follows ``progressed``, turns Cancel into ``Operation.cancel()`` and goes
back to idle (hidden) when the operation finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.progress import ProgressUpdate
from hdf_field.ui.tasks import Operation, TaskRunner

# A bar in thousandths: byte counts of a register file overflow a QProgressBar's int range.
BAR_STEPS = 1000

Describe = Callable[[Operation[Any], ProgressUpdate], str]


class OperationProgress(QWidget):
    """Bar, text and Cancel of one operation at a time; hidden while idle.

    ``describe(op, update)`` writes the text line (by default the operation's title, then
    the update's label); ``show_delay_ms`` keeps a job shorter than that from flashing it;
    ``stacked`` puts the bar above the text and the button, for narrow side panels.
    """

    idle = Signal()  # the bound operation finished (or was unbound): nothing shown any more
    cancelRequested = Signal()  # Cancel pressed (or cancel() called) on a running operation

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        describe: Describe | None = None,
        show_delay_ms: int = 0,
        bar_width: int | None = None,
        stacked: bool = False,
    ) -> None:
        super().__init__(parent)
        self._describe = describe or default_description
        self.text_width: int | None = None  # elide the text past this many pixels
        self._op: Operation[Any] | None = None
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p %")
        if bar_width is not None:
            self.bar.setFixedWidth(bar_width)
        else:
            self.bar.setMinimumWidth(160)
        self.label = QLabel(self)
        self.label.setObjectName("operationText")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("operationCancel")
        self.cancel_button.clicked.connect(self.cancel)
        if stacked:
            self.label.setWordWrap(True)
            column = QVBoxLayout(self)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.bar)
            row = QHBoxLayout()
            row.addWidget(self.label, 1)
            row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
            column.addLayout(row)
        else:
            layout = QHBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.bar, 1 if bar_width is None else 0)
            layout.addWidget(self.label, 0 if bar_width is None else 1)
            layout.addWidget(self.cancel_button)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(max(0, show_delay_ms))
        self._show_timer.timeout.connect(self._reveal)
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Annuler"))

    @property
    def operation(self) -> Operation[Any] | None:
        return self._op

    @property
    def active(self) -> bool:
        return self._op is not None

    def bind(self, op: Operation[Any], text: str | None = None) -> None:
        """Show ``op`` from now on (replacing any other); ``text`` until its first update."""
        self._release()
        self._op = op
        op.progressed.connect(self._progressed)
        op.finished.connect(self._finished)
        self.cancel_button.setEnabled(not op.cancelled)
        if op.cancelled:
            self._set_text(self.tr("Annulation…"))
        elif op.progress is not None:
            self._show(op.progress)
        else:
            self.bar.setRange(0, 0)  # busy until the job says how far it is
            self._set_text(text if text is not None else op.title + "…")
        if self._show_timer.interval() > 0 and not self.isVisible():
            self._show_timer.start()
        else:
            self._reveal()

    def unbind(self) -> None:
        """Back to idle without waiting for the operation (the status bar switching jobs)."""
        had = self._op is not None
        self._release()
        self._show_timer.stop()
        self.setVisible(False)
        if had:
            self.idle.emit()

    def cancel(self) -> None:
        op = self._op
        if op is None or op.cancelled:
            return
        op.cancel()
        self.cancel_button.setEnabled(False)
        self._set_text(self.tr("Annulation…"))
        self.cancelRequested.emit()

    # -- internals ---------------------------------------------------------------------------
    def _set_text(self, text: str) -> None:
        """The whole text in the tooltip; elided when a width is set (the status bar)."""
        self.label.setToolTip(text)
        if self.text_width is not None:
            metrics = self.label.fontMetrics()
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.text_width)
        self.label.setText(text)

    def _release(self) -> None:
        op, self._op = self._op, None
        if op is not None:
            op.progressed.disconnect(self._progressed)
            op.finished.disconnect(self._finished)

    def _reveal(self) -> None:
        if self._op is not None:
            self.setVisible(True)

    def _progressed(self, update: ProgressUpdate) -> None:
        if self._op is not None and not self._op.cancelled:
            self._show(update)

    def _show(self, update: ProgressUpdate) -> None:
        assert self._op is not None
        fraction = update.fraction
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(round(fraction * BAR_STEPS))
        self._set_text(self._describe(self._op, update))

    def _finished(self) -> None:
        self.unbind()


def default_description(op: Operation[Any], update: ProgressUpdate) -> str:
    return f"{op.title} — {update.label}" if update.label else op.title


class OperationBar(OperationProgress):
    """The status bar's: whichever long operation of the runner is the latest still running,
    by its title. Shown only for jobs that last (300 ms): a quick export should not flash."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        # Narrow: at 150 % a 1366-pixel screen leaves the status bar some 900 pixels.
        # The title only: stage names are the screens' to put in words.
        super().__init__(
            parent, describe=lambda op, _update: op.title, show_delay_ms=300, bar_width=140
        )
        self.text_width = 240
        self._ops: list[Operation[Any]] = []
        runner.operationStarted.connect(self._started)
        runner.operationFinished.connect(self._ended)

    @property
    def current(self) -> Operation[Any] | None:
        return self._ops[-1] if self._ops else None

    def _started(self, op: Operation[Any]) -> None:
        self._ops.append(op)
        self.bind(op)

    def _ended(self, op: Operation[Any]) -> None:
        if op in self._ops:
            self._ops.remove(op)
        if self.operation is op or self.operation is None:
            previous = self.current
            if previous is not None:
                self.bind(previous)
            else:
                self.unbind()
