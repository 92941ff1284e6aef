"""``hdf-field registry``: run the central registry and manage its accounts and tokens."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, emit
from hdf_field.domain.formatting import count


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    r = sub.add_parser("registry", help="the agency's central registry server")
    rsub = r.add_subparsers(dest="registry_command", metavar="ACTION", required=True)

    s = rsub.add_parser("serve", parents=[parent], help="run the registry (creates/migrates --db)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--certfile", help="TLS certificate (PEM)")
    s.add_argument("--keyfile", help="TLS private key (PEM)")
    s.add_argument("--workers", type=int, default=1)
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
    ua.add_argument("--role", choices=["officer", "manager", "admin"], required=True)
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


def _open(args: argparse.Namespace) -> Any:
    from hdf_field.registry.service import open_registry

    if not args.db:
        raise CliError("--db URL is required (postgresql+psycopg://... or a SQLite path)")
    return open_registry(args.db)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hdf_field.registry.app import create_app
    from hdf_field.registry.logs import configure_json_logging

    if bool(args.certfile) != bool(args.keyfile):
        raise CliError("--certfile and --keyfile go together")
    from hdf_field.registry.http import parse_proxies

    try:
        proxies = parse_proxies(args.trusted_proxy)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    configure_json_logging()
    db = _open(args)
    app = create_app(db, trusted_proxies=proxies)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    from hdf_field.domain.enums import Role
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
        account = service.add_user(
            uow.session,
            args.email,
            Role(args.role),
            password or None,
            name=args.name,
            territory=territory,
        )
        uow.commit()
        data = {
            "email": account.email,
            "role": account.role.value,
            "officer_id": account.officer_id,
        }
    db.dispose()
    emit(args, data, f"compte {data['email']} ({data['role']}) créé")
    return 0


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
    emit(args, {"revoked": True, "email": email}, f"jeton de {email} révoqué")
    return 0


def run_import_bundle(args: argparse.Namespace) -> int:
    from hdf_field.registry.service import import_bundle

    db = _open(args)
    summary = import_bundle(db, args.file, args.reply)
    db.dispose()
    emit(
        args,
        summary,
        f"{count(summary['mutations'], 'modification', 'modifications')} "
        f"de {summary['author']}, {count(summary['conflicts'], 'conflit', 'conflits')}",
    )
    return 0
