"""Data flows one way: ui → services → storage/planning/sync → domain.

A lower layer that imports a higher one (a report reaching into a service, the domain into
storage) drags the higher layer's dependencies and state along, so each core package lists
the packages it may import. Read from the source, imports inside functions included, so a
deferred import does not slip past.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hdf_field

PACKAGE_DIR = Path(hdf_field.__file__).resolve().parent

# Top-level modules of hdf_field that any layer may use.
SHARED = {"paths", "files", "__version__"}

# package → the other hdf_field packages it may import.
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "storage": {"domain"},
    "geo": {"domain"},
    "planning": {"domain"},
    "reports": {"domain", "planning"},
    "imports": {"domain", "geo", "storage", "sync"},  # imports queue their changes for sync
    "sync": {"domain", "storage"},
    "registry": {"domain", "storage", "sync"},
    "services": {"domain", "geo", "imports", "planning", "reports", "storage", "sync"},
    "ui": {"domain", "geo", "planning", "reports", "services", "storage", "sync"},
}


def hdf_imports(path: Path) -> set[str]:
    """The hdf_field packages or top-level modules a source file imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "hdf_field":  # from hdf_field import services
                modules = [f"hdf_field.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            raise AssertionError(f"{path}: relative import; the project uses absolute ones")
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "hdf_field" and len(parts) > 1:
                found.add(parts[1])
    return found


def violations(package: str) -> list[str]:
    allowed = ALLOWED[package] | SHARED | {package}
    out = []
    for path in sorted((PACKAGE_DIR / package).rglob("*.py")):
        for target in sorted(hdf_imports(path) - allowed):
            out.append(f"{path.relative_to(PACKAGE_DIR.parent)} imports hdf_field.{target}")
    return out


def test_every_core_package_has_a_rule() -> None:
    packages = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").exists()}
    assert packages - ALLOWED.keys() == {"cli"}  # the entry point may import anything


def test_the_scanner_sees_deferred_and_package_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from hdf_field.storage.orm import Visit\n"
        "import hdf_field.geo.gazetteer\n"
        "from hdf_field import services\n"
        "def later() -> None:\n"
        "    from hdf_field.ui.tasks import TaskRunner\n",
        encoding="utf-8",
    )
    assert hdf_imports(source) == {"storage", "geo", "services", "ui"}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_lower_layers(package: str) -> None:
    assert violations(package) == []
