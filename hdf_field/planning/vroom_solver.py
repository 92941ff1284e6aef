"""VROOM (through pyvroom) for day routes, TSPs and VRPTWs — measured, not the default.

VROOM models a day almost as well as OR-Tools: several time windows per job, a lunch break
with a start window, priorities (0–100) to decide what to drop. It is optional: install
``pyvroom`` to use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hdf_field.domain.errors import HdfFieldError
from hdf_field.planning.problem import DayProblem, Solution, repair


def _vroom() -> Any:
    try:
        import vroom
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise HdfFieldError(
            code="solver.needs_package", params={"solver": "VROOM", "package": "pyvroom"}
        ) from exc
    return vroom


def _job_ids(sol: Any) -> list[list[int]]:
    routes = sol.to_dict().get("routes", [])
    return [[int(st["id"]) for st in r["steps"] if st["type"] == "job"] for r in routes]


def solve_day_vroom(p: DayProblem, exploration: int = 5) -> Solution:
    vroom = _vroom()
    inp = vroom.Input()
    inp.set_durations_matrix("car", p.travel)
    breaks = []
    if p.lunch is not None:
        breaks.append(
            vroom.Break(
                1, [vroom.TimeWindow(p.lunch.earliest, p.lunch.latest)], service=p.lunch.duration
            )
        )
    inp.add_vehicle(
        vroom.Vehicle(
            1,
            start=0,
            end=p.end,
            time_window=vroom.TimeWindow(p.day_start, p.day_end),
            breaks=breaks,
        )
    )
    top = max([p.value[i] for i in range(1, p.n + 1) if not p.required[i]] or [1.0]) or 1.0
    for node in range(1, p.n + 1):
        if not p.windows[node]:
            continue
        prio = 100 if p.required[node] else max(1, min(99, round(99 * p.value[node] / top)))
        inp.add_job(
            vroom.Job(
                node,
                node,
                default_service=p.service[node],
                priority=prio,
                time_windows=[vroom.TimeWindow(lo, hi) for lo, hi in p.windows[node]],
            )
        )
    sol = inp.solve(exploration_level=exploration, nb_threads=1)
    ids = _job_ids(sol)
    return Solution(repair(p, ids[0] if ids else []), "vroom")


def solve_tsp_vroom(dist: Sequence[Sequence[int]], exploration: int = 5) -> list[int]:
    vroom = _vroom()
    inp = vroom.Input()
    inp.set_durations_matrix("car", [list(map(int, r)) for r in dist])
    inp.add_vehicle(vroom.Vehicle(1, start=0, end=0))
    inp.add_job([vroom.Job(k, k) for k in range(1, len(dist))])
    sol = inp.solve(exploration_level=exploration, nb_threads=1)
    return [0, *_job_ids(sol)[0]]


def solve_vrptw_vroom(
    dist: Sequence[Sequence[int]],
    demand: Sequence[int],
    capacity: int,
    vehicles: int,
    windows: Sequence[tuple[int, int]],
    service: Sequence[int],
    exploration: int = 5,
) -> list[list[int]]:
    vroom = _vroom()
    inp = vroom.Input()
    inp.set_durations_matrix("car", [list(map(int, r)) for r in dist])
    for v in range(vehicles):
        inp.add_vehicle(
            vroom.Vehicle(
                v + 1,
                start=0,
                end=0,
                capacity=[capacity],
                time_window=vroom.TimeWindow(int(windows[0][0]), int(windows[0][1])),
            )
        )
    for k in range(1, len(dist)):
        inp.add_job(
            vroom.Job(
                k,
                k,
                default_service=int(service[k]),
                delivery=[int(demand[k])],
                time_windows=[vroom.TimeWindow(int(windows[k][0]), int(windows[k][1]))],
            )
        )
    sol = inp.solve(exploration_level=exploration, nb_threads=1)
    if sol.to_dict().get("unassigned"):
        return []
    return _job_ids(sol)
