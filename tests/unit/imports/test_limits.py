"""Size limits of the readers on hostile input, with small limits so the files stay tiny:
over-long lines, records and fields, zip members that inflate too far, bounded reject files."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from hdf_field.domain.errors import InputFileError
from hdf_field.imports.archives import CappedStream, longest_text_run, open_zip
from hdf_field.imports.limits import DEFAULT_LIMITS, ReadLimits
from hdf_field.imports.reading import CsvSource, XlsxSource
from hdf_field.imports.report import TRUNCATED, ImportReport, RejectSink, excerpt
from tests.imports_support import write_shared_strings_xlsx

SMALL = ReadLimits(line_chars=100, record_chars=300, field_chars=40)


def _records(path: Path, limits: ReadLimits = SMALL) -> list[tuple[int, list[str], str | None]]:
    with CsvSource(path, "test", limits=limits) as src:
        return [(r.line, r.fields, r.error) for r in src]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_an_over_long_line_is_skipped_and_the_next_lines_keep_their_numbers(
    tmp_path: Path, newline: str
) -> None:
    path = tmp_path / "f.csv"
    lines = ["a,b", "1,x", "2," + "y" * 5000, "3,z", '4,"deux', 'lignes"', "5,w"]
    path.write_text(newline.join(lines) + newline, encoding="utf-8")

    records = _records(path)

    assert [(line, fields) for line, fields, _ in records] == [
        (2, ["1", "x"]),
        (3, []),
        (4, ["3", "z"]),
        (5, ["4", f"deux{newline}lignes"]),
        (7, ["5", "w"]),
    ]
    assert records[1][2] == "line longer than 100 characters"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("length", [100, 300, 301])
def test_a_line_end_split_after_its_carriage_return_is_found(
    tmp_path: Path, newline: str, length: int
) -> None:
    """The skipped line's ``\\r`` lands exactly at a chunk's end (101 characters asked
    first, then 100 at a time): whether a ``\\n`` follows decides where the next line is."""
    path = tmp_path / "f.csv"
    long_line = "2," + "y" * (length - 2)
    path.write_text(newline.join(["a,b", "1,x", long_line, "3,z", "4,w"]) + newline)
    assert [(n, f) for n, f, _ in _records(path)] == [
        (2, ["1", "x"]),
        (3, []),
        (4, ["3", "z"]),
        (5, ["4", "w"]),
    ]


def test_the_over_long_line_is_never_held_whole(tmp_path: Path) -> None:
    """The reader keeps only an excerpt: the raw text of the record is bounded."""
    path = tmp_path / "f.csv"
    path.write_text("a,b\n1," + "y" * 200_000 + "\n2,z\n", encoding="utf-8")
    with CsvSource(path, "test", limits=SMALL) as src:
        records = list(src)
    assert len(records[0].raw) <= 4096
    assert records[0].raw.startswith("1,yyy")
    assert records[1].fields == ["2", "z"]


def test_a_line_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    body = "1," + "y" * 37  # 39 characters, +1 for the line end = 40 = the limit
    path.write_text(f"a,b\n{body}\n", encoding="utf-8")
    limits = ReadLimits(line_chars=40, record_chars=300, field_chars=40)
    assert _records(path, limits) == [(2, ["1", "y" * 37], None)]
    path.write_text(f"a,b\n{body}y\n2,z\n", encoding="utf-8")
    assert [(n, e) for n, _, e in _records(path, limits)] == [
        (2, "line longer than 40 characters"),
        (3, None),
    ]


def test_an_unclosed_quote_is_cut_at_the_record_limit(tmp_path: Path) -> None:
    """A stray quote would otherwise swallow the rest of the file into one field."""
    path = tmp_path / "f.csv"
    rows = ["a,b", '1,"never closed'] + [f"{n},row" for n in range(2, 200)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    records = _records(path)

    assert records[0][0] == 2 and records[0][2] == "record longer than 300 characters"
    # Reading resumes on the line after the cut, with its true number.
    resumed = records[1]
    assert resumed[2] is None and resumed[1] == [str(resumed[0] - 1), "row"]
    assert records[-1][:2] == (200, ["199", "row"])


def test_a_field_over_the_limit_rejects_the_record_naming_its_column(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("siret,notes\n1," + "n" * 41 + "\n2,ok\n", encoding="utf-8")
    assert _records(path) == [
        (2, [], "column 'notes': value longer than 40 characters"),
        (3, ["2", "ok"], None),
    ]


def test_an_over_long_header_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("a" * 1000 + "\n1\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"f\.csv: header line longer than 100 characters"):
        _records(path)


def test_default_limits_are_far_above_real_register_values() -> None:
    assert DEFAULT_LIMITS.line_chars >= 100_000 and DEFAULT_LIMITS.field_chars >= 10_000
    assert csv.field_size_limit() > DEFAULT_LIMITS.field_chars


# -- zip members ---------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_member_over_its_declared_limit_is_refused_naming_it(tmp_path: Path) -> None:
    path = _zip(tmp_path / "kbo.zip", {"address.csv": b"a,b\n" + b"1,2\n" * 1000})
    limits = ReadLimits(zip_member_bytes=1000)
    with pytest.raises(InputFileError, match=r"kbo\.zip: member address\.csv inflates to 4,004"):
        CsvSource(path, "t", member="address.csv", limits=limits).__enter__()


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "kbo.zip", {"address.csv": b"a,b\n" + b"0" * 2_000_000})
    with pytest.raises(InputFileError, match=r"member address\.csv has a compression ratio of"):
        CsvSource(path, "t", member="address.csv").__enter__()


def test_a_member_that_lies_about_its_size_stops_at_the_cap() -> None:
    stream = CappedStream(io.BytesIO(b"x" * 5000), 4096, "f.zip:m.csv")
    with pytest.raises(InputFileError, match=r"f\.zip:m\.csv: inflates to more than the 4,096"):
        io.BufferedReader(stream, buffer_size=1024).read()


def test_a_zip_with_too_many_entries_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.zip", {f"m{i}.csv": b"" for i in range(30)})
    with pytest.raises(InputFileError, match=r"many\.zip: zip archive with 30 entries"):
        open_zip(path, ReadLimits(zip_entries=20), "a test archive")
    open_zip(path, ReadLimits(zip_entries=30), "a test archive").close()


def test_a_csv_member_is_read_with_the_same_line_limits(tmp_path: Path) -> None:
    path = _zip(tmp_path / "kbo.zip", {"m.csv": b"a,b\n1," + b"y" * 500 + b"\n2,z\n"})
    with CsvSource(path, "t", member="m.csv", limits=SMALL) as src:
        records = [(r.line, r.fields, r.error) for r in src]
        assert src.bytes_done == src.bytes_total
    assert records == [(2, [], "line longer than 100 characters"), (3, ["2", "z"], None)]


def test_longest_text_run_spots_a_huge_value_across_chunks() -> None:
    xml = b"<sst><si><t>" + b"v" * 3_000_000 + b"</t></si></sst>"
    with pytest.raises(InputFileError, match="a cell too large to read"):
        longest_text_run(io.BytesIO(xml), 1_000_000, "book.xlsx: member xl/sharedStrings.xml")
    assert longest_text_run(io.BytesIO(b"<a>" + b"v" * 999 + b"</a>"), 1002, "x") == 1006


# -- XLSX ----------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_whose_shared_strings_inflate_too_far_is_refused(tmp_path: Path) -> None:
    path = write_shared_strings_xlsx(
        tmp_path / "list.xlsx", [["Nom", "Notes"], ["Alpha", "x" * 50_000]]
    )
    limits = ReadLimits(xlsx_member_bytes=40_000)
    with pytest.raises(InputFileError, match=r"list\.xlsx: member xl/sharedStrings\.xml inflates"):
        XlsxSource(path, "a header row", limits=limits).__enter__()


def test_a_workbook_holding_one_huge_value_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write_shared_strings_xlsx(
        tmp_path / "list.xlsx", [["Nom", "Notes"], ["Alpha", "x" * 8000]]
    )
    limits = ReadLimits(field_chars=100)  # XML runs of up to 10 × 100 + 4096 bytes pass
    with pytest.raises(InputFileError, match=r"member xl/sharedStrings\.xml: holds a value"):
        XlsxSource(path, "a header row", limits=limits).__enter__()


@pytest.mark.parametrize("shared", [True, False])
def test_an_xlsx_cell_over_the_field_limit_rejects_its_row_naming_the_column(
    tmp_path: Path, shared: bool
) -> None:
    rows = [["Nom", "Notes"], ["Alpha", "x" * 120], ["Beta", "ok"]]
    path = tmp_path / "list.xlsx"
    if shared:
        write_shared_strings_xlsx(path, rows)
    else:
        _workbook(path, list(rows))
    with XlsxSource(path, "a header row", limits=ReadLimits(field_chars=100)) as src:
        records = [(r.line, r.fields, r.error) for r in src]
    assert records == [
        (2, [], "column 'Notes': value longer than 100 characters"),
        (3, ["Beta", "ok"], None),
    ]


# -- reject file ---------------------------------------------------------------------------


def test_excerpts_are_at_most_the_limit_in_utf8_and_marked() -> None:
    text = "é" * 5000
    cut = excerpt(text, 1024)
    assert len(cut.encode("utf-8")) <= 1024 and cut.endswith(TRUNCATED)
    assert excerpt("short row\r\n", 1024) == "short row"


def test_the_reject_file_is_bounded_but_every_reject_is_counted(tmp_path: Path) -> None:
    report = ImportReport(source="test")
    path = tmp_path / "rejects.csv"
    limits = ReadLimits(reject_rows_written=3)
    with RejectSink(report, "in.csv", path, limits=limits) as sink:
        for n in range(2, 12):
            sink.reject(n, "bad", "z" * 100_000)
    assert (report.rejected, report.rejects_not_written) == (10, 7)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["file", "line", "reason", "raw"]
    assert [r[1] for r in rows[1:4]] == ["2", "3", "4"]
    assert all(len(r[3].encode()) <= 1024 and r[3].endswith(TRUNCATED) for r in rows[1:4])
    assert rows[4][1] == "" and rows[4][2].startswith("7 more rejected rows not written")
    assert path.stat().st_size < 5 * 1100


def test_messages_quote_hostile_names_on_one_bounded_line(tmp_path: Path) -> None:
    """Member and column names come from the file: no line break, no unbounded length."""
    path = _zip(tmp_path / "kbo.zip", {"evil\nname\x1b[2J.csv": b"a,b\n" + b"0" * 2_000_000})
    with pytest.raises(InputFileError) as caught:
        CsvSource(path, "t", member="evil\nname\x1b[2J.csv").__enter__()
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)
    assert "member evil?name?[2J.csv has a compression ratio" in str(caught.value)

    csv_path = tmp_path / "f.csv"
    csv_path.write_text("id," + "H" * 5000 + "\n1," + "n" * 41 + "\n", encoding="utf-8")
    limits = ReadLimits(line_chars=10_000, record_chars=10_000, field_chars=40)
    ((_, _, error),) = _records(csv_path, limits)
    assert error == f"column {'H' * 100 + '…'!r}: value longer than 40 characters"


def test_reasons_kept_in_the_report_are_bounded(tmp_path: Path) -> None:
    report = ImportReport(source="test")
    with RejectSink(report, "in.csv", tmp_path / "r.csv") as sink:
        sink.reject(2, f"SIRET {'9' * 60_000!r} is not 14 digits", "raw")
    assert len(report.rejects[0].reason.encode()) <= 1024
    assert report.rejects[0].reason.endswith(TRUNCATED)


def test_an_entity_expansion_bomb_in_a_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    """'Billion laughs' in the shared strings: a few hundred bytes that expand to gigabytes.
    No value is long in the file itself; the XML parser's amplification limit refuses it."""
    path = write_shared_strings_xlsx(tmp_path / "list.xlsx", [["Nom", "Notes"], ["A", "B"]])
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    entities = '<!ENTITY l0 "llllllllll">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><si><t>Nom</t></si><si><t>&l9;</t></si>'
        "<si><t>A</t></si><si><t>B</t></si></sst>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with pytest.raises(InputFileError) as caught:
        XlsxSource(path, "a header row").__enter__()
    assert str(caught.value).startswith(f"{path}: not a readable XLSX workbook (")
    assert "\n" not in str(caught.value)


