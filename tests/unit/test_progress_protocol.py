"""Every long job of the core speaks the one progress protocol (``hdf_field.domain.progress``).

Run to the end, a job's updates never go back and the last one has ``done == total``; a
cancel, before the start or half-way, raises the one :class:`Cancelled` (which the GUI tells
from a failure by its type alone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hdf_field.domain.errors import HdfFieldError
from hdf_field.domain.progress import (
    Cancelled,
    CancelToken,
    Progress,
    ProgressUpdate,
    check,
    report,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from tests.campaign_seed import MONDAY, seed_campaign
from tests.imports_support import places, sirene_row, write_sirene  # noqa: F401
from tests.progress_support import CancelWhen, Recorder, cancelled

# A job under test: (progress, cancel) → runs it on a prepared database or folder.
Job = Callable[[Progress | None, CancelToken | None], object]


@pytest.fixture
def job_of(db: Database, tmp_path: Path, write_sirene: Any, places: Any) -> Callable[[str], Job]:  # noqa: F811
    def make(kind: str) -> Job:
        if kind == "import":
            from hdf_field.imports.sirene import import_sirene

            path = write_sirene([sirene_row(n) for n in range(1, 60)])
            return lambda progress, cancel: import_sirene(
                db, path, places=places, batch_size=5, progress=progress, cancel=cancel
            )
        if kind == "demo":
            from hdf_field.services.demo import build_demo

            return lambda progress, cancel: build_demo(
                db,
                prospects=60,
                seed=3,
                today=date(2026, 12, 1),
                progress=progress,
                cancel=cancel,
                replace=True,  # the half-way test runs it twice
            )
        seed_campaign(db)
        if kind == "campaign":
            from hdf_field.services.campaign_run import run_campaign

            return lambda progress, cancel: run_campaign(
                db, MONDAY, 1, progress=progress, cancel=cancel
            )
        from hdf_field.services.campaign_run import run_campaign
        from hdf_field.services.route_plans import write_campaign_pdfs

        plan = run_campaign(db, MONDAY, 1, with_baseline=False).plan
        if kind == "pdf export":
            return lambda progress, cancel: write_campaign_pdfs(
                plan, tmp_path / "pdf", progress=progress, cancel=cancel
            )
        assert kind == "week pack"
        from hdf_field.reports.week_pack import render_week_pack

        days = [d for d in plan.days if d.officer_id == plan.days[0].officer_id]
        return lambda progress, cancel: render_week_pack(days, progress=progress, cancel=cancel)

    return make


KINDS = ["import", "demo", "campaign", "pdf export", "week pack"]


@pytest.mark.parametrize("kind", KINDS)
def test_progress_never_goes_back_and_ends_at_total(
    kind: str, job_of: Callable[[str], Job]
) -> None:
    seen = Recorder()
    job_of(kind)(seen, None)
    assert len(seen.updates) >= 3, seen.updates
    assert seen.done == sorted(seen.done)
    totals = {u.total for u in seen.updates}
    assert len(totals) == 1 and None not in totals  # one scale from start to end
    last = seen.updates[-1]
    assert last.done == last.total


@pytest.mark.parametrize("kind", KINDS)
def test_a_cancel_before_the_start_raises_cancelled(
    kind: str, job_of: Callable[[str], Job]
) -> None:
    job = job_of(kind)
    with pytest.raises(Cancelled):
        job(None, cancelled())


@pytest.mark.parametrize("kind", KINDS)
def test_a_cancel_half_way_raises_cancelled(kind: str, job_of: Callable[[str], Job]) -> None:
    job = job_of(kind)
    full = Recorder()
    job(full, None)
    half = len(full.updates) // 2
    seen = Recorder()
    with pytest.raises(Cancelled) as stopped:
        job(seen, CancelWhen(lambda: len(seen.updates) >= half))
    assert isinstance(stopped.value, HdfFieldError)  # the CLI prints it as one line
    assert half <= len(seen.updates) < len(full.updates)


def test_a_cancelled_demo_leaves_nothing(job_of: Callable[[str], Job], db: Database) -> None:
    seen = Recorder()
    with pytest.raises(Cancelled):
        job_of("demo")(seen, CancelWhen(lambda: len(seen.updates) >= 4))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0


def test_the_helpers_and_the_update() -> None:
    token = CancelToken()
    check(token)
    check(None)
    assert not token.wait(0.001)
    token.cancel()
    with pytest.raises(Cancelled, match="stop now"):
        check(token, "stop now")
    assert token.wait(0)
    seen = Recorder()
    report(seen, 2, 4, "push")
    report(None, 3, 4)
    assert seen.updates == [ProgressUpdate(2, 4, "push")]
    assert seen.updates[0].fraction == 0.5
    assert ProgressUpdate(3, None).fraction is None and ProgressUpdate(0, 0).fraction is None
    assert ProgressUpdate(9, 4).fraction == 1.0
    with pytest.raises(ValueError, match="negative"):
        ProgressUpdate(-1, 4)
