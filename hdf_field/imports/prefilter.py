"""Rows a register import will skip, recognised on the raw line before the CSV parser sees it.

The national SIRENE stock has about 40 million rows, 1 % of them in the region: parsing every
row only to skip it cost four times the reading of the file. A prefilter says "skip" for a
line only when it can prove, cheaply and exactly, that

- the line is one complete record with exactly the header's number of fields (no quoted line
  break, no quote out of place, no field past the field limit), so the CSV layer would have
  split it into exactly these fields and the importer would have counted it as well formed;
- its filter column holds a value the importer would skip (the *same* predicate the importer
  applies after parsing, so the two paths cannot disagree).

Anything else — a quoted field holding the delimiter, a line break inside quotes, a line that
continues a record, a short or long row, a blank line — is *undecided* and goes to the full
parser, which accepts, rejects or skips it exactly as without a prefilter. The reader only
offers a line to the prefilter when the CSV parser stands at the start of a record, so the
continuation lines of a multi-line record are never judged on their own.

:meth:`PrefixPrefilter.block` is what the reader uses: it judges a whole block of lines in a
few numpy passes (per-line Python costs more than the csv module's parsing). The one-line
:meth:`ColumnPrefilter.skips` states the same rule plainly, with a regular expression; the
tests hold the block judgement to it and both to the csv module.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import numpy as np

_LF, _CR, _QUOTE = 10, 13, 34


class ValueTest(Protocol):
    """The importer's test on the filtered column, in two forms that must agree."""

    def keep(self, value: str) -> bool:
        """The importer's own test, on the value as the CSV parser gives it."""
        ...

    def judge(self, a: np.ndarray, at: np.ndarray, delimiter: int) -> tuple[Any, Any]:
        """``(decidable, kept)`` for the values starting at byte positions ``at`` of ``a``
        (a value may be quoted): where the bytes alone settle ``keep``, and its answer."""
        ...


