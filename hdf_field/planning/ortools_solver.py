"""OR-Tools routing for day routes (the default beyond the exact solver's size) and TSPs.

OR-Tools expresses everything a day needs: several opening intervals per visit (cumul ranges
with holes), a lunch break as a vehicle break interval, optional visits as disjunctions whose
penalty is the visit's value. Its order is re-timed by :func:`problem.repair` so the plan obeys
exactly the same rules as the exact solver.
"""

from __future__ import annotations

from collections.abc import Sequence

from hdf_field.planning.problem import DayProblem, Solution, repair

VALUE_SCALE = 100_000  # one value point outweighs a day of driving (seconds)


def _params(time_limit_s: float, metaheuristic: bool, insertion: bool = False):  # type: ignore[no-untyped-def]
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    params = pywrapcp.DefaultRoutingSearchParameters()
    strategies = routing_enums_pb2.FirstSolutionStrategy
    # Tight time windows over many vehicles: path-cheapest-arc often finds no first solution.
    params.first_solution_strategy = (
        strategies.PARALLEL_CHEAPEST_INSERTION if insertion else strategies.PATH_CHEAPEST_ARC
    )
    if metaheuristic:
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    return params


def solve_day_ortools(
    p: DayProblem, time_limit_s: float = 1.0, metaheuristic: bool = True
) -> Solution:
    from ortools.constraint_solver import pywrapcp

    size = p.n + 2
    manager = pywrapcp.RoutingIndexManager(size, 1, [0], [p.end])
    routing = pywrapcp.RoutingModel(manager)
    travel, service = p.travel, p.service
    scale = VALUE_SCALE if p.value_seconds is None else p.value_seconds

    def cost_cb(i: int, j: int) -> int:
        return int(travel[manager.IndexToNode(i)][manager.IndexToNode(j)])

    def time_cb(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return int(service[a] + travel[a][b])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost_cb))
    time_idx = routing.RegisterTransitCallback(time_cb)
    routing.AddDimension(time_idx, 24 * 3600, 24 * 3600, False, "time")
    dim = routing.GetDimensionOrDie("time")
    # an earlier departure only ever serves a fixed first appointment (the solution is re-timed
    # through the shared rule in planning.timing afterwards)
    early = min(p.first_leave(i) for i in range(1, p.n + 1)) if p.n else p.day_start
    dim.CumulVar(routing.Start(0)).SetRange(early, p.day_end)
    dim.CumulVar(routing.End(0)).SetRange(early, p.day_end)
    for node in range(1, p.n + 1):
        idx = manager.NodeToIndex(node)
        wins = p.windows[node]
        if not wins:
            routing.AddDisjunction([idx], int(p.node_value(node) * scale) + 1)
            routing.solver().Add(routing.ActiveVar(idx) == 0)
            continue
        dim.CumulVar(idx).SetRange(wins[0][0], wins[-1][1])
        for (_, hi), (lo, _) in zip(wins, wins[1:], strict=False):
            if lo - 1 >= hi + 1:
                dim.CumulVar(idx).RemoveInterval(hi + 1, lo - 1)
        routing.AddDisjunction([idx], int(p.node_value(node) * scale) + 1)
    if p.lunch is not None:
        solver = routing.solver()
        brk = solver.FixedDurationIntervalVar(
            p.lunch.earliest, p.lunch.latest, p.lunch.duration, False, "lunch"
        )
        transits = [service[manager.IndexToNode(i)] for i in range(routing.Size())] + [0]
        dim.SetBreakIntervalsOfVehicle([brk], 0, transits[: routing.Size()])
    solution = routing.SolveWithParameters(_params(time_limit_s, metaheuristic))
    order: list[int] = []
    if solution is not None:
        idx = solution.Value(routing.NextVar(routing.Start(0)))
        while not routing.IsEnd(idx):
            order.append(manager.IndexToNode(idx))
            idx = solution.Value(routing.NextVar(idx))
    return Solution(repair(p, order), "ortools")


def solve_tsp_ortools(dist: Sequence[Sequence[int]], time_limit_s: float = 5.0) -> list[int]:
    """A closed tour starting at city 0 (guided local search until the time limit)."""
    from ortools.constraint_solver import pywrapcp

    n = len(dist)
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    routing = pywrapcp.RoutingModel(manager)

    def cb(i: int, j: int) -> int:
        return int(dist[manager.IndexToNode(i)][manager.IndexToNode(j)])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cb))
    solution = routing.SolveWithParameters(_params(time_limit_s, True))
    tour: list[int] = []
    idx = routing.Start(0)
    while not routing.IsEnd(idx):
        tour.append(manager.IndexToNode(idx))
        idx = solution.Value(routing.NextVar(idx))
    return tour


def solve_vrptw_ortools(
    dist: Sequence[Sequence[int]],
    demand: Sequence[int],
    capacity: int,
    vehicles: int,
    windows: Sequence[tuple[int, int]],
    service: Sequence[int],
    time_limit_s: float,
) -> list[list[int]]:
    """Capacitated VRP with time windows, distance objective (Solomon convention (A))."""
    from ortools.constraint_solver import pywrapcp

    n = len(dist)
    manager = pywrapcp.RoutingIndexManager(n, vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)

    def dist_cb(i: int, j: int) -> int:
        return int(dist[manager.IndexToNode(i)][manager.IndexToNode(j)])

    def time_cb(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return int(service[a] + dist[a][b])

    def demand_cb(i: int) -> int:
        return int(demand[manager.IndexToNode(i)])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(dist_cb))
    horizon = int(windows[0][1])
    routing.AddDimension(routing.RegisterTransitCallback(time_cb), horizon, horizon, False, "time")
    dim = routing.GetDimensionOrDie("time")
    for node in range(1, n):
        dim.CumulVar(manager.NodeToIndex(node)).SetRange(
            int(windows[node][0]), int(windows[node][1])
        )
    for v in range(vehicles):
        dim.CumulVar(routing.Start(v)).SetRange(int(windows[0][0]), int(windows[0][1]))
        dim.CumulVar(routing.End(v)).SetRange(int(windows[0][0]), int(windows[0][1]))
    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterUnaryTransitCallback(demand_cb), 0, [capacity] * vehicles, True, "load"
    )
    solution = routing.SolveWithParameters(_params(time_limit_s, True, insertion=True))
    routes: list[list[int]] = []
    if solution is None:
        return routes
    for v in range(vehicles):
        idx = solution.Value(routing.NextVar(routing.Start(v)))
        route: list[int] = []
        while not routing.IsEnd(idx):
            route.append(manager.IndexToNode(idx))
            idx = solution.Value(routing.NextVar(idx))
        if route:
            routes.append(route)
    return routes
