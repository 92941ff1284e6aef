"""CPU cost of the sync wire codec per record, without a network or a database.

    PYTHONPATH=. python benchmarks/wire_codec.py [--rows 20000] [--repeat 5]

Times, in CPU microseconds per organisation record (best of ``--repeat``): the registry
encoding a row into its feed body (``wire_record``), the laptop converting a pulled record's
values into SQLite parameters (the raw upsert's converters), and the checked decoding of a
pushed creation (every field, as the registry does). Uses only APIs that exist before and
after the codec module, so the same script measures both trees (``PYTHONPATH=<tree>``); on
a loaded machine CPU time is steadier than the sync benchmark's wall times.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hdf_field.domain.enums import FunnelStatus, GeoPrecision, OrgKind
from hdf_field.sync import engine
from hdf_field.sync.records import ENTITIES


def org_rows(n: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    table = ENTITIES["organisation"].table
    rows = []
    for i in range(n):
        row: dict[str, Any] = {c.name: None for c in table.columns}
        row.update(
            id=uuid.UUID(int=rng.getrandbits(128)),
            kind=OrgKind.FIRM,
            name=f"Entreprise {i}",
            siret=f"{rng.randrange(10**13, 10**14)}",
            city="Lille",
            postal_code="59000",
            country="FR",
            departement="59",
            lat=50.6 + rng.random() / 10,
            lon=3.06 + rng.random() / 10,
            geo_precision=GeoPrecision.ADDRESS,
            status=FunnelStatus.IDENTIFIED,
            priority=i % 4,
            register_active=True,
            head_office=bool(i % 2),
            founded_on=date(1990, 1, 1) + timedelta(days=i % 9000),
            tags=["bench", "export"],
            opening_hours={"1": [["08:30", "12:00"]]},
            notes="Visite " * 5,
            created_at=now,
            updated_at=now + timedelta(microseconds=i),
            version=1 + i % 5,
        )
        rows.append(row)
    return rows


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    espec = ENTITIES["organisation"]
    rows = org_rows(args.rows)
    bodies = [espec.wire_record(r) for r in rows]
    datas = [json.loads(b)["data"] for b in bodies]
    _sql, converters = engine._raw_upsert("organisation")
    fields = espec.fields

    def encode() -> None:
        for r in rows:
            espec.wire_record(r)

    def to_sqlite() -> None:
        for d in datas:
            tuple(None if (v := d.get(n)) is None else conv(v) for n, conv in converters)

    def decode() -> None:
        for d in datas:
            for f in fields:
                espec.decode(f, d[f], checked=False)

    n = args.rows
    print(f"{n} organisation records, CPU µs per record (best of {args.repeat}):")
    for label, fn in (
        ("registry: row → feed body (wire_record)", encode),
        ("laptop: pulled values → SQLite parameters", to_sqlite),
        ("registry: a pushed creation's fields decoded", decode),
    ):
        print(f"  {label:<46} {best(fn, args.repeat) / n * 1e6:6.1f}")


if __name__ == "__main__":
    main()