class ColumnPrefilter:
    """``skips(line)``: True when ``line`` is a complete, well-formed record whose field at
    ``column`` fails ``test.keep`` (see the module docstring); :meth:`block` judges a whole
    block of lines at once, with numpy."""

    __slots__ = ("_delimiter", "_column", "_width", "_commas", "_max_chars", "_test", "_quoted")

    def __init__(
        self,
        *,
        delimiter: str,
        column: int,
        width: int,
        test: ValueTest,
        max_chars: int,
    ) -> None:
        if len(delimiter) != 1 or delimiter in '"\r\n':
            raise ValueError(f"unusable delimiter {delimiter!r}")
        if width < 2 or not 0 <= column < width:
            # With one column a blank line would look like a record; not worth the care.
            raise ValueError(f"column {column} of {width}: nothing to prefilter")
        self._delimiter = delimiter
        self._column = column
        self._commas = width - 1
        self._max_chars = max_chars
        self._test = test
        d = re.escape(delimiter)
        # One field as the csv module reads it when it is well formed: quoted (``""`` inside)
        # or bare (no quote, no delimiter). Possessive quantifiers: no backtracking, so a
        # hostile line costs time linear in its length.
        field = f'(?:"(?:[^"]|"")*+"|[^"{d}\\r\\n]*+)'
        before = f"(?:{field}{d}){{{column}}}" if column else ""
        after = f"(?:{d}{field}){{{width - 1 - column}}}" if column < width - 1 else ""
        self._quoted = re.compile(f"{before}({field}){after}(?:\\r\\n|\\n|\\r)?").fullmatch

    def skips(self, line: str) -> bool:
        if len(line) > self._max_chars:
            return False  # a field may pass the field limit: the parser rejects it
        if '"' not in line:
            if line.count(self._delimiter) != self._commas:
                return False
            value = line.split(self._delimiter, self._column + 1)[self._column]
            if self._column == self._commas:
                value = value.rstrip("\r\n")
            return not self._test.keep(value)
        found = self._quoted(line)
        if found is None:
            return False
        value = found.group(1)
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        return not self._test.keep(value)

    def block(self, raw: bytes) -> tuple[np.ndarray, np.ndarray]:
        """``(starts, skip)`` for ``raw``, whole lines of UTF-8 ending with ``\\n``: where
        each line starts (a byte position), and whether it is provably a well-formed record
        to skip. A byte of a non-ASCII character is never taken for a letter, a digit or a
        delimiter (they are all 0x80 or above)."""
        a = np.frombuffer(raw, np.uint8)
        ends = np.flatnonzero(a == _LF)
        n = len(ends)
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, bool)
        starts = np.empty(n, np.int64)
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
        ok = (ends - starts) < self._max_chars
        # A carriage return only as part of a line's final \r\n (a lone one ends a line too).
        cr = np.flatnonzero(a == _CR)
        if len(cr):
            ok[np.searchsorted(ends, cr[a[cr + 1] != _LF])] = False
        delim = ord(self._delimiter)
        commas = np.flatnonzero(a == delim)
        first_comma = np.searchsorted(commas, starts)
        n_commas = np.searchsorted(commas, ends) - first_comma
        quotes = np.flatnonzero(a == _QUOTE)
        # Lines without a quote: every delimiter separates fields (quoted lines: below).
        count_ok = n_commas == self._commas
        last = len(commas) - 1
        if self._column == 0:
            field = starts.copy()
        elif last >= 0:
            field = commas[np.minimum(first_comma + self._column - 1, last)] + 1
        else:
            field = starts.copy()
        if len(quotes):
            self._quoted_lines(
                a, starts, ends, commas, first_comma, n_commas, quotes, ok, count_ok, field
            )
        ok &= count_ok
        decidable, kept = self._test.judge(a, field, delim)
        return starts, ok & decidable & ~kept

    def _quoted_lines(
        self,
        a: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        commas: np.ndarray,
        first_comma: np.ndarray,
        n_commas: np.ndarray,
        quotes: np.ndarray,
        ok: np.ndarray,
        count_ok: np.ndarray,
        field: np.ndarray,
    ) -> None:
        """Lines holding quotes, in place: each quote must open a field (line start, after a
        delimiter, or right after a closing quote: an escaped ``""``) or close one (before a
        delimiter, the line end or an escaped quote), a line's quote count must be even, and
        only the delimiters outside quotes separate fields."""
        delim = ord(self._delimiter)
        q_line = np.searchsorted(ends, quotes)
        first_quote = np.searchsorted(quotes, starts)
        n_quotes = np.bincount(q_line, minlength=len(starts))
        opening = ((np.arange(len(quotes)) - first_quote[q_line]) & 1) == 0
        prev = a[quotes - 1]
        nxt = a[quotes + 1]
        after = a[np.minimum(quotes + 2, len(a) - 1)]
        valid_open = (quotes == starts[q_line]) | (prev == delim) | (prev == _QUOTE)
        valid_close = (
            (nxt == delim) | (nxt == _QUOTE) | (nxt == _LF) | ((nxt == _CR) & (after == _LF))
        )
        ok[q_line[np.where(opening, ~valid_open, ~valid_close)]] = False
        lines = np.flatnonzero(n_quotes)
        ok[lines[(n_quotes[lines] & 1) == 1]] = False
        # Each opening quote and the next quote of its line make a pair; the commas between
        # them (a range of indices into ``commas``) are text, not delimiters.
        opens = np.flatnonzero(opening[:-1] & (q_line[1:] == q_line[:-1]))
        owner = q_line[opens]
        lo = np.searchsorted(commas, quotes[opens])
        hi = np.searchsorted(commas, quotes[opens + 1])
        width = hi - lo
        inside = np.bincount(owner, weights=width, minlength=len(starts)).astype(np.int64)
        count_ok[lines] = n_commas[lines] - inside[lines] == self._commas
        if not self._column or not len(commas):
            return
        # The column's delimiter: the least d with d = base + (text commas up to d), found by
        # iterating from d = base (it only grows; a line has few quoted fields).
        base = first_comma + self._column - 1
        d = base.copy()
        for _ in range(64):
            text_commas = np.clip(d[owner] - lo + 1, 0, width)
            moved = base + np.bincount(owner, weights=text_commas, minlength=len(starts)).astype(
                np.int64
            )
            if np.array_equal(moved[lines], d[lines]):
                break
            d[lines] = moved[lines]
        else:
            ok[lines] = False  # not settled: leave these lines to the parser
        field[lines] = commas[np.minimum(d[lines], len(commas) - 1)] + 1


