"""Streaming CSV reading: BOM, line numbers of multi-line records, delimiters, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.domain.errors import InputFileError
from hdf_field.imports.reading import CsvSource, XlsxSource


def test_bom_multiline_records_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes('\ufeffa,b\n1,"x, y"\n2,"deux\nlignes"\n\n3,z\n'.encode())

    with CsvSource(path, "test") as src:
        records = list(src)

    assert src.header == ["a", "b"]
    assert [(r.line, r.fields) for r in records] == [
        (2, ["1", "x, y"]),
        (3, ["2", "deux\nlignes"]),
        (6, ["3", "z"]),
    ]
    assert records[1].raw == '2,"deux\nlignes"\n'


def test_semicolon_delimiter_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("siret;x;y\n1;2,5;3\n", encoding="utf-8")
    with CsvSource(path, "test") as src:
        assert [r.fields for r in src] == [["1", "2,5", "3"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02", "binary"),
        (b"PK\x03\x04zip", "binary"),
        (b"caf\xe9,th\xe9\n", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message), CsvSource(path, "test"):
        pass


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="not found"), CsvSource(tmp_path / "no.csv", "t"):
        pass


def test_xlsx_source_reads_like_a_csv_source(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([" SIRET ", "Nom", "CP"])
    sheet.append([12345678901234.0, "Alpha", 59000])
    sheet.append([None, None, None])
    sheet.append(["", "Beta"])
    path = tmp_path / "list.xlsx"
    book.save(path)

    with XlsxSource(path, "a header row") as src:
        rows = list(src)

    assert src.header == ["SIRET", "Nom", "CP"]
    assert [(r.line, r.fields) for r in rows] == [
        (2, ["12345678901234", "Alpha", "59000"]),
        (4, ["", "Beta", ""]),  # the empty row 3 is skipped, row 4 padded
    ]
    assert rows[0].raw == "12345678901234;Alpha;59000"


def test_xlsx_source_refuses_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a readable XLSX workbook"):
        XlsxSource(path, "a header row").__enter__()
    with pytest.raises(InputFileError, match="file not found"):
        XlsxSource(tmp_path / "missing.xlsx", "a header row").__enter__()


def test_xlsx_source_flags_the_cells_held_as_whole_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["a", "b", "c", "d", "e", "f"])
    sheet.append([2100, 75675900015.0, "2100", 2.5, True, None])
    path = tmp_path / "list.xlsx"
    book.save(path)

    with XlsxSource(path, "a header row") as src:
        (row,) = list(src)

    assert row.fields == ["2100", "75675900015", "2100", "2.5", "True", ""]
    assert row.whole_numbers == {0, 1}  # not text, not a fraction, not a boolean
