"""The campaign as the managers' tab reads it, and its PDF folder, against a small database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from hdf_field.domain.enums import Area, FunnelStatus, VisitStatus
from hdf_field.domain.progress import Cancelled
from hdf_field.planning.zones import PARIS
from hdf_field.services.campaign_run import run_campaign
from hdf_field.services.planning import save_plan
from hdf_field.services.route_plans import write_campaign_pdfs
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from tests.campaign_seed import MONDAY, PLACES, seed_campaign
from tests.progress_support import CancelWhen, Recorder, cancelled


def test_run_reports_officers_coverage_and_baseline(db: Database) -> None:
    ids = seed_campaign(db)
    # one Belgian partner was visited already: it counts as covered today
    tournai = ids["orgs"][-1]
    with UnitOfWork(db, actor="test") as uow:
        org = uow.session.get(Organisation, tournai)
        assert org is not None
        org.status = FunnelStatus.VISITED
        uow.commit()
    seen = Recorder()
    run = run_campaign(db, MONDAY, 1, progress=seen)
    assert [u.label for u in seen.updates] == ["plan"] * 10 + ["baseline"] * 10  # 2 × 5 days
    assert seen.done == list(range(1, 21)) and {u.total for u in seen.updates} == {20}
    assert {o.name for o in run.officers} == {"Paul Lefebvre", "Léa Durand"}
    assert sum(o.visits for o in run.officers) == run.totals.visits
    assert all(o.days == 5 and 0 < o.workload <= 1 for o in run.officers)
    assert run.baseline is not None and run.baseline.visits > 0
    dep = {c.code: c for c in run.coverage_of("departement")}
    assert list(dep) == ["59", "62", "80", "BE"]
    be = dep["BE"]
    assert (be.organisations, be.visited, be.prospects) == (2, 1, 1)
    assert be.rate_now == 0.5 and be.after >= be.visited
    planned_orgs = {s.organisation_id for d in run.plan.days for s in d.stops}
    somme = sum(1 for p in PLACES if p[1] == "80")
    assert dep["80"].organisations == somme
    assert dep["80"].after == len(
        planned_orgs & {str(i) for i, p in zip(ids["orgs"], PLACES, strict=True) if p[1] == "80"}
    )
    areas = [c.code for c in run.coverage_of("area")]
    assert areas == [Area.NPDC.value, Area.PICARDIE.value, Area.BELGIUM.value]
    kinds = {c.code: c for c in run.coverage_of("kind")}
    assert kinds["research_lab"].organisations == 2


def test_a_cancelled_run_raises_cancelled(db: Database) -> None:
    seed_campaign(db)
    with pytest.raises(Cancelled):
        run_campaign(db, MONDAY, 1, cancel=cancelled())
    seen = Recorder()
    with pytest.raises(Cancelled):  # cancelled during the baseline, after the plan
        run_campaign(
            db,
            MONDAY,
            1,
            progress=seen,
            cancel=CancelWhen(lambda: any(u.label == "baseline" for u in seen.updates)),
        )
    assert seen.updates[-1].label == "baseline"


def test_dry_run_counts_without_writing_and_a_replan_moves(db: Database) -> None:
    ids = seed_campaign(db)
    plan = run_campaign(db, MONDAY, 1, with_baseline=False).plan
    free = sum(1 for d in plan.days for s in d.stops if not s.fixed)
    preview = save_plan(db, plan.days, actor="test", dry_run=True)
    assert (preview.created, preview.kept_fixed) == (free, 1)
    with db.session() as s:
        assert s.query(Visit).filter(Visit.deleted_at.is_(None)).count() == 1
    save_plan(db, plan.days, actor="test")
    # an organisation's planned visit moved by hand to Friday 16:00: the re-plan takes it back
    with db.session() as s:
        first = {
            v.organisation_id: v.id
            for v in s.query(Visit).filter(
                Visit.deleted_at.is_(None), Visit.status == VisitStatus.PLANNED
            )
        }
    moved_org = next(o for o, v in first.items() if v != ids["fixed"])
    with UnitOfWork(db, actor="test") as uow:
        v = uow.session.get(Visit, first[moved_org])
        assert v is not None
        v.planned_start = datetime(2030, 1, 11, 16, 0, tzinfo=PARIS).astimezone(UTC)
        uow.commit()
    again = run_campaign(db, MONDAY, 1, with_baseline=False).plan
    result = save_plan(db, again.days, actor="test")
    assert result.created == 0 and result.moved >= 1
    with db.session() as s:
        live = {
            v.organisation_id: v.id
            for v in s.query(Visit).filter(
                Visit.deleted_at.is_(None), Visit.status == VisitStatus.PLANNED
            )
        }
    assert live == first


def test_pdf_folder_written_once_and_removed_when_cancelled(db: Database, tmp_path: Path) -> None:
    seed_campaign(db)
    plan = run_campaign(db, MONDAY, 1, with_baseline=False).plan
    steps = Recorder()
    written = write_campaign_pdfs(plan, tmp_path / "ok", progress=steps)
    assert [p.name for p in written] == [
        "synthese.pdf",
        "lea-durand_S02.pdf",
        "paul-lefebvre_S02.pdf",
    ]
    assert steps.pairs == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert "Léa Durand" in PdfReader(written[1]).pages[0].extract_text()
    assert not list((tmp_path / "ok").glob("*.part"))
    # cancelled after the first file: nothing is left behind

    def cancel_after_summary() -> bool:
        return len(list((tmp_path / "stop").glob("*.pdf"))) >= 1

    with pytest.raises(Cancelled):
        write_campaign_pdfs(plan, tmp_path / "stop", cancel=CancelWhen(cancel_after_summary))
    assert not list((tmp_path / "stop").iterdir())


def test_officer_ids_limit_the_campaign(db: Database) -> None:
    ids = seed_campaign(db)
    run = run_campaign(db, MONDAY, 1, officer_ids=[ids["paul"]], with_baseline=False)
    assert [o.name for o in run.officers] == ["Paul Lefebvre"]
    assert {d.officer_id for d in run.plan.days} == {ids["paul"]}
