"""Import a large SIRENE stock into a fresh database and print speed and memory.

Generates (or takes with ``--file``) a national-style file with ``--in-region`` rows in the
five départements plus rows elsewhere, imports it into a fresh SQLite database, then imports
it again (every row now an update). Each import runs in a fresh process, so that the peak
resident memory printed (``ru_maxrss``) is that import's own; run with ``--in-region 100000``
and ``--in-region 600000`` to see that memory does not grow with the file.

    python benchmarks/import_sirene.py --in-region 600000
    python benchmarks/import_sirene.py --sizes 100000,600000   # both, memory compared
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(db_path: Path, csv_path: Path, runs: int) -> None:
    """Runs inside a fresh interpreter: import ``runs`` times and print JSON figures."""
    from hdf_field.imports.places import GazetteerPlaces
    from hdf_field.imports.sirene import import_sirene
    from hdf_field.storage.database import open_database

    places = GazetteerPlaces()
    db = open_database(db_path)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        load_before = os.getloadavg()[0]
        report = import_sirene(db, csv_path, places=places)
        elapsed = time.perf_counter() - started
        results.append(
            {
                **report.as_dict(),
                "wall": elapsed,
                "cpu": time.process_time() - cpu,
                "load": (load_before + os.getloadavg()[0]) / 2,
            }
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db.dispose()
    print(json.dumps({"runs": results, "rss_before_kb": baseline, "rss_peak_kb": peak}))


def bench(in_region: int, file: Path | None, workdir: Path, runs: int) -> dict[str, object]:
    csv_path = file or workdir / f"stock_{in_region}.csv"
    if file is None and not csv_path.exists():  # generated files are reused
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(HERE / "generate_sirene.py"), "--in-region", str(in_region),
             "--out", str(csv_path)],
            check=True,
        )
        print(f"generated {csv_path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    db_path = workdir / f"bench_{in_region}.sqlite3"
    db_path.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db_path), str(csv_path), str(runs)],
        check=True, capture_output=True, text=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["file_mb"] = csv_path.stat().st_size / 1e6
    return data


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-region", type=int, default=600_000)
    parser.add_argument("--sizes", help="comma-separated in-region sizes, e.g. 100000,600000")
    parser.add_argument("--file", type=Path, help="an existing stock file instead of generating")
    parser.add_argument("--runs", type=int, default=2, help="1: first import; 2: + re-import")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.in_region]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hdf-bench-"))
    print(f"{os.cpu_count()} CPUs; each import runs in a fresh process")
    for size in sizes:
        data = bench(size, args.file, workdir, args.runs)
        label = f"{size:,} rows in the region" if args.file is None else str(args.file)
        print(f"== file {data['file_mb']:.0f} MB, {label} ==")
        for label, run in zip(("first import", "re-import"), data["runs"], strict=False):  # type: ignore[call-overload]
            rate = run["read"] / run["wall"]
            print(
                f"{label:>12}: {run['wall']:6.1f} s wall, {run['cpu']:6.1f} s CPU"
                f"  {rate:9,.0f} rows/s  (machine load average {run['load']:.1f})\n"
                f"{'':>14}read {run['read']:,}  created {run['created']:,}"
                f"  updated {run['updated']:,}  skipped {run['skipped']:,}"
                f"  rejected {run['rejected']:,}"
            )
        print(
            f"  peak RSS {data['rss_peak_kb'] / 1024:.0f} MiB"  # type: ignore[operator]
            f" (after opening the database and gazetteer: {data['rss_before_kb'] / 1024:.0f} MiB)"  # type: ignore[operator]
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
