"""No new English-only message for a person in the corners issue 12 found still English.

Every error a person may read from the sync protocol, the planning inputs, the registry (its
CLI and the answers the desktop shows), the KBO import and archive reading, and the visit and
profile checks goes through the catalogue (``code=``, ``domain/error_messages.py``), so it is
said in the user's language. This reads the source: a ``raise`` of one of those errors built
from a literal or an f-string and no ``code=`` fails here, unless it is listed in ``ALLOWED``
with the reason it stays English.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "hdf_field"

# The modules whose messages reach a person (issue 12, item 8: the last review's list).
MODULES = sorted(
    {
        *(ROOT / "sync").glob("*.py"),
        *(ROOT / "planning").glob("*.py"),
        *(ROOT / "registry").glob("*.py"),
        ROOT / "services" / "planning.py",
        ROOT / "services" / "visits.py",
        ROOT / "services" / "officer_profile.py",
        ROOT / "cli" / "registry.py",
        ROOT / "cli" / "sync.py",
        ROOT / "cli" / "plan.py",
        ROOT / "imports" / "kbo.py",
        ROOT / "imports" / "archives.py",
        ROOT / "imports" / "reading.py",
    }
)

# Errors shown to a person (the GUI and the CLI render them with ``error_messages.render``).
USER_ERRORS = {
    "HdfFieldError",
    "ValidationError",
    "InputFileError",
    "NotFoundError",
    "SyncError",
    "AuthError",
    "AccessDenied",
    "BundleRefused",
    "TooManyAttempts",
    "CliError",
}

# (module, the message's first words) → why it stays English.
ALLOWED: dict[tuple[str, str], str] = {
    # ``hdf-field route solve`` and the benchmarks read research instances (TSPLIB, Solomon,
    # JSON matrices) and a reference table of trips: tools for developers, not field staff.
    ("planning/route_solve.py", "{path}: {exc.strerror or exc}"): "developer tool",
    ("planning/route_solve.py", "{path}: line "): "developer tool",
    ("planning/route_solve.py", "{path}: expected a JSON object"): "developer tool",
    ("planning/route_solve.py", "{path}: needs 'points' or 'matrix'"): "developer tool",
    ("planning/tsplib.py", "{path}"): "developer tool (TSPLIB / Solomon benchmark files)",
    ("planning/travel_reference.py", "{path}: data row "): "developer tool (benchmarks)",
}


def _literal_text(node: ast.expr) -> str | None:
    """The message's source text when it is a literal or an f-string, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return ast.unparse(node)[2:-1]
    return None


def _error_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def english_raises(path: Path) -> list[tuple[int, str]]:
    """(line, message) of each user error raised with literal words and no ``code=``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
            continue
        call = node.exc
        name = _error_name(call)
        if name not in USER_ERRORS or any(k.arg == "code" for k in call.keywords):
            continue
        # ValidationError(field, message) and SyncError(kind, message): the words come second.
        args = call.args[1:] if name in ("ValidationError", "SyncError") else call.args
        for arg in args[:1]:
            text = _literal_text(arg)
            if text is not None:
                found.append((node.lineno, text))
    return found


def _allowed(module: str, text: str) -> bool:
    return any(module == m and text.startswith(start) for m, start in ALLOWED)


def test_the_check_sees_the_modules() -> None:
    assert len(MODULES) > 40 and all(p.is_file() for p in MODULES)


def test_the_check_finds_an_english_raise(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(x):\n"
        "    if x:\n"
        "        raise ValidationError('day_end', f'{x} is not after noon')\n"
        "    raise ValidationError('day_end', code='day.end_before_start')\n",
        encoding="utf-8",
    )
    assert english_raises(sample) == [(3, "{x} is not after noon")]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_errors_go_through_the_catalogue(path: Path) -> None:
    module = str(path.relative_to(ROOT))
    left = [
        f"{module}:{line}: {text!r}"
        for line, text in english_raises(path)
        if not _allowed(module, text)
    ]
    assert not left, (
        "English-only messages for a person: give each a code= with its French and English "
        "in hdf_field/domain/error_messages.py (or list it in ALLOWED with the reason):\n"
        + "\n".join(left)
    )


def test_every_allowance_is_still_used() -> None:
    """An entry whose raise was translated or removed goes, so the list only shrinks."""
    used = {
        (str(p.relative_to(ROOT)), start)
        for p in MODULES
        for _, text in english_raises(p)
        for m, start in ALLOWED
        if str(p.relative_to(ROOT)) == m and text.startswith(start)
    }
    assert set(ALLOWED) == used, sorted(set(ALLOWED) - used)
