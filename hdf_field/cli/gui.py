"""``hdf-field gui`` (also ``hdf-field`` with no command): the desktop client."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gui", parents=[parent], help="open the desktop client (default)")
    p.add_argument(
        "--screenshots", metavar="DIR", type=Path, help="save a PNG of each screen and exit"
    )
    p.add_argument(
        "--lang", choices=("fr", "en"), help="interface language (saved in the settings)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from hdf_field.ui.app import run_gui  # Qt is imported only here

    target = Path(args.db) if args.db and "://" not in args.db else args.db
    return run_gui(target, screenshots=args.screenshots, lang=args.lang)
