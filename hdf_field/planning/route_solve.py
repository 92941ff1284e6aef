"""The solver contract behind ``hdf-field route solve``: JSON instances and TSPLIB files.

A JSON instance gives ``points`` ([lat, lon] pairs, timed with the travel model) or an explicit
``matrix`` of travel seconds; node 0 is where the route starts and ends. Optional ``service``
(seconds per node), ``windows`` ([[earliest, latest], ...] service start, seconds from
midnight), ``day`` ([start, end]) and ``value`` (per node, for choosing what to drop).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from hdf_field.domain.errors import InputFileError
from hdf_field.planning.day_route import solve
from hdf_field.planning.exact import held_karp
from hdf_field.planning.problem import DayProblem
from hdf_field.planning.travel import default_travel_model
from hdf_field.planning.tsplib import distance_matrix, read_tsplib, tour_length

HELD_KARP_MAX = 15
FAR_FUTURE = 10**9


def _bad(path: Path, field: str, message: str) -> InputFileError:
    return InputFileError(f"{path}: field '{field}': {message}")


def _num_list(path: Path, field: str, value: Any, n: int) -> list[float]:
    if not isinstance(value, list) or len(value) != n:
        raise _bad(path, field, f"expected a list of {n} numbers")
    out: list[float] = []
    for k, x in enumerate(value):
        if not isinstance(x, int | float) or isinstance(x, bool):
            raise _bad(path, f"{field}[{k}]", f"expected a number, got {x!r}")
        out.append(float(x))
    return out


def _pair(path: Path, field: str, value: Any) -> tuple[float, float]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in value)
    ):
        raise _bad(path, field, f"expected [a, b] numbers, got {value!r}")
    return float(value[0]), float(value[1])


def load_instance(path: Path) -> tuple[DayProblem, np.ndarray]:
    """(problem, raw travel matrix) from a JSON instance; errors name the file and field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(f"{path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: expected a JSON object")
    if "matrix" in data:
        rows = data["matrix"]
        if not isinstance(rows, list) or not rows:
            raise _bad(path, "matrix", "expected a non-empty square list of lists")
        n = len(rows)
        raw = np.array([_num_list(path, f"matrix[{k}]", r, n) for k, r in enumerate(rows)])
        if (raw < 0).any():
            raise _bad(path, "matrix", "travel times must be >= 0")
    elif "points" in data:
        pts = data["points"]
        if not isinstance(pts, list) or not pts:
            raise _bad(path, "points", "expected a non-empty list of [lat, lon]")
        coords = [_pair(path, f"points[{k}]", p) for k, p in enumerate(pts)]
        for k, (lat, lon) in enumerate(coords):
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise _bad(path, f"points[{k}]", f"not a latitude/longitude: {[lat, lon]}")
        raw = np.round(default_travel_model().matrix(coords)[0])
        n = len(coords)
    else:
        raise InputFileError(f"{path}: needs 'points' or 'matrix'")
    service = _num_list(path, "service", data["service"], n) if "service" in data else [0.0] * n
    values = _num_list(path, "value", data["value"], n) if "value" in data else [1.0] * n
    day = _pair(path, "day", data["day"]) if "day" in data else (0.0, float(FAR_FUTURE))
    if day[1] < day[0]:
        raise _bad(path, "day", "end before start")
    wins: list[tuple[float, float]] = [(day[0], day[1])] * n
    if "windows" in data:
        w = data["windows"]
        if not isinstance(w, list) or len(w) != n:
            raise _bad(path, "windows", f"expected {n} [earliest, latest] pairs")
        wins = [_pair(path, f"windows[{k}]", x) for k, x in enumerate(w)]
    day_start = int(max(day[0], wins[0][0]))
    day_end = int(min(day[1], wins[0][1]))
    travel = [[int(round(x)) for x in row] for row in raw]
    # Internal nodes: 0 = depot (start), 1..n-1 = the instance's nodes, n = depot (end).
    travel_ext = [row + [row[0]] for row in travel]
    travel_ext.append(travel_ext[0][:])
    travel_ext[n][n] = 0
    problem = DayProblem(
        travel=travel_ext,
        service=[0, *(int(round(s)) for s in service[1:]), 0],
        windows=[
            ((0, FAR_FUTURE),),
            *(((int(a), int(b)),) if b >= a else () for a, b in wins[1:]),
            ((0, FAR_FUTURE),),
        ],
        value=[0.0, *values[1:], 0.0],
        required=[False] * (n + 1),
        day_start=day_start,
        day_end=day_end,
    )
    return problem, raw


def solve_instance(path: Path, time_limit_s: float = 5.0, solver: str = "auto") -> dict[str, Any]:
    problem, raw = load_instance(path)
    solution = solve(problem, solver, time_limit_s)
    sol, sol_name = solution.schedule, solution.solver
    n = problem.n + 1
    order = [0, *sol.order, 0]
    cost = float(sum(raw[a, b] for a, b in zip(order, order[1:], strict=False)))
    served = set(sol.order)
    return {
        "order": order,
        "cost": int(cost) if cost.is_integer() else cost,
        "arrivals": [sol.leave, *sol.arrivals, sol.back],
        "starts": [sol.leave, *sol.starts, sol.back],
        "unserved": [k for k in range(1, n) if k not in served],
        "solver": sol_name,
    }


def solve_tsplib(path: Path, time_limit_s: float = 5.0, solver: str = "auto") -> dict[str, Any]:
    inst = read_tsplib(path)
    dist = distance_matrix(inst)
    if solver in ("auto", "exact") and inst.dimension <= HELD_KARP_MAX:
        _length, tour = held_karp(dist)
        used = "held-karp"
    elif solver == "ortools":
        from hdf_field.planning.ortools_solver import solve_tsp_ortools

        tour, used = solve_tsp_ortools(dist.tolist(), time_limit_s), "ortools"
    elif solver == "vroom":
        from hdf_field.planning.vroom_solver import solve_tsp_vroom

        tour, used = solve_tsp_vroom(dist.tolist()), "vroom"
    else:
        from hdf_field.planning.pyvrp_solver import solve_tsp_pyvrp

        tour, used = solve_tsp_pyvrp(dist.tolist(), time_limit_s), "pyvrp"
    return {
        "name": inst.name,
        "tour": [k + 1 for k in tour],
        "length": tour_length(dist, tour),
        "solver": used,
    }
