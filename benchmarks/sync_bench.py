"""Sync figures on loopback: first sync of a new laptop, an incremental sync, officers at once.

    PYTHONPATH=. python benchmarks/sync_bench.py [--db postgresql+psycopg://...] [--officers 30]
    # issue 15, regional scale (about 10 minutes of seeding and catch-up on a 2-core machine):
    PYTHONPATH=. python benchmarks/sync_bench.py --db postgresql+psycopg://postgres@127.0.0.1/test \
        --orgs 600000 --contacts 100000 --visits 300000 --officers 100 --json

Seeds a registry with 7,000 organisations, 10,000 contacts and 30,000 visits (by default),
serves it with `hdf-field registry serve` (its own process) on a free 127.0.0.1 port and
prints the figures. Records are written straight into the registry's tables (PostgreSQL
``COPY``, SQLite bulk inserts), as a register import run on the registry's database would,
and given their place in the change feed by the registry's own ``catch_up``.

The manager's first sync runs in a process of its own (as the laptop application would), so
its peak memory (``VmHWM``) is the laptop's alone; the registry's is read from its process
before it stops. Each officer at once starts from a laptop that has synced up to the feed's
head and holds 10 of its organisations, edits them, and syncs (push then pull).
Everything lives in a temporary folder (or a throw-away PostgreSQL schema) removed at the
end. ``--json`` prints the figures as one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, select, text

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.registry.sequence import catch_up
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import Contact, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.service import SyncService

DEPTS = ["02", "59", "60", "62", "80"]
CITIES = [
    ("Laon", "02000"),
    ("Lille", "59000"),
    ("Beauvais", "60000"),
    ("Arras", "62000"),
    ("Amiens", "80000"),
]
SLICE = 20_000


def record_id(kind: str, i: int) -> uuid.UUID:
    """A random-looking but reproducible id: nothing needs to keep 600,000 ids in memory."""
    return uuid.UUID(bytes=hashlib.md5(f"{kind}{i}".encode()).digest(), version=4)


def org_rows(n: int, officers: list[uuid.UUID], now: datetime) -> Iterator[dict[str, Any]]:
    for i in range(n):
        city, postal = CITIES[i % 5]
        yield {
            "id": record_id("org", i),
            "kind": "firm",
            "name": f"Entreprise {i}",
            "departement": DEPTS[i % 5],
            "city": city,
            "postal_code": postal,
            "street": f"{i % 300} rue de la Gare",
            "naf_code": "25.62A",
            "country": "FR",
            "geo_precision": "none",
            "register_active": True,
            "status": "identified",
            "tags": ["bench"],
            "priority": i % 4,
            "assigned_officer_id": officers[i % len(officers)],
            "lat": 50.6,
            "lon": 3.06,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }


def contact_rows(n: int, n_orgs: int, now: datetime) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {
            "id": record_id("contact", i),
            "organisation_id": record_id("org", i % n_orgs),
            "last_name": f"Nom {i}",
            "first_name": "Camille",
            "email": f"c{i}@ex.fr",
            "language": "fr",
            "objection": False,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }


def visit_rows(
    n: int, n_orgs: int, officers: list[uuid.UUID], now: datetime
) -> Iterator[dict[str, Any]]:
    rng = random.Random(7)
    for i in range(n):
        yield {
            "id": record_id("visit", i),
            "organisation_id": record_id("org", i % n_orgs),
            "officer_id": officers[rng.randrange(len(officers))],
            "planned_start": now - timedelta(days=i % 300),
            "duration_min": 60,
            "status": "planned",
            "fixed": False,
            "notes": "Visite " * 5,
            "needs": ["export"],
            "recommended_clusters": [],
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }


def bulk_write(db: Database, table: Any, rows: Iterator[dict[str, Any]]) -> None:
    """Rows straight into a table, a slice at a time (memory stays flat): PostgreSQL's COPY,
    or SQLite's executemany."""
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as conn:
            while chunk := list(itertools.islice(rows, 2000)):
                conn.execute(insert(table), chunk)
        return
    first = next(rows, None)
    if first is None:
        return
    cols = list(first)
    json_cols = {c.name for c in table.columns if c.type.__class__.__name__ in ("JSON", "JSONB")}
    json_cols |= {c for c in cols if isinstance(first[c], list)}
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        with raw.cursor() as cur:
            names = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in itertools.chain([first], rows):
                    copy.write_row([json.dumps(row[c]) if c in json_cols else row[c] for c in cols])


