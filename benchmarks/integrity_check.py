"""What the integrity check costs: ``PRAGMA quick_check`` in full, and bounded at open.

Prints, for each database given (or for a 7,000-organisation demo database built with
``--demo``), its size, the full check's time (what the GUI runs on its database thread at
start) and whether the check at open (``OPEN_CHECK_BUDGET_S``) covered all of it.

    python benchmarks/integrity_check.py --demo --db /tmp/bench/with_edits.sqlite3
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def measure(path: Path) -> None:
    from sqlalchemy import func, select

    from hdf_field.storage.database import OPEN_CHECK_BUDGET_S, open_database
    from hdf_field.storage.orm import Organisation

    started = time.perf_counter()
    db = open_database(path)
    opened = time.perf_counter() - started
    try:
        with db.session() as s:
            orgs = s.scalar(select(func.count()).select_from(Organisation)) or 0
        full = [db.check_integrity() for _ in range(2)][-1]  # the second with a warm cache
        bounded = db.check_integrity(OPEN_CHECK_BUDGET_S)
    finally:
        db.dispose()
    print(f"{path.name}: {orgs:,} organisations, {path.stat().st_size / 1e6:.0f} MB")
    print(f"  open (with the bounded check): {opened:.2f} s")
    print(f"  full quick_check: {full.seconds:.2f} s ({'ok' if full.ok else full.problems})")
    print(
        f"  check at open ({OPEN_CHECK_BUDGET_S} s budget): "
        f"{'complete' if bounded.complete else 'cut'} after {bounded.seconds:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", default=[])
    parser.add_argument("--demo", action="store_true", help="also build and check a demo")
    args = parser.parse_args()
    paths = list(args.db)
    if args.demo:
        from hdf_field.services.bootstrap import open_app_database
        from hdf_field.services.demo import build_demo

        target = Path(tempfile.mkdtemp(prefix="hdf-bench-")) / "demo.sqlite3"
        db = open_app_database(target)
        build_demo(db, prospects=7000, seed=42)
        db.dispose()
        paths.insert(0, target)
    for path in paths:
        measure(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
