"""What does opening a database stamped with the two former Alembic heads cost, once?

Every laptop migrated before ``0009_merge_heads`` carries both ``0002_search`` and
``0008_contact_legal``. The merge changes no schema; ``db/env.py`` sets the search index's
triggers aside while migrating and rebuilds the index only when ``organisation``'s rowids
moved, which they do not here. Builds a database of ``--n`` organisations (with the prospect
search benchmark's generator), stamps it back at the two former heads, and times
``open_database``, a second, up-to-date open, and for comparison one full index rebuild.

    PYTHONPATH=$PWD python benchmarks/migration_upgrade.py [--n 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prospect_search import build  # noqa: E402

from hdf_field.storage import search_index  # noqa: E402
from hdf_field.storage.database import make_engine, open_database  # noqa: E402

FORMER_HEADS = ("0002_search", "0008_contact_legal")


def stamp_former_heads(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            for head in FORMER_HEADS:
                conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    finally:
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        build(path, args.n)
        stamp_former_heads(path)
        started = time.perf_counter()
        open_database(path).dispose()
        upgrade_s = time.perf_counter() - started
        started = time.perf_counter()
        open_database(path).dispose()
        reopen_s = time.perf_counter() - started
        engine = make_engine(f"sqlite:///{path}")
        started = time.perf_counter()
        with engine.begin() as conn:
            search_index.rebuild(conn)
        rebuild_s = time.perf_counter() - started
        engine.dispose()
    print(f"organisations: {args.n:,}")
    print(f"first open (merge upgrade): {upgrade_s:.2f} s")
    print(f"next open (up to date): {reopen_s:.3f} s")
    print(f"a full search index rebuild (avoided): {rebuild_s:.2f} s")


if __name__ == "__main__":
    main()
