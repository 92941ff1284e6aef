"""The sort table's indexes during a large import: maintained row by row, or built at the end.

Writes N synthetic sort rows (issue 15's ``organisation_sort``) in slices of 5,000 committed
one by one, as an import does, once with all eight indexes in place and once with only name
and city (the six sort-key indexes built afterwards, as ``imports.common.Slices`` does past
``DEFER_SORT_INDEXES_ROWS``). Prints CPU seconds and the machine load beside each figure.

    python benchmarks/sort_index_build.py [N]      # default 600000
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from hdf_field.storage import search_index as si

SLICE = 5000


def run(path: Path, rows: list[tuple[object, ...]], *, deferred: bool) -> tuple[float, float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA cache_size=-32768")  # as an import sets it
    conn.execute(si.CREATE_SORT_TABLE)
    for ddl in si.SORT_INDEXES:
        conn.execute(ddl)
    insert = (
        f"INSERT OR REPLACE INTO {si.SORT_TABLE}({si.SORT_COLUMNS}) "
        f"VALUES ({', '.join('?' * len(rows[0]))})"
    )
    cpu = time.process_time()
    if deferred:
        for name in si.SORT_KEY_INDEXES:
            conn.execute(f"DROP INDEX {name}")
    for start in range(0, len(rows), SLICE):
        conn.execute("BEGIN")
        conn.executemany(insert, rows[start : start + SLICE])
        conn.execute("COMMIT")
    written = time.process_time() - cpu
    cpu = time.process_time()
    if deferred:
        for ddl in si.SORT_INDEXES:
            conn.execute(ddl)
    built = time.process_time() - cpu
    conn.close()
    return written, built


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600_000
    rng = random.Random(1)
    cities = ["".join(rng.choice("abcdefghij") for _ in range(8)) for _ in range(2000)]
    nafs = [f"{rng.randrange(100):02d}.{rng.randrange(100):02d}Z" for _ in range(700)]
    rows = [
        (
            i + 1,
            "".join(rng.choice("abcdefghijklmnop ") for _ in range(20)),
            rng.choice(cities),
            1,
            rng.choice(["02", "59", "60", "62", "80"]),
            rng.choice(nafs),
            0,
            1,
            "company",
            None,
        )
        for i in range(n)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(2):  # alternated: the machine's load drifts
            for deferred in (False, True):
                path = Path(tmp) / f"sort_{rnd}_{int(deferred)}.sqlite3"
                load = os.getloadavg()[0]
                written, built = run(path, rows, deferred=deferred)
                label = "6 key indexes built at the end" if deferred else "all 8 maintained"
                print(
                    f"{n:,} rows, {label:>31}: writes {written:6.2f} s CPU + build"
                    f" {built:5.2f} s CPU = {written + built:6.2f} s  (load {load:.1f})"
                )


if __name__ == "__main__":
    main()
