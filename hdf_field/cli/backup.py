"""``hdf-field backup create|list|restore``: the laptop's rotating, encrypted backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, cli_language, emit


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", help="backups of the laptop database (encrypted, 7 kept)")
    cmds = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    create = cmds.add_parser("create", parents=[parent], help="back the database up now")
    create.set_defaults(func=run_create)
    listing = cmds.add_parser("list", parents=[parent], help="the backups kept, newest first")
    listing.set_defaults(func=run_list)
    restore = cmds.add_parser(
        "restore",
        parents=[parent],
        help="put a backup back in place of the database (the current one is kept aside)",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=run_restore)


def _laptop_path(args: argparse.Namespace) -> Path:
    from hdf_field.services.bootstrap import laptop_file

    path = laptop_file(args.db)
    if path is None:
        raise CliError(f"{args.db}: backups are for a laptop's database file, not a URL")
    return path


def _open(args: argparse.Namespace) -> Any:
    from hdf_field.services.bootstrap import open_app_database

    path = _laptop_path(args)
    if args.db and not path.exists():
        raise CliError(f"{path}: no such database (hdf-field demo or an import creates one)")
    return open_app_database(path, daily=False)


def run_create(args: argparse.Namespace) -> int:
    from hdf_field.services.backups import backup_now

    db = _open(args)
    try:
        if db.damage is not None:
            damage = db.damage_message(cli_language(args))
            raise CliError(code="cli.backup_of_damaged", params={"damage": damage})
        info = backup_now(db)
    finally:
        db.dispose()
    emit(args, info.as_json(), f"Sauvegarde créée : {info.path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from hdf_field.services.backups import backup_status

    db = _open(args)
    try:
        status = backup_status(db)
    finally:
        db.dispose()
    lines = [f"Sauvegardes de {status.database} (dans {status.folder}) :"]
    lines += [
        f"  {b.created:%Y-%m-%d %H:%M:%S} UTC  {b.reason:<11} {b.size / 1e6:>8.1f} Mo  {b.path}"
        for b in status.backups
    ] or ["  aucune"]
    warning = status.encryption.get("warning")
    if warning:
        lines.append(f"Attention : {warning}")
    emit(args, status.as_json(), "\n".join(lines))
    return 0


def _confirm(db_path: Path, source: Path) -> None:
    if not sys.stdin.isatty():
        raise CliError("restoring replaces the database: confirm with --yes")
    answer = input(
        f"Remplacer la base {db_path} par la sauvegarde {source} ? "
        "(la base actuelle est gardée parmi les sauvegardes) [o/N] "
    )
    if answer.strip().lower() not in ("o", "oui", "y", "yes"):
        raise CliError("restore cancelled")


def run_restore(args: argparse.Namespace) -> int:
    from hdf_field.services.backups import restore

    db_path = _laptop_path(args)
    source = Path(args.file).expanduser()
    if not args.yes:
        _confirm(db_path, source)
    result = restore(db_path, source)
    emit(
        args,
        result.as_json(),
        f"Sauvegarde {source} remise en place dans {db_path}"
        + (f" (base remplacée gardée : {result.saved_current})" if result.saved_current else "")
        + ". La prochaine synchronisation renvoie et reçoit ce qui manque.",
    )
    return 0
