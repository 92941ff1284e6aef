"""The core must import without Qt: the CLI and the registry server run on machines without it."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "hdf_field.domain.enums",
    "hdf_field.domain.identifiers",
    "hdf_field.storage.orm",
    "hdf_field.storage.database",
    "hdf_field.services.bootstrap",
    "hdf_field.services.stats",
    "hdf_field.cli",
]


def test_importing_the_core_does_not_import_pyside6() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {CORE_MODULES!r}:\n"
        "    importlib.import_module(m)\n"
        "import hdf_field.cli as c; c.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout}"
