"""``hdf-field route solve``: the routing solvers on a JSON instance or a TSPLIB file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, emit


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    route = sub.add_parser("route", parents=[parent], help="route solvers (JSON instances, TSPLIB)")
    rsub = route.add_subparsers(dest="route_command", metavar="ACTION")
    p = rsub.add_parser(
        "solve",
        parents=[parent],
        help="solve a JSON routing instance or a TSPLIB file (--tsplib)",
    )
    p.add_argument("file", metavar="FILE", help="instance file")
    p.add_argument("--tsplib", action="store_true", help="FILE is a TSPLIB .tsp file")
    p.add_argument(
        "--time-limit", type=float, default=5.0, metavar="S", help="seconds (heuristics)"
    )
    p.add_argument(
        "--solver",
        choices=("auto", "exact", "ortools", "pyvrp", "vroom"),
        default="auto",
        help="auto: exact on small instances, else the default heuristic",
    )
    p.set_defaults(func=run_solve)
    route.set_defaults(func=lambda args: route.print_help() or 2)


def run_solve(args: argparse.Namespace) -> int:
    from hdf_field.planning.route_solve import solve_instance, solve_tsplib

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    if args.time_limit <= 0:
        raise CliError("--time-limit must be > 0")
    if args.tsplib:
        result = solve_tsplib(path, args.time_limit, args.solver)
        text = f"{result['name']}: length {result['length']} ({result['solver']})\n" + " ".join(
            str(k) for k in result["tour"]
        )
        emit(
            args,
            {"tour": result["tour"], "length": result["length"], "solver": result["solver"]},
            text,
        )
        return 0
    emit(args, solve_instance(path, args.time_limit, args.solver), None)
    return 0
