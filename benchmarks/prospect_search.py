"""How fast does the prospect list follow each keystroke on 100,000 organisations?

Builds a temporary database (organisations + contacts, random but reproducible), then times
the first page + the count for each prefix of a few typed queries, with and without filters.
Prints median and p95 per keystroke in milliseconds. Targets at 1,000,000 (issue 15): page
median < 30 ms, p95 < 100 ms; the count the table shows (capped at COUNT_CAP, "more than
10,000") < 200 ms; the exact count is printed beside it for reference. ``--json`` adds one line
``{"n": N, "page_median_ms": F, "page_p95_ms": F, "count_max_ms": F}``; ``--db PATH`` keeps
the built database there and reuses it on the next run (building 1,000,000 takes minutes).
Then drives the GUI's table model with its worker thread, as the Prospects screen does, and
prints the time the GUI thread spends per keystroke and the time until the table shows the
new first page (the screen's 120 ms typing debounce comes on top of that, by design).

    PYTHONPATH=$PWD python benchmarks/prospect_search.py [--n 100000] [--json] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.regions import AREA_BY_DEPARTEMENT
from hdf_field.services import prospects
from hdf_field.services.prospects import (
    COUNT_CAP,
    PAGE_SIZE,
    SORT_KEYS,
    ProspectFilter,
    count_prospects,
    search_prospects,
)
from hdf_field.storage import search_index
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Contact, Organisation

WORDS = [
    "Boulangerie",
    "Ateliers",
    "Mécanique",
    "Société",
    "Transports",
    "Laboratoire",
    "Menuiserie",
    "Plasturgie",
    "Textiles",
    "Agro",
    "Conserverie",
    "Verrerie",
    "Logistique",
    "Imprimerie",
    "Chaudronnerie",
    "Électronique",
    "Brasserie",
    "Fonderie",
    "Numérique",
]
NAMES = [
    "Lefèvre",
    "Dupont",
    "Martin",
    "Lemaire",
    "Duhamel",
    "Carpentier",
    "Vasseur",
    "Leclercq",
    "Dubois",
    "Delattre",
    "Wattel",
    "Caron",
    "Hébert",
    "Lecomte",
    "Boucher",
]
COMMUNES = [
    ("Lille", "59350", "59"),
    ("Roubaix", "59512", "59"),
    ("Amiens", "80021", "80"),
    ("Beauvais", "60057", "60"),
    ("Laon", "02408", "02"),
    ("Arras", "62041", "62"),
    ("Étaples", "62318", "62"),
    ("Saint-Quentin", "02691", "02"),
    ("Compiègne", "60159", "60"),
    ("Abbeville", "80001", "80"),
    ("Dunkerque", "59183", "59"),
    ("Boulogne-sur-Mer", "62160", "62"),
]
NAF = ["10.71C", "29.10Z", "25.62A", "49.41A", "72.19Z", "13.20Z", "22.29A", "62.01Z", "46.90Z"]


def build(path: Path, n: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    db = open_database(path)
    now = datetime.now(UTC)
    orgs = []
    contacts = []
    for i in range(n):
        city, insee, dep = rng.choice(COMMUNES)
        oid = uuid.UUID(int=rng.getrandbits(128))
        orgs.append(
            {
                "id": oid,
                "name": f"{rng.choice(WORDS)} {rng.choice(NAMES)} {i}",
                "trade_name": rng.choice([None, f"{rng.choice(WORDS)[:4].upper()}{i % 97}"]),
                "siret": f"{rng.randrange(10**13, 10**14):014d}",
                "city": city,
                "postal_code": insee,
                "insee_code": insee,
                "departement": dep,
                "area": AREA_BY_DEPARTEMENT.get(dep, Area.BELGIUM),
                "naf_code": rng.choice(NAF),
                "status": rng.choice(list(FunnelStatus)),
                "priority": rng.randrange(4),
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        for _ in range(rng.randrange(0, 3)):
            contacts.append(
                {
                    "id": uuid.uuid4(),
                    "organisation_id": oid,
                    "first_name": rng.choice(["Marie", "Jean", "Hélène", "Luc"]),
                    "last_name": rng.choice(NAMES),
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
    with db.engine.begin() as conn, search_index.suspended(conn):
        conn.execute(insert(Organisation), orgs)
        conn.execute(insert(Contact), contacts)
    db.dispose()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def keystrokes(word: str) -> list[str]:
    return [word[: i + 1] for i in range(len(word))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="also print one JSON line of figures")
    ap.add_argument("--db", type=Path, help="build the database here once, reuse it after")
    ap.add_argument("--exact", action="store_true", help="also time the exact (uncapped) count")
    ap.add_argument("--no-model", action="store_true", help="skip the table-model figures")
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="time the direct queries in CPU time of this process (steadier on a loaded machine)",
    )
    ap.add_argument(
        "--no-walk",
        action="store_true",
        help="never walk the sort index for short prefixes (the collect-and-sort path alone)",
    )
    args = ap.parse_args()
    if args.no_walk:
        prospects.WALK_DENSE = False
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite3"
        if not path.exists():
            t0 = time.perf_counter()
            build(path, args.n)
            print(f"built {args.n:,} organisations (+contacts) in {time.perf_counter() - t0:.1f} s")
        else:
            print(f"reusing {path} (--n ignored)")
        db = open_database(path)
        scenarios: list[tuple[str, list[ProspectFilter], str]] = []
        for typed in ["boulang", "lil", "9", "hélène leclercq"]:
            scenarios.append(
                (f"type {typed!r}", [ProspectFilter(text=k) for k in keystrokes(typed)], "name")
            )
        scenarios.append(
            (
                "type 'mecan' + dép 59,62 + status",
                [
                    ProspectFilter(
                        text=k,
                        departements=("59", "62"),
                        statuses=(FunnelStatus.IDENTIFIED, FunnelStatus.CONTACTED),
                    )
                    for k in keystrokes("mecan")
                ],
                "name",
            )
        )
        scenarios.append(
            (
                "type 'arras' sorted by status",
                [ProspectFilter(text=k) for k in keystrokes("arras")],
                "status",
            )
        )
        scenarios.append(
            (
                "no text, section C, never visited",
                [ProspectFilter(naf_section="C", never_visited=True)],
                "name",
            )
        )
        scenarios.append(("no filter at all (first page)", [ProspectFilter()], "name"))
        for key in SORT_KEYS:
            if key != "name":
                scenarios.append((f"no filter, sorted by {key}", [ProspectFilter()], key))
        scenarios.append(
            (
                "dép 59 + status, sorted by naf",
                [ProspectFilter(departements=("59",), statuses=(FunnelStatus.IDENTIFIED,))],
                "naf",
            )
        )
        print(f"first page of {PAGE_SIZE} rows | count, direct queries, milliseconds")
        print(f"(the count is the table's, capped at {COUNT_CAP:,}; 'exact' counts every match)")
        print(
            f"{'scenario':<40}{'keys':>5}{'page med':>9}{'p95':>7}{'max':>7}"
            f"{'count med':>10}{'max':>7}{'exact max':>10}{'hits(last)':>11}"
        )
        clock = time.process_time if args.cpu else time.perf_counter
        print(f"clock: {'CPU' if args.cpu else 'wall'}; load average {os.getloadavg()[0]:.1f}")
        all_pages: list[float] = []
        all_counts: list[float] = []
        with db.session() as s:
            for label, filters, sort in scenarios:
                pages, counts, exact = [], [], []
                hits = 0
                for rep in range(args.repeat):
                    for flt in filters:
                        t = clock()
                        search_prospects(s, flt, sort=sort, limit=PAGE_SIZE)
                        pages.append((clock() - t) * 1000)
                        t = clock()
                        hits = count_prospects(s, flt, cap=COUNT_CAP)
                        counts.append((clock() - t) * 1000)
                        if args.exact and rep == 0 and flt is filters[-1]:
                            t = clock()
                            hits = count_prospects(s, flt)
                            exact.append((clock() - t) * 1000)
                all_pages += pages
                all_counts += counts
                print(
                    f"{label:<40}{len(filters):>5}{statistics.median(pages):>9.1f}{p95(pages):>7.1f}"
                    f"{max(pages):>7.1f}{statistics.median(counts):>10.1f}{max(counts):>7.1f}"
                    f"{max(exact, default=float('nan')):>10.1f}{hits:>11,}"
                )
            print(
                f"{'ALL keystrokes (page)':<40}{'':>5}{statistics.median(all_pages):>9.1f}"
                f"{p95(all_pages):>7.1f}{max(all_pages):>7.1f}{statistics.median(all_counts):>10.1f}"
                f"{max(all_counts):>7.1f}"
            )
        n_orgs = db.engine.connect().exec_driver_sql("SELECT count(*) FROM organisation").scalar()
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        print(f"database: {n_orgs:,} organisations, {size / 1e6:.0f} MB on disk")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        if not args.no_model:
            model_figures(db, scenarios, args.repeat)
        db.dispose()
        if args.json:
            figures = {
                "n": n_orgs,
                "page_median_ms": round(statistics.median(all_pages), 1),
                "page_p95_ms": round(p95(all_pages), 1),
                "count_max_ms": round(max(all_counts), 1),
            }
            print(json.dumps(figures))


def model_figures(
    db: Any, scenarios: list[tuple[str, list[ProspectFilter], str]], repeat: int
) -> None:
    """Keystrokes through ProspectTableModel + TaskRunner, one at a time."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from hdf_field.ui.prospects.model import ProspectTableModel
    from hdf_field.ui.tasks import TaskRunner

    app = QCoreApplication.instance() or QCoreApplication([])
    runner = TaskRunner()
    model = ProspectTableModel(db, runner)
    gui: list[float] = []
    shown: list[float] = []
    try:
        for _ in range(repeat):
            for _label, filters, _sort in scenarios:
                for flt in filters:
                    loop = QEventLoop()
                    model.modelReset.connect(loop.quit)
                    QTimer.singleShot(10_000, loop.quit)
                    t = time.perf_counter()
                    model.set_filter(flt)
                    gui.append((time.perf_counter() - t) * 1000)
                    loop.exec()
                    shown.append((time.perf_counter() - t) * 1000)
                    model.modelReset.disconnect(loop.quit)
                    # let the count finish so it does not delay the next keystroke's page
                    while runner.busy:
                        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    finally:
        runner.shutdown(wait=True)
    print("through the table model (page read on the worker thread), milliseconds")
    print(f"{'':<40}{'keys':>5}{'median':>9}{'p95':>7}{'max':>7}")
    print(
        f"{'GUI thread per keystroke':<40}{len(gui):>5}{statistics.median(gui):>9.2f}"
        f"{p95(gui):>7.2f}{max(gui):>7.2f}"
    )
    print(
        f"{'keystroke to table refreshed':<40}{len(shown):>5}{statistics.median(shown):>9.1f}"
        f"{p95(shown):>7.1f}{max(shown):>7.1f}"
    )


if __name__ == "__main__":
    main()
