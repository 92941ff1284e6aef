from __future__ import annotations

import json

import pytest

from hdf_field.cli import main


def test_locate_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geo", "locate", "80000 Amiens", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"lat", "lon", "insee", "commune", "departement", "precision"} <= set(data)
    assert (data["insee"], data["commune"], data["departement"]) == ("80021", "Amiens", "80")
    assert data["precision"] == "commune"
    assert isinstance(data["lat"], float) and isinstance(data["lon"], float)
    assert data["lat"] == pytest.approx(49.89, abs=0.02)


def test_locate_lambert93_needs_no_database(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    missing_db = str(tmp_path) + "/absent/db.sqlite3"
    args = ["geo", "locate", "--lambert93", "704000", "7059000", "--json", "--db", missing_db]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["insee"], data["precision"]) == ("59350", "address")
    assert data["lon"] == pytest.approx(3.06, abs=0.01)


def test_locate_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geo", "locate", "7500 Tournai"]) == 0
    out = capsys.readouterr().out
    assert "Tournai" in out and "BE" in out


def test_not_found_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geo", "locate", "Marseille"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Marseille" in err
    assert main(["geo", "locate", "--lambert93", "10", "20"]) != 0
    assert "Lambert-93" in capsys.readouterr().err
