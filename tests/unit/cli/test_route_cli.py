from __future__ import annotations

import json
from pathlib import Path

import pytest

from hdf_field.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_points_instance_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "day.json"
    f.write_text(
        json.dumps(
            {
                "points": [[50.63, 3.07], [50.69, 3.18], [50.29, 2.78], [50.37, 3.08]],
                "service": [0, 3600, 3600, 1800],
                "windows": [[0, 86400], [28800, 43200], [50400, 64800], [30000, 60000]],
                "day": [30600, 63000],
            }
        )
    )
    code, out, _ = run(["route", "solve", str(f)], capsys)
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"order", "cost", "arrivals", "unserved"}
    assert data["order"][0] == data["order"][-1] == 0
    assert sorted(data["order"][1:-1]) == [1, 2, 3] and data["unserved"] == []
    assert len(data["arrivals"]) == len(data["order"])
    assert isinstance(data["cost"], int) and data["cost"] > 0
    starts = dict(zip(data["order"][1:-1], data["starts"][1:-1], strict=True))
    assert 28800 <= starts[1] <= 43200 and 50400 <= starts[2] <= 64800
    assert data["arrivals"][-1] <= 63000


def test_matrix_instance_reports_unserved_nodes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    m = [[0, 10, 10, 500], [10, 0, 5, 500], [10, 5, 0, 500], [500, 500, 500, 0]]
    f = tmp_path / "m.json"
    # node 3 is 500 s away but its window closes at 100: it cannot be served
    f.write_text(json.dumps({"matrix": m, "windows": [[0, 1000], [0, 1000], [0, 1000], [0, 100]]}))
    code, out, _ = run(["route", "solve", str(f), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["unserved"] == [3] and data["cost"] == 25
    assert data["order"] in ([0, 1, 2, 0], [0, 2, 1, 0])


def test_bad_instance_names_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"points": [[50, 3], [50, 3.1]], "service": [0]}))
    code, _, err = run(["route", "solve", str(f)], capsys)
    assert (
        code != 0 and "bad.json" in err and "service" in err and len(err.strip().splitlines()) == 1
    )
    f.write_text("{not json")
    code, _, err = run(["route", "solve", str(f)], capsys)
    assert code != 0 and "line 1" in err


def test_tsplib_json(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_dir / "benchmarks" / "routing" / "tsplib" / "burma14.tsp"
    code, out, _ = run(["route", "solve", "--tsplib", str(path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["length"] == 3323 and sorted(data["tour"]) == list(range(1, 15))
