"""Database failures a person can act on, as one sentence each.

SQLite reports a full disk, a read-only file, a lock held by another program or a damaged
file as an ``OperationalError``/``DatabaseError`` whose text means nothing to an officer and
whose traceback scares them. The CLI and the GUI both pass every exception through
:func:`describe_database_error`; what it recognises becomes a :class:`DatabaseProblem` (a
:class:`HdfFieldError`, so the usual one-line path shows it), the rest stays a bug.
"""

from __future__ import annotations

import enum
import errno
import sqlite3
from collections.abc import Mapping

from hdf_field.domain.errors import HdfFieldError

# How long a writer waits for another program's write transaction before giving up. Long
# enough for an import's batch (see ``imports.common.COMMIT_SLICE_S``) many times over.
BUSY_TIMEOUT_S = 30


class Problem(enum.StrEnum):
    LOCKED = "locked"  # another program held the write lock past BUSY_TIMEOUT_S
    FULL = "full"  # the disk (or the database's size limit) is full
    READ_ONLY = "read_only"  # the file, its folder or the connection cannot be written
    DAMAGED = "damaged"  # not a database, malformed pages, failed integrity check
    UNREADABLE = "unreadable"  # cannot be opened at all (missing folder, permissions, I/O)


class DatabaseProblem(HdfFieldError):
    """A database failure a person can act on; ``problem`` says which kind."""

    def __init__(
        self,
        problem: Problem,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        if message is None:
            super().__init__(code=code, params=params)
        else:
            super().__init__(message, code=code, params=params)
        self.problem = problem


# The catalogue code of each problem's sentence (domain/error_messages.py, French and English).
_CODES: dict[Problem, str] = {
    Problem.LOCKED: "database.locked",
    Problem.FULL: "database.full",
    Problem.READ_ONLY: "database.read_only",
    Problem.DAMAGED: "database.damaged",
    Problem.UNREADABLE: "database.unreadable",
}

# Extended SQLite result codes (Python >= 3.11 exposes them on the exception) mapped by
# their primary code (the low byte).
_BY_CODE: dict[int, Problem] = {
    5: Problem.LOCKED,  # SQLITE_BUSY
    6: Problem.LOCKED,  # SQLITE_LOCKED
    13: Problem.FULL,  # SQLITE_FULL
    8: Problem.READ_ONLY,  # SQLITE_READONLY
    11: Problem.DAMAGED,  # SQLITE_CORRUPT
    26: Problem.DAMAGED,  # SQLITE_NOTADB
    14: Problem.UNREADABLE,  # SQLITE_CANTOPEN
}
# Texts of the same conditions, for drivers that do not carry the code.
_BY_TEXT: tuple[tuple[str, Problem], ...] = (
    ("database is locked", Problem.LOCKED),
    ("database table is locked", Problem.LOCKED),
    ("database or disk is full", Problem.FULL),
    ("readonly database", Problem.READ_ONLY),
    ("attempt to write a readonly", Problem.READ_ONLY),
    ("file is not a database", Problem.DAMAGED),
    ("malformed", Problem.DAMAGED),
    ("unable to open database file", Problem.UNREADABLE),
)


def _driver_errors() -> tuple[type[BaseException], ...]:
    """The standard module's errors, and SQLCipher's (a separate module, the same codes)."""
    try:
        import sqlcipher3.dbapi2 as sqlcipher
    except ImportError:  # pragma: no cover - a dependency, but the registry can do without
        return (sqlite3.Error,)
    return (sqlite3.Error, sqlcipher.Error)


def database_errors() -> tuple[type[Exception], ...]:
    """What a failing database raises through SQLAlchemy (its ``DBAPIError`` wrapper), for a
    caller outside storage to catch before handing it to :func:`describe_database_error`.

    Imported when asked, as the CLI did before, so that this module itself stays free of
    SQLAlchemy (the error sentences are plain Python).
    """
    from sqlalchemy.exc import DBAPIError

    return (DBAPIError,)


def _driver_error(exc: BaseException) -> BaseException:
    """The DB-API exception under SQLAlchemy's wrapper (``.orig``), or the exception."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (*_driver_errors(), OSError)):
            return current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return exc


def classify(exc: BaseException) -> tuple[Problem, str] | None:
    """Which :class:`Problem` ``exc`` is (with the driver's own words), or None."""
    err = _driver_error(exc)
    if isinstance(err, OSError):
        if err.errno == errno.ENOSPC:
            return Problem.FULL, str(err)
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return Problem.READ_ONLY, str(err)
        return None
    if not isinstance(err, _driver_errors()):
        return None
    detail = str(err) or type(err).__name__
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _BY_CODE:
        return _BY_CODE[code & 0xFF], detail
    lowered = detail.lower()
    for text, problem in _BY_TEXT:
        if text in lowered:
            return problem, detail
    if "disk i/o error" in lowered:
        return Problem.UNREADABLE, detail
    return None


def problem_error(
    problem: Problem, where: str, detail: str = "", *, code: str | None = None
) -> DatabaseProblem:
    """The one sentence of ``problem`` (or of ``code``), said in the reader's language."""
    params = {
        "where": f" {where}" if where else "",
        "detail": detail or problem.value,
        "seconds": BUSY_TIMEOUT_S,
    }
    return DatabaseProblem(problem, code=code or _CODES[problem], params=params)


def describe_database_error(exc: BaseException, where: str = "") -> DatabaseProblem | None:
    """``exc`` as a one-line :class:`DatabaseProblem`, or None when it is something else."""
    if isinstance(exc, DatabaseProblem):
        return exc
    found = classify(exc)
    if found is None:
        return None
    problem, detail = found
    return problem_error(problem, where, detail)
