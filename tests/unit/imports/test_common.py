"""The row accounting and pacing every importer shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.domain.progress import Cancelled
from hdf_field.imports.common import Ticker, well_formed
from hdf_field.imports.reading import Record
from hdf_field.imports.report import ImportReport, RejectSink
from tests.progress_support import Recorder, cancelled


def records() -> list[Record]:
    return [
        Record(2, ["a", "b", "c"], ["a,b,c\n"]),
        Record(3, ["a", "b"], ["a,b\n"]),
        Record(4, ["a", "b", "c", ""], ["a,b,c,\n"]),
        Record(5, [], ['"a,b\n'], "unreadable CSV record: unexpected end of data"),
    ]


def test_well_formed_counts_every_row_and_rejects_the_malformed(tmp_path: Path) -> None:
    report = ImportReport(source="test")
    with RejectSink(report, "in.csv", tmp_path / "in.rejects.csv") as rejects:
        kept = list(well_formed(records(), 3, report, rejects, file="in.csv"))

    assert [r.line for r in kept] == [2]
    assert report.read == 4 and report.rejected == 3
    assert [(r.line, r.reason) for r in report.rejects] == [
        (3, "expected 3 columns, found 2"),
        (4, "expected 3 columns, found 4"),
        (5, "unreadable CSV record: unexpected end of data"),
    ]
    lines = (tmp_path / "in.rejects.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,line,reason,raw" and lines[1].startswith("in.csv,3,")


def test_well_formed_may_accept_extra_columns(tmp_path: Path) -> None:
    report = ImportReport(source="test")
    with RejectSink(report, "in.csv", tmp_path / "r.csv") as rejects:
        kept = list(well_formed(records(), 3, report, rejects, extra_columns=True))
    assert [r.line for r in kept] == [2, 4]
    assert report.rejected == 2


def test_paced_ticks_every_n_items_and_stops_on_cancel() -> None:
    seen = Recorder()
    ticker = Ticker(seen, None, lambda: 100)
    position = iter(range(10, 1000, 10))

    assert list(ticker.paced(range(7), lambda: next(position), 3)) == list(range(7))
    assert seen.pairs == [(10, 100), (20, 100)]
    ticker.finish()
    assert seen.pairs[-1] == (100, 100)

    stopped = Ticker(None, cancelled(), lambda: 0)
    taken: list[int] = []
    with pytest.raises(Cancelled):
        for item in stopped.paced(range(10), lambda: 0, 4):
            taken.append(item)
    assert taken == [0, 1, 2]