def seed(db: Database, n_orgs: int, n_contacts: int, n_visits: int, n_officers: int) -> list[str]:
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
        officers = list(s.scalars(select(Officer.id).order_by(Officer.email)))
    now = datetime.now(UTC)
    bulk_write(db, Organisation.__table__, org_rows(n_orgs, officers, now))
    bulk_write(db, Contact.__table__, contact_rows(n_contacts, n_orgs, now))
    bulk_write(db, Visit.__table__, visit_rows(n_visits, n_orgs, officers, now))
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            for table in ("organisation", "contact", "visit"):
                conn.execute(text(f"ANALYZE {table}"))
    with db.session_factory() as s:
        catch_up(s)
        s.commit()
    return tokens


def peak_mib(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM, Linux), in MiB; NaN elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def laptop_first_sync(path: str, base: str) -> None:
    """The manager's laptop, in a process of its own (``--laptop-sync``): one JSON line."""
    laptop = open_database(Path(path))
    sync = SyncService(laptop, base, os.environ["HDF_BENCH_TOKEN"])
    t0, c0 = time.perf_counter(), time.process_time()
    report = sync.run()
    out = {
        "records": report.pulled,
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "peak_mib": peak_mib(),
    }
    laptop.dispose()
    print(json.dumps(out))


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a running process, from /proc (Linux); NaN elsewhere.
    On a loaded machine the wall time of a sync varies with the neighbours, its CPU less."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(pid: int) -> list[int]:
    """The registry's process and its workers (``--workers``), from /proc (Linux)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    return pids + [int(c) for c in children]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def officer_laptop(template: Path, manager: Path, path: Path, dept: str, skip: int) -> Database:
    """An officer's laptop that has synced up to the feed's head: an empty database with the
    manager's cursor, every officer, and 10 organisations of the officer's département, all
    copied from the manager's laptop (100 copies of a regional database would not fit)."""
    shutil.copyfile(template, path)
    odb = open_database(path)
    with odb.engine.begin() as conn:
        conn.exec_driver_sql("ATTACH DATABASE ? AS mgr", (str(manager),))
        conn.exec_driver_sql("INSERT INTO officer SELECT * FROM mgr.officer")
        conn.exec_driver_sql(
            "INSERT INTO organisation SELECT * FROM mgr.organisation WHERE id IN "
            "(SELECT id FROM mgr.organisation WHERE departement = ? ORDER BY id "
            "LIMIT 10 OFFSET ?)",
            (dept, skip),
        )
        conn.exec_driver_sql("INSERT INTO sync_state SELECT * FROM mgr.sync_state")
    with odb.engine.connect() as conn:
        conn.exec_driver_sql("DETACH DATABASE mgr")
    with UnitOfWork(odb) as uow:
        for o in uow.session.scalars(select(Organisation)):
            o.priority = (o.priority + 1) % 4
        uow.commit()
    return odb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="registry URL (default: a SQLite file in a temp folder)")
    ap.add_argument("--officers", type=int, default=30)
    ap.add_argument("--orgs", type=int, default=7000)
    ap.add_argument("--contacts", type=int, default=10000)
    ap.add_argument("--visits", type=int, default=30000)
    ap.add_argument("--workers", type=int, default=1, help="registry serve --workers")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    ap.add_argument("--laptop-sync", nargs=2, metavar=("DB", "URL"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.laptop_sync:
        laptop_first_sync(*args.laptop_sync)
        return
    figures: dict[str, Any] = {}

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
        figures["seed_s"] = round(time.perf_counter() - t0, 1)
        print(
            f"registry: {db.engine.dialect.name}; seeded {args.orgs} organisations, "
            f"{args.contacts} contacts, {args.visits} visits in {figures['seed_s']} s "
            f"(load {os.getloadavg()[0]:.1f})"
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
                *(["--workers", str(args.workers)] if args.workers != 1 else []),
            ],
            stdout=subprocess.DEVNULL,
            stderr=(tmp / "registry.log").open("w"),
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 600
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the registry did not start")
            time.sleep(0.2)

        def server_cpu() -> float:
            return sum(cpu_seconds(pid) for pid in server_pids(proc.pid))

        def server_peak() -> float:
            return max(peak_mib(pid) for pid in server_pids(proc.pid))

        laptop_path = tmp / "laptop.sqlite3"
        open_database(laptop_path).dispose()
        template = tmp / "template.sqlite3"
        shutil.copyfile(laptop_path, template)
        t0, s0 = time.perf_counter(), server_cpu()
        load0 = os.getloadavg()[0]
        child = subprocess.run(
            [sys.executable, __file__, "--laptop-sync", str(laptop_path), base],
            env={**os.environ, "HDF_BENCH_TOKEN": tokens[0]},
            capture_output=True,
            text=True,
            check=True,
        )
        lap = json.loads(child.stdout.strip().splitlines()[-1])
        first = lap["wall_s"]
        figures.update(
            first_sync_s=round(first, 2),
            records=lap["records"],
            laptop_cpu_s=round(lap["cpu_s"], 2),
            server_cpu_s=round(server_cpu() - s0, 2),
            laptop_peak_mib=round(lap["peak_mib"], 1),
            server_peak_mib=round(server_peak(), 1),
            first_sync_load=round(max(load0, os.getloadavg()[0]), 1),
        )
        print(
            f"first sync of a new laptop (manager, everything): {lap['records']} records "
            f"in {first:.2f} s  (target < 60 s); CPU: laptop {lap['cpu_s']:.2f} s, registry "
            f"{figures['server_cpu_s']:.2f} s; peak memory: laptop "
            f"{figures['laptop_peak_mib']:.0f} MiB, registry {figures['server_peak_mib']:.0f} MiB"
            f" (load {figures['first_sync_load']:.1f}, process took "
            f"{time.perf_counter() - t0:.1f} s)"
        )

        laptop = open_database(laptop_path)
        sync = SyncService(laptop, base, tokens[0])
        with UnitOfWork(laptop) as uow:
            orgs = list(uow.session.scalars(select(Organisation).limit(100)))
            for o in orgs:
                o.notes = f"edited {time.time()}"
            uow.commit()
        t0 = time.perf_counter()
        report = sync.run()
        incr = time.perf_counter() - t0
        figures["incremental_s"] = round(incr, 2)
        print(
            f"incremental sync of 100 changes: pushed {report.pushed}, pulled "
            f"{report.pulled} in {incr:.2f} s  (target < 1 s)"
        )
        laptop.dispose()

        # Officers at once: each laptop is synced up to the head and edits 10 of its orgs.
        services = []
        for i, token in enumerate(tokens[1:]):
            odb = officer_laptop(
                template, laptop_path, tmp / f"officer{i}.sqlite3", DEPTS[i % 5], i * 10
            )
            services.append(SyncService(odb, base, token))

        def one(svc: SyncService) -> tuple[float, str | None]:
            start = time.perf_counter()
            try:
                svc.run()
            except Exception as exc:  # counted and reported, not fatal
                return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
            return time.perf_counter() - start, None

        t0, s0, c0 = time.perf_counter(), server_cpu(), time.process_time()
        load0 = os.getloadavg()[0]
        with ThreadPoolExecutor(max_workers=max(1, len(services))) as pool:
            outcomes = list(pool.map(one, services))
        wall = time.perf_counter() - t0
        lats = [lat for lat, _err in outcomes] or [0.0]
        errors = [err for _lat, err in outcomes if err]
        figures.update(
            officers=len(services),
            officers_wall_s=round(wall, 2),
            officers_p50_s=round(statistics.median(lats), 2),
            officers_p95_s=round(pct(lats, 95), 2),
            officers_max_s=round(max(lats), 2),
            officers_errors=len(errors),
            officers_server_cpu_s=round(server_cpu() - s0, 2),
            # every officer's laptop runs in this one process, on the same cores
            officers_laptops_cpu_s=round(time.process_time() - c0, 2),
            officers_load=round(max(load0, os.getloadavg()[0]), 1),
            server_peak_mib=round(server_peak(), 1),
        )
        print(
            f"{len(services)} officers syncing at once (10 changes each): wall {wall:.2f} s, "
            f"p50 {figures['officers_p50_s']:.2f} s, p95 {figures['officers_p95_s']:.2f} s, "
            f"max {max(lats):.2f} s  (target p95 < 2 s), errors {len(errors)}; CPU: registry "
            f"{figures['officers_server_cpu_s']:.2f} s, the {len(services)} laptops "
            f"{figures['officers_laptops_cpu_s']:.2f} s (load {figures['officers_load']:.1f})"
        )
        for err in sorted(set(errors))[:5]:
            print(f"  error: {err}")
        if errors:  # the registry's own account of them (its log is JSON, one line each)
            failures = []
            for line in (tmp / "registry.log").read_text(errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                trace = [t.strip(" |") for t in str(entry.get("exc", "")).splitlines()]
                failures += [t for t in trace if "Error" in t and not t.startswith("File")][-1:]
            for failure in sorted(set(failures))[:5]:
                print(f"  registry: {failure[:300]}")
        print(f"registry peak memory over the run: {figures['server_peak_mib']:.0f} MiB")
        for svc in services:
            svc.db.dispose()
        proc.terminate()
        proc.wait(20)
        if args.json:
            print(json.dumps(figures))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if schema:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()


if __name__ == "__main__":
    main()
