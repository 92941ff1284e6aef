"""What an import did, and where its rejected rows went.

Every row read is accounted for: ``read == created + updated + skipped + rejected``. Rejected
rows are all written to the reject file (CSV: file, line, reason, raw line); the report keeps
only the first :data:`MAX_REJECTS_IN_REPORT` of them in memory so that a hopeless file of a
million bad rows cannot exhaust memory.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

MAX_REJECTS_IN_REPORT = 1000

# (done, total) in bytes of the input file; ``total`` is 0 when unknown.
ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Reject:
    file: str
    line: int
    reason: str


@dataclass
class ImportReport:
    source: str
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    reject_file: Path | None = None
    rejects: list[Reject] = field(default_factory=list)
    elapsed: float = 0.0
    # Subsets, for people reading the report (not part of the accounting identity):
    # ``changed``: updated rows whose register fields really differed (version bumped);
    # ``duplicates``: later occurrences of a key already seen in the file (counted in skipped);
    # ``closed_unknown``: closed establishments that were not in the database (in skipped).
    changed: int = 0
    duplicates: int = 0
    closed_unknown: int = 0
    # Unusable rows of auxiliary files (KBO addresses, names, activities): not in ``read``.
    ignored: int = 0

    @property
    def balanced(self) -> bool:
        return self.read == self.created + self.updated + self.skipped + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "reject_file": str(self.reject_file) if self.reject_file else None,
            "source": self.source,
            "changed": self.changed,
            "duplicates": self.duplicates,
            "closed_unknown": self.closed_unknown,
            "ignored": self.ignored,
            "elapsed": round(self.elapsed, 3),
            "rejects": [
                {"file": r.file, "line": r.line, "reason": r.reason} for r in self.rejects[:20]
            ],
        }


class RejectSink:
    """Writes rejected rows to a CSV created on the first reject (no empty reject files)."""

    def __init__(self, report: ImportReport, input_name: str, path: Path) -> None:
        self._report = report
        self._input = input_name
        self._path = path
        self._file: IO[str] | None = None
        self._writer: Any = None

    def __enter__(self) -> RejectSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def reject(self, line: int, reason: str, raw: str, file: str | None = None) -> None:
        name = file or self._input
        self._report.rejected += 1
        if len(self._report.rejects) < MAX_REJECTS_IN_REPORT:
            self._report.rejects.append(Reject(name, line, reason))
        if self._writer is None:
            self._file = self._open()
            self._writer = csv.writer(self._file)
            self._writer.writerow(["file", "line", "reason", "raw"])
            self._report.reject_file = self._path
        self._writer.writerow([name, line, reason, raw.rstrip("\r\n")])

    def _open(self) -> IO[str]:
        """Next to the input when possible; a read-only folder (a shared register copy)
        sends the rejects to the temporary folder instead, and the report says where."""
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            return self._path.open("w", encoding="utf-8", newline="")
        except OSError:
            self._path = Path(tempfile.gettempdir()) / self._path.name
            return self._path.open("w", encoding="utf-8", newline="")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def default_reject_path(input_path: Path) -> Path:
    """Next to the input: ``StockEtablissement.csv`` → ``StockEtablissement.rejects.csv``."""
    base = input_path if input_path.is_dir() else input_path.with_suffix("")
    return base.parent / f"{base.name}.rejects.csv"
