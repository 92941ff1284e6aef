"""Streaming reading of CSV (and XLSX) files that remembers where each record came from.

Register files are large and imperfect: a record must be reported with its line number and
its raw text, and the whole file must never be held in memory. :class:`CsvSource` yields one
:class:`Record` at a time, with the physical line it started on and (on demand) its raw text;
:class:`XlsxSource` gives a workbook's first sheet the same shape, so an importer reads both
the same way.

Input files are hostile until read: every line, record, field and zip member is held to the
limits of :mod:`hdf_field.imports.limits` while it is streamed. A line longer than its limit
is never materialised: it is read in bounded chunks and discarded up to its end, and comes out
as one :class:`Record` carrying an error and a short excerpt, so the line numbers and the
read/rejected accounting of the rest of the file stay exact.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from hdf_field.domain.errors import InputFileError
from hdf_field.imports.archives import (
    check_member,
    longest_text_run,
    member_name,
    one_line,
    open_member,
    open_zip,
)
from hdf_field.imports.limits import DEFAULT_LIMITS, MAX_RECORD_CHARS, ReadLimits
from hdf_field.imports.prefilter import ColumnPrefilter, ValueTest

# A backstop only: the line tap below already bounds every record (so every field) to
# ``record_chars``; the csv module's own limit is process-wide, hence the default.
csv.field_size_limit(MAX_RECORD_CHARS + 1)

_SNIFF_BYTES = 64 * 1024
_DISCARD_CHUNK = 64 * 1024  # characters read at a time while skipping an over-long line
_EXCERPT_CHARS = 2048  # kept of an over-long line for the reject file (which cuts to 1 KB)
_PAUSE_EVERY = 50_000  # prefiltered lines in a row before progress is reported (~20 ms)
_BLOCK_BYTES = 1024 * 1024  # bytes judged at once by a prefilter
# After this many lines judged, a prefilter that drops less than this share of them hands the
# file back to the text reader: dropping a line saves its parsing (a few microseconds), judging
# one costs about a microsecond, and reading it through our own buffer a little more.
_SAMPLE_LINES = 2000
_WORTH_IT = 0.5


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


class _Oversize(Exception):
    """Raised through :mod:`csv` when a line or a record passes its limit; the reader resets
    to a fresh record on its next call, so parsing goes on after the offending line."""


class _Pause(Exception):  # noqa: N818 - a signal, not an error
    """Raised through :mod:`csv` after a long run of prefiltered lines, at a record boundary:
    the reader reports progress (and may be cancelled) before it goes on."""


class _LineTap:
    """Feeds physical lines to :mod:`csv` while keeping the ones that made up the current
    record, none longer than ``limits.line_chars`` and the record no longer than
    ``limits.record_chars``.

    ``readline(limit)`` never returns more than ``limit`` characters, so an over-long line is
    only ever held one bounded chunk at a time: its first chunk's start is kept as an excerpt
    and the rest is read and dropped up to the end of the line."""

    __slots__ = (
        "_readline",
        "_file",
        "_line_limit",
        "_record_limit",
        "_pushback",
        "taken",
        "size",
        "_plan",
        "skipped",
        "pause_every",
        "_raw",
        "_buf",
        "_pos",
        "_eof",
        "_starts",
        "_kept",
        "_judged_end",
        "_judged",
        "_dropped",
    )

    def __init__(self, lines: IO[str], limits: ReadLimits) -> None:
        self._file = lines
        self._readline: Callable[[int], str] = lines.readline
        self._line_limit = limits.line_chars
        self._record_limit = limits.record_chars
        self._pushback = ""
        self.taken: list[str] = []
        self.size = 0  # characters of the current record
        # With a prefilter (see ``CsvSource.prefilter``) the tap reads the text in blocks of
        # its own and judges each block's lines at once; ``skipped`` counts the lines dropped
        # while the parser waited for the current record.
        self._plan: ColumnPrefilter | None = None
        self.skipped = 0
        self.pause_every = _PAUSE_EVERY
        self._raw: IO[bytes] | None = None
        self._buf = b""
        self._pos = 0
        self._eof = False
        self._starts: list[int] = []  # line starts of the judged block (positions in _buf)
        self._kept: list[int] = []  # indices of its lines the parser must see
        self._judged_end = 0
        self._judged = 0  # lines judged so far, and how many of them were dropped
        self._dropped = 0

    def use(self, plan: ColumnPrefilter, binary: IO[bytes]) -> None:
        """Read the rest of the file from ``binary`` (positioned after the header), in blocks
        of bytes of our own: the prefilter judges bytes, and only the lines the parser gets
        are decoded (each block is still checked to be UTF-8)."""
        self._plan = plan
        self._raw = binary
        self._buf = b""
        self._readline = self._buffered_readline

    def __iter__(self) -> _LineTap:
        return self

    def _physical(self, limit: int) -> str:
        head = self._pushback
        if not head:
            return self._readline(limit)
        self._pushback = ""
        if head.endswith(("\n", "\r")):
            return head
        return head + self._readline(limit - len(head))

    def __next__(self) -> str:
        asked = self._line_limit + 1
        if self._plan is not None and not self.taken and not self._pushback:
            self._skip_run()  # the parser stands at the start of a record
        line = self._physical(asked)
        if not line:
            raise StopIteration
        if len(line) > self._line_limit:
            self.taken.append(line[:_EXCERPT_CHARS])
            self._skip_to_end(line, asked)
            raise _Oversize(f"line longer than {self._line_limit:,} characters")
        self.taken.append(line)
        self.size += len(line)
        if self.size > self._record_limit:
            raise _Oversize(f"record longer than {self._record_limit:,} characters")
        return line

    # -- prefilter mode: a buffer of our own ----------------------------------------------
    def _refill(self) -> None:
        """Keep the unread bytes and append the next block. The unread bytes are at most one
        line limit's worth (a longer line is handed out in pieces), so the buffer stays under
        ``_BLOCK_BYTES`` + 4 × the line limit."""
        assert self._raw is not None
        chunk = self._raw.read(_BLOCK_BYTES)
        if not chunk:
            self._eof = True
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        self._judged_end = 0  # the judged positions moved

    def _buffered_readline(self, limit: int) -> str:
        """``TextIOWrapper.readline(limit)`` with ``newline=""``, over our buffer: a line
        ends at ``\n``, ``\r\n`` or a lone ``\r``; at most ``limit`` characters."""
        window = 4 * limit  # bytes enough for ``limit`` characters of UTF-8
        while True:
            buf, pos = self._buf, self._pos
            end = min(len(buf), pos + window)
            lf = buf.find(b"\n", pos, end)
            cr = buf.find(b"\r", pos, lf if lf >= 0 else end)
            if cr >= 0:
                if cr + 1 == len(buf) and not self._eof:
                    self._refill()  # is it \r\n? the next block tells
                    continue
                stop = cr + 2 if cr + 1 < len(buf) and buf[cr + 1] == 10 else cr + 1
            elif lf >= 0:
                stop = lf + 1
            elif end == pos + window or self._eof:
                stop = end
            else:
                self._refill()
                continue
            if stop - pos <= limit:  # no more bytes than characters allowed
                self._pos = stop
                return buf[pos:stop].decode("utf-8")
            # Longer in bytes: decode what it holds (a character cut by the window waits),
            # hand out at most ``limit`` characters and keep the rest for the next call.
            decoder = codecs.getincrementaldecoder("utf-8")()
            text = decoder.decode(buf[pos:stop], final=self._eof and stop == len(buf))[:limit]
            self._pos = pos + len(text.encode("utf-8"))
            return text

    def _judge(self) -> bool:
        """Judge the whole lines buffered from the current position; False at the end, or
        when the next line is longer than the line limit (the buffer then holds at most the
        limit plus one block: an over-long line is never materialised here either)."""
        while True:
            if len(self._buf) - self._pos < _BLOCK_BYTES // 2 and not self._eof:
                self._refill()
            buf, pos = self._buf, self._pos
            last = buf.rfind(b"\n", pos)
            if last >= 0:
                assert self._plan is not None
                block = buf[pos : last + 1]
                block.decode("utf-8")  # the file is text: a bad byte ends the import, as ever
                starts, skip = self._plan.block(block)
                # Plain lists: one bisect per run of skipped lines costs less than numpy's.
                self._starts = (starts + pos).tolist()
                self._kept = np.flatnonzero(~skip).tolist()
                self._judged_end = last + 1
                self._judged += len(self._starts)
                self._dropped += len(self._starts) - len(self._kept)
                if self._judged >= _SAMPLE_LINES and self._dropped < self._judged * _WORTH_IT:
                    self._hand_over()
                    return False
                return True
            if self._eof or len(buf) - pos > 4 * self._line_limit + 4:
                return False  # no whole line soon: the parser reads it, a chunk at a time
            self._refill()

    def _hand_over(self) -> None:
        """Most lines are kept (a regional extract): judging them costs more than it saves,
        so the rest of the file goes back to the C text reader, from the current line."""
        assert self._raw is not None
        rest = _Prepended(self._buf[self._pos :], self._raw)
        self._file = io.TextIOWrapper(
            io.BufferedReader(rest, buffer_size=_BLOCK_BYTES), encoding="utf-8", newline=""
        )
        self._readline = self._file.readline
        self._plan = None
        self._buf = b""
        self._pos = self._judged_end = 0

    def _skip_run(self) -> None:
        """Drop the lines from here up to the next one the parser must see."""
        while True:
            if self._pos >= self._judged_end and not self._judge():
                return  # (or the prefilter handed over: ``_plan`` is None)
            pos = self._pos  # after ``_judge``: a refill moves the text
            starts = self._starts
            i = bisect_left(starts, pos)
            if i >= len(starts) or starts[i] != pos:
                return  # inside a judged line (after a lone \r): the parser reads on
            k = bisect_left(self._kept, i)
            j = self._kept[k] if k < len(self._kept) else len(starts)
            pause = i + self.pause_every - self.skipped
            if j > pause:  # a line to skip, but progress is due first
                self.skipped += pause - i
                self._pos = starts[pause]
                raise _Pause
            if j > i:
                self.skipped += j - i
                self._pos = starts[j] if j < len(starts) else self._judged_end
                if self.skipped >= self.pause_every:
                    raise _Pause
            if j < len(starts):
                return

    def _skip_to_end(self, piece: str, asked: int) -> None:
        """Read and drop the rest of an over-long line, a bounded chunk at a time.

        In ``newline=""`` mode a line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r``. A piece
        cut at the size asked right after a ``\\r`` leaves it open whether a ``\\n`` follows:
        the next piece tells, and is kept for the next line when it is not one."""
        chunk = min(_DISCARD_CHUNK, self._line_limit)
        while True:
            if not piece or piece.endswith("\n"):
                return
            if piece.endswith("\r"):
                if len(piece) < asked:
                    return
                after = self._readline(chunk)
                if after != "\n":
                    self._pushback = after
                return
            asked = chunk
            piece = self._readline(chunk)


class _Prepended(io.RawIOBase):
    """``head`` then the rest of ``raw``: what a prefilter had buffered, handed back."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._raw.read(len(view))
        view[: len(data)] = data
        return len(data)


