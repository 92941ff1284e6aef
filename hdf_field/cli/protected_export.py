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

from hdf_field.cli.common import CliError, emit
from hdf_field.services.protected_files import (
    PassphraseError,
    check_passphrase,
    generate_passphrase,
    read_passphrase_file,
    write_contact_export,
)

PLAIN_WARNING = (
    "hdf-field: warning: {path} is NOT encrypted and holds a person's data: hand it over "
    "directly, never by e-mail, and delete it afterwards"
)
PASSPHRASE_NOTICE = (
    "Phrase de passe de {path} (affichée une seule fois, à transmettre par un autre canal "
    "que le fichier) : {passphrase}"
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
        raise CliError("--plain, --passphrase-file and --show-passphrase go with --pdf OUT")
    if args.show_passphrase and not args.json:
        raise CliError("--show-passphrase only adds the passphrase to the --json output")


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
        raise CliError(str(exc)) from exc
    return generate_passphrase(), "generated"


def write_export(args: argparse.Namespace, data: Mapping[str, Any]) -> int:
    """Write ``data`` (a right-of-access export) as ``--pdf`` asks, and say what was written.

    The JSON keeps the ``pdf`` key of the first version (the path of the file written) and
    adds ``file``, ``encrypted``, ``format``, ``members`` and ``passphrase_source``."""
    passphrase, source = _passphrase(args)
    try:
        written = write_contact_export(data, args.pdf, passphrase=passphrase)
    except OSError as exc:
        raise CliError(f"{args.pdf}: cannot write ({exc.strerror or exc})") from exc
    out: dict[str, Any] = {
        "pdf": str(written.path),
        **written.as_json(),
        "passphrase_source": source,
    }
    if passphrase is None:
        print(PLAIN_WARNING.format(path=written.path), file=sys.stderr)
        emit(args, out, f"PDF écrit (NON chiffré) : {written.path}")
        return 0
    if source == "generated":
        print(PASSPHRASE_NOTICE.format(path=written.path, passphrase=passphrase), file=sys.stderr)
    if args.show_passphrase:
        out["passphrase"] = passphrase
    emit(
        args,
        out,
        f"Export chiffré (AES-256) écrit : {written.path} ({', '.join(written.members)})",
    )
    return 0
