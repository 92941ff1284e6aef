"""How a long job says how far it has gone, and learns that the person wants it to stop.

One protocol for every long job of the core (imports, demo, campaign, PDF rendering and
export, sync) so that the GUI shows them all with one widget and recognises a cancellation
by its type, and the CLI prints them all the same way:

- the job calls ``progress(ProgressUpdate(done, total, label))``: one frozen value rather
  than positional numbers, so a relay (a thread hop, a coalescing buffer, a stage prefix)
  passes it on whole and a new field never breaks a caller; ``done`` never goes down and
  the last update of a completed job has ``done == total``;
- the job polls a :class:`CancelToken` between steps and calls ``raise_if_cancelled()``,
  which raises :class:`Cancelled`: the one exception that means "stopped on request", never
  an error to show. Solvers that can stop early with the best answer so far read
  ``token.cancelled`` instead of raising.

The token is a ``threading.Event`` underneath: the GUI thread sets it, the worker reads it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from hdf_field.domain.errors import HdfFieldError


class Cancelled(HdfFieldError):
    """A long job stopped because the person asked it to: not a failure. What it had
    written is rolled back, unless its message says what stays (an import keeps the
    slices it had committed)."""

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """``done`` of ``total`` steps (``total`` None while unknown: a busy indicator).

    ``label`` names the stage in a few words; a screen may translate the stage names it
    knows (``"push"``, ``"plan"``…) and show any other as is.
    """

    done: int
    total: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if self.done < 0 or (self.total is not None and self.total < 0):
            raise ValueError(f"progress: negative count ({self.done}/{self.total})")

    @property
    def fraction(self) -> float | None:
        """Share done in 0..1, None when the total is unknown (or zero)."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


class Progress(Protocol):
    """What a long job calls; it may run on a worker thread, so it must be quick."""

    def __call__(self, update: ProgressUpdate, /) -> None: ...


class CancelToken:
    """Set by whoever asked for the job (the GUI's Cancel button), polled by the job."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, waking at once on a cancel; True if cancelled."""
        return self._event.wait(timeout)

    def raise_if_cancelled(self, message: str = "cancelled") -> None:
        if self.cancelled:
            raise Cancelled(message)


def report(progress: Progress | None, done: int, total: int | None = None, label: str = "") -> None:
    """``progress(ProgressUpdate(...))`` when there is someone to tell."""
    if progress is not None:
        progress(ProgressUpdate(done, total, label))


def check(cancel: CancelToken | None, message: str = "cancelled") -> None:
    """``cancel.raise_if_cancelled(message)`` when the caller gave a token."""
    if cancel is not None:
        cancel.raise_if_cancelled(message)


def is_cancelled(cancel: CancelToken | None) -> bool:
    return cancel is not None and cancel.cancelled