def check_text_file(path: Path, what: str) -> None:
    """Refuse, in one line, what cannot be a text CSV: missing, a folder, empty, binary."""
    if not path.exists():
        raise InputFileError(code="file.not_found", params={"path": path})
    if not path.is_file():
        raise InputFileError(code="file.not_a_file", params={"path": path})
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputFileError(
            code="archive.unreadable", params={"path": path, "detail": exc.strerror}
        ) from exc
    if not head.strip():
        raise InputFileError(code="file.empty", params={"path": path, "what": what})
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise InputFileError(code="file.binary", params={"path": path, "what": what})
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut by the sniff window
            raise InputFileError(code="file.not_utf8", params={"path": path, "what": what}) from exc


def csv_source(
    path: Path, what: str, *, delimiter: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> CsvSource:
    """A :class:`CsvSource` over ``path``, or over the one CSV member of ``path`` when it is
    a zip (INSEE publishes ``StockEtablissement_utf8.zip``): the member is streamed, never
    extracted, under the archive limits. A zip with no CSV member, or several, is refused in
    one line naming them."""
    try:
        with path.open("rb") as f:
            is_zip = f.read(4) == b"PK\x03\x04"
    except OSError:
        is_zip = False  # CsvSource says what is wrong with the path
    if not is_zip:
        return CsvSource(path, what, delimiter=delimiter, limits=limits)
    with open_zip(path, limits, what) as archive:
        members = [
            i.filename
            for i in archive.infolist()
            if not i.is_dir() and i.filename.lower().endswith(".csv")
        ]
    if len(members) != 1:
        found = ", ".join(repr(m[:100]) for m in members[:5]) or "none"
        raise InputFileError(
            code="archive.one_csv", params={"path": path, "what": what, "found": found}
        )
    return CsvSource(path, what, delimiter=delimiter, member=members[0], limits=limits)


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


class CsvSource:
    """``with CsvSource(path, "...") as src: src.header; for rec in src: ...``

    The BOM INSEE sometimes adds is dropped; the delimiter is detected from the header line
    unless given. ``member`` reads one file of a zip archive without extracting it (its
    declared size, ratio and really inflated bytes checked against ``limits``).
    ``bytes_done``/``bytes_total`` drive progress bars. A line, record or field past
    ``limits`` comes out as a record with an ``error`` (see the module docstring).
    """

    def __init__(
        self,
        path: Path,
        what: str,
        *,
        delimiter: str | None = None,
        member: str | None = None,
        limits: ReadLimits = DEFAULT_LIMITS,
    ) -> None:
        self.limits = limits
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
        self.prefiltered = 0  # records the prefilter dropped (see :meth:`prefilter`)
        self._on_pause: Callable[[], None] | None = None

    def _open_binary(self) -> IO[bytes]:
        if self.member is None:
            check_text_file(self.path, self.what)
            self.bytes_total = self.path.stat().st_size
            return self.path.open("rb")
        self._zip = open_zip(self.path, self.limits, self.what)
        try:
            info = self._zip.getinfo(self.member)
        except KeyError:
            raise InputFileError(
                code="archive.no_member", params={"path": self.path, "member": self.member}
            ) from None
        self.bytes_total = info.file_size
        return open_member(self._zip, self.path, info, self.limits.zip_member_bytes, self.limits)

    def __enter__(self) -> CsvSource:
        try:
            self._binary = self._open_binary()
        except BaseException:
            self.close()
            raise
        self._file = io.TextIOWrapper(self._binary, encoding="utf-8-sig", newline="")
        limit = self.limits.line_chars
        try:
            first = self._file.readline(limit + 1)
        except UnicodeDecodeError as exc:
            self.close()
            raise InputFileError(
                code="file.not_utf8", params={"path": self.name, "what": self.what}
            ) from exc
        except BaseException:
            self.close()
            raise
        if len(first) > limit:
            self.close()
            raise InputFileError(
                code="file.long_header",
                params={"path": self.name, "max": limit, "what": self.what},
            )
        if not first.strip():
            self.close()
            raise InputFileError(code="file.empty", params={"path": self.name, "what": self.what})
        self._first = first
        delimiter = self._delimiter or detect_delimiter(first)
        self.header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
        self._consumed = 1
        self._dialect_delimiter = delimiter
        self._tap = _LineTap(self._file, self.limits)
        self._reader = csv.reader(self._tap, delimiter=delimiter)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        elif self._binary is not None:
            self._binary.close()
        self._binary = None
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def prefilter(
        self,
        column: int,
        test: ValueTest,
        *,
        on_pause: Callable[[], None] | None = None,
    ) -> None:
        """From now on, drop before parsing every record that is provably well formed (as
        wide as the header, no field past the limit) and whose value at ``column`` fails
        ``test`` — the importer's own test, so the outcome is the one it would reach after
        parsing; every undecided line goes to the parser (:mod:`.prefilter`). Dropped
        records are counted in ``prefiltered`` and keep their line numbers; ``on_pause``
        runs every few tens of thousands of dropped lines in a row (progress, cancel)."""
        plan = ColumnPrefilter(
            delimiter=self._dialect_delimiter,
            column=column,
            width=len(self.header),
            test=test,
            max_chars=self.limits.field_chars,
        )
        self._tap.use(plan, self._reopen_after_header())
        self._on_pause = on_pause

    def _reopen_after_header(self) -> IO[bytes]:
        """The file's bytes again, from just after the header line: the text reader has read
        ahead, so the prefilter starts on a stream of its own (a zip member is inflated
        again; only its header is skipped)."""
        if self.member is None:
            binary: IO[bytes] = self.path.open("rb")
        else:
            assert self._zip is not None
            info = self._zip.getinfo(self.member)
            binary = open_member(
                self._zip, self.path, info, self.limits.zip_member_bytes, self.limits
            )
        try:
            header = self._first.encode("utf-8")
            head = binary.read(3)
            if head == codecs.BOM_UTF8:
                head = b""
            head += binary.read(len(header) - len(head))
            if head != header:
                raise InputFileError(code="file.changed", params={"path": self.name})
        except BaseException:
            binary.close()
            raise
        assert self._file is not None
        self._file.close()  # and the stream under it
        self._file = None
        self._binary = binary
        return binary

    @property
    def bytes_done(self) -> int:
        return self._binary.tell() if self._binary is not None else self.bytes_total

    def _count_prefiltered(self, tap: _LineTap) -> int:
        """Count the lines the prefilter dropped before the current record (they came before
        its first line) and return the line that record starts on."""
        skipped = tap.skipped
        if skipped:
            tap.skipped = 0
            self.prefiltered += skipped
            self._consumed += skipped
        return self._consumed + 1

    def _too_long_field(self, fields: list[str]) -> str | None:
        """The error of a record holding a field past the limit, naming its column."""
        limit = self.limits.field_chars
        for i, value in enumerate(fields):
            if len(value) > limit:
                return f"column {_column(self.header, i)}: value longer than {limit:,} characters"
        return None

    def __iter__(self) -> Iterator[Record]:
        tap = self._tap
        reader = self._reader
        field_limit = self.limits.field_chars
        while True:
            taken: list[str] = []
            tap.taken = taken
            tap.size = 0
            tap.skipped = 0
            try:
                fields = next(reader)
            except StopIteration:
                self._count_prefiltered(tap)
                return
            except UnicodeDecodeError as exc:
                self._count_prefiltered(tap)
                raise InputFileError(
                    code="file.not_utf8_near",
                    params={"path": self.name, "line": str(self._consumed + len(taken) + 1)},
                ) from exc
            except _Pause:
                self._count_prefiltered(tap)
                if self._on_pause is not None:
                    self._on_pause()
                continue
            except _Oversize as exc:
                start = self._count_prefiltered(tap)
                self._consumed += len(taken)
                yield Record(start, [], taken, str(exc))
                continue
            except csv.Error as exc:
                start = self._count_prefiltered(tap)
                self._consumed += len(taken)
                yield Record(start, [], taken, f"unreadable CSV record: {exc}")
                continue
            start = self._count_prefiltered(tap)
            self._consumed += len(taken)
            if not fields and len(taken) == 1 and not taken[0].strip():
                continue  # a blank line (often the last one) is not a record
            if tap.size > field_limit:  # only then can a field be too long
                error = self._too_long_field(fields)
                if error is not None:
                    yield Record(start, [], taken, error)
                    continue
            yield Record(start, fields, taken)


def _column(header: list[str], i: int) -> str:
    """A column as named in a message: quoted, escaped, and cut (a header is input too)."""
    if i >= len(header):
        return f"#{i + 1}"
    name = header[i]
    return repr(name[:100] + "…") if len(name) > 100 else repr(name)


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

    def __init__(self, path: Path, what: str, *, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.path = path
        self.name = str(path)
        self.what = what
        self.header: list[str] = []
        self._book: Any = None
        self._rows: Iterator[tuple[int, list[str], frozenset[int]]] = iter(())

    def __enter__(self) -> XlsxSource:
        from openpyxl import load_workbook

        if not self.path.is_file():
            raise InputFileError(code="file.not_found", params={"path": self.path})
        self._check_members()
        try:
            self._book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InputFileError(
                code="xlsx.unreadable", params={"path": self.path, "detail": one_line(exc)}
            ) from exc
        self._rows = self._non_empty_rows()
        first = next(self._rows, None)
        if first is None:
            self.close()
            raise InputFileError(code="xlsx.empty", params={"path": self.path, "what": self.what})
        self.header = [h.strip() for h in first[1]]
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_members(self) -> None:
        """Check every member of the workbook before openpyxl parses any: openpyxl holds the
        shared strings whole in memory and its XML parser holds each text node whole, so a
        700 MiB cell must be refused here. Declared sizes and ratios first (nothing inflated),
        then each XML member is inflated once, counted and scanned for an over-long value."""
        limits = self.limits
        unreadable = "not a readable XLSX workbook"
        with open_zip(self.path, limits, self.what, unreadable=unreadable) as book:
            members = [i for i in book.infolist() if not i.is_dir()]
            total = 0
            for info in members:
                check_member(self.path, info, limits.xlsx_member_bytes, limits)
                total += info.file_size
            if total > limits.xlsx_total_bytes:
                raise InputFileError(
                    code="xlsx.too_large",
                    params={"path": self.path, "size": total, "max": limits.xlsx_total_bytes},
                )
            # A value of N characters is at most 10 N bytes of XML (``&#x1F600;``).
            run_limit = 10 * limits.field_chars + 4096
            for info in members:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with open_member(book, self.path, info, limits.xlsx_member_bytes, limits) as f:
                    longest_text_run(f, run_limit, f"{self.path}: member {member_name(info)}")

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    def _non_empty_rows(self) -> Iterator[tuple[int, list[str], frozenset[int]]]:
        """Rows as openpyxl streams them; a sheet broken half-way (bad XML, a damaged
        member) ends the import with a one-line error naming the row, not a traceback."""
        number = 0
        try:
            sheet = self._book.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if any(c.strip() for c in cells):
                    numbers = frozenset(i for i, v in enumerate(values) if _is_whole_number(v))
                    yield number, cells, numbers
        except InputFileError:
            raise
        except Exception as exc:  # openpyxl and its XML parser raise many kinds
            raise InputFileError(
                code="xlsx.bad_sheet",
                params={"path": self.path, "row": str(number), "detail": one_line(exc)},
            ) from exc

    def __iter__(self) -> Iterator[Record]:
        width = len(self.header)
        limit = self.limits.field_chars
        for number, cells, numbers in self._rows:
            raw = ";".join(cells)
            if len(raw) > limit:  # only then can a cell be too long
                for i, cell in enumerate(cells):
                    if len(cell) > limit:
                        column = _column(self.header, i)
                        error = f"column {column}: value longer than {limit:,} characters"
                        yield Record(number, [], [raw[: 2 * _EXCERPT_CHARS]], error)
                        break
                else:
                    cells += [""] * (width - len(cells))
                    yield Record(number, cells, [raw], whole_numbers=numbers)
                continue
            cells += [""] * (width - len(cells))
            yield Record(number, cells, [raw], whole_numbers=numbers)
