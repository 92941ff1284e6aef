"""What erasure costs (GDPR art. 17): ``secure_delete`` on every SQLite connection, one
contact erased on a laptop (search-index merge and WAL checkpoint included), and contacts
erased at a SQLite registry, one and a hundred in one transaction (as a retention run).

Builds the demo region (N prospects) with ``secure_delete`` off and on, then erases; prints
figures.

    PYTHONPATH=$PWD python benchmarks/erasure.py [--prospects 7000] [--erase 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hdf_field.storage import database


def build(path: Path, prospects: int, secure: bool) -> float:
    from hdf_field.services.demo import build_demo

    original = database._sqlite_pragmas

    def pragmas(policy: Any) -> Any:
        inner = original(policy)

        def on_connect(dbapi_connection: Any, record: Any) -> None:
            inner(dbapi_connection, record)
            if not secure:
                dbapi_connection.execute("PRAGMA secure_delete=OFF")

        return on_connect

    database._sqlite_pragmas = pragmas  # type: ignore[assignment]
    try:
        db = database.open_database(path)
        started = time.perf_counter()
        build_demo(db, prospects=prospects, seed=42)
        elapsed = time.perf_counter() - started
        db.dispose()
    finally:
        database._sqlite_pragmas = original  # type: ignore[assignment]
    return elapsed


def contacts_with_visits(db: database.Database, n: int) -> list[str]:
    from hdf_field.storage.orm import Contact, Visit

    with db.session() as s:
        ids = s.scalars(
            select(Contact.id).join(Visit, Visit.contact_id == Contact.id).distinct().limit(n)
        ).all()
    return [str(i) for i in ids]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prospects", type=int, default=7000)
    ap.add_argument("--erase", type=int, default=15)
    args = ap.parse_args()
    from hdf_field.registry.erasure import erase_contacts
    from hdf_field.registry.service import open_registry
    from hdf_field.services.contact_erasure import erase_contact
    from hdf_field.storage.orm import Contact

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        off = build(folder / "off.sqlite3", args.prospects, secure=False)
        on = build(folder / "on.sqlite3", args.prospects, secure=True)
        print(
            f"demo build ({args.prospects} prospects): secure_delete off {off:.2f} s, "
            f"on {on:.2f} s ({(on / off - 1) * 100:+.1f} %)"
        )
        shutil.copyfile(folder / "on.sqlite3", folder / "registry.sqlite3")
        db = database.open_database(folder / "on.sqlite3")
        ids = contacts_with_visits(db, args.erase)
        runs = []
        for cid in ids:
            started = time.perf_counter()
            erase_contact(db, cid, "bench")
            runs.append((time.perf_counter() - started) * 1000)
        db.dispose()
        print(
            f"laptop: erase one contact (with visits), median of {len(runs)}: "
            f"{statistics.median(runs):.0f} ms (max {max(runs):.0f} ms)"
        )

        registry = open_registry(folder / "registry.sqlite3")
        with registry.session() as s:
            all_ids = list(s.scalars(select(Contact.id).limit(101)))
        started = time.perf_counter()
        erase_contacts(registry, all_ids[:1], "bench")
        one = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        erase_contacts(registry, all_ids[1:101], "bench", reason="retention")
        hundred = time.perf_counter() - started
        registry.dispose()
        print(
            f"registry (SQLite): erase one contact {one:.0f} ms; "
            f"100 in one transaction {hundred:.2f} s"
        )


if __name__ == "__main__":
    main()
