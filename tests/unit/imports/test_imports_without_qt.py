"""The importers run in the CLI and on servers without Qt."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "hdf_field.imports.sirene",
    "hdf_field.imports.kbo",
    "hdf_field.imports.tabular",
    "hdf_field.cli.imports",
]


def test_importers_do_not_import_pyside6() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {MODULES!r}:\n"
        "    importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
