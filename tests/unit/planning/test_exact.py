"""The exact day solver against brute force, and the heuristics against the exact solver."""

from __future__ import annotations

import itertools

import pytest

from hdf_field.planning.exact import solve_day_exact
from hdf_field.planning.ortools_solver import solve_day_ortools
from hdf_field.planning.problem import DayProblem, objective_key, score, simulate, total_value
from hdf_field.planning.pyvrp_solver import solve_day_pyvrp
from hdf_field.planning.synthetic import random_day_problem


def brute_force(p: DayProblem) -> tuple[float, float]:
    best: tuple[float, float] | None = None
    nodes = range(1, p.n + 1)
    for k in range(p.n + 1):
        for subset in itertools.combinations(nodes, k):
            for order in itertools.permutations(subset):
                s = simulate(p, order)
                if s is not None:
                    key = score(p, total_value(p, order), s.cost)
                    if best is None or key < best:
                        best = key
    assert best is not None
    return best


@pytest.mark.parametrize("seed", range(7))
def test_exact_matches_brute_force(seed: int) -> None:
    n = 6 if seed < 6 else 7
    p = random_day_problem(seed, n, lunch=seed % 3 != 0)
    sol = solve_day_exact(p)
    assert simulate(p, sol.schedule.order) is not None
    assert objective_key(p, sol.schedule)[:2] == brute_force(p)


@pytest.mark.parametrize("seed", range(3))
def test_exact_matches_brute_force_with_value_tradeoff(seed: int) -> None:
    p = random_day_problem(100 + seed, 6)
    p.value_seconds = 900.0
    assert objective_key(p, solve_day_exact(p).schedule)[:2] == brute_force(p)


@pytest.mark.parametrize("seed", range(4))
def test_heuristics_are_feasible_and_never_beat_exact(seed: int) -> None:
    p = random_day_problem(200 + seed, 8)
    exact = objective_key(p, solve_day_exact(p).schedule)[:2]
    for sol in (solve_day_ortools(p, 0.3), solve_day_pyvrp(p, 0.3, max_iterations=300)):
        assert simulate(p, sol.schedule.order) is not None
        assert objective_key(p, sol.schedule)[:2] >= exact


@pytest.mark.parametrize("seed", range(3))
def test_vroom_is_feasible_and_never_beats_exact(seed: int) -> None:
    pytest.importorskip("vroom")
    from hdf_field.planning.vroom_solver import solve_day_vroom

    p = random_day_problem(300 + seed, 8)
    sol = solve_day_vroom(p)
    assert simulate(p, sol.schedule.order) is not None
    assert objective_key(p, sol.schedule)[:2] >= objective_key(p, solve_day_exact(p).schedule)[:2]


@pytest.mark.parametrize("seed", range(4))
def test_exact_matches_brute_force_with_an_earlier_departure(seed: int) -> None:
    """A fixed appointment reachable only by leaving before ``day_start``: the DP's first
    leg uses the same departure rule as the shared timing, so it stays exact."""
    p = random_day_problem(300 + seed, 6, lunch=seed % 2 == 0)
    at = p.day_start + p.travel[0][1] - 1800  # 30 min too early for a day_start departure
    p.windows[1] = ((at, at + 300),)
    p.required[1] = True
    assert simulate(p, [1]) is None  # without an allowance it cannot be kept
    p.early_leave = 3600
    sol = solve_day_exact(p)
    assert 1 in sol.schedule.order and sol.schedule.order[0] == 1
    assert sol.schedule.leave < p.day_start
    assert objective_key(p, sol.schedule)[:2] == brute_force(p)
    for heuristic in (solve_day_ortools(p, 0.3), solve_day_pyvrp(p, 0.3, max_iterations=300)):
        assert simulate(p, heuristic.schedule.order) is not None
        assert objective_key(p, heuristic.schedule)[:2] >= objective_key(p, sol.schedule)[:2]
