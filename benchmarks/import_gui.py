"""How long the GUI thread is held while the Import screen imports a SIRENE stock.

Builds a fresh database (the seed-sized demo region is left out: the import alone is
measured), writes a synthetic stock with ``generate_sirene.py``, opens the main window
offscreen and presses "Importer" on the Import screen. A 10 ms heartbeat timer on the GUI
thread records every gap between its ticks until the import has finished and the screens have
reloaded: the longest gap, less the interval, is the longest the GUI could not react (the
worker thread competes for the GIL while it parses). Prints the import time, rows/s and the
gaps.

    python benchmarks/import_gui.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HEARTBEAT_MS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the stock file")
    args = parser.parse_args()

    from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from hdf_field.storage.database import open_database
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.main_window import MainWindow
    from hdf_field.ui.settings import AppSettings
    from hdf_field.ui.tasks import TaskRunner

    work = Path(tempfile.mkdtemp(prefix="hdf-import-gui-"))
    stock = work / "StockEtablissement_utf8.csv"
    in_region = int(args.rows * 0.7)
    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("generate_sirene.py")),
            "--in-region",
            str(in_region),
            "--out-of-region",
            str(args.rows - in_region),
            "--out",
            str(stock),
        ],
        check=True,
        capture_output=True,
    )
    app = QApplication.instance() or QApplication([])
    db = open_database(work / "bench.db")
    runner = TaskRunner()
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        db,
        runner,
        settings,
        DraftStore(work / "drafts"),
        ask=lambda _t, _q: True,
        with_map=False,
        with_dashboard=False,
    )
    window.show()

    def settle() -> None:
        while runner.busy:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)

    settle()
    window.show_page("import")
    settle()
    page = window.import_page
    page.sirene_file.set_path(stock)

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - HEARTBEAT_MS)
        last[0] = now

    timer = QTimer()
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(beat)
    timer.start()
    started = time.perf_counter()
    page.start()
    while page.busy or runner.busy:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.001)
    elapsed = time.perf_counter() - started
    timer.stop()
    report = page.outcome.report if page.outcome else None
    if report is None:
        print("import failed:", page.error.text())
        runner.shutdown(wait=True)
        db.dispose()
        shutil.rmtree(work, ignore_errors=True)
        return 1
    gaps.sort()
    print(f"rows {report.read:,}  created {report.created:,}  skipped {report.skipped:,}")
    print(f"import + reload: {elapsed:.1f} s  ({report.read / elapsed:,.0f} rows/s)")
    print(
        f"GUI heartbeat gaps over {HEARTBEAT_MS} ms: max {gaps[-1]:.0f} ms, "
        f"p99 {gaps[int(len(gaps) * 0.99) - 1]:.0f} ms, median {statistics.median(gaps):.1f} ms, "
        f"gaps > 100 ms: {sum(g > 100 for g in gaps)} of {len(gaps)}"
    )
    window.close()
    runner.shutdown(wait=True)
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
