"""``hdf-field import sirene|kbo|csv``: JSON contract, French summary, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hdf_field.cli import main
from tests.imports_support import SireneWriter, sirene_row, siret_for, write_sirene  # noqa: F401

CONTRACT = {"read", "created", "updated", "skipped", "rejected", "reject_file"}


def test_sirene_json_contract(
    db_path: Path,
    write_sirene: SireneWriter,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = siret_for(3)[:-1] + str((int(siret_for(3)[-1]) + 1) % 10)
    path = write_sirene(
        [
            sirene_row(1),
            sirene_row(2, codeCommuneEtablissement="75056"),
            sirene_row(3, siret=bad, siren=bad[:9], nic=bad[9:]),
        ]
    )
    rejects = path.parent / "rejets.csv"

    code = main(
        [
            "import",
            "sirene",
            str(path),
            "--db",
            str(db_path),
            "--json",
            "--reject-file",
            str(rejects),
        ]
    )

    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= CONTRACT
    assert {k: data[k] for k in CONTRACT} == {
        "read": 3,
        "created": 1,
        "updated": 0,
        "skipped": 1,
        "rejected": 1,
        "reject_file": str(rejects),
    }
    assert rejects.read_text(encoding="utf-8").splitlines()[1].startswith(f"{path},4,")

    assert main(["import", "sirene", str(path), "--db", str(db_path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["updated"]) == (0, 1)


def test_sirene_human_summary_in_french(
    db_path: Path,
    write_sirene: SireneWriter,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_sirene([sirene_row(1), sirene_row(2, siren="732829320")])

    assert main(["import", "sirene", str(path), "--db", str(db_path)]) == 0

    out = capsys.readouterr().out
    assert "créées" in out and "rejetées" in out and "Premiers rejets" in out
    assert "ligne 3" in out


def test_no_reject_file_when_nothing_rejected(
    db_path: Path,
    write_sirene: SireneWriter,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_sirene([sirene_row(1)])
    assert main(["import", "sirene", str(path), "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reject_file"] is None


@pytest.mark.parametrize("kind", ["sirene", "csv"])
def test_wrong_format_is_one_line_and_non_zero(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    mapping = tmp_path / "map.json"
    mapping.write_text('{"columns": {"Nom": "name"}}', encoding="utf-8")
    extra = ["--mapping", str(mapping)] if kind == "csv" else []

    code = main(["import", kind, str(binary), "--db", str(db_path), *extra])

    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "binary" in err[0] and str(binary) in err[0]


def test_kbo_bad_postcodes_is_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", "kbo", str(tmp_path), "--postcodes", "75OO", "--db", str(db_path)])
    assert code != 0
    assert "--postcodes" in capsys.readouterr().err


def test_csv_unknown_mapping_field_names_it(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "l.csv"
    listing.write_text("Nom\nA\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text('{"columns": {"Nom": "nom_commercial"}}', encoding="utf-8")

    code = main(["import", "csv", str(listing), "--mapping", str(mapping), "--db", str(db_path)])

    assert code != 0
    assert "nom_commercial" in capsys.readouterr().err


def test_one_line_sirene_file_is_a_one_line_error(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is one endless line: refused in one line, before it is read whole."""
    path = tmp_path / "StockEtablissement_utf8.csv"
    path.write_text("siren,nic,siret" + ",x" * 600_000, encoding="utf-8")
    assert main(["import", "sirene", str(path), "--db", str(db_path)]) != 0
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert f"{path}: header line longer than 1,048,576 characters" in err


def test_summary_says_when_rejects_were_not_all_written() -> None:
    from hdf_field.cli.imports import _summary

    data = {
        "read": 30_000,
        "created": 0,
        "updated": 0,
        "skipped": 0,
        "rejected": 30_000,
        "elapsed": 1.0,
        "reject_file": "r.csv",
        "rejects": [],
        "rejects_not_written": 10_000,
    }
    assert "10\u202f000 comptées mais non écrites" in _summary("Import", data)
    assert "non écrites" not in _summary("Import", data | {"rejects_not_written": 0})
