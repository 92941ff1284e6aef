"""``hdf-field referral send|list``: hand an organisation to a cluster, see its answers."""

from __future__ import annotations

import argparse
from typing import Any

from hdf_field.cli.common import CliError, emit, error_text, fail, open_db

STATUS_FR = {
    "sent": "transmis",
    "acknowledged": "pris en compte",
    "meeting": "rendez-vous",
    "member": "adhérent",
    "declined": "décliné",
}


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    r = sub.add_parser("referral", help="referrals to the clusters (transmissions aux pôles)")
    rsub = r.add_subparsers(dest="referral_command", metavar="ACTION", required=True)
    s = rsub.add_parser("send", parents=[parent], help="send an organisation to a cluster")
    s.add_argument("ref", metavar="ORG_ID|SIRET")
    s.add_argument("--cluster", required=True, metavar="NAME", help="e.g. i-Trans, Aquimer")
    s.add_argument("--note", metavar="TEXT", help="the message for the cluster")
    s.add_argument("--contact", metavar="CONTACT_ID", help="the contact person to share")
    s.add_argument(
        "--consent",
        action="store_true",
        help="the consent to share was given now, to you (by the contact, if one is chosen)",
    )
    s.add_argument(
        "--officer", metavar="EMAIL", help="who sends it (default: this laptop's sync account)"
    )
    s.set_defaults(func=run_send)
    ls = rsub.add_parser("list", parents=[parent], help="this laptop's referrals and their status")
    ls.add_argument("--org", metavar="ID|SIRET", help="one organisation's referrals")
    ls.set_defaults(func=run_list)


def _officer_email(args: argparse.Namespace, db: Any) -> str:
    if args.officer:
        return str(args.officer)
    from hdf_field.sync.service import read_binding

    binding = read_binding(db)
    if binding is None:
        raise CliError("who sends it? pass --officer EMAIL (or sync this laptop once)")
    return binding.email


def _as_dict(row: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(row)


def run_send(args: argparse.Namespace) -> int:
    from hdf_field.services.referrals import ConsentMissing, SendReferral, send_referral

    db = open_db(args, existing=True)
    try:
        cmd = SendReferral(
            organisation=args.ref,
            cluster=args.cluster,
            officer_email=_officer_email(args, db),
            message=args.note,
            contact_id=args.contact,
        )
        try:
            row = send_referral(db, cmd, consent_now_by=args.consent)
        except ConsentMissing as exc:
            return fail(error_text(exc, args), 1, args)
    finally:
        db.dispose()
    emit(
        args,
        _as_dict(row),
        f"{row.organisation} transmis à {row.cluster} ({row.id}) ; "
        "envoyé au pôle à la prochaine synchronisation",
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from hdf_field.services.referrals import list_referrals

    db = open_db(args, existing=True)
    try:
        rows = list_referrals(db, args.org)
    finally:
        db.dispose()
    lines = [
        f"{r.sent_at:%Y-%m-%d}  {r.cluster:<22} {STATUS_FR[r.status.value]:<15} {r.organisation}"
        + (f"  — {r.last_comment}" if r.last_comment else "")
        for r in rows
    ]
    emit(args, [_as_dict(r) for r in rows], "\n".join(lines) or "aucune transmission")
    return 0
