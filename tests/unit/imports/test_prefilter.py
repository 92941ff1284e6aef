"""The prefilter's verdict on awkward lines, checked against what the csv module makes of them."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from hdf_field.imports.prefilter import ColumnPrefilter, PostcodeTest, PrefixTest
from hdf_field.imports.reading import CsvSource

REGION = frozenset({"02", "59", "60", "62", "80"})
WIDTH, COLUMN = 5, 2  # a small layout: the commune code is the third of five columns


def _filter(width: int = WIDTH, column: int = COLUMN, max_chars: int = 10_000) -> ColumnPrefilter:
    return ColumnPrefilter(
        delimiter=",", column=column, width=width, test=PrefixTest(REGION), max_chars=max_chars
    )


def _truth(line: str, width: int = WIDTH, column: int = COLUMN) -> bool:
    """What the full path decides: one record, ``width`` fields, value not in the region."""
    records = list(csv.reader(io.StringIO(line, newline="")))
    if len(records) != 1 or len(records[0]) != width:
        return False
    return records[0][column].strip().upper()[:2] not in REGION


def _block(lines: list[str], f: ColumnPrefilter | None = None) -> list[bool]:
    raw = "".join(lines).encode()
    starts, skip = (f or _filter()).block(raw)
    assert [raw[s:] for s in starts.tolist()] == [
        "".join(lines[i:]).encode() for i in range(len(lines))
    ]  # byte positions, accents included
    return skip.tolist()


@pytest.mark.parametrize(
    ("line", "skipped"),
    [
        ("a,b,75056,d,e\n", True),
        ("a,b,59350,d,e\n", False),
        ("a,b,59350,d,e\r\n", False),
        ("a,b,75056,d,e\r\n", True),
        ('"x, y",b,75056,d,e\n', True),  # a quoted delimiter before the column
        ('"x, y",b,59350,d,e\n', False),
        ('a,"b ""q"", c",75056,d,e\n', True),  # escaped quotes and a delimiter
        ("59350,59000,75056,d,e\n", True),  # a region code in other columns
        ("75056,75001,59350,d,e\n", False),
        ("a,b,,d,e\n", True),  # an empty commune is skipped by the importer too
        ("a,b,2a004,d,e\n", True),
        ("a,b,5,d,e\n", True),
        ("é,ü,75056,d,e\n", True),
        ("a,b, 59350,d,e\n", False),  # undecided (a space first): the parser keeps it
        ('a,b,"75056",d,e\n', False),  # undecided (quoted value): the parser skips it
        ("a,b,75056,d\n", False),  # too short: the parser rejects it
        ("a,b,75056,d,e,f\n", False),  # too long: rejected too
        ('a,b"c,75056,d,e\n', False),  # a quote inside a bare field
        ('"a,b,75056,d,e\n', False),  # a quoted field that goes on to the next line
        ("a,b,75056\rd,e\n", False),  # a lone carriage return ends a line
        ("\n", False),  # a blank line is no record
    ],
)
def test_block_verdict_on_tricky_lines(line: str, skipped: bool) -> None:
    f = _filter()
    lines = ["a,b,80021,d,e\n", line, "a,b,75056,d,e\n"]
    assert _block(lines, f) == [False, skipped, True]
    if skipped:
        assert _truth(line) and f.skips(line)


def test_a_line_longer_than_the_field_limit_goes_to_the_parser() -> None:
    long_line = "a," + "b" * 200 + ",75056,d,e\n"
    assert _block([long_line], _filter(max_chars=100)) == [False]
    assert _block([long_line], _filter(max_chars=1000)) == [True]


def test_first_and_last_columns() -> None:
    assert _block(["75056,b\n", "59350,b\n"], _filter(2, 0)) == [True, False]
    assert _block(["b,75056\n", "b,59350\r\n", "b,\n"], _filter(2, 1)) == [True, False, True]


def test_random_lines_are_never_skipped_when_the_parser_would_keep_or_reject_them() -> None:
    rnd = random.Random(5)
    pieces = ["75056", "59350", "2B033", "", " ", '"', '""', ",", "\r", "x", "é", "62", "\r\n"]
    lines = []
    for _ in range(3000):
        fields = []
        for _ in range(rnd.choice((4, 5, 5, 5, 6))):
            value = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 3)))
            if rnd.random() < 0.3:
                value = '"' + value.replace('"', '""') + '"'
            fields.append(value)
        line = ",".join(fields).replace("\n", "") + "\n"
        lines.append(line)
    f = _filter()
    verdicts = _block(lines, f)
    for line, skipped in zip(lines, verdicts, strict=True):
        if skipped:  # the block judgement is a subset of the one-line judgement
            assert f.skips(line), line
        if "\r" not in line[:-1] and f.skips(line):  # which is a subset of the truth
            assert _truth(line), line
    assert 200 < sum(verdicts) < len(lines) - 200  # both verdicts really occur


def test_source_keeps_line_numbers_bom_crlf_and_multi_line_records(tmp_path: Path) -> None:
    rows = [
        "siret,x,commune,y,z\r\n",
        "1,a,75056,b,c\r\n",  # line 2: skipped
        '2,"multi\r\nline 75056,x",59350,b,c\r\n',  # lines 3-4: kept
        '3,"a\r\n",75056,b,c\r\n',  # lines 5-6: a quoted line break, skipped by the parser
        "4,a,75056,b\r\n",  # line 7: short
        "5,a,62041,b,c\r\n",  # line 8: kept
    ]
    path = tmp_path / "f.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(rows).encode())
    with CsvSource(path, "test") as src:
        src.prefilter(2, PrefixTest(REGION))
        got = [(r.line, r.fields[:1], r.error) for r in src]
        prefiltered = src.prefiltered
    assert src.header[0] == "siret"
    assert got == [(3, ["2"], None), (5, ["3"], None), (7, ["4"], None), (8, ["5"], None)]
    assert prefiltered == 1


def test_source_pauses_during_a_long_run_of_dropped_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hdf_field.imports.reading as reading

    monkeypatch.setattr(reading, "_PAUSE_EVERY", 100)
    path = tmp_path / "f.csv"
    path.write_text("a,b,c,d,e\n" + "x,y,75056,z,w\n" * 1050 + "x,y,59350,z,w\n")
    pauses: list[int] = []
    with CsvSource(path, "test") as src:
        src.prefilter(2, PrefixTest(REGION), on_pause=lambda: pauses.append(src.prefiltered))
        lines = [r.line for r in src]
    assert lines == [1052]
    assert pauses == [100 * k for k in range(1, 11)]
    assert src.prefiltered == 1050


def test_an_over_long_line_among_dropped_lines_is_rejected_and_never_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hdf_field.imports.reading as reading
    from hdf_field.imports.limits import ReadLimits

    monkeypatch.setattr(reading, "_BLOCK_BYTES", 4096)
    limits = ReadLimits(line_chars=1000, record_chars=1000, field_chars=500)
    path = tmp_path / "f.csv"
    with path.open("w") as f:
        f.write("a,b,c,d,e\n" + "x,y,75056,z,w\n" * 500)
        f.write("x,y,75056,z," + "w" * 200_000 + "\n")  # line 502
        f.write("x,y,75056,z,w\n" * 500 + "x,y,59350,z,w\n")  # line 1003
    held: list[int] = []
    with CsvSource(path, "test", limits=limits) as src:
        src.prefilter(2, PrefixTest(REGION))
        tap = src._tap
        got = []
        for record in src:
            got.append((record.line, record.error))
            held.append(len(tap._buf))
    assert got == [(502, "line longer than 1,000 characters"), (1003, None)]
    assert src.prefiltered == 1000
    assert max(held) <= 4 * 1000 + 4 + 2 * 4096


def test_a_mostly_regional_file_is_handed_back_to_the_text_reader(tmp_path: Path) -> None:
    """When the prefilter drops few lines it stops judging: the rest is read as without it,
    from the very line it stopped at."""
    path = tmp_path / "f.csv"
    rows = ["x,é,59350,z,w\n"] * 2500 + ['x,"a,b",75056,z,w\n'] * 10 + ["x,y,62041,z\n"]
    path.write_text("a,b,c,d,e\n" + "".join(rows), encoding="utf-8")
    with CsvSource(path, "test") as src:
        src.prefilter(2, PrefixTest(REGION))
        records = [(r.line, r.fields[1:3]) for r in src]
        dropped = src.prefiltered
    assert dropped == 0
    assert len(records) == 2511
    assert records[0] == (2, ["é", "59350"]) and records[2500] == (2502, ["a,b", "75056"])
    assert records[-1] == (2512, ["y", "62041"])


KBO_RANGES = [(7500, 7500), (7700, 7799), (8500, 8999)]


@pytest.mark.parametrize(
    ("zipcode", "skipped"),
    [
        ('"7500"', False),
        ('"7501"', True),
        ('"7700"', False),
        ('"7799"', False),
        ('"7800"', True),
        ('"8500"', False),
        ('"8999"', False),
        ('"9000"', True),
        ('"1000"', True),
        ("8930", False),
        ("1000", True),
        ('""', True),  # no postal code: the importer does not keep it either
        ("", True),
        ('"07500"', False),  # five characters: undecided (the parser keeps it: int 7500)
        ('" 7500"', False),  # undecided, kept by the parser
        ('"75a0"', False),  # undecided, skipped by the parser
        ('"1000""x"', False),  # an escaped quote: the value goes on, undecided
    ],
)
def test_kbo_postcode_ranges_on_quoted_address_lines(zipcode: str, skipped: bool) -> None:
    f = ColumnPrefilter(
        delimiter=",", column=4, width=6, test=PostcodeTest(KBO_RANGES), max_chars=10_000
    )
    line = f'"0200.065.765","BAET","België","Belgique",{zipcode},"Gent"\n'
    other = '"0200.065.765","BAET","België","Belgique","1000","Bruxelles"\n'
    assert _block([other, line], f) == [True, skipped]
    if skipped:
        assert _truth_kbo(line)
        assert f.skips(line)


def _truth_kbo(line: str) -> bool:
    record = next(csv.reader(io.StringIO(line, newline="")))
    return len(record) == 6 and not PostcodeTest(KBO_RANGES).keep(record[4])
