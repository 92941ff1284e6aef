"""What encryption at rest (SQLCipher) costs: the SIRENE import and the prospect keystrokes.

Runs the same work on a plain database and on an encrypted one and prints both and the
difference in per cent (goal: at most 15 % slower):

* the SIRENE import of a generated stock (``--in-region`` rows in the five départements),
  each import in a fresh process into a fresh database, plain and encrypted alternately;
* the prospects list's keystrokes (first page + count, the core loop of
  ``benchmarks/prospect_search.py``) on ``--n`` organisations, the encrypted database being
  the plain one encrypted in place (``sqlcipher_export``), so both hold the same rows;
* opening a connection, and a backup of the ``--n`` database through the backup API.

The key is 256 random bits handed to SQLCipher as a raw key (``x'…'``), so there is no
PBKDF2 at all (``kdf_iter`` does not apply): iterations only slow down guessing a
passphrase, and a random key cannot be guessed. Encrypted databases take the application's
format (``CIPHER_SETTINGS`` in hdf_field/storage/encryption.py: 16 KiB pages, HMAC-SHA256);
``BENCH_CIPHER_PRAGMAS="cipher_page_size=4096;cipher_hmac_algorithm=HMAC_SHA512"`` tries
another for the import (set between the key and the first read, as SQLCipher requires), e.g.
SQLCipher 4's defaults, which databases encrypted before that format keep.

    PYTHONPATH=$PWD python benchmarks/encryption_cost.py [--in-region 100000] [--n 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _key_hex() -> str:
    return os.urandom(32).hex()


def _import_child(db_path: Path, csv_path: Path, key_hex: str) -> None:
    """In a fresh interpreter: one import, its wall time as JSON."""
    from hdf_field.imports.places import GazetteerPlaces
    from hdf_field.imports.sirene import import_sirene
    from hdf_field.storage.database import open_database
    from hdf_field.storage.encryption import DatabaseKey

    key = DatabaseKey(bytes.fromhex(key_hex)) if key_hex != "-" else None
    cipher = [p for p in os.environ.get("BENCH_CIPHER_PRAGMAS", "").split(";") if p.strip()]
    if cipher and key is not None:  # SQLCipher's settings go between the key and first read
        import hdf_field.storage.database as database
        from hdf_field.storage import encryption

        def keyed(conn: Any, k: DatabaseKey, *, check: bool = True, **_settings: Any) -> None:
            conn.execute("PRAGMA cipher_log_level=NONE")
            conn.execute(f"PRAGMA key={k.pragma_value}")
            for pragma in cipher:
                conn.execute(f"PRAGMA {pragma}")
            if check:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()

        database.apply_key = keyed  # type: ignore[assignment]
        encryption.apply_key = keyed  # type: ignore[assignment]
    places = GazetteerPlaces()
    db = open_database(db_path, key=key)
    extra = [p for p in os.environ.get("BENCH_PRAGMAS", "").split(";") if p.strip()]
    if extra:  # trying a setting before making it the application's (see the module doc)
        from sqlalchemy import event

        def more(conn: object, _record: object) -> None:
            for pragma in extra:
                conn.execute(f"PRAGMA {pragma}")  # type: ignore[attr-defined]

        event.listen(db.engine, "connect", more)
        db.engine.dispose()
    started, cpu = time.perf_counter(), time.process_time()
    report = import_sirene(db, csv_path, places=places)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    db.dispose()
    print(json.dumps({"wall": wall, "cpu": cpu, "rows": report.as_dict()}))


def _import_once(workdir: Path, csv_path: Path, encrypted: bool, i: int) -> tuple[float, float]:
    db_path = workdir / f"import_{'enc' if encrypted else 'plain'}_{i}.sqlite3"
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--import-child",
            str(db_path),
            str(csv_path),
            _key_hex() if encrypted else "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    for extra in db_path.parent.glob(db_path.name + "*"):
        extra.unlink()
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return float(data["wall"]), float(data["cpu"])


def bench_import(workdir: Path, in_region: int, runs: int) -> None:
    csv_path = workdir / f"stock_{in_region}.csv"
    if not csv_path.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_sirene.py"),
                "--in-region",
                str(in_region),
                "--out",
                str(csv_path),
            ],
            check=True,
            capture_output=True,
        )
    plain: list[tuple[float, float]] = []
    enc: list[tuple[float, float]] = []
    for i in range(runs):  # alternated, so that a busy moment of the machine hits both
        plain.append(_import_once(workdir, csv_path, False, i))
        enc.append(_import_once(workdir, csv_path, True, i))
    print(f"\nSIRENE import, {in_region:,} rows in the region, median of {runs} fresh imports")
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: CPU time is the steadier"
    )
    for what, idx in (("wall", 0), ("CPU", 1)):
        p = statistics.median(r[idx] for r in plain)
        e = statistics.median(r[idx] for r in enc)
        print(
            f"  {what:<5}plain      {p:8.2f} s ({in_region / p:,.0f} rows/s)"
            f"   runs {_fmt([r[idx] for r in plain])}"
        )
        print(
            f"  {what:<5}encrypted  {e:8.2f} s ({in_region / e:,.0f} rows/s)"
            f"   runs {_fmt([r[idx] for r in enc])}"
        )
        print(f"  {what:<5}cost       {100 * (e - p) / p:+7.1f} %")


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _keystroke_times(db: object, repeat: int) -> tuple[list[float], list[float]]:
    """Per keystroke: wall milliseconds (page + count) and CPU milliseconds (the same)."""
    from prospect_search import keystrokes

    from hdf_field.domain.enums import FunnelStatus
    from hdf_field.services.prospects import (
        PAGE_SIZE,
        ProspectFilter,
        count_prospects,
        search_prospects,
    )

    filters: list[tuple[ProspectFilter, str]] = []
    for typed in ["boulang", "lil", "9", "hélène leclercq"]:
        filters += [(ProspectFilter(text=k), "name") for k in keystrokes(typed)]
    filters += [
        (
            ProspectFilter(
                text=k,
                departements=("59", "62"),
                statuses=(FunnelStatus.IDENTIFIED, FunnelStatus.CONTACTED),
            ),
            "name",
        )
        for k in keystrokes("mecan")
    ]
    filters += [(ProspectFilter(text=k), "status") for k in keystrokes("arras")]
    filters += [(ProspectFilter(), "name"), (ProspectFilter(), "city")]
    walls: list[float] = []
    cpus: list[float] = []
    with db.session() as s:  # type: ignore[attr-defined]
        for flt, sort in filters:  # warm-up: both start with a warm page cache
            search_prospects(s, flt, sort=sort, limit=PAGE_SIZE)
        for _ in range(repeat):
            for flt, sort in filters:
                t, c = time.perf_counter(), time.process_time()
                search_prospects(s, flt, sort=sort, limit=PAGE_SIZE)
                count_prospects(s, flt)
                walls.append((time.perf_counter() - t) * 1000)
                cpus.append((time.process_time() - c) * 1000)
    return walls, cpus


def bench_keystrokes(workdir: Path, n: int, repeat: int, rounds: int) -> None:
    from prospect_search import build, p95

    from hdf_field.storage.backup import create_backup
    from hdf_field.storage.database import database_url, make_engine, open_database
    from hdf_field.storage.encryption import DatabaseKey, encrypt_in_place

    plain_path = workdir / "keys_plain.sqlite3"
    enc_path = workdir / "keys_enc.sqlite3"
    if not plain_path.exists():  # a --workdir keeps it for the next run
        t0 = time.perf_counter()
        build(plain_path, n)
        print(f"\nbuilt {n:,} organisations (+contacts) in {time.perf_counter() - t0:.1f} s")
    shutil.copyfile(plain_path, enc_path)
    key = DatabaseKey.generate()
    t0 = time.perf_counter()
    encrypt_in_place(enc_path, key)
    size = enc_path.stat().st_size / 1e6
    print(f"encrypted in place ({size:.0f} MB) in {time.perf_counter() - t0:.2f} s")
    results: dict[str, tuple[list[float], list[float]]] = {"plain": ([], []), "enc": ([], [])}
    opens: dict[str, list[float]] = {"plain": [], "enc": []}
    backups: dict[str, list[float]] = {"plain": [], "enc": []}
    for _ in range(rounds):
        for name, path, k in (("plain", plain_path, None), ("enc", enc_path, key)):
            db = open_database(path, key=k)
            pages, counts = _keystroke_times(db, repeat)
            results[name][0].extend(pages)
            results[name][1].extend(counts)
            for _ in range(20):  # a new connection, its key and the project's pragmas
                engine = make_engine(database_url(path), key=k)
                t = time.perf_counter()
                engine.raw_connection().close()
                opens[name].append((time.perf_counter() - t) * 1000)
                engine.dispose()
            t = time.perf_counter()
            made = create_backup(db, "manual", directory=workdir / f"backups_{name}")
            backups[name].append(time.perf_counter() - t)
            made.path.unlink()
            db.dispose()
    print(
        f"\nprospect keystrokes (first page + count) on {n:,} organisations, {rounds} rounds x "
        f"{repeat} repeats, milliseconds; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'':<12}{'wall med':>9}{'p95':>8}{'CPU med':>9}{'p95':>8}{'CPU sum':>9}")
    for name in ("plain", "enc"):
        walls, cpus = results[name]
        print(
            f"{'plain' if name == 'plain' else 'encrypted':<12}"
            f"{statistics.median(walls):>9.2f}{p95(walls):>8.2f}"
            f"{statistics.median(cpus):>9.2f}{p95(cpus):>8.2f}{sum(cpus):>9.0f}"
        )

    def cost(idx: int, f: object) -> float:
        a = f(results["plain"][idx])  # type: ignore[operator]
        b = f(results["enc"][idx])  # type: ignore[operator]
        return float(100 * (b - a) / a)

    print(
        f"  cost: wall median {cost(0, statistics.median):+.1f} %, CPU median "
        f"{cost(1, statistics.median):+.1f} %, CPU of all keystrokes {cost(1, sum):+.1f} %"
    )
    print(
        f"raw connection open: plain {statistics.median(opens['plain']):.2f} ms, "
        f"encrypted {statistics.median(opens['enc']):.2f} ms (key set, no KDF)"
    )
    print(
        f"backup of the {n:,} database: plain {statistics.median(backups['plain']):.2f} s, "
        f"encrypted {statistics.median(backups['enc']):.2f} s"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--in-region", type=int, default=100_000)
    ap.add_argument("--import-runs", type=int, default=3)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3, help="plain/encrypted alternations")
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--skip-keystrokes", action="store_true")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--import-child", nargs=3, metavar=("DB", "CSV", "KEY"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.import_child:
        db, csv, key = args.import_child
        _import_child(Path(db), Path(csv), key)
        return 0
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    conn.execute(f"PRAGMA key=\"x'{_key_hex()}'\"")
    version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    provider = conn.execute("PRAGMA cipher_provider").fetchone()[0]
    conn.close()
    print(f"SQLCipher {version} ({provider}), SQLite {sqlcipher.sqlite_version}, raw 256-bit key")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if not args.skip_keystrokes:
            bench_keystrokes(workdir, args.n, args.repeat, args.rounds)
        if not args.skip_import:
            bench_import(workdir, args.in_region, args.import_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
