"""Reports render in the CLI and on machines without Qt: importing them must not pull PySide6."""

from __future__ import annotations

import subprocess
import sys


def test_reports_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import hdf_field.reports.day_sheet, hdf_field.reports.week_pack\n"
        "import hdf_field.reports.manager_summary, hdf_field.reports.ics\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
