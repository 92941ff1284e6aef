"""``hdf-field contact add|set|list|export|erase``: contact persons and what is held on them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, emit, error_text, fail, open_db
from hdf_field.cli.org import _actor, parse_assignments
from hdf_field.cli.protected_export import add_protection_options, check_options, write_export
from hdf_field.domain.errors import NotFoundError
from hdf_field.domain.formatting import count

LEGAL_BASIS_FR = {
    "legitimate_interest": "intérêt légitime",
    "consent": "consentement",
    "contract": "contrat",
    "public_task": "mission d'intérêt public",
}


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    contact = sub.add_parser("contact", help="contact persons: add, edit, list, export, erase")
    c_sub = contact.add_subparsers(dest="contact_command", metavar="ACTION", required=True)

    add = c_sub.add_parser("add", parents=[parent], help="add a contact to an organisation")
    add.add_argument("ref", metavar="ORG_ID|SIRET")
    add.add_argument("--last-name", required=True)
    add.add_argument("--first-name")
    add.add_argument("--email")
    add.add_argument("--phone")
    add.add_argument("--role")
    add.add_argument("--language", help="two-letter code (default fr)")
    add.add_argument(
        "--legal-basis",
        choices=("legitimate_interest", "consent", "contract", "public_task"),
        help="GDPR legal basis (default legitimate_interest)",
    )
    add.add_argument(
        "--consent-date",
        metavar="YYYY-MM-DD",
        help="day consent was given (consent without it: today)",
    )
    add.add_argument(
        "--source",
        choices=("register", "business_card", "website", "event", "referral", "other"),
        help="where the person's data came from",
    )
    add.add_argument("--source-detail", help="free text about the source (required for other)")
    add.add_argument(
        "--informed-at",
        metavar="YYYY-MM-DD",
        help="day the person was told we hold their data (GDPR art. 14)",
    )
    add.add_argument(
        "--objection",
        action="store_true",
        help="the person objected: ne plus contacter (dated today)",
    )
    add.set_defaults(func=run_add)

    edit = c_sub.add_parser(
        "set",
        parents=[parent],
        help="change fields: contact set ID field=value ... (all or nothing)",
    )
    edit.add_argument("id", metavar="ID")
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    edit.set_defaults(func=run_set)

    listing = c_sub.add_parser("list", parents=[parent], help="an organisation's contacts")
    listing.add_argument("ref", metavar="ORG_ID|SIRET")
    listing.set_defaults(func=run_list)

    export = c_sub.add_parser(
        "export",
        parents=[parent],
        help="everything held on one person on this laptop (--json, or --pdf OUT: encrypted)",
    )
    export.add_argument("id", metavar="ID")
    add_protection_options(export)
    export.add_argument(
        "--drafts",
        metavar="DIR",
        type=Path,
        default=None,
        help="visit drafts folder (default: the app's own)",
    )
    export.set_defaults(func=run_export)

    erase = c_sub.add_parser(
        "erase",
        parents=[parent],
        help="erase a person from this laptop and, at the next sync, everywhere (GDPR art. 17)",
    )
    erase.add_argument("id", metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm: erasure cannot be undone")
    erase.add_argument(
        "--drafts",
        metavar="DIR",
        type=Path,
        default=None,
        help="visit drafts folder (default: the app's own)",
    )
    erase.set_defaults(func=run_erase)


def _default_drafts_dir() -> Path:
    from platformdirs import user_data_path

    from hdf_field.paths import APP_NAME

    return user_data_path(APP_NAME, appauthor=False) / "drafts"


def _line(c: dict[str, Any]) -> str:
    who = " ".join(x for x in (c.get("first_name"), c["last_name"]) if x)
    extra = " · ".join(x for x in (c.get("role"), c.get("phone"), c.get("email")) if x)
    basis = LEGAL_BASIS_FR.get(c.get("legal_basis") or "", c.get("legal_basis") or "?")
    flag = f" — NE PLUS CONTACTER (depuis le {c['objection_date']})" if c.get("objection") else ""
    return f"{c['id']}  {who}" + (f" — {extra}" if extra else "") + f" [{basis}]{flag}"


def run_add(args: argparse.Namespace) -> int:
    from hdf_field.services.contacts import add_contact

    fields: dict[str, Any] = {"last_name": args.last_name}
    for key in (
        "first_name",
        "email",
        "phone",
        "role",
        "language",
        "legal_basis",
        "consent_date",
        "source",
        "source_detail",
        "informed_at",
    ):
        value = getattr(args, key)
        if value is not None:
            fields[key] = value
    if args.objection:
        fields["objection"] = True
    db = open_db(args, existing=True)
    try:
        out = add_contact(db, args.ref, fields, _actor())
    finally:
        db.dispose()
    emit(args, out, _line(out))
    return 0


def run_set(args: argparse.Namespace) -> int:
    from hdf_field.services.contacts import update_contact

    changes = parse_assignments(args.assignments)
    db = open_db(args, existing=True)
    try:
        out = update_contact(db, args.id, changes, _actor())
    finally:
        db.dispose()
    emit(args, out, f"{_line(out)} : version {out['version']}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from hdf_field.services.contacts import list_contacts

    db = open_db(args, existing=True)
    try:
        rows = list_contacts(db, args.ref)
    finally:
        db.dispose()
    emit(args, rows, "\n".join(_line(c) for c in rows) if rows else "Aucun contact.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from hdf_field.services.contacts import export_contact

    check_options(args)
    drafts = args.drafts if args.drafts is not None else _default_drafts_dir()
    db = open_db(args, existing=True)
    try:
        data = export_contact(db, args.id, drafts_dir=drafts)
    except NotFoundError as exc:
        # The contract: exit 1 when the person is not held.
        return fail(error_text(exc, args), code=1, args=args)
    finally:
        db.dispose()
    if args.pdf is not None:
        return write_export(args, data)
    emit(args, data)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    from hdf_field.services.contact_erasure import contact_label, erase_contact

    drafts = args.drafts if args.drafts is not None else _default_drafts_dir()
    db = open_db(args, existing=True)
    try:
        who = contact_label(db, args.id)
        if not args.yes:
            raise CliError(f"erasing {who} cannot be undone: run again with --yes to confirm")
        out = erase_contact(db, args.id, _actor(), drafts_dir=drafts)
    except NotFoundError as exc:
        return fail(error_text(exc, args), code=1, args=args)
    finally:
        db.dispose()
    dropped = out["dropped_changes"]
    emit(
        args,
        out,
        f"Contact {who} effacé de ce poste ; l'effacement partira à la prochaine synchronisation"
        + (
            " ("
            + count(
                dropped,
                "modification en attente abandonnée",
                "modifications en attente abandonnées",
            )
            + ")"
            if dropped
            else ""
        ),
    )
    return 0
