"""``hdf-field dashboard``: the managers' dashboard PDF, in French or English (``--lang``)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from hdf_field.cli.common import cli_language, emit, open_db


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "dashboard",
        parents=[parent],
        help="the managers' dashboard as a PDF (campaign and federation of the clusters)",
    )
    p.add_argument("pdf", type=Path, help="the PDF file to write")
    p.add_argument("--weeks", type=int, default=8, help="weeks of the officers' table (2-52)")
    p.add_argument("--no-map", action="store_true", help="leave out the EPCI coverage map")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from hdf_field.services.dashboard import epci_geography, read_dashboard, write_dashboard_pdf
    from hdf_field.services.federation_dashboard import read_federation

    weeks = min(max(int(args.weeks), 2), 52)
    outlines, names = (None, None) if args.no_map else epci_geography()
    lang = cli_language(args)
    today = date.today()
    db = open_db(args, existing=True)
    try:
        data = read_dashboard(db, today=today, weeks=weeks, epci_names=names)
        federation = read_federation(db, today=today)
    finally:
        db.dispose()
    path = write_dashboard_pdf(
        data, args.pdf, epci_outlines=outlines, lang=lang, federation=federation
    )
    emit(
        args,
        {"pdf": str(path), "lang": lang, "referrals": federation.total},
        f"{path}",
    )
    return 0
