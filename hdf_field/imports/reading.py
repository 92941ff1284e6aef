"""Streaming reading of CSV (and XLSX) files that remembers where each record came from.

Register files are large and imperfect: a record must be reported with its line number and
its raw text, and the whole file must never be held in memory. :class:`CsvSource` yields one
:class:`Record` at a time, with the physical line it started on and (on demand) its raw text;
:class:`XlsxSource` gives a workbook's first sheet the same shape, so an importer reads both
the same way.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from hdf_field.domain.errors import InputFileError

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_SNIFF_BYTES = 64 * 1024


@dataclass(slots=True)
class Record:
    line: int  # physical line (1-based) the record starts on
    fields: list[str]
    _raw_lines: list[str]
    error: str | None = None  # the CSV layer could not split this record
    # Columns whose cell the source held as a whole number (an XLSX number cell, never CSV
    # text): their digits may have lost leading zeros that only the target field can restore.
    whole_numbers: frozenset[int] = frozenset()

    @property
    def raw(self) -> str:
        return "".join(self._raw_lines)


class _LineTap:
    """Feeds lines to :mod:`csv` while keeping the ones that made up the current record."""

    __slots__ = ("_lines", "taken")

    def __init__(self, lines: IO[str]) -> None:
        self._lines = iter(lines)
        self.taken: list[str] = []

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line


def check_text_file(path: Path, what: str) -> None:
    """Refuse, in one line, what cannot be a text CSV: missing, a folder, empty, binary."""
    if not path.exists():
        raise InputFileError(f"{path}: file not found")
    if not path.is_file():
        raise InputFileError(f"{path}: not a file")
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    if not head.strip():
        raise InputFileError(f"{path}: empty file, expected {what}")
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise InputFileError(f"{path}: binary file, expected {what}")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut by the sniff window
            raise InputFileError(f"{path}: not UTF-8 text, expected {what}") from exc


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


class CsvSource:
    """``with CsvSource(path, "...") as src: src.header; for rec in src: ...``

    The BOM INSEE sometimes adds is dropped; the delimiter is detected from the header line
    unless given. ``member`` reads one file of a zip archive without extracting it.
    ``bytes_done``/``bytes_total`` drive progress bars.
    """

    def __init__(
        self, path: Path, what: str, *, delimiter: str | None = None, member: str | None = None
    ) -> None:
        self.path = path
        self.member = member
        self.name = f"{path}:{member}" if member else str(path)
        self.what = what
        self._delimiter = delimiter
        self._file: IO[str] | None = None
        self._binary: IO[bytes] | None = None
        self._zip: zipfile.ZipFile | None = None
        self.header: list[str] = []
        self.bytes_total = 0
        self._consumed = 0  # physical lines consumed so far

    def _open_binary(self) -> IO[bytes]:
        if self.member is None:
            check_text_file(self.path, self.what)
            self.bytes_total = self.path.stat().st_size
            return self.path.open("rb")
        try:
            self._zip = zipfile.ZipFile(self.path)
            info = self._zip.getinfo(self.member)
        except KeyError:
            raise InputFileError(f"{self.path}: no {self.member} in the archive") from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise InputFileError(f"{self.path}: not a readable zip archive ({exc})") from exc
        self.bytes_total = info.file_size
        return self._zip.open(info)

    def __enter__(self) -> CsvSource:
        self._binary = self._open_binary()
        self._file = io.TextIOWrapper(self._binary, encoding="utf-8-sig", newline="")  # type: ignore[arg-type]
        try:
            first = self._file.readline()
        except UnicodeDecodeError as exc:
            self.close()
            raise InputFileError(f"{self.name}: not UTF-8 text, expected {self.what}") from exc
        if not first.strip():
            self.close()
            raise InputFileError(f"{self.name}: empty file, expected {self.what}")
        delimiter = self._delimiter or detect_delimiter(first)
        self.header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
        self._consumed = 1
        self._tap = _LineTap(self._file)
        self._reader = csv.reader(self._tap, delimiter=delimiter)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    @property
    def bytes_done(self) -> int:
        return self._binary.tell() if self._file is not None and self._binary else self.bytes_total

    def __iter__(self) -> Iterator[Record]:
        tap = self._tap
        reader = self._reader
        while True:
            taken: list[str] = []
            tap.taken = taken
            start = self._consumed + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    f"{self.name}: not UTF-8 text near line {self._consumed + len(taken) + 1}"
                ) from exc
            except csv.Error as exc:
                self._consumed += len(taken)
                yield Record(start, [], taken, f"unreadable CSV record: {exc}")
                continue
            self._consumed += len(taken)
            if not fields and len(taken) == 1 and not taken[0].strip():
                continue  # a blank line (often the last one) is not a record
            yield Record(start, fields, taken)


def _is_whole_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # SIRETs and postal codes typed as numbers (75675900015.0)
    return str(value)


class XlsxSource:
    """The first sheet of a workbook, read like a :class:`CsvSource`: ``header``, then one
    :class:`Record` per non-empty row (its spreadsheet row number as ``line``, the cells
    joined by ``;`` as raw text). A short row is padded with empty cells: a spreadsheet has
    no missing columns, only empty ones. Number cells read as their digits (``2100.0`` →
    ``2100``) and are flagged in ``Record.whole_numbers``: whether ``2100`` is a postcode that
    lost its zero depends on the column it feeds, which only the importer knows. Progress is
    unknown (``bytes_total`` is 0)."""

    bytes_done = 0
    bytes_total = 0

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.name = str(path)
        self.what = what
        self.header: list[str] = []
        self._book: Any = None
        self._rows: Iterator[tuple[int, list[str], frozenset[int]]] = iter(())

    def __enter__(self) -> XlsxSource:
        from openpyxl import load_workbook

        if not self.path.is_file():
            raise InputFileError(f"{self.path}: file not found")
        try:
            self._book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InputFileError(f"{self.path}: not a readable XLSX workbook ({exc})") from exc
        self._rows = self._non_empty_rows()
        first = next(self._rows, None)
        if first is None:
            self.close()
            raise InputFileError(f"{self.path}: empty workbook, expected {self.what}")
        self.header = [h.strip() for h in first[1]]
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    def _non_empty_rows(self) -> Iterator[tuple[int, list[str], frozenset[int]]]:
        sheet = self._book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                numbers = frozenset(i for i, v in enumerate(values) if _is_whole_number(v))
                yield number, cells, numbers

    def __iter__(self) -> Iterator[Record]:
        width = len(self.header)
        for number, cells, numbers in self._rows:
            raw = ";".join(cells)
            cells += [""] * (width - len(cells))
            yield Record(number, cells, [raw], whole_numbers=numbers)
