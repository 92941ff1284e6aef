"""``hdf-field sync``, ``hdf-field bundle export|import``, ``hdf-field conflicts list|resolve``."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, cli_language, emit, open_db
from hdf_field.domain.formatting import count, number
from hdf_field.domain.glossary import Lang


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[parent], help="push local changes and pull the registry's")
    p.add_argument("--server", metavar="URL", help="registry address (default: the last one)")
    p.add_argument("--token", help="bearer token (saved in the keyring for next time)")
    p.add_argument(
        "--rebind",
        action="store_true",
        help="let the token's account take over this database (it belongs to the "
        "account of its first sync; its records are then pulled again)",
    )
    p.set_defaults(func=run_sync)

    b = sub.add_parser("bundle", help="sync through a file where there is no network")
    bsub = b.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    be = bsub.add_parser("export", parents=[parent], help="write pending changes to a file")
    be.add_argument("out", type=Path, metavar="OUT")
    be.add_argument(
        "--server",
        metavar="URL",
        help="registry address the token belongs to (default: the last one)",
    )
    be.add_argument(
        "--token",
        help="registry token to seal with (saved for next time; "
        "default: the one saved for this laptop)",
    )
    be.set_defaults(func=run_bundle_export)
    bi = bsub.add_parser("import", parents=[parent], help="apply the registry's reply bundle")
    bi.add_argument("file", type=Path, metavar="FILE")
    bi.add_argument(
        "--server",
        metavar="URL",
        help="registry address the token belongs to (default: the last one)",
    )
    bi.add_argument(
        "--token",
        help="registry token the reply was sealed for (default: the one saved for this laptop)",
    )
    bi.set_defaults(func=run_bundle_import)

    c = sub.add_parser("conflicts", help="fields changed on both sides, both values kept")
    csub = c.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)
    cl = csub.add_parser("list", parents=[parent], help="open conflicts")
    cl.add_argument("--all", action="store_true", help="include resolved ones")
    cl.set_defaults(func=run_conflicts_list)
    cr = csub.add_parser("resolve", parents=[parent], help="choose the value of a field")
    cr.add_argument("record", metavar="ID")
    cr.add_argument("field", metavar="FIELD")
    cr.add_argument(
        "--value", required=True, help='the value to keep, as JSON ("text", 3, null) or plain text'
    )
    cr.set_defaults(func=run_conflicts_resolve)


def _server_and_token(args: argparse.Namespace, db: Any) -> tuple[str, str]:
    """The registry and the token of this database's own account (never simply the last
    token saved for the URL: that may be another person's)."""
    from hdf_field.sync.credentials import load_token
    from hdf_field.sync.engine import STATE_ID
    from hdf_field.sync.service import read_binding
    from hdf_field.sync.tables import SyncState

    binding = read_binding(db)
    server = args.server or (binding.server_url if binding else None)
    if not server:
        with db.session() as s:
            state = s.get(SyncState, STATE_ID)
            server = state.server_url if state else None
    if not server:
        raise CliError(code="cli.server_needed")
    token = args.token
    if not token:
        if binding is None:
            raise CliError(code="cli.first_token", params={"server": server})
        token = load_token(server, binding.email)
    if not token:
        raise CliError(
            code="cli.no_token",
            params={"email": binding.email if binding else "", "server": server},
        )
    return server, token


def run_sync(args: argparse.Namespace) -> int:
    from hdf_field.domain.progress import ProgressUpdate
    from hdf_field.sync.credentials import save_token
    from hdf_field.sync.service import SyncService

    db = open_db(args)
    server, token = _server_and_token(args, db)

    lang = cli_language(args)

    def show(p: ProgressUpdate) -> None:
        if not args.json:
            what = WORDS[lang]["sent" if p.label == "push" else "received"]
            count = f"{p.done}/{p.total}" if p.total is not None else str(p.done)
            print(f"  {p.label}: {count} {what}", file=sys.stderr)

    from hdf_field.cli.contact import _default_drafts_dir

    service = SyncService(db, server, token, rebind=args.rebind, drafts_dir=_default_drafts_dir())
    try:
        report = service.run(progress=show)
    finally:
        # Saved once the registry said whose it is, under that account: a token it refused,
        # or another account's, never becomes this database's default.
        if args.token and service.account_email:
            save_token(server, args.token, service.account_email)
    if service.rebound and not args.json:
        owner = WORDS[lang]["rebound"].format(email=service.account_email, server=server)
        print(f"  {owner}", file=sys.stderr)
    emit(args, report.as_dict(), _sync_summary(report, lang))
    return 0