def test_a_sheet_broken_half_way_is_a_one_line_error(tmp_path: Path) -> None:
    rows = [["Nom"]] + [[f"Org {n}"] for n in range(3000)]
    path = write_shared_strings_xlsx(tmp_path / "list.xlsx", rows)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # Well-formed XML, but a number cell that is no number: openpyxl fails on reaching it.
    broken = sheet.replace('<row r="2500">', '<row r="2500"><c r="B2500" t="n"><v>x</v></c>')
    parts["xl/worksheets/sheet1.xml"] = broken.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with pytest.raises(InputFileError) as caught, XlsxSource(path, "a header row") as src:
        list(src)
    assert str(caught.value).startswith(f"{path}: unreadable sheet after row 2499 (")


def test_a_zip_whose_directory_hides_more_entries_than_it_declares_is_refused(
    tmp_path: Path,
) -> None:
    """zipfile walks the directory by its size, not by the declared count: a lying count
    must not let a huge directory through."""
    path = _zip(tmp_path / "many.zip", {f"member_{i:04d}.csv": b"" for i in range(300)})
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2  # "1 entry"
    path.write_bytes(bytes(data))
    with pytest.raises(InputFileError, match=r"many\.zip: zip directory of [\d,]+ bytes"):
        open_zip(path, ReadLimits(zip_directory_bytes=10_000), "a test archive")
    open_zip(path, ReadLimits(zip_directory_bytes=100_000), "a test archive").close()
