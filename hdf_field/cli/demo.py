"""``hdf-field demo``: fill a database with the synthetic demo region."""

from __future__ import annotations

import argparse
from typing import Any

from hdf_field.cli.common import emit, open_db
from hdf_field.domain.enums import VisitStatus
from hdf_field.domain.formatting import count, number, with_unit
from hdf_field.domain.glossary import label_of


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "demo",
        parents=[parent],
        help="fill the database with a synthetic (fictional) demo region",
    )
    p.add_argument("--prospects", type=int, default=7000, metavar="N", help="default 7000")
    p.add_argument("--seed", type=int, default=42, metavar="S", help="same seed, same data")
    p.add_argument(
        "--force", action="store_true", help="replace the demo data of a non-empty database"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from hdf_field.services.demo import build_demo

    db = open_db(args)
    try:
        summary = build_demo(db, prospects=args.prospects, seed=args.seed, replace=args.force)
    finally:
        db.dispose()
    visits = ", ".join(
        f"{label_of(VisitStatus, k).lower()} {number(v)}"
        for k, v in summary["visits_by_status"].items()
    )
    deps = ", ".join(f"{k} : {number(v)}" for k, v in summary["by_departement"].items())
    text = "\n".join(
        [
            "DONNÉES DE DÉMONSTRATION FICTIVES (synthetic demo data) — aucune organisation réelle.",
            f"Graine {summary['seed']} · {count(summary['organisations'], 'prospect', 'prospects')}"
            f" · {count(summary['officers'], 'chargé de mission', 'chargés de mission')}"
            f" · {count(summary['contacts'], 'contact', 'contacts')}",
            f"Visites : {number(summary['visits'])} ({visits}) · "
            f"relances : {number(summary['follow_ups'])}",
            f"Par département : {deps}",
            f"Généré en {with_unit(summary['seconds'], 's', decimals=1)}.",
        ]
    )
    emit(args, summary, text)
    return 0
