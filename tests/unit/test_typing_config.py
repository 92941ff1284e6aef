"""mypy runs strict; the modules excused from some strict checks are listed in pyproject.toml,
and that list only shrinks: a new module is strict from its first commit."""

from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

# The exceptions left: the GUI and the command line (the core has none). Remove a module
# here when it leaves pyproject's overrides; never add one.
KNOWN_EXCEPTIONS = {"hdf_field.ui.*", "hdf_field.cli.*"}


def _mypy() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mypy"]


def test_mypy_is_strict() -> None:
    assert _mypy()["strict"] is True


def test_the_exceptions_only_shrink() -> None:
    listed: set[str] = set()
    for override in _mypy().get("overrides", []):
        modules = override["module"]
        listed |= {modules} if isinstance(modules, str) else set(modules)
    assert listed <= KNOWN_EXCEPTIONS, f"new strict exceptions: {sorted(listed - KNOWN_EXCEPTIONS)}"


def test_the_core_has_no_exception() -> None:
    """Issue 14: strict on the core, exceptions only for the layers above it."""
    for override in _mypy().get("overrides", []):
        modules = override["module"]
        for module in [modules] if isinstance(modules, str) else modules:
            assert module.startswith(("hdf_field.ui", "hdf_field.cli")), module
