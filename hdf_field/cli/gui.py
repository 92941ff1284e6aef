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
        "--size",
        metavar="WxH",
        help="with --screenshots: shoot as on a screen of W×H physical pixels, e.g. 1366x768 "
        "(QT_SCALE_FACTOR=1.5 gives a laptop at 150 %%)",
    )
    p.add_argument(
        "--only",
        metavar="NAMES",
        help="with --screenshots: only these shots, comma-separated (prospects, search, "
        "visit-form, first-run, shortcuts, visit-details, …); numbers stay those of the full set",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from hdf_field.ui.app import run_gui  # Qt is imported only here
    from hdf_field.ui.screenshots import emulate_screen, parse_size

    size = None
    if (args.size or args.only) and args.screenshots is None:
        raise SystemExit("hdf-field gui: --size and --only go with --screenshots DIR")
    if args.size:
        try:
            size = parse_size(args.size)
        except ValueError as exc:
            raise SystemExit(f"hdf-field gui: {exc}") from None
        emulate_screen(size)  # before the QApplication exists
    only = frozenset(n.strip() for n in args.only.split(",") if n.strip()) if args.only else None
    target = Path(args.db) if args.db and "://" not in args.db else args.db
    return run_gui(target, screenshots=args.screenshots, lang=args.lang, size=size, only=only)
