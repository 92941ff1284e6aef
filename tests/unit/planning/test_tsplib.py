from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.domain.errors import InputFileError
from hdf_field.planning.exact import held_karp
from hdf_field.planning.route_solve import solve_tsplib
from hdf_field.planning.tsplib import (
    distance_matrix,
    read_solomon,
    read_tsplib,
    solomon_truncated,
    tour_length,
)


def tsp(shared_dir: Path, name: str) -> Path:
    return shared_dir / "benchmarks" / "routing" / "tsplib" / f"{name}.tsp"


def test_burma14_held_karp_is_the_known_optimum(shared_dir: Path) -> None:
    inst = read_tsplib(tsp(shared_dir, "burma14"))
    assert inst.edge_weight_type == "GEO" and inst.dimension == 14
    d = distance_matrix(inst)
    length, tour = held_karp(d)
    assert length == 3323
    assert sorted(tour) == list(range(14)) and tour_length(d, tour) == 3323


@pytest.mark.parametrize(
    ("name", "optimum", "kind"),
    [("berlin52", 7542, "EUC_2D"), ("att48", 10628, "ATT"), ("ulysses22", 7013, "GEO")],
)
def test_heuristic_within_a_few_percent_of_optimum(
    shared_dir: Path, name: str, optimum: int, kind: str
) -> None:
    result = solve_tsplib(tsp(shared_dir, name), time_limit_s=1.0)
    assert read_tsplib(tsp(shared_dir, name)).edge_weight_type == kind
    assert sorted(result["tour"]) == list(range(1, len(result["tour"]) + 1))
    # a tour shorter than the proven optimum would mean a wrong distance function
    assert optimum <= result["length"] <= optimum * 1.03


def test_bad_tsplib_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.tsp"
    f.write_text(
        "NAME: bad\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 x 1\n"
    )
    with pytest.raises(InputFileError, match=r"bad.tsp:6"):
        read_tsplib(f)
    f.write_text("NAME: bad\nDIMENSION: 1\nEDGE_WEIGHT_TYPE: MAN_2D\nNODE_COORD_SECTION\n1 0 0\n")
    with pytest.raises(InputFileError, match="MAN_2D"):
        read_tsplib(f)


def test_solomon_reader(shared_dir: Path) -> None:
    inst = read_solomon(shared_dir / "benchmarks" / "routing" / "solomon" / "C101.txt")
    assert inst.vehicles == 25 and inst.capacity == 200 and len(inst.xy) == 101
    assert inst.due[0] == 1236 and inst.service[1] == 90
    d = solomon_truncated(inst)
    assert d[0, 1] == int(((45 - 40) ** 2 + (68 - 50) ** 2) ** 0.5 * 10)
