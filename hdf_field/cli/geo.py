"""``hdf-field geo locate``: the offline geocoder from the command line (no database needed)."""

from __future__ import annotations

import argparse
from typing import Any

from hdf_field.cli.common import CliError, emit


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("geo", help="offline geography: locate a place")
    geo_sub = p.add_subparsers(dest="geo_command", metavar="SUBCOMMAND", required=True)
    locate = geo_sub.add_parser(
        "locate",
        parents=[parent],
        help='place from text ("59000 Lille", "Amiens", "80021", "7500 Tournai") or Lambert-93',
    )
    locate.add_argument("text", nargs="?", help="postal code and/or commune name, or INSEE code")
    locate.add_argument(
        "--lambert93",
        nargs=2,
        type=float,
        metavar=("X", "Y"),
        help="Lambert-93 coordinates in metres (as in SIRENE)",
    )
    locate.set_defaults(func=run_locate)


def run_locate(args: argparse.Namespace) -> int:
    from hdf_field.geo.gazetteer import load_gazetteer
    from hdf_field.geo.geocoding import Location, locate_lambert93, locate_text

    gaz = load_gazetteer()
    location: Location
    if args.lambert93:
        if args.text:
            raise CliError("give either a text or --lambert93 X Y, not both")
        x, y = args.lambert93
        location = locate_lambert93(gaz, x, y)
        query = f"Lambert-93 {x:.0f} {y:.0f}"
    else:
        if not args.text or not args.text.strip():
            raise CliError('nothing to locate: give a text ("59000 Lille") or --lambert93 X Y')
        found = locate_text(gaz, args.text)
        if found is None:
            raise CliError(f"place not found: {args.text!r}")
        location, query = found, args.text
    data = location.as_dict()
    place = location.commune or "hors Hauts-de-France"
    codes = ", ".join(c for c in (location.insee, location.postal_code) if c)
    text = (
        f"{query} → {place}{f' ({codes})' if codes else ''} "
        f"[{location.country}] {location.lat:.5f}, {location.lon:.5f} "
        f"précision {location.precision.value}"
        + (f", score {location.score:.0f}" if location.score is not None else "")
    )
    emit(args, data, text)
    return 0
