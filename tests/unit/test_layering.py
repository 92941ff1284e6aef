"""Data flows one way: ui → services → storage/planning/sync → domain.

A lower layer that imports a higher one (a report reaching into a service, the domain into
storage) drags the higher layer's dependencies and state along, so each package lists the
packages it may import. The GUI talks to services only: what it needs from storage, planning,
geo, reports or sync comes through a service (which re-exports a type or returns a plain
value). Read from the source, imports inside functions included, so a deferred import does not
slip past.

Third-party libraries belong to one layer each (Qt to the GUI, SQLAlchemy to storage, the
registry and sync, HTTP to sync, PDF to reports...): ``THIRD_PARTY_HOME`` says where, and
``GRANDFATHERED`` names the files that break that rule (none since issue 14). That list may
only shrink: a file not on it that imports the library fails, and so does a listed file that
no longer does (take it off the list).

Within each package, the modules' import graph has no cycle. Only imports that run when the
module is first imported count (module level, including ``if``/``try`` blocks and class bodies):
imports inside functions are excluded, as they run later and are the usual way to break such a
cycle; so are ``if TYPE_CHECKING:`` blocks, which never run. Importing ``a.b`` counts as an edge
to ``a.b`` only, not to the package ``a`` that Python initialises first.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
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
    "ui": {"domain", "services"},
}

# third-party top-level module → the hdf_field packages that may import it ("" = the
# top-level modules such as paths.py).
THIRD_PARTY_HOME: dict[str, set[str]] = {
    "PySide6": {"ui"},
    "shiboken6": {"ui"},
    "sqlalchemy": {"storage", "registry", "sync"},
    "alembic": {"storage"},  # migrations run when a database is opened
    "fastapi": {"registry"},
    "starlette": {"registry"},
    "uvicorn": {"registry", "cli"},  # ``hdf-field registry serve`` starts the server
    "httpx": {"sync"},
    "reportlab": {"reports"},
    "folium": {"reports"},  # the HTML map page (reports/maps.py)
    "pyzipper": {"services"},  # encrypted exports of a person's data (protected_files.py)
}

# Files (relative to hdf_field/) that import a library outside its home. Only shrinks: empty
# since issue 14 moved the services', importers' and CLI's queries into storage (a file that
# imports SQLAlchemy outside storage, the registry and sync now fails the test).
GRANDFATHERED: dict[str, set[str]] = {"sqlalchemy": set()}


# --- the scanner ------------------------------------------------------------------------------


def _imported(node: ast.AST, path: Path) -> list[str]:
    """The modules one import statement names; ``from a import b`` gives ``a`` and ``a.b``
    (``b`` may be a submodule or a name; callers keep what exists)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level > 0:
            raise AssertionError(f"{path}: relative import; the project uses absolute ones")
        if node.module:
            return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, wherever the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        found.update(_imported(node, path))
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Statements run when the module is imported: not function bodies, not TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from _import_time_nodes(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(node, field, None)
            if isinstance(inner, list):
                stmts = [
                    s for h in inner for s in (h.body if isinstance(h, ast.ExceptHandler) else [h])
                ]
                yield from _import_time_nodes(stmts)


def import_time_modules(path: Path) -> set[str]:
    """The modules a source file imports as it is itself imported."""
    found: set[str] = set()
    for node in _import_time_nodes(ast.parse(path.read_text(encoding="utf-8")).body):
        found.update(_imported(node, path))
    return found


def hdf_imports(path: Path) -> set[str]:
    """The hdf_field packages or top-level modules a source file imports."""
    return {
        parts[1]
        for module in imported_modules(path)
        if (parts := module.split("."))[0] == "hdf_field" and len(parts) > 1
    }


def third_party_imports(path: Path) -> set[str]:
    return {m.split(".")[0] for m in imported_modules(path)} & THIRD_PARTY_HOME.keys()


def package_of(path: Path, root: Path) -> str:
    """The top-level package a file belongs to; "" for a top-level module."""
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else ""


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([root.name, *parts])


def import_cycles(package_dir: Path, root: Path) -> list[list[str]]:
    """Cycles of import-time imports between the modules of one package (each once)."""
    modules = {module_name(p, root): p for p in sorted(package_dir.rglob("*.py"))}
    graph = {
        name: sorted(m for m in import_time_modules(path) if m in modules and m != name)
        for name, path in modules.items()
    }
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    cycles.append([*cycle, nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in modules:
        if name not in state:
            visit(name)
    return cycles


def violations(package: str) -> list[str]:
    allowed = ALLOWED[package] | SHARED | {package}
    out = []
    for path in sorted((PACKAGE_DIR / package).rglob("*.py")):
        for target in sorted(hdf_imports(path) - allowed):
            out.append(f"{path.relative_to(PACKAGE_DIR.parent)} imports hdf_field.{target}")
    return out


def third_party_violations(root: Path) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for lib in sorted(third_party_imports(path)):
            if package_of(path, root) in THIRD_PARTY_HOME[lib]:
                continue
            if rel not in GRANDFATHERED.get(lib, set()):
                out.append(f"{root.name}/{rel} imports {lib} (its home: {THIRD_PARTY_HOME[lib]})")
    return out


# --- the scanner checked on a made-up tree ---------------------------------------------------


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


def test_the_scanner_sees_third_party_imports_wherever_they_stand(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import numpy\n"
        "if TYPE_CHECKING:\n"
        "    import httpx\n"
        "def later() -> None:\n"
        "    from sqlalchemy.orm import Session\n"
        "class A:\n"
        "    from PySide6 import QtCore\n",
        encoding="utf-8",
    )
    assert third_party_imports(source) == {"httpx", "sqlalchemy", "PySide6"}


def test_the_third_party_check_fails_on_a_stray_import(tmp_path: Path) -> None:
    root = tmp_path / "hdf_field"
    (root / "domain").mkdir(parents=True)
    (root / "ui").mkdir()
    (root / "domain" / "ok.py").write_text("import json\n", encoding="utf-8")
    (root / "domain" / "bad.py").write_text(
        "def f() -> None:\n    import sqlalchemy\n", encoding="utf-8"
    )
    (root / "ui" / "view.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (root / "paths.py").write_text("import reportlab\n", encoding="utf-8")
    assert third_party_violations(root) == [
        f"hdf_field/domain/bad.py imports sqlalchemy (its home: {THIRD_PARTY_HOME['sqlalchemy']})",
        f"hdf_field/paths.py imports reportlab (its home: {THIRD_PARTY_HOME['reportlab']})",
    ]


def test_the_cycle_check_sees_module_level_cycles_only(tmp_path: Path) -> None:
    root = tmp_path / "hdf_field"
    pkg = root / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from hdf_field.pkg.sub import c\n", encoding="utf-8")
    (pkg / "sub" / "c.py").write_text(
        "try:\n    import hdf_field.pkg.b\nexcept ImportError:\n    pass\n", encoding="utf-8"
    )
    (pkg / "b.py").write_text("from hdf_field.pkg.a import x\n", encoding="utf-8")
    # Deferred (inside a function) or for the type checker only: not cycles.
    (pkg / "d.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import hdf_field.pkg.e\n"
        "if TYPE_CHECKING:\n"
        "    import hdf_field.pkg.e as again\n",
        encoding="utf-8",
    )
    (pkg / "e.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from hdf_field.pkg import d\n"
        "def later() -> None:\n"
        "    import hdf_field.pkg.d\n",
        encoding="utf-8",
    )
    assert import_cycles(pkg, root) == [
        ["hdf_field.pkg.a", "hdf_field.pkg.sub.c", "hdf_field.pkg.b", "hdf_field.pkg.a"]
    ]


# --- the rules, on the real source -----------------------------------------------------------


def test_every_core_package_has_a_rule() -> None:
    packages = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").exists()}
    assert packages - ALLOWED.keys() == {"cli"}  # the entry point may import anything


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_lower_layers(package: str) -> None:
    assert violations(package) == []


def test_third_party_libraries_stay_in_their_layer() -> None:
    assert third_party_violations(PACKAGE_DIR) == []


def test_the_grandfathered_list_is_still_true() -> None:
    """A file that stopped importing the library leaves the list, so it cannot come back."""
    stale = [
        f"{rel} no longer imports {lib}: take it off GRANDFATHERED"
        for lib, files in GRANDFATHERED.items()
        for rel in sorted(files)
        if not (PACKAGE_DIR / rel).exists() or lib not in third_party_imports(PACKAGE_DIR / rel)
    ]
    assert stale == []


@pytest.mark.parametrize("package", sorted([*ALLOWED, "cli"]))
def test_no_import_cycle_within_a_package(package: str) -> None:
    cycles = [" → ".join(c) for c in import_cycles(PACKAGE_DIR / package, PACKAGE_DIR)]
    assert cycles == []
