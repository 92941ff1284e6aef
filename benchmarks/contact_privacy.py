"""What honouring « ne plus contacter » costs: loading a campaign's prospects (each with its
first contact who has not objected), re-reading the contact line of every printed stop, and
one person's right-of-access export with a folder of visit drafts.

Builds a temporary database of N organisations with two contacts each (one in ten objecting),
then prints median timings in milliseconds.

    PYTHONPATH=$PWD python benchmarks/contact_privacy.py [--n 20000] [--stops 300] [--drafts 500]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from hdf_field.services.contacts import export_contact, reachable_contact
from hdf_field.services.planning import load_prospects
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Contact, Organisation


def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--stops", type=int, default=300)
    ap.add_argument("--drafts", type=int, default=500)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        now = datetime.now(UTC)
        orgs = [
            {
                "id": uuid.uuid4(),
                "name": f"Org {i}",
                "lat": 50 + rng.random(),
                "lon": 2 + rng.random(),
                "departement": "59",
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "kind": "firm",
                "country": "FR",
                "geo_precision": "address",
                "status": "identified",
                "priority": 1,
                "tags": [],
                "register_active": True,
            }
            for i in range(args.n)
        ]
        contacts = []
        for o in orgs:
            for k in range(2):
                objecting = rng.random() < 0.1
                contacts.append(
                    {
                        "id": uuid.uuid4(),
                        "organisation_id": o["id"],
                        "last_name": f"Nom{k}",
                        "first_name": "Anne",
                        "phone": "0611223344",
                        "language": "fr",
                        "objection": objecting,
                        "objection_date": date.today() if objecting else None,
                        "created_at": now + timedelta(seconds=k),
                        "updated_at": now,
                        "version": 1,
                    }
                )
        with db.engine.begin() as conn:
            conn.execute(insert(Organisation), orgs)
            conn.execute(insert(Contact), contacts)
        first, last = date.today(), date.today() + timedelta(days=4)
        with db.session() as s:
            ms = timed(lambda: load_prospects(s, first, last), repeat=3)
        print(f"load_prospects, {args.n} organisations, 2 contacts each: {ms:.0f} ms")

        picked = rng.sample(orgs, args.stops)
        with db.session() as s:
            ms = timed(lambda: [reachable_contact(s, o["id"]) for o in picked])
        print(
            f"reachable_contact for {args.stops} stops, one query each: {ms:.1f} ms "
            f"({ms / args.stops * 1000:.0f} µs per stop)"
        )

        # The contact lines of a campaign's printed stops, as annotate_days reads them (the
        # orientation part of annotate_days is timed by other benchmarks and left out here).
        ids = [o["id"] for o in picked]
        with db.session() as s:
            ms = timed(
                lambda: s.scalars(
                    select(Contact).where(
                        Contact.organisation_id.in_(ids),
                        Contact.deleted_at.is_(None),
                        Contact.objection.is_(False),
                    )
                ).all()
            )
        print(f"contact lines of {args.stops} printed stops, one IN query: {ms:.1f} ms")

        drafts = Path(tmp) / "drafts"
        drafts.mkdir()
        for i in range(args.drafts):
            (drafts / f"visit-{i}.json").write_text(
                json.dumps(
                    {
                        "organisation_id": str(orgs[i]["id"]),
                        "organisation_name": "x",
                        "data": {"notes": "n" * 2000, "contact_id": None},
                    }
                ),
                encoding="utf-8",
            )
        target = str(contacts[0]["id"])
        ms = timed(lambda: export_contact(db, target, drafts_dir=drafts), repeat=3)
        print(f"export_contact with {args.drafts} drafts of 2 kB: {ms:.0f} ms")
        db.dispose()


if __name__ == "__main__":
    main()
