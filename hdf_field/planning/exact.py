"""Exact solvers for small instances: the reference the heuristics are tested against.

:func:`solve_day_exact` is a label-setting dynamic programme over (visited set, last visit,
lunch taken): each label keeps (travel cost, ready time) and only Pareto-optimal labels
survive. Waiting is allowed, so being ready earlier never hurts; with cost and time both
minimal the label dominates, which makes the search exact. It picks the subset with the most
value, then the least driving — the same objective as the heuristic solvers.

:func:`held_karp` is the classic O(2ⁿ n²) DP for the symmetric TSP, vectorised over the last
city with numpy (burma14 takes well under a second).
"""

from __future__ import annotations

import numpy as np

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.progress import CancelToken, is_cancelled
from hdf_field.planning.problem import (
    DayProblem,
    Schedule,
    Solution,
    earliest_start,
    objective_key,
    simulate,
)
from hdf_field.planning.problem import (
    score as _score,
)

EXACT_MAX_VISITS = 9

# (cost, ready time, parent state, parent label index)
_Label = tuple[int, int, tuple[int, int, int] | None, int]


def _add(labels: list[_Label], new: _Label) -> bool:
    c, t = new[0], new[1]
    for lab in labels:
        if lab[0] <= c and lab[1] <= t:
            return False
    labels[:] = [lab for lab in labels if not (c <= lab[0] and t <= lab[1])]
    labels.append(new)
    return True


def solve_day_exact(p: DayProblem, cancel: CancelToken | None = None) -> Solution:
    """The best schedule; a cancel stops the search early with the best one found so far
    (then not proven optimal) rather than raising."""
    n, end, lunch = p.n, p.end, p.lunch
    if n > 16:
        raise ValidationError("solver", code="solver.exact_limit", params={"max": 16, "given": n})
    travel, service, windows = p.travel, p.service, p.windows
    states: dict[tuple[int, int, int], list[_Label]] = {(0, 0, 0): [(0, p.day_start, None, -1)]}
    by_size: list[list[tuple[int, int, int]]] = [[] for _ in range(n + 1)]
    by_size[0].append((0, 0, 0))
    for size in range(n):
        if is_cancelled(cancel):
            break
        for key in by_size[size]:
            mask, last, ld = key
            for li, (cost, t0, _parent, _pi) in enumerate(states[key]):
                if lunch is not None and ld == 0 and t0 > lunch.latest and last != 0:
                    continue  # lunch can no longer be taken; the day cannot end before it
                for j in range(1, n + 1):
                    bit = 1 << (j - 1)
                    if mask & bit:
                        continue
                    # leaving base: a fixed first appointment may need an earlier departure
                    t = p.first_leave(j) if last == 0 else t0
                    options: list[tuple[int, int]] = []  # (ready time at j, lunch flag)
                    tr = travel[last][j]
                    if lunch is not None and ld == 0:
                        ls = max(t, lunch.earliest)
                        if ls <= lunch.latest:
                            options.append((ls + lunch.duration + tr, 1))
                        ls = max(t + tr, lunch.earliest)
                        if ls <= lunch.latest:
                            options.append((ls + lunch.duration, 1))
                    options.append((t + tr, ld))
                    for ready, nld in options:
                        start = earliest_start(windows[j], ready)
                        if start is None:
                            continue
                        done = start + service[j]
                        if done + travel[j][end] > p.day_end:
                            continue
                        nkey = (mask | bit, j, nld)
                        bucket = states.get(nkey)
                        if bucket is None:
                            bucket = states[nkey] = []
                            by_size[size + 1].append(nkey)
                        _add(bucket, (cost + tr, done, key, li))
    best: tuple[tuple[float, float, int], tuple[int, ...]] | None = None
    for key, labels in states.items():
        mask, last, ld = key
        for li, (cost, t, _parent, _pi) in enumerate(labels):
            tr = travel[last][end]
            back = t + tr
            ok = back <= p.day_end and (
                lunch is None
                or ld == 1
                or back <= lunch.latest
                or max(t, lunch.earliest) <= lunch.latest
                and max(t, lunch.earliest) + lunch.duration + tr <= p.day_end
            )
            if not ok:
                continue
            order = _unwind(states, key, li)
            score = (*_score(p, sum(p.node_value(i) for i in order), cost + tr), back)
            if best is None or score < best[0]:
                best = (score, order)
    if best is None:
        empty = simulate(p, ())
        sched = empty or Schedule((), p.day_start, (), (), (), p.day_start, 0)
        return Solution(sched, "exact", proven_optimal=empty is not None)
    timed = simulate(p, best[1])
    if timed is None:  # pragma: no cover - the DP and simulate() share the same rules
        raise AssertionError("exact DP produced an order simulate() rejects")
    assert objective_key(p, timed)[:2] == best[0][:2]
    return Solution(timed, "exact", proven_optimal=not is_cancelled(cancel))


def _unwind(
    states: dict[tuple[int, int, int], list[_Label]], key: tuple[int, int, int], li: int
) -> tuple[int, ...]:
    order: list[int] = []
    cur: tuple[int, int, int] | None = key
    idx = li
    while cur is not None and cur[1] != 0:
        order.append(cur[1])
        _c, _t, parent, pidx = states[cur][idx]
        cur, idx = parent, pidx
    return tuple(reversed(order))


def held_karp(dist: np.ndarray) -> tuple[int, list[int]]:
    """Optimal closed tour through all cities of a symmetric integer matrix: (length, tour)."""
    d = np.asarray(dist, dtype=np.int64)
    n = d.shape[0]
    if n <= 2:
        return int(d[0, -1] + d[-1, 0]) if n == 2 else 0, list(range(n))
    m = n - 1  # city 0 is the start; subsets of the other cities
    inf = np.iinfo(np.int64).max // 4
    dp = np.full((1 << m, m), inf, dtype=np.int64)
    parent = np.full((1 << m, m), -1, dtype=np.int16)
    for k in range(m):
        dp[1 << k, k] = d[0, k + 1]
    sub = d[1:, 1:]
    for mask in range(1, 1 << m):
        row = dp[mask]
        if not np.any(row < inf):
            continue
        # best way to extend ``mask`` by each city k: min over j of dp[mask, j] + d[j, k]
        cand = row[:, None] + sub  # j × k
        best_j = np.argmin(cand, axis=0)
        best = cand[best_j, np.arange(m)]
        for k in range(m):
            bit = 1 << k
            if mask & bit:
                continue
            nm = mask | bit
            if best[k] < dp[nm, k]:
                dp[nm, k] = best[k]
                parent[nm, k] = best_j[k]
    full = (1 << m) - 1
    closing = dp[full] + d[1:, 0]
    last = int(np.argmin(closing))
    length = int(closing[last])
    tour: list[int] = []
    mask, k = full, last
    while k >= 0:
        tour.append(k + 1)
        pk = int(parent[mask, k])
        mask ^= 1 << k
        k = pk
    return length, [0, *reversed(tour)]
