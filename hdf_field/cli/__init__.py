"""``hdf-field``: the scriptable face of the services.

Every subcommand takes ``--db PATH`` and ``--json``; on bad input it prints one line to
stderr and exits non-zero. Heavy libraries (Qt, OR-Tools, uvicorn) are imported inside the
handlers that need them, so that ``hdf-field stats`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from hdf_field import __version__
from hdf_field.cli.common import CliError, error_text, fail
from hdf_field.domain.errors import HdfFieldError

# Each module exposes ``register(subparsers, parent)``; order is the order of ``--help``.
COMMAND_MODULES = (
    "hdf_field.cli.gui",
    "hdf_field.cli.demo",
    "hdf_field.cli.imports",
    "hdf_field.cli.stats",
    "hdf_field.cli.dashboard",
    "hdf_field.cli.geo",
    "hdf_field.cli.org",
    "hdf_field.cli.contact",
    "hdf_field.cli.backup",
    "hdf_field.cli.route",
    "hdf_field.cli.plan",
    "hdf_field.cli.referral",
    "hdf_field.cli.sync",
    "hdf_field.cli.registry",
)


def build_parser() -> argparse.ArgumentParser:
    from hdf_field.cli.common import OneLineParser, common_parent

    parser = OneLineParser(
        prog="hdf-field",
        description="HDF Field — campagne pôles de compétitivité Hauts-de-France.",
    )
    parser.add_argument("--version", action="version", version=f"hdf-field {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = common_parent()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, parent)
    return parser


def _described_failures() -> tuple[type[Exception], ...]:
    """What :func:`describe_database_error` may turn into one line: OS errors and what a
    failing database raises (storage names those, the CLI need not know the library)."""
    from hdf_field.storage.errors import database_errors

    return (OSError, *database_errors())


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list:
        args_list = ["gui"]  # no arguments: the desktop app
    args = parser.parse_args(args_list)
    handler = getattr(args, "func", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        result = handler(args)
    except CliError as exc:
        return fail(error_text(exc, args), args=args)
    except HdfFieldError as exc:
        return fail(error_text(exc, args), args=args)
    except KeyboardInterrupt:
        return fail(error_text(CliError(code="cli.interrupted"), args), args=args)
    except BrokenPipeError:
        # `hdf-field ... | head`: the reader left; say nothing more and exit like other tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except _described_failures() as exc:
        # A full disk, a read-only or locked-out file, a damaged database: one line saying
        # what to do, not a traceback. Anything else is a bug and keeps its traceback.
        from hdf_field.storage.errors import describe_database_error

        problem = describe_database_error(exc, getattr(args, "db", None) or "")
        if problem is None:
            raise
        return fail(error_text(problem, args), args=args)
    return int(result or 0)
