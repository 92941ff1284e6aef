"""An officer's edits while a regional SIRENE import runs: how long each waits, and what the
import pays for letting them in.

Generates the stock as ``benchmarks/import_sirene.py`` does (``generate_sirene.py``, files
reused from ``--workdir``), imports it once alone and once while this process edits an
organisation every ``--every`` seconds through the same service as ``hdf-field org set`` and
the GUI (``services.organisations.update_organisation``) on its own connection. Each import
runs in its own process (``hdf-field import sirene``), as on a laptop. Prints each edit's
wait (median, p95, max), the failures, and both imports' durations.

    python benchmarks/edit_during_import.py --in-region 600000
    python benchmarks/edit_during_import.py --in-region 50000 --workdir /tmp/bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _generate(out: Path, in_region: int, seed: int, out_of_region: int | None = None) -> None:
    if out.exists():  # generated files are reused
        return
    cmd = [
        sys.executable,
        str(HERE / "generate_sirene.py"),
        "--in-region",
        str(in_region),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    if out_of_region is not None:
        cmd += ["--out-of-region", str(out_of_region)]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, env=_env())
    print(f"generated {out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _import(db: Path, stock: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hdf_field",
            "import",
            "sirene",
            str(stock),
            "--db",
            str(db),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )


def _seed(workdir: Path) -> tuple[Path, list[str]]:
    """A database holding a few hundred organisations to edit, and their SIRETs."""
    import sqlite3

    seed_csv = workdir / "edit_seed.csv"
    _generate(seed_csv, 300, seed=3, out_of_region=0)
    template = workdir / "edit_seed.sqlite3"
    if not template.exists():
        done = _import(template, seed_csv)
        _, err = done.communicate()
        if done.returncode != 0:
            raise SystemExit(f"seed import failed: {err.strip()}")
    with sqlite3.connect(template) as conn:
        sirets = [
            s
            for (s,) in conn.execute(
                "SELECT siret FROM organisation WHERE siret IS NOT NULL ORDER BY siret"
            )
        ]
    return template, sirets


def _fresh_copy(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(in_region: int, workdir: Path, every: float, skip_alone: bool) -> int:
    from hdf_field.services.bootstrap import open_app_database
    from hdf_field.services.organisations import update_organisation

    stock = workdir / f"stock_{in_region}.csv"
    _generate(stock, in_region, seed=7)
    template, sirets = _seed(workdir)
    print(
        f"{os.cpu_count()} CPUs; stock {stock.stat().st_size / 1e6:.0f} MB, "
        f"{in_region:,} rows in the region; an edit every {every:g} s"
    )

    alone = None
    if not skip_alone:
        db_alone = _fresh_copy(template, workdir / "alone.sqlite3")
        started = time.perf_counter()
        proc = _import(db_alone, stock)
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"import alone failed: {err.strip()}")
        alone = time.perf_counter() - started

    db_path = _fresh_copy(template, workdir / "with_edits.sqlite3")
    db = open_app_database(db_path)
    waits: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    proc = _import(db_path, stock)
    finished = threading.Event()
    collected: dict[str, str] = {}

    def wait_for_import() -> None:
        out, err = proc.communicate()
        collected["out"], collected["err"] = out, err
        finished.set()

    watcher = threading.Thread(target=wait_for_import, daemon=True)
    watcher.start()
    n = 0
    while not finished.is_set():
        siret = sirets[n % len(sirets)]
        t0 = time.perf_counter()
        try:
            update_organisation(db, siret, {"notes": f"edit {n} during the import"}, "bench")
            waits.append(time.perf_counter() - t0)
        except Exception as exc:  # what the officer would have seen
            failures.append(f"edit {n}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        n += 1
        finished.wait(max(0.0, every - (time.perf_counter() - t0)))
    with_edits = time.perf_counter() - started
    watcher.join()
    db.dispose()
    if proc.returncode != 0:
        raise SystemExit(f"import with edits failed: {collected.get('err', '').strip()}")

    print(f"edits during the import: {len(waits) + len(failures)}, failures: {len(failures)}")
    for line in failures[:10]:
        print(f"  {line}")
    if waits:
        print(
            f"edit wait: median {statistics.median(waits):.3f} s, "
            f"p95 {_percentile(waits, 0.95):.3f} s, max {max(waits):.3f} s"
        )
    print(f"import with edits: {with_edits:.1f} s wall")
    if alone is not None:
        print(
            f"import alone:      {alone:.1f} s wall "
            f"(with edits: {100 * (with_edits / alone - 1):+.1f} %)"
        )
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-region", type=int, default=600_000)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between two edits")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--skip-alone",
        action="store_true",
        help="do not run the import alone first (no duration to compare)",
    )
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hdf-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    return run(args.in_region, workdir, args.every, args.skip_alone)


if __name__ == "__main__":
    raise SystemExit(main())