def _at(a: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The bytes at ``positions`` (past the end: a line feed, which ends any value)."""
    out = np.full(len(positions), _LF, np.uint8)
    inside = positions < len(a)
    out[inside] = a[positions[inside]]
    return out


def _ends_value(c: np.ndarray, delimiter: int) -> np.ndarray:
    return np.asarray((c == delimiter) | (c == _CR) | (c == _LF), dtype=bool)


def _upper(c: np.ndarray) -> np.ndarray:
    return np.where((c >= 97) & (c <= 122), c - 32, c)


def _alnum(c: np.ndarray) -> np.ndarray:
    return ((c >= 48) & (c <= 57)) | ((c >= 65) & (c <= 90))


class PrefixTest:
    """Keep a row when its value, stripped and upper-cased, starts with one of ``prefixes``
    (two ASCII letters or digits; SIRENE: the département of ``codeCommuneEtablissement``).
    Judged on bytes: an empty value, one letter or digit, or two of them in front; a value
    starting with a space, a quote or a non-ASCII character is left to the parser."""

    def __init__(self, prefixes: frozenset[str]) -> None:
        if any(len(p) != 2 or not p.isascii() or not p.isalnum() for p in prefixes):
            raise ValueError("prefixes must be two ASCII letters or digits")
        self.prefixes = frozenset(p.upper() for p in prefixes)
        self._codes = np.array(sorted(ord(p[0]) * 256 + ord(p[1]) for p in self.prefixes))

    def keep(self, value: str) -> bool:
        return value.strip().upper()[:2] in self.prefixes

    def judge(self, a: np.ndarray, at: np.ndarray, delimiter: int) -> tuple[Any, Any]:
        c0, c1 = _upper(_at(a, at)), _upper(_at(a, at + 1))
        alnum0, alnum1 = _alnum(c0), _alnum(c1)
        decidable = _ends_value(c0, delimiter) | (alnum0 & (alnum1 | _ends_value(c1, delimiter)))
        kept = alnum0 & alnum1 & np.isin(c0.astype(np.int64) * 256 + c1, self._codes)
        return decidable, kept


class PostcodeTest:
    """Keep a row when its value, stripped, is a number within one of ``ranges`` (KBO: the
    Belgian postal codes chosen). Judged on bytes: an empty value, or exactly four ASCII
    digits, quoted or not; anything else (spaces, five digits, a letter) is left to the
    parser, which applies the same test."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = list(ranges)
        self._table = np.zeros(10_000, bool)
        for lo, hi in self.ranges:
            self._table[max(lo, 0) : min(hi, 9_999) + 1] = True

    def keep(self, value: str) -> bool:
        text = value.strip()
        return text.isdigit() and any(lo <= int(text) <= hi for lo, hi in self.ranges)

    def judge(self, a: np.ndarray, at: np.ndarray, delimiter: int) -> tuple[Any, Any]:
        quoted = _at(a, at) == _QUOTE
        start = at + quoted
        digits = [_at(a, start + k) for k in range(4)]
        after = _at(a, start + 4)
        four = (
            (digits[0] >= 48) & (digits[0] <= 57) & (digits[1] >= 48) & (digits[1] <= 57)
            & (digits[2] >= 48) & (digits[2] <= 57) & (digits[3] >= 48) & (digits[3] <= 57)
        )  # fmt: skip
        # A closing quote must not be the first of an escaped "" (the value would go on).
        closed = np.where(
            quoted, (after == _QUOTE) & (_at(a, start + 5) != _QUOTE), _ends_value(after, delimiter)
        )
        empty = np.where(
            quoted,
            (digits[0] == _QUOTE) & (digits[1] != _QUOTE),
            _ends_value(digits[0], delimiter),
        )
        number = sum((d.astype(np.int64) - 48) * 10 ** (3 - k) for k, d in enumerate(digits))
        kept = four & closed & self._table[np.clip(number, 0, 9_999)]
        return empty | (four & closed), kept
