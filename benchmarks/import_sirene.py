"""Import a large SIRENE stock into a fresh database and print speed and memory.

Generates (or takes with ``--file``) a national-style file with ``--in-region`` rows in the
five départements plus rows elsewhere, imports it into a fresh SQLite database, then imports
it again (every row now an update). Each import runs in a fresh process, so that the peak
resident memory printed (``ru_maxrss``) is that import's own; run with ``--in-region 100000``
and ``--in-region 600000`` to see that memory does not grow with the file.

    python benchmarks/import_sirene.py --in-region 600000
    python benchmarks/import_sirene.py --sizes 100000,600000   # both, memory compared

National mode: a file where only a small share of the rows are in the region, as in INSEE's
stock for all of France; prints the time Python's csv module takes just to read every row of
the same file (in a fresh process too), the import time, rows/s, peak RSS and the
extrapolation to the real stock (40 million rows). ``--zip`` imports the file zipped, as INSEE
publishes it; ``--no-prefilter`` parses every row (the reference, "before").

    python benchmarks/import_sirene.py --national 2020000 --in-region-share 0.01 --runs 1
    python benchmarks/import_sirene.py --national 2020000 --in-region-share 0.01 --runs 1 --zip
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
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


NATIONAL_ROWS = 40_000_000  # INSEE's StockEtablissement for all of France, about


def _csv_child(path: Path) -> None:
    """Runs inside a fresh interpreter: read every row with the csv module, print JSON."""
    import csv
    import io

    started, cpu = time.perf_counter(), time.process_time()
    rows = 0
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z, z.open(z.namelist()[0]) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            for _ in csv.reader(text):
                rows += 1
    else:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for _ in csv.reader(f):
                rows += 1
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows - 1, "wall": wall, "cpu": cpu, "rss_peak_kb": peak}))


def _child(db_path: Path, csv_path: Path, runs: int, prefilter: bool = True) -> None:
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
        report = import_sirene(db, csv_path, places=places, prefilter=prefilter)
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


def _generate(csv_path: Path, in_region: int, out_of_region: int | None) -> None:
    if csv_path.exists():  # generated files are reused
        return
    started = time.perf_counter()
    extra = ["--out-of-region", str(out_of_region)] if out_of_region is not None else []
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate_sirene.py"),
            "--in-region",
            str(in_region),
            *extra,
            "--out",
            str(csv_path),
        ],
        check=True,
    )
    print(f"generated {csv_path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _zipped(csv_path: Path) -> Path:
    """The file as INSEE publishes it: ``StockEtablissement_utf8.csv`` in a deflated zip."""
    archive = csv_path.with_suffix(".zip")
    if not archive.exists():
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(csv_path, "StockEtablissement_utf8.csv")
    return archive


def bench(
    in_region: int,
    file: Path | None,
    workdir: Path,
    runs: int,
    *,
    prefilter: bool = True,
    out_of_region: int | None = None,
    zipped: bool = False,
) -> dict[str, object]:
    csv_path = file or workdir / (
        f"stock_{in_region}.csv"
        if out_of_region is None
        else f"national_{in_region}_{out_of_region}.csv"
    )
    if file is None:
        _generate(csv_path, in_region, out_of_region)
    if zipped:
        csv_path = _zipped(csv_path)
    db_path = workdir / f"bench_{in_region}.sqlite3"
    db_path.unlink(missing_ok=True)
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(db_path),
            str(csv_path),
            str(runs),
            "1" if prefilter else "0",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["file_mb"] = csv_path.stat().st_size / 1e6
    return data


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1")
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--csv-child":
        _csv_child(Path(sys.argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-region", type=int, default=600_000)
    parser.add_argument("--sizes", help="comma-separated in-region sizes, e.g. 100000,600000")
    parser.add_argument("--file", type=Path, help="an existing stock file instead of generating")
    parser.add_argument("--runs", type=int, default=2, help="1: first import; 2: + re-import")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--national",
        type=int,
        metavar="ROWS",
        help="national-style mode: a file of ROWS rows, few in the region",
    )
    parser.add_argument(
        "--in-region-share",
        type=float,
        default=0.01,
        help="with --national: share of rows in the region (default 0.01)",
    )
    parser.add_argument("--zip", action="store_true", help="import the file zipped")
    parser.add_argument(
        "--no-prefilter",
        action="store_true",
        help="parse every row (the reference the prefilter is measured against)",
    )
    args = parser.parse_args()
    if args.national:
        return national(args)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.in_region]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hdf-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs; each import runs in a fresh process")
    for size in sizes:
        data = bench(size, args.file, workdir, args.runs, prefilter=not args.no_prefilter)
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


def national(args: argparse.Namespace) -> int:
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hdf-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    in_region = round(args.national * args.in_region_share)
    out_of_region = args.national - in_region
    prefilter = not args.no_prefilter
    data = bench(
        in_region,
        args.file,
        workdir,
        args.runs,
        prefilter=prefilter,
        out_of_region=out_of_region,
        zipped=args.zip,
    )
    source = workdir / f"national_{in_region}_{out_of_region}.csv"
    source = args.file or (_zipped(source) if args.zip else source)
    out = subprocess.run(
        [sys.executable, __file__, "--csv-child", str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    reading = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"{os.cpu_count()} CPUs; each run in a fresh process; machine load average"
        f" {os.getloadavg()[0]:.1f}"
    )
    print(
        f"== {source.name}: {data['file_mb']:.0f} MB, {reading['rows']:,} rows,"
        f" {in_region:,} in the region; prefilter {'on' if prefilter else 'off'} =="
    )
    print(
        f"  csv module, reading every row: {reading['wall']:6.1f} s wall,"
        f" {reading['cpu']:6.1f} s CPU  ({reading['rows'] / reading['wall']:,.0f} rows/s)"
    )
    for label, run in zip(("first import", "re-import"), data["runs"], strict=False):  # type: ignore[call-overload]
        rate = run["read"] / run["wall"]
        ratio, cpu_ratio = run["wall"] / reading["wall"], run["cpu"] / reading["cpu"]
        print(
            f"  {label:>12}: {run['wall']:6.1f} s wall, {run['cpu']:6.1f} s CPU"
            f"  {rate:9,.0f} rows/s  = {ratio:.2f} x the csv read ({cpu_ratio:.2f} x in CPU)"
            f"  → {NATIONAL_ROWS / rate / 60:.1f} min for {NATIONAL_ROWS / 1e6:.0f} M rows\n"
            f"{'':>16}read {run['read']:,}  created {run['created']:,}"
            f"  updated {run['updated']:,}  skipped {run['skipped']:,}"
            f"  rejected {run['rejected']:,}"
        )
    print(
        f"  peak RSS {data['rss_peak_kb'] / 1024:.0f} MiB"  # type: ignore[operator]
        f" (csv module alone: {reading['rss_peak_kb'] / 1024:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
