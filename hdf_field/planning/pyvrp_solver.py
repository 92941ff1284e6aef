"""PyVRP (hybrid genetic search) for day routes, TSPs and VRPTWs: the second solver.

PyVRP gives one time window per client and has no break: a visit's window is its first
opening interval that overlaps the working day's morning-to-evening span collapsed to one
interval, and the lunch break is left out of the search. :func:`problem.repair` then re-times
the order under the full rules and drops what no longer fits, so the comparison is fair in
what it reports, not in what each solver can model.
"""

from __future__ import annotations

from collections.abc import Sequence

from hdf_field.planning.problem import DayProblem, Solution, repair

PRIZE_SCALE = 100_000


def _clients(route) -> list[int]:  # type: ignore[no-untyped-def]
    """Client indices (0-based, in the order clients were added) along a route."""
    return [int(a.idx) for a in route.schedule() if a.is_client()]


def _stop(time_limit_s: float, max_iterations: int | None):  # type: ignore[no-untyped-def]
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

    if max_iterations is None:
        return MaxRuntime(time_limit_s)
    return MultipleCriteria([MaxRuntime(time_limit_s), MaxIterations(max_iterations)])


def solve_day_pyvrp(
    p: DayProblem, time_limit_s: float = 1.0, max_iterations: int | None = 2000, seed: int = 1
) -> Solution:
    import pyvrp

    scale = PRIZE_SCALE if p.value_seconds is None else p.value_seconds
    m = pyvrp.Model()
    start_loc = m.add_location(0, 0)
    end_loc = m.add_location(0, 0)
    # an earlier departure only ever serves a fixed first appointment; repair() re-times the
    # order through the shared rule, so allowing it here for any first visit is harmless
    early = min(p.first_leave(i) for i in range(1, p.n + 1)) if p.n else p.day_start
    start = m.add_depot(start_loc, tw_early=early, tw_late=p.day_end)
    end = m.add_depot(end_loc, tw_early=early, tw_late=p.day_end)
    m.add_vehicle_type(1, start_depot=start, end_depot=end, tw_early=early, tw_late=p.day_end)
    locs = [start_loc]
    nodes: list[int] = []
    for node in range(1, p.n + 1):
        loc = m.add_location(0, 0)
        locs.append(loc)
        wins = p.windows[node]
        if not wins:
            continue
        nodes.append(node)
        m.add_client(
            loc,
            service_duration=p.service[node],
            tw_early=wins[0][0],
            tw_late=wins[-1][1],
            prize=int(p.node_value(node) * scale) + 1,
            required=False,
        )
    locs.append(end_loc)
    for a, la in enumerate(locs):
        for b, lb in enumerate(locs):
            if a != b:
                t = p.travel[a][b]
                m.add_edge(la, lb, distance=t, duration=t)
    result = m.solve(_stop(time_limit_s, max_iterations), seed=seed, display=False)
    order: list[int] = []
    routes = result.best.routes()
    if routes:
        order = [nodes[k] for k in _clients(routes[0])]
    return Solution(repair(p, order), "pyvrp")


def solve_tsp_pyvrp(
    dist: Sequence[Sequence[int]], time_limit_s: float = 5.0, seed: int = 1
) -> list[int]:
    import pyvrp

    m = pyvrp.Model()
    locs = [m.add_location(0, 0) for _ in dist]
    depot = m.add_depot(locs[0])
    m.add_vehicle_type(1, start_depot=depot, end_depot=depot)
    for loc in locs[1:]:
        m.add_client(loc)
    for a, la in enumerate(locs):
        for b, lb in enumerate(locs):
            if a != b:
                m.add_edge(la, lb, distance=int(dist[a][b]))
    result = m.solve(_stop(time_limit_s, None), seed=seed, display=False)
    return [0, *(k + 1 for k in _clients(result.best.routes()[0]))]


def solve_vrptw_pyvrp(
    dist: Sequence[Sequence[int]],
    demand: Sequence[int],
    capacity: int,
    vehicles: int,
    windows: Sequence[tuple[int, int]],
    service: Sequence[int],
    time_limit_s: float,
    seed: int = 1,
) -> list[list[int]]:
    import pyvrp

    m = pyvrp.Model()
    locs = [m.add_location(0, 0) for _ in dist]
    depot = m.add_depot(locs[0], tw_early=int(windows[0][0]), tw_late=int(windows[0][1]))
    m.add_vehicle_type(
        vehicles,
        capacity=capacity,
        start_depot=depot,
        end_depot=depot,
        tw_early=int(windows[0][0]),
        tw_late=int(windows[0][1]),
    )
    for node in range(1, len(dist)):
        m.add_client(
            locs[node],
            delivery=int(demand[node]),
            service_duration=int(service[node]),
            tw_early=int(windows[node][0]),
            tw_late=int(windows[node][1]),
        )
    for a, la in enumerate(locs):
        for b, lb in enumerate(locs):
            if a != b:
                m.add_edge(la, lb, distance=int(dist[a][b]), duration=int(dist[a][b]))
    result = m.solve(_stop(time_limit_s, None), seed=seed, display=False)
    if not result.best.is_feasible():
        return []
    return [[k + 1 for k in _clients(r)] for r in result.best.routes()]
