"""The core must import without Qt: the CLI and the registry server run on machines without it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import hdf_field


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(hdf_field.__path__, prefix="hdf_field."):
        if info.name.startswith("hdf_field.ui") or info.name == "hdf_field.__main__":
            continue
        names.append(info.name)
    return sorted(names)


def test_the_core_has_modules_to_check() -> None:
    modules = _core_modules()
    assert "hdf_field.storage.orm" in modules and "hdf_field.cli" in modules


def test_importing_the_core_does_not_import_pyside6() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {_core_modules()!r}:\n"
        "    importlib.import_module(m)\n"
        "import hdf_field.cli as c; c.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout}"
