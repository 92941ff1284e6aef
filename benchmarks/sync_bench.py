"""Sync figures on loopback: first sync of a new laptop, an incremental sync, 30 officers at once.

    PYTHONPATH=. python benchmarks/sync_bench.py [--db postgresql+psycopg://...] [--officers 30]

Seeds a registry with 7,000 organisations, 10,000 contacts and 30,000 visits, serves it with
`hdf-field registry serve` (its own process) on a free 127.0.0.1 port and prints the
figures. Everything lives in a temporary folder (or a throw-away PostgreSQL schema) removed
at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, delete, insert, select, text

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.registry.sequence import catch_up
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import AppMeta, Contact, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.service import ACCOUNT_KEY, BINDING_KEY, SCOPE_KEY, SyncService

DEPTS = ["02", "59", "60", "62", "80"]


def seed(db: Database, n_orgs: int, n_contacts: int, n_visits: int, n_officers: int) -> list[str]:
    rng = random.Random(7)
    tokens = []
    with UnitOfWork(db) as uow:
        service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, None)
        tokens.append(service.create_token(uow.session, "chef@hdf.fr"))
        for i in range(n_officers):
            email = f"officer{i}@hdf.fr"
            service.add_user(uow.session, email, Role.OFFICER, None, territory=[DEPTS[i % 5]])
            tokens.append(service.create_token(uow.session, email))
        uow.commit()
    with db.session() as s:
        officers = list(s.scalars(select(Officer.id)))
    now = datetime.now(UTC)
    orgs = [
        {
            "id": uuid.uuid4(),
            "name": f"Entreprise {i}",
            "departement": DEPTS[i % 5],
            "siret": None,
            "city": "Lille",
            "tags": ["bench"],
            "priority": i % 4,
            "assigned_officer_id": officers[i % len(officers)],
            "lat": 50.6,
            "lon": 3.06,
        }
        for i in range(n_orgs)
    ]
    contacts = [
        {
            "id": uuid.uuid4(),
            "organisation_id": orgs[i % n_orgs]["id"],
            "last_name": f"Nom {i}",
            "first_name": "Camille",
            "email": f"c{i}@ex.fr",
        }
        for i in range(n_contacts)
    ]
    visits = [
        {
            "id": uuid.uuid4(),
            "organisation_id": orgs[i % n_orgs]["id"],
            "officer_id": officers[rng.randrange(len(officers))],
            "planned_start": now - timedelta(days=i % 300),
            "notes": "Visite " * 5,
            "needs": ["export"],
            "recommended_clusters": [],
        }
        for i in range(n_visits)
    ]
    with db.engine.begin() as conn:
        for model, rows in ((Organisation, orgs), (Contact, contacts), (Visit, visits)):
            for start in range(0, len(rows), 2000):
                conn.execute(insert(model.__table__), rows[start : start + 2000])
    with db.session_factory() as s:
        catch_up(s)
        s.commit()
    return tokens


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a running process, from /proc (Linux); NaN elsewhere.
    On a loaded machine the wall time of a sync varies with the neighbours, its CPU less."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="registry URL (default: a SQLite file in a temp folder)")
    ap.add_argument("--officers", type=int, default=30)
    ap.add_argument("--orgs", type=int, default=7000)
    ap.add_argument("--contacts", type=int, default=10000)
    ap.add_argument("--visits", type=int, default=30000)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hdf-sync-bench-"))
    schema = None
    if args.db:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.db)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        sep = "&" if "?" in args.db else "?"
        url = f"{args.db}{sep}options=-csearch_path%3D{schema}"
    else:
        url = str(tmp / "registry.sqlite3")
    try:
        db = service.open_registry(url)
        t0 = time.perf_counter()
        tokens = seed(db, args.orgs, args.contacts, args.visits, args.officers)
        print(
            f"registry: {db.engine.dialect.name}; seeded {args.orgs} organisations, "
            f"{args.contacts} contacts, {args.visits} visits in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        db.dispose()
        # The registry in its own process, as in production (`hdf-field registry serve`).
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hdf_field",
                "registry",
                "serve",
                "--db",
                url,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the registry did not start")
            time.sleep(0.2)

        laptop_path = tmp / "laptop.sqlite3"
        laptop = open_database(laptop_path)
        sync = SyncService(laptop, base, tokens[0])
        t0, c0, s0 = time.perf_counter(), time.process_time(), cpu_seconds(proc.pid)
        report = sync.run()
        first = time.perf_counter() - t0
        print(
            f"first sync of a new laptop (manager, everything): {report.pulled} records "
            f"in {first:.2f} s  (target < 10 s); CPU: laptop "
            f"{time.process_time() - c0:.2f} s, registry {cpu_seconds(proc.pid) - s0:.2f} s"
        )

        with UnitOfWork(laptop) as uow:
            orgs = list(uow.session.scalars(select(Organisation).limit(100)))
            for o in orgs:
                o.notes = f"edited {time.time()}"
            uow.commit()
        t0 = time.perf_counter()
        report = sync.run()
        incr = time.perf_counter() - t0
        print(
            f"incremental sync of 100 changes: pushed {report.pushed}, pulled "
            f"{report.pulled} in {incr:.2f} s  (target < 1 s)"
        )
        laptop.dispose()

        # 30 officers at once: each laptop starts from a synced copy and edits 10 of its orgs.
        lats: list[float] = []
        services = []
        for i, token in enumerate(tokens[1:]):
            path = tmp / f"officer{i}.sqlite3"
            shutil.copyfile(laptop_path, path)
            odb = open_database(path)
            # The copy stands for this officer's own synced laptop: forget that it was pulled
            # as the manager, or the sync would start again from cursor 0 (docs/sync.md), and
            # that it belongs to the manager's account (the sync would refuse another token).
            with UnitOfWork(odb) as uow:
                uow.session.execute(
                    delete(AppMeta).where(AppMeta.key.in_([SCOPE_KEY, BINDING_KEY, ACCOUNT_KEY]))
                )
                uow.commit()
            with UnitOfWork(odb) as uow:
                mine = list(
                    uow.session.scalars(
                        select(Organisation)
                        .where(Organisation.departement == DEPTS[i % 5])
                        .offset(i * 10)
                        .limit(10)
                    )
                )
                for o in mine:
                    o.priority = (o.priority + 1) % 4
                uow.commit()
            services.append(SyncService(odb, base, token))

        def one(svc: SyncService) -> float:
            start = time.perf_counter()
            svc.run()
            return time.perf_counter() - start

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(services)) as pool:
            lats = list(pool.map(one, services))
        wall = time.perf_counter() - t0
        print(
            f"{len(services)} officers syncing at once (10 changes each): wall {wall:.2f} s, "
            f"p50 {statistics.median(lats):.2f} s, p95 {pct(lats, 95):.2f} s, "
            f"max {max(lats):.2f} s"
        )
        for svc in services:
            svc.db.dispose()
        proc.terminate()
        proc.wait(20)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if schema:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()


if __name__ == "__main__":
    main()
