"""``hdf-field import sirene|kbo|csv``: register and list imports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, cli_language, emit, open_db
from hdf_field.domain.error_messages import reason
from hdf_field.domain.errors import ValidationError
from hdf_field.services.imports import record_import, recording_interruption

SHOWN_REJECTS = 5


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", help="import registers (SIRENE, KBO/BCE) and CSV/XLSX lists")
    kinds = p.add_subparsers(dest="import_kind", metavar="SOURCE", required=True)

    s = kinds.add_parser("sirene", parents=[parent], help="INSEE SIRENE establishment stock")
    s.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="StockEtablissement CSV, or the zip INSEE publishes (read without extracting)",
    )
    s.add_argument(
        "--geoloc", type=Path, metavar="FILE", help="geolocated establishments CSV (or zip)"
    )
    s.add_argument(
        "--geoloc-epsg",
        type=int,
        metavar="CODE",
        help="EPSG of the geolocated x/y when the file has no epsg column (2154, 4326, ...)",
    )
    s.add_argument("--reject-file", type=Path, metavar="PATH", help="where to write rejected rows")
    s.set_defaults(func=run_sirene)

    k = kinds.add_parser("kbo", parents=[parent], help="Belgian KBO/BCE open data (folder or zip)")
    k.add_argument("source", type=Path, metavar="DIR", help="KBO open-data folder or zip")
    k.add_argument(
        "--postcodes",
        required=True,
        metavar="LIST",
        help="postal codes and ranges, e.g. 7500,7700,8500-8999",
    )
    k.add_argument("--reject-file", type=Path, metavar="PATH", help="where to write rejected rows")
    k.set_defaults(func=run_kbo)

    c = kinds.add_parser("csv", parents=[parent], help="a CSV or XLSX list with a column mapping")
    c.add_argument("file", type=Path, metavar="FILE", help="CSV or XLSX file")
    c.add_argument("--mapping", type=Path, required=True, metavar="MAP", help="mapping JSON file")
    c.add_argument("--reject-file", type=Path, metavar="PATH", help="where to write rejected rows")
    c.set_defaults(func=run_csv)


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _summary(title: str, data: dict[str, Any]) -> str:
    lines = [
        title,
        f"  lues          {_fmt(data['read']):>10}",
        f"  créées        {_fmt(data['created']):>10}",
        f"  mises à jour  {_fmt(data['updated']):>10}",
        f"  ignorées      {_fmt(data['skipped']):>10}",
        f"  rejetées      {_fmt(data['rejected']):>10}",
        f"  durée         {data['elapsed']:>9.1f} s".replace(".", ","),
    ]
    if data.get("duplicates"):
        dups = _fmt(data["duplicates"])
        lines.append(f"  (dont {dups} doublons ignorés : la dernière ligne gagne)")
    if data["rejected"]:
        lines.append(f"Lignes rejetées écrites dans {data['reject_file']}")
        if data.get("rejects_not_written"):
            lines.append(
                f"  (dont {_fmt(data['rejects_not_written'])} comptées mais non écrites :"
                " le fichier de rejets est limité)"
            )
        lines.append("Premiers rejets :")
        for r in data["rejects"][:SHOWN_REJECTS]:
            lines.append(f"  {Path(r['file']).name}, ligne {r['line']} : {r['reason']}")
    return "\n".join(lines)


def run_sirene(args: argparse.Namespace) -> int:
    from hdf_field.imports.sirene import import_sirene

    db = open_db(args)
    with recording_interruption(db, args.file, "cli"):
        report = import_sirene(
            db,
            args.file,
            geoloc=args.geoloc,
            geoloc_epsg=args.geoloc_epsg,
            reject_file=args.reject_file,
            actor="cli",
            lang=cli_language(args),
        )
    record_import(db, args.file, report)
    data = report.as_dict()
    emit(args, data, _summary(f"Import SIRENE : {args.file}", data))
    return 0


def run_kbo(args: argparse.Namespace) -> int:
    from hdf_field.imports.kbo import import_kbo, parse_postcodes

    try:
        postcodes = parse_postcodes(args.postcodes)
    except ValidationError as exc:
        lang = cli_language(args)
        colon = ": " if lang == "en" else "\u00a0: "
        raise CliError(f"--postcodes{colon}{reason(exc, lang)}") from exc
    db = open_db(args)
    with recording_interruption(db, args.source, "cli"):
        report = import_kbo(
            db,
            args.source,
            postcodes,
            reject_file=args.reject_file,
            actor="cli",
            lang=cli_language(args),
        )
    record_import(db, args.source, report)
    data = report.as_dict()
    emit(args, data, _summary(f"Import KBO/BCE : {args.source}", data))
    return 0


def run_csv(args: argparse.Namespace) -> int:
    from hdf_field.imports.tabular import import_table, load_mapping

    mapping = load_mapping(args.mapping)
    db = open_db(args)
    with recording_interruption(db, args.file, "cli"):
        report = import_table(
            db,
            args.file,
            mapping,
            reject_file=args.reject_file,
            actor="cli",
            lang=cli_language(args),
        )
    record_import(db, args.file, report)
    data = report.as_dict()
    emit(args, data, _summary(f"Import de liste : {args.file}", data))
    return 0
