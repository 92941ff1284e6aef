"""What an import did, and where its rejected rows went.

Every row read is accounted for: ``read == created + updated + skipped + rejected``. Rejected
rows are written to the reject file (CSV: file, line, reason, raw line) as a short excerpt of
the raw text (``limits.reject_excerpt_bytes``, marked ``[truncated]`` when cut), and only the
first ``limits.reject_rows_written`` of them: a hostile or hopeless file must not turn into a
reject file as large as itself. Every reject is still counted (``rejected``; those not
written in ``rejects_not_written``). The report keeps only the first
:data:`MAX_REJECTS_IN_REPORT` of them in memory.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from hdf_field.domain.error_messages import render
from hdf_field.imports.limits import DEFAULT_LIMITS, ReadLimits

MAX_REJECTS_IN_REPORT = 1000
TRUNCATED = " [truncated]"


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
    # Rejects counted in ``rejected`` but not written: the reject file's row limit was reached.
    rejects_not_written: int = 0

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
            "rejects_not_written": self.rejects_not_written,
            "elapsed": round(self.elapsed, 3),
            "rejects": [
                {"file": r.file, "line": r.line, "reason": r.reason} for r in self.rejects[:20]
            ],
        }


def excerpt(raw: str, max_bytes: int) -> str:
    """``raw`` without its line end, cut to at most ``max_bytes`` of UTF-8 (marker included)
    on a character boundary, and marked when cut."""
    text = raw.rstrip("\r\n")
    if len(text) <= max_bytes // 4 or len(text.encode("utf-8")) <= max_bytes:
        return text
    budget = max(0, max_bytes - len(TRUNCATED))
    cut = text[:budget].encode("utf-8")[:budget].decode("utf-8", "ignore")
    return cut + TRUNCATED


class RejectSink:
    """Writes rejected rows to a CSV created on the first reject (no empty reject files):
    bounded excerpts, and no more than ``limits.reject_rows_written`` rows; a last row then
    says how many more were rejected but not written."""

    def __init__(
        self,
        report: ImportReport,
        input_name: str,
        path: Path,
        *,
        limits: ReadLimits = DEFAULT_LIMITS,
        lang: str = "fr",
    ) -> None:
        self._limits = limits
        self._lang = lang
        self._written = 0
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

    def reject(
        self, line: int, reason: str | BaseException, raw: str, file: str | None = None
    ) -> None:
        """``reason`` is an error of the core (rendered in the sink's language, field names
        included) or a sentence already written."""
        if isinstance(reason, BaseException):
            reason = render(reason, self._lang)
        name = file or self._input
        self._report.rejected += 1
        if len(self._report.rejects) < MAX_REJECTS_IN_REPORT:
            # Reasons quote values from the file: cut, or a thousand of them could be large.
            self._report.rejects.append(
                Reject(name, line, excerpt(reason, self._limits.reject_excerpt_bytes))
            )
        if self._written >= self._limits.reject_rows_written:
            self._report.rejects_not_written += 1
            return
        if self._writer is None:
            self._file = self._open()
            self._writer = csv.writer(self._file)
            self._writer.writerow(["file", "line", "reason", "raw"])
            self._report.reject_file = self._path
        limit = self._limits.reject_excerpt_bytes
        self._writer.writerow([name, line, excerpt(reason, limit), excerpt(raw, limit)])
        self._written += 1

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
            skipped = self._report.rejects_not_written
            if skipped:
                self._writer.writerow(
                    [
                        self._input,
                        "",
                        f"{skipped} more rejected rows not written (the reject"
                        f" file keeps the first {self._limits.reject_rows_written})",
                        "",
                    ]
                )
            self._file.close()
            self._file = None


def default_reject_path(input_path: Path) -> Path:
    """Next to the input: ``StockEtablissement.csv`` → ``StockEtablissement.rejects.csv``."""
    base = input_path if input_path.is_dir() else input_path.with_suffix("")
    return base.parent / f"{base.name}.rejects.csv"