# The CLI's words for sync, in French and English (``--lang``, ``$HDF_FIELD_LANG``).
WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "sent": "modifications envoyées",
        "received": "enregistrements reçus",
        "rebound": "cette base appartient désormais à {email} sur {server}",
        "no_conflict": "Aucun conflit.",
        "resolved_then": "la valeur partira à la prochaine synchronisation",
    },
    "en": {
        "sent": "changes sent",
        "received": "records received",
        "rebound": "this database now belongs to {email} at {server}",
        "no_conflict": "No conflict.",
        "resolved_then": "the value goes with the next sync",
    },
}


def _sync_summary(report: Any, lang: Lang) -> str:
    if lang == "en":
        text = (
            f"Synced: {count(report.pushed, 'sent', 'sent', lang)}, "
            f"{count(report.pulled, 'received', 'received', lang)}, "
            f"{count(report.conflicts, 'conflict', 'conflicts', lang)}, "
            f"{number(report.pending, lang)} pending"
        )
        if report.erased:
            erased = count(report.erased, "contact erased", "contacts erased", lang)
            text += f", {erased} at the registry's request"
        if report.dropped:
            dropped = count(report.dropped, "change", "changes", lang)
            text += f"; {dropped} to an erased contact dropped (the erasure wins)"
        return text
    text = (
        f"Synchronisé : {count(report.pushed, 'envoyé', 'envoyés', lang)}, "
        f"{count(report.pulled, 'reçu', 'reçus', lang)}, "
        f"{count(report.conflicts, 'conflit', 'conflits', lang)}, "
        f"{number(report.pending, lang)} en attente"
    )
    if report.erased:
        erased = count(report.erased, "contact effacé", "contacts effacés", lang)
        text += f", {erased} à la demande du registre"
    if report.dropped:
        dropped = count(
            report.dropped,
            "modification d'un contact effacé abandonnée",
            "modifications d'un contact effacé abandonnées",
            lang,
        )
        text += f" ; {dropped} (l'effacement l'emporte)"
    return text


def run_bundle_export(args: argparse.Namespace) -> int:
    from hdf_field.sync import sealed
    from hdf_field.sync.bundle import export_outbox, laptop_token
    from hdf_field.sync.service import SyncService

    db = open_db(args)
    token = laptop_token(db, args.server, args.token)
    n = export_outbox(db, args.out, token)
    author = SyncService(db).account()
    emit(
        args,
        {
            "mutations": n,
            "file": str(args.out),
            "author": author,
            "key_id": sealed.key_id(token).hex()[:12],
        },
        (
            f"{count(n, 'change written', 'changes written', 'en')} to {args.out}"
            if cli_language(args) == "en"
            else f"{count(n, 'modification écrite', 'modifications écrites')} dans {args.out}"
        ),
    )
    return 0


def run_bundle_import(args: argparse.Namespace) -> int:
    from hdf_field.sync.bundle import import_reply, laptop_token

    db = open_db(args)
    summary = import_reply(db, args.file, laptop_token(db, args.server, args.token))
    if cli_language(args) == "en":
        text = (
            f"{count(summary['pushed'], 'acknowledged', 'acknowledged', 'en')}, "
            f"{count(summary['pulled'], 'received', 'received', 'en')}, "
            f"{count(summary['conflicts'], 'conflict', 'conflicts', 'en')}, "
            f"{number(summary['pending'], 'en')} pending"
        )
    else:
        text = (
            f"{count(summary['pushed'], 'accusé', 'accusés')}, "
            f"{count(summary['pulled'], 'reçu', 'reçus')}, "
            f"{count(summary['conflicts'], 'conflit', 'conflits')}, "
            f"{number(summary['pending'])} en attente"
        )
    emit(args, summary, text)
    return 0


def run_conflicts_list(args: argparse.Namespace) -> int:
    from hdf_field.sync.service import list_conflicts

    db = open_db(args)
    rows = [c.as_dict() for c in list_conflicts(db, include_resolved=args.all)]
    lines = [
        f"{c['record']} {c['entity']}.{c['field']}: base={c['base']!r} "
        f"mine={c['mine']!r} theirs={c['theirs']!r}"
        for c in rows
    ]
    emit(args, rows, "\n".join(lines) if lines else WORDS[cli_language(args)]["no_conflict"])
    return 0


def _parse_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def run_conflicts_resolve(args: argparse.Namespace) -> int:
    from hdf_field.sync.service import resolve_conflict

    try:
        record = uuid.UUID(args.record)
    except ValueError as exc:
        raise CliError(code="cli.not_record_id", params={"value": args.record}) from exc
    db = open_db(args)
    n = resolve_conflict(db, record, args.field, _parse_value(args.value))
    lang = cli_language(args)
    resolved = (
        count(n, "conflict resolved", "conflicts resolved", lang)
        if lang == "en"
        else count(n, "conflit résolu", "conflits résolus", lang)
    )
    then = WORDS[lang]["resolved_then"]
    emit(
        args,
        {"record": str(record), "field": args.field, "resolved": n},
        f"{resolved}; {then}" if lang == "en" else f"{resolved} ; {then}",
    )
    return 0
