"""Time the demo region build (service and CLI) on a fresh SQLite file; prints figures.

Run: PYTHONPATH=. python benchmarks/demo_build.py [PROSPECTS]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    prospects = int(sys.argv[1]) if len(sys.argv) > 1 else 7000
    from hdf_field.services.demo import build_demo
    from hdf_field.storage.database import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "service.sqlite3")
        started = time.perf_counter()
        summary = build_demo(db, prospects=prospects, seed=42)
        elapsed = time.perf_counter() - started
        db.dispose()
        print(
            f"build_demo({prospects}): {elapsed:.2f} s "
            f"({summary['organisations']} orgs, {summary['contacts']} contacts, "
            f"{summary['visits']} visits, {summary['follow_ups']} follow-ups)"
        )
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hdf_field",
                "demo",
                "--db",
                str(Path(tmp) / "cli.sqlite3"),
                "--prospects",
                str(prospects),
                "--json",
            ],
            check=True,
            capture_output=True,
        )
        print(
            f"hdf-field demo --prospects {prospects} (whole process, migrations included): "
            f"{time.perf_counter() - started:.2f} s"
        )


if __name__ == "__main__":
    main()
