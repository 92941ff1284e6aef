"""Cancel tokens and progress recorders for tests of long jobs."""

from __future__ import annotations

from collections.abc import Callable

from hdf_field.domain.progress import CancelToken, ProgressUpdate


class CancelWhen(CancelToken):
    """A token that reads as cancelled once ``predicate()`` is true (or ``cancel()`` ran):
    "cancel after the third batch" without a second thread."""

    __slots__ = ("_predicate",)

    def __init__(self, predicate: Callable[[], bool]) -> None:
        super().__init__()
        self._predicate = predicate

    @property
    def cancelled(self) -> bool:
        if not super().cancelled and self._predicate():
            self.cancel()
        return super().cancelled


def cancelled() -> CancelToken:
    token = CancelToken()
    token.cancel()
    return token


class Recorder:
    """A :class:`~hdf_field.domain.progress.Progress` that keeps every update."""

    def __init__(self) -> None:
        self.updates: list[ProgressUpdate] = []

    def __call__(self, update: ProgressUpdate, /) -> None:
        self.updates.append(update)

    @property
    def pairs(self) -> list[tuple[int, int | None]]:
        return [(u.done, u.total) for u in self.updates]

    @property
    def done(self) -> list[int]:
        return [u.done for u in self.updates]
