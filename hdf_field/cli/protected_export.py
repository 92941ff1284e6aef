"""The options and the output shared by the commands that write a person's data to a file
(``contact export`` on the laptop, ``registry contact export``): encrypted unless ``--plain``.

A generated passphrase goes to the standard error once, never to the standard output (which
scripts capture and log) unless ``--show-passphrase`` asks for it in the JSON.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, cli_language, emit, error_text, warn
from hdf_field.domain.error_messages import template_text
from hdf_field.services.protected_files import (
    PassphraseError,
    check_passphrase,
    generate_passphrase,
    read_passphrase_file,
    write_contact_export,
)


def add_protection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pdf",
        metavar="OUT",
        type=Path,
        help="write the French PDF report and the JSON in a ZIP encrypted with AES-256 "
        "(OUT with .zip; the passphrase is printed once on the standard error)",
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="take the passphrase from the first line of FILE ('-': the standard input) "
        "instead of generating one",
    )
    how.add_argument(
        "--plain",
        action="store_true",
        help="write the bare PDF at OUT, NOT encrypted (a warning says so)",
    )
    parser.add_argument(
        "--show-passphrase",
        action="store_true",
        help="with --json: put the passphrase in the JSON output too",
    )


def check_options(args: argparse.Namespace) -> None:
    """Refuse what makes no sense before the database is even opened."""
    if args.pdf is None and (args.plain or args.passphrase_file or args.show_passphrase):
        raise CliError(code="cli.protection_needs_pdf")
    if args.show_passphrase and not args.json:
        raise CliError(code="cli.show_passphrase_needs_json")


def _passphrase(args: argparse.Namespace) -> tuple[str | None, str]:
    """The passphrase to encrypt with (None: ``--plain``) and where it came from."""
    if args.plain:
        return None, "none"
    try:
        if args.passphrase_file == "-":
            return check_passphrase(sys.stdin.readline(), "standard input"), "stdin"
        if args.passphrase_file:
            return read_passphrase_file(Path(args.passphrase_file)), "file"
    except PassphraseError as exc:
        raise CliError(error_text(exc, args)) from exc
    return generate_passphrase(), "generated"


def write_export(args: argparse.Namespace, data: Mapping[str, Any]) -> int:
    """Write ``data`` (a right-of-access export) as ``--pdf`` asks, and say what was written.

    The JSON keeps the ``pdf`` key of the first version (the path of the file written) and
    adds ``file``, ``encrypted``, ``format``, ``members`` and ``passphrase_source``."""
    lang = cli_language(args)
    passphrase, source = _passphrase(args)
    try:
        written = write_contact_export(data, args.pdf, passphrase=passphrase)
    except OSError as exc:
        raise CliError(
            code="cli.cannot_write",
            params={"path": str(args.pdf), "detail": exc.strerror or str(exc)},
        ) from exc
    out: dict[str, Any] = {
        "pdf": str(written.path),
        **written.as_json(),
        "passphrase_source": source,
    }
    if passphrase is None:
        warn(template_text("cli.export_not_encrypted", {"path": written.path}, lang), args)
        emit(args, out, template_text("cli.plain_export_written", {"path": written.path}, lang))
        return 0
    if source == "generated":
        notice = {"path": written.path, "passphrase": passphrase}
        print(template_text("cli.passphrase_notice", notice, lang), file=sys.stderr)
    if args.show_passphrase:
        out["passphrase"] = passphrase
    emit(
        args,
        out,
        template_text(
            "cli.encrypted_export_written",
            {"path": written.path, "members": ", ".join(written.members)},
            lang,
        ),
    )
    return 0
