"""What does fitting the Prospects columns cost on the GUI thread?

The Prospects screen measures the text of the first 50 rows in every short column
once per new result (``measure_columns``); ``fit_columns`` then runs on each resize of the list
(once per burst: a splitter being dragged) and reads no data. A resize must stay well under a
frame (16 ms) so that dragging stays smooth. Builds a temporary database of organisations with
long names, shows the page headless and times both at several widths. Prints median, p95 and
max in milliseconds.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python benchmarks/prospect_columns.py [--n 5000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from hdf_field.domain.enums import FunnelStatus
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Organisation

WORDS = ["Armement", "Brasserie", "Ateliers", "Verrerie", "Laboratoire", "Société", "Zefer"]
NAMES = ["Carpentier", "Dupont", "Lefebvre", "Dancorix", "Fensolon", "Garvalix", "Nefenane"]
TOWNS = ["Dunkerque", "Boulogne-sur-Mer", "Saint-Étienne-au-Mont", "Lille", "Amiens"]


def build(path: Path, n: int) -> None:
    db = open_database(path)
    rng = random.Random(7)
    rows = [
        {
            "id": uuid.uuid4(),
            "name": " ".join(rng.choice(w) for w in (WORDS, NAMES, NAMES)),
            "city": rng.choice(TOWNS),
            "departement": rng.choice(["59", "62", "80"]),
            "naf_code": f"{rng.randint(10, 96)}.{rng.randint(10, 99)}Z",
            "status": rng.choice(list(FunnelStatus)),
            "priority": rng.randint(0, 3),
        }
        for _ in range(n)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(Organisation), rows)
    db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="organisations in the database")
    ap.add_argument("--calls", type=int, default=200, help="timed calls")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from hdf_field.ui.prospects.page import ProspectsPage
    from hdf_field.ui.tasks import TaskRunner

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        build(path, args.n)
        db = open_database(path)
        runner = TaskRunner()
        page = ProspectsPage(db, runner)
        page.resize(900, 600)
        page.show()
        deadline = time.monotonic() + 30
        while (page.model.loading or page.model.rowCount() == 0) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        fits: list[float] = []
        measures: list[float] = []
        for i in range(args.calls):
            page.resize(700 + (i % 10) * 80, 600)  # from a narrow list to a wide one
            app.processEvents()
            start = time.perf_counter()
            page.fit_columns()
            fits.append((time.perf_counter() - start) * 1000)
            if i % 4 == 0:  # a new result: the columns are measured again
                start = time.perf_counter()
                page.measure_columns()
                measures.append((time.perf_counter() - start) * 1000)
        print(f"{page.model.rowCount()} rows loaded, {args.calls} resizes:")
        for label, times in (("fit per resize", fits), ("measure per result", measures)):
            times.sort()
            p95 = times[max(int(len(times) * 0.95) - 1, 0)]
            median = statistics.median(times)
            print(f"  {label}: median {median:.2f} ms, p95 {p95:.2f} ms, max {times[-1]:.2f} ms")
        runner.shutdown(wait=True)
        db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
