"""``hdf-field registry``: run the central registry and manage its accounts and tokens."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, cli_language, emit, error_text, fail
from hdf_field.cli.protected_export import add_protection_options, check_options, write_export
from hdf_field.domain.formatting import count, plural


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    r = sub.add_parser("registry", help="the agency's central registry server")
    rsub = r.add_subparsers(dest="registry_command", metavar="ACTION", required=True)

    s = rsub.add_parser("serve", parents=[parent], help="run the registry (creates/migrates --db)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--certfile", help="TLS certificate (PEM)")
    s.add_argument("--keyfile", help="TLS private key (PEM)")
    s.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1); more serve many laptops at once on several cores",
    )
    s.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDR",
        help="address of a reverse proxy whose X-Forwarded-For is believed "
        "(repeatable, or comma-separated); from anyone else it is ignored",
    )
    s.set_defaults(func=run_serve)

    u = rsub.add_parser("user", help="accounts")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", parents=[parent], help="add an account (password on stdin)")
    ua.add_argument("email", metavar="EMAIL")
    ua.add_argument("--role", choices=["officer", "manager", "admin", "cluster"], required=True)
    ua.add_argument(
        "--cluster", metavar="NAME", help="the cluster a cluster account works for (e.g. i-Trans)"
    )
    ua.add_argument("--name", help="display name of a new officer")
    ua.add_argument("--territory", help="département codes, comma-separated (officers)")
    ua.set_defaults(func=run_user_add)

    t = rsub.add_parser("token", help="bearer tokens")
    tsub = t.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    tc = tsub.add_parser("create", parents=[parent], help="print a new token for an account")
    tc.add_argument("email", metavar="EMAIL")
    tc.set_defaults(func=run_token_create)
    tr = tsub.add_parser("revoke", parents=[parent], help="revoke a token")
    tr.add_argument("token", metavar="TOKEN")
    tr.set_defaults(func=run_token_revoke)

    ib = rsub.add_parser("import-bundle", parents=[parent], help="apply a laptop's sync bundle")
    ib.add_argument("file", type=Path, metavar="FILE")
    ib.add_argument(
        "--reply",
        type=Path,
        metavar="OUT",
        help="write the reply bundle to carry back to the laptop",
    )
    ib.set_defaults(func=run_import_bundle)

    c = rsub.add_parser("contact", help="one person at the registry: erase, export (GDPR)")
    csub = c.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    ce = csub.add_parser(
        "erase",
        parents=[parent],
        help="erase a person at the registry; every laptop erases them at its next sync",
    )
    ce.add_argument("id", metavar="ID")
    ce.add_argument("--yes", action="store_true", help="confirm: erasure cannot be undone")
    ce.add_argument("--actor", metavar="EMAIL", help="who erases, for the audit (default: you)")
    ce.set_defaults(func=run_contact_erase)
    cx = csub.add_parser(
        "export",
        parents=[parent],
        help="everything the registry holds on one person, its audit included (--json, --pdf)",
    )
    cx.add_argument("id", metavar="ID")
    add_protection_options(cx)
    cx.set_defaults(func=run_contact_export)

    rt = rsub.add_parser(
        "retention",
        parents=[parent],
        help="contacts with no activity for N months: list them, or erase them (--apply)",
    )
    rt.add_argument(
        "--months",
        type=int,
        metavar="N",
        help="inactivity period (default: the registry's setting, else 36)",
    )
    rt.add_argument("--apply", action="store_true", help="erase every contact listed")
    rt.add_argument("--yes", action="store_true", help="confirm --apply")
    rt.add_argument(
        "--set-months",
        type=int,
        metavar="N",
        help="store N as the registry's retention period, then list with it",
    )
    rt.add_argument("--actor", metavar="EMAIL", help="who erases, for the audit (default: you)")
    rt.set_defaults(func=run_retention)


def _open(args: argparse.Namespace) -> Any:
    from hdf_field.registry.service import open_registry

    if not args.db:
        raise CliError(code="cli.registry_url")
    return open_registry(args.db)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hdf_field.registry.app import create_app
    from hdf_field.registry.logs import configure_json_logging

    if bool(args.certfile) != bool(args.keyfile):
        raise CliError(code="cli.cert_pair")
    from hdf_field.registry.http import ProxyAddressError, parse_proxies

    try:
        proxies = parse_proxies(args.trusted_proxy)
    except ProxyAddressError as exc:
        raise CliError(code="cli.trusted_proxy", params={"value": exc.value}) from None
    configure_json_logging()
    db = _open(args)
    serving: dict[str, Any] = dict(
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    if args.workers > 1:
        # Several processes (Python runs one request's code at a time per process): the
        # schema is migrated and the feed caught up once here, then each worker builds the
        # application from the environment (`worker_app`).
        db.dispose()
        os.environ[WORKER_ENV] = json.dumps({"db": args.db, "proxies": args.trusted_proxy})
        uvicorn.run(
            "hdf_field.cli.registry:worker_app", factory=True, workers=args.workers, **serving
        )
        return 0
    uvicorn.run(create_app(db, trusted_proxies=proxies), **serving)
    return 0


WORKER_ENV = "HDF_REGISTRY_SERVE"


def worker_app() -> Any:
    """The application of one `registry serve --workers N` process (a uvicorn factory)."""
    from hdf_field.registry.app import create_app
    from hdf_field.registry.logs import configure_json_logging
    from hdf_field.registry.service import open_registry

    conf = json.loads(os.environ[WORKER_ENV])
    configure_json_logging()
    return create_app(open_registry(conf["db"]), trusted_proxies=conf["proxies"])


def run_user_add(args: argparse.Namespace) -> int:
    from hdf_field.domain.enums import Role
    from hdf_field.domain.errors import ValidationError
    from hdf_field.registry import service
    from hdf_field.storage.uow import UnitOfWork

    if sys.stdin.isatty():
        password = getpass.getpass("Mot de passe : ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    territory = (
        [t.strip() for t in args.territory.split(",") if t.strip()] if args.territory else None
    )
    db = _open(args)
    with UnitOfWork(db) as uow:
        if args.role == "cluster":
            load_reference_clusters(uow.session)
        try:
            account = service.add_user(
                uow.session,
                args.email,
                Role(args.role),
                password or None,
                name=args.name,
                territory=territory,
                cluster=args.cluster,
            )
        except ValidationError as exc:
            if exc.field != "cluster":
                raise
            refused = str(exc)
        else:
            uow.commit()
            refused = ""
            data = {
                "email": account.email,
                "role": account.role.value,
                "officer_id": account.officer_id,
                "cluster_id": account.cluster_id,
            }
    db.dispose()
    if refused:
        return fail(refused, 1, args)  # an unknown or missing cluster: exit 1, one line
    en = cli_language(args) == "en"
    cluster = f", {'cluster' if en else 'pôle'} {args.cluster.strip()}" if args.cluster else ""
    created = (
        "account {email} ({role}{cluster}) created"
        if en
        else "compte {email} ({role}{cluster}) créé"
    )
    emit(args, data, created.format(email=data["email"], role=data["role"], cluster=cluster))
    return 0


def load_reference_clusters(session: Any) -> int:
    """Load or refresh the clusters of the reference data in the registry's ``session`` and
    put them in its change feed (referrals point at them); returns the rows touched."""
    from hdf_field.geo.gazetteer import load_gazetteer
    from hdf_field.registry import service
    from hdf_field.services.reference import ACTOR, apply_reference_data, load_cluster_specs
    from hdf_field.storage.orm import ACTOR as ACTOR_KEY

    session.info[ACTOR_KEY] = session.info.get(ACTOR_KEY) or ACTOR
    touched = apply_reference_data(session, load_cluster_specs(), load_gazetteer())
    if touched:
        service.feed_clusters(session)
    return touched


def run_token_create(args: argparse.Namespace) -> int:
    from hdf_field.registry import service
    from hdf_field.storage.uow import UnitOfWork

    db = _open(args)
    with UnitOfWork(db) as uow:
        token = service.create_token(uow.session, args.email)
        uow.commit()
    db.dispose()
    emit(args, {"token": token}, token)
    return 0


def run_token_revoke(args: argparse.Namespace) -> int:
    from hdf_field.registry import service
    from hdf_field.storage.uow import UnitOfWork

    db = _open(args)
    with UnitOfWork(db) as uow:
        email = service.revoke_token(uow.session, args.token)
        uow.commit()
    db.dispose()
    revoked = (
        "token of {email} revoked" if cli_language(args) == "en" else "jeton de {email} révoqué"
    )
    emit(args, {"revoked": True, "email": email}, revoked.format(email=email))
    return 0


def run_import_bundle(args: argparse.Namespace) -> int:
    from hdf_field.registry.service import import_bundle

    db = _open(args)
    summary = import_bundle(db, args.file, args.reply)
    db.dispose()
    lang = cli_language(args)
    if lang == "en":
        changes = count(summary["mutations"], "change", "changes", lang)
        text = f"{changes} from {summary['author']}, "
        text += count(summary["conflicts"], "conflict", "conflicts", lang)
    else:
        changes = count(summary["mutations"], "modification", "modifications", lang)
        text = f"{changes} de {summary['author']}, "
        text += count(summary["conflicts"], "conflit", "conflits", lang)
    emit(args, summary, text)
    return 0


def _registry_actor(args: argparse.Namespace) -> str:
    from hdf_field.cli.org import _actor

    return str(args.actor or _actor())[:254]


def _uuid(ref: str) -> Any:
    import uuid

    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        raise CliError(code="cli.not_contact_id", params={"value": ref}) from None


def run_contact_erase(args: argparse.Namespace) -> int:
    from hdf_field.registry.erasure import erase_contacts

    contact_id = _uuid(args.id)
    if not args.yes:
        raise CliError(code="cli.confirm_erasure")
    db = _open(args)
    try:
        [outcome] = erase_contacts(db, [contact_id], _registry_actor(args))
    finally:
        db.dispose()
    data = outcome.as_dict()
    lang = cli_language(args)
    if lang == "en":
        if outcome.already:
            text = f"contact {contact_id}: already erased"
        elif outcome.known:
            scrubbed = count(outcome.records_scrubbed, "record cleaned", "records cleaned", lang)
            text = (
                f"contact {contact_id} erased ({scrubbed}); every laptop erases it at its next sync"
            )
        else:
            text = f"contact {contact_id} unknown to the registry: erasure noted for every laptop"
    elif outcome.already:
        text = f"contact {contact_id} : déjà effacé"
    elif outcome.known:
        scrubbed = count(outcome.records_scrubbed, "fiche nettoyée", "fiches nettoyées", lang)
        text = (
            f"contact {contact_id} effacé ({scrubbed}) ; "
            "chaque poste l'effacera à sa prochaine synchronisation"
        )
    else:
        text = f"contact {contact_id} inconnu du registre : effacement noté pour tous les postes"
    emit(args, data, text)
    return 0


def run_contact_export(args: argparse.Namespace) -> int:
    from hdf_field.domain.errors import NotFoundError
    from hdf_field.registry.erasure import export_contact

    check_options(args)
    contact_id = _uuid(args.id)
    db = _open(args)
    try:
        with db.session() as session:
            data = export_contact(session, contact_id)
    except NotFoundError as exc:
        return fail(error_text(exc, args), code=1, args=args)
    finally:
        db.dispose()
    if args.pdf is not None:
        return write_export(args, data)
    emit(args, data)
    return 0


def run_retention(args: argparse.Namespace) -> int:
    from hdf_field.domain.errors import ValidationError
    from hdf_field.registry import erasure

    if args.apply and not args.yes:
        raise CliError(code="cli.confirm_apply")
    db = _open(args)
    actor = _registry_actor(args)
    try:
        if args.set_months is not None:
            erasure.set_retention_months(db, args.set_months, actor)
        with db.session() as session:
            months = args.months if args.months is not None else erasure.retention_months(session)
            erasure.check_months(months)
            if not args.apply:
                found = erasure.inactive_contacts(session, months)
        if args.apply:
            found = erasure.apply_retention(db, months, actor)
    except ValidationError as exc:
        raise CliError(error_text(exc, args)) from None
    finally:
        db.dispose()
    data = {
        "months": months,
        "applied": bool(args.apply),
        "contacts": [i.as_dict() for i in found],
    }
    lang = cli_language(args)
    if lang == "en":
        verb = "erased" if args.apply else "without activity, to review"
        head = f"{count(len(found), 'contact', 'contacts', lang)} {verb} "
        head += f"(no activity for {count(months, 'month', 'months', lang)})"
        last = "last activity on"
    else:
        verb = (
            plural(len(found), "effacé", "effacés", lang)
            if args.apply
            else "sans activité, à examiner"
        )
        head = f"{count(len(found), 'contact', 'contacts', lang)} {verb} "
        head += f"(aucune activité depuis {months} mois)"
        last = "dernière activité le"
    lines = [head]
    lines += [
        f"{i.id}  {i.name} — {i.organisation} — {last} {i.last_activity.date().isoformat()}"
        for i in found
    ]
    emit(args, data, "\n".join(lines))
    return 0
