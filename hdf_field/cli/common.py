"""Shared CLI plumbing: the ``--db``/``--json`` options, output and one-line errors."""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from hdf_field.domain.glossary import LANGUAGES, Lang
from hdf_field.storage.database import Database

LANG_VARIABLE = "HDF_FIELD_LANG"


class CliError(Exception):
    """Bad input on the command line: printed as one line, exit code 2.

    ``CliError(code="cli.confirm_erasure")`` is said in the CLI's language (``--lang``) through
    :mod:`hdf_field.domain.error_messages`; a plain message is printed as it is."""

    code: str | None = None
    params: Mapping[str, object] = {}

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        if code is not None:
            from hdf_field.domain.error_messages import template_text

            self.code = code
            self.params = dict(params or {})
            if message is None:
                message = template_text(code, self.params, "en")
        if message is None:
            raise TypeError("CliError needs a message or a code")
        super().__init__(message)


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes are bad input too: one line on stderr and exit code 2, like every other
    error, so that scripts can log them; the full usage stays one ``--help`` away."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def common_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="database file (default: the user database); registry commands take a URL",
    )
    parent.add_argument("--json", action="store_true", help="machine-readable output")
    parent.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"language of messages and summaries (default: ${LANG_VARIABLE}, else fr); "
        "for gui, the interface language, saved in the settings",
    )
    return parent


def cli_language(args: argparse.Namespace | None = None) -> Lang:
    """``--lang``, else ``$HDF_FIELD_LANG``, else French (the campaign's working language).

    The GUI keeps its choice in Qt settings, which the CLI does not read (it never imports
    Qt); a person who wants English everywhere sets the variable once."""
    chosen = getattr(args, "lang", None) if args is not None else None
    if chosen in LANGUAGES:
        return chosen  # type: ignore[no-any-return]
    env = os.environ.get(LANG_VARIABLE, "").strip().lower()[:2]
    return "en" if env == "en" else "fr"


def error_text(exc: BaseException, args: argparse.Namespace | None = None) -> str:
    """An error of the core in the CLI's language (field names included)."""
    from hdf_field.domain.error_messages import render

    return render(exc, cli_language(args))


def open_db(args: argparse.Namespace, *, existing: bool = False) -> Database:
    """The database of ``--db`` (default: the user database), migrated on opening.

    ``existing``: commands that only read or edit refuse a ``--db`` file that does not exist,
    rather than create an empty database and report that nothing is in it (a typo in a path
    would otherwise look like an empty campaign).
    """
    from hdf_field.services.bootstrap import open_app_database

    if args.db and "://" not in args.db:
        path = Path(args.db)
        if existing and not path.exists():
            raise CliError(f"{path}: no such database (hdf-field demo or an import creates one)")
        db = open_app_database(path)
    else:
        db = open_app_database(args.db)
    if db.damage is not None:
        # Reading still works (to export a bundle, to look something up); every write will
        # be refused with its own line.
        warn(db.damage_message(cli_language(args)), args)
        if db.engine.dialect.name == "sqlite":
            from hdf_field.services.backups import rescue_damaged

            warn(rescue_damaged(db).message(), args)
    return db


def _default(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, default=_default, ensure_ascii=False, indent=2)


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else the human text (or the JSON if none)."""
    if getattr(args, "json", False) or text is None:
        print(to_json(data))
    else:
        print(text)


def fail(message: str, code: int = 2, args: argparse.Namespace | None = None) -> int:
    """One line on stderr, prefixed in the run's language like the message after it (a French
    run said "hdf-field: error: Raison sociale : …"), and the exit code to return.

    The prefix's words change with ``--lang``, its shape does not: a script that reads the
    line matches ``hdf-field`` and the exit code, never the words."""
    first_line = message.strip().splitlines()[0] if message.strip() else "—"
    print(_prefixed("cli.error", first_line, args), file=sys.stderr)
    return code


def warn(message: str, args: argparse.Namespace | None = None) -> None:
    """A warning line on stderr, prefixed in the run's language; the command goes on."""
    print(_prefixed("cli.warning", message, args), file=sys.stderr)


def _prefixed(code: str, message: str, args: argparse.Namespace | None) -> str:
    from hdf_field.domain.error_messages import template_text

    return template_text(code, {"message": message}, cli_language(args))
