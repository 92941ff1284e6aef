"""The Campagne tab on the demo region: worker time, and the longest GUI-thread slot.

Run:  PYTHONPATH=. QT_QPA_PLATFORM=offscreen python benchmarks/campaign_tab.py
      [--prospects 7000] [--weeks 4] [--pdf]

Builds the demo region in a temporary database, opens the tab, presses "Planifier", then
"Enregistrer la campagne" (the dry run's question is answered "no"), and with --pdf writes the
route plans. Prints the job times and the longest time any of the tab's result slots held the
GUI thread (the rule is under 100 ms).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--prospects", type=int, default=7000)
    ap.add_argument("--weeks", type=int, default=4)
    ap.add_argument("--pdf", action="store_true", help="also export the route plans")
    args = ap.parse_args()

    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QApplication

    from hdf_field.services.bootstrap import open_app_database
    from hdf_field.services.demo import build_demo
    from hdf_field.ui.planner.campaign_view import CampaignView
    from hdf_field.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="campaign_tab_"))
    db = open_app_database(tmp / "demo.db")
    build_demo(db, prospects=args.prospects)
    runner = TaskRunner()
    questions: list[str] = []

    def answer(_title: str, question: str) -> bool:
        questions.append(question)
        return False

    view = CampaignView(db, runner, confirm=answer, ask_folder=lambda _p, _t: str(tmp / "tournees"))
    view.weeks_spin.setValue(args.weeks)
    view.resize(1400, 860)
    view.show()
    slots: dict[str, float] = {}

    def timed(name: str) -> None:
        inner: Callable[..., Any] = getattr(view, name)

        def wrapper(*a: Any) -> Any:
            t = time.perf_counter()
            try:
                return inner(*a)
            finally:
                ms = (time.perf_counter() - t) * 1000
                slots[name] = max(slots.get(name, 0.0), ms)

        setattr(view, name, wrapper)

    for name in ("_on_planned", "_on_progress", "_on_exported"):
        timed(name)

    def wait(done: Callable[[], bool], limit_s: float = 900) -> None:
        end = time.monotonic() + limit_s
        while not done() and time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)

    wait(lambda: view.officer_list.count() > 0)
    t = time.perf_counter()
    view.plan()
    wait(lambda: not view.busy)
    run = view.run_result
    assert run is not None
    print(
        f"plan: {time.perf_counter() - t:.1f} s on the worker ({run.totals.visits} visits, "
        f"{len(run.officers)} officers, {args.weeks} weeks; planner {run.totals.runtime_s} s, "
        f"baseline {run.baseline.runtime_s if run.baseline else '-'} s)"
    )
    t = time.perf_counter()
    view.save()
    wait(lambda: bool(questions))
    print(f"save dry run: {time.perf_counter() - t:.1f} s — {questions[0].splitlines()[-1]}")
    if args.pdf:
        t = time.perf_counter()
        view.export_pdfs()
        wait(lambda: not view.busy)
        size = sum(p.stat().st_size for p in view.last_files) / 1e6
        took = time.perf_counter() - t
        print(f"pdf: {len(view.last_files)} files, {size:.1f} MB in {took:.1f} s")
    for name, ms in sorted(slots.items()):
        print(f"GUI thread, longest {name}: {ms:.1f} ms")
    runner.shutdown(wait=True)
    db.dispose()
    shutil.rmtree(tmp, ignore_errors=True)
    app.quit()


if __name__ == "__main__":
    main()
