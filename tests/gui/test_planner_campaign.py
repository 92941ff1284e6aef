"""The Campagne tab driven as a manager would: plan, read, cancel, save, re-plan, print."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from hdf_field.domain.enums import FunnelStatus, VisitStatus
from hdf_field.planning.zones import PARIS
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from tests.campaign_seed import MONDAY, seed_campaign

WAIT_MS = 60_000
TODAY = date(2030, 1, 2)  # a Wednesday: the campaign starts next Monday


class Answers:
    """Stands in for the dialogs: what the user answers, and what they were asked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.confirm = True
        self.questions: list[str] = []

    def ask_folder(self, _parent: Any, _title: str) -> str:
        return str(self.folder)

    def ask_save_path(self, _parent: Any, _title: str, suggested: str, _filters: str) -> str:
        return str(self.folder / suggested)

    def ask(self, _title: str, question: str) -> bool:
        self.questions.append(question)
        return self.confirm


@pytest.fixture
def seeded_campaign(db: Database) -> dict[str, Any]:
    return seed_campaign(db)


@pytest.fixture
def answers(tmp_path: Path) -> Answers:
    return Answers(tmp_path / "tournees")


@pytest.fixture
def planner(
    qtbot: Any, db: Database, runner: Any, seeded_campaign: dict[str, Any], answers: Answers
) -> Iterator[Any]:
    from hdf_field.ui.planner import PlannerView

    v = PlannerView(
        db,
        runner,
        ask_save_path=answers.ask_save_path,
        ask_folder=answers.ask_folder,
        confirm=answers.ask,
        today=lambda: TODAY,
    )
    qtbot.addWidget(v)
    v.resize(1400, 860)
    v.show()
    v.show_campaign()
    campaign = v.campaign_view
    qtbot.waitUntil(lambda: campaign.officer_list.count() == 2, timeout=WAIT_MS)
    yield v
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    runner.shutdown(wait=True)


def _plan(qtbot: Any, campaign: Any, weeks: int = 1) -> None:
    campaign.weeks_spin.setValue(weeks)
    campaign.plan_button.click()
    assert campaign.busy and campaign.progress.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert campaign.run_result is not None, campaign.status.text()


def _cells(model: Any) -> list[list[str]]:
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _live_planned(db: Database) -> list[Visit]:
    with db.session() as s:
        return list(
            s.scalars(
                select(Visit).where(Visit.deleted_at.is_(None), Visit.status == VisitStatus.PLANNED)
            )
        )


def test_defaults_next_monday_all_officers_and_a_policy_hint(planner: Any) -> None:
    campaign = planner.campaign_view
    assert planner.tabs.tabText(2) == "Campagne"
    assert campaign.start() == MONDAY
    assert campaign.weeks() == 4 and campaign.policy() == "value"
    assert len(campaign.checked_officers()) == 2
    value_hint = campaign.policy_hint.text()
    campaign.policy_combo.setCurrentIndex(1)
    assert campaign.policy() == "compact" and campaign.policy_hint.text() != value_hint
    assert "route" in campaign.policy_hint.text()
    campaign.none_button.click()
    assert not campaign.plan_button.isEnabled()
    assert not campaign.save_button.isEnabled() and not campaign.pdf_button.isEnabled()


def test_plan_shows_each_officer_coverage_and_the_baseline(
    qtbot: Any, planner: Any, seeded_campaign: dict[str, Any], db: Database
) -> None:
    campaign = planner.campaign_view
    _plan(qtbot, campaign)
    rows = _cells(campaign.officer_model)
    names = [r[0] for r in rows]
    assert names == ["Léa Durand", "Paul Lefebvre", "Total"]
    run = campaign.run_result
    by_name = {line.name: line for line in run.officers}
    assert by_name["Paul Lefebvre"].days == 5 and by_name["Paul Lefebvre"].visits >= 4
    assert by_name["Léa Durand"].visits >= 4
    # the total row adds the officers up
    assert int(rows[2][2]) == run.totals.visits == sum(d.visit_count for d in run.plan.days)
    assert rows[1][6].endswith("%")
    dep = {r[0]: r for r in _cells(campaign.coverage_models["departement"])}
    assert set(dep) == {"59 Nord", "62 Pas-de-Calais", "80 Somme", "Belgique"}
    assert dep["Belgique"][1] == "0 / 2" and dep["80 Somme"][1] == "0 / 7"
    # nothing visited yet: 0 % now, and the campaign reaches Belgium too
    assert dep["Belgique"][3].startswith("0 %") and not dep["Belgique"][3].endswith("→ 0 %")
    areas = [r[0] for r in _cells(campaign.coverage_models["area"])]
    assert areas == ["ex-Nord-Pas-de-Calais", "ex-Picardie", "Belgique"]
    kinds = {r[0] for r in _cells(campaign.coverage_models["kind"])}
    assert {"Entreprise", "Laboratoire", "Établissement de formation"} <= kinds
    assert run.baseline is not None and "référence" in campaign.summary.text()
    assert campaign.results.isVisible() and not campaign.empty.isVisible()
    assert campaign.save_button.isEnabled() and campaign.pdf_button.isEnabled()
    # planning wrote nothing: only the fixed appointment is on the calendar
    assert [v.id for v in _live_planned(db)] == [seeded_campaign["fixed"]]


def test_cancel_leaves_nothing(
    qtbot: Any, planner: Any, runner: Any, db: Database, seeded_campaign: dict[str, Any]
) -> None:
    campaign = planner.campaign_view
    gate = threading.Event()
    runner.run(lambda: gate.wait(10))  # holds the worker: Cancel lands before planning starts
    campaign.plan_button.click()
    assert campaign.busy
    campaign.progress.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert campaign.run_result is None
    assert "annulée" in campaign.status.text()
    assert campaign.officer_model.rowCount() == 0 and not campaign.results.isVisible()
    assert not campaign.save_button.isEnabled()
    assert [v.id for v in _live_planned(db)] == [seeded_campaign["fixed"]]


def test_save_asks_with_counts_writes_visits_and_a_replan_moves_them(
    qtbot: Any, planner: Any, answers: Answers, db: Database, seeded_campaign: dict[str, Any]
) -> None:
    campaign = planner.campaign_view
    _plan(qtbot, campaign)
    plan = campaign.run_result.plan
    planned = sum(d.visit_count for d in plan.days)
    fixed_in_plan = sum(1 for d in plan.days for s in d.stops if s.fixed)
    assert fixed_in_plan == 1

    answers.confirm = False  # first the manager declines: nothing is written
    campaign.save_button.click()
    qtbot.waitUntil(lambda: len(answers.questions) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert f"{planned - 1} visites créées, 0 déplacée, 0 retirée" in answers.questions[0]
    assert "1 rendez-vous fixe inchangé" in answers.questions[0]
    assert len(_live_planned(db)) == 1

    answers.confirm = True
    with qtbot.waitSignal(planner.planSaved, timeout=WAIT_MS):
        campaign.save_button.click()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert campaign.last_saved.created == planned - 1
    assert not campaign.save_button.isEnabled()  # saved: not twice
    first = {v.organisation_id: v.id for v in _live_planned(db)}
    assert len(first) == planned
    with db.session() as s:
        fixed = s.get(Visit, seeded_campaign["fixed"])
        assert fixed is not None and fixed.version == 1 and fixed.deleted_at is None
        org = s.get(Organisation, next(iter(set(first) - {fixed.organisation_id})))
        assert org is not None and org.status == FunnelStatus.VISIT_PLANNED

    # Paul alone, on the compact policy: his visits are moved, not doubled; Léa's stay
    campaign.set_officer_checked(seeded_campaign["lea"], False)
    campaign.policy_combo.setCurrentIndex(1)
    _plan(qtbot, campaign)
    assert campaign.save_button.isEnabled()
    answers.questions.clear()
    with qtbot.waitSignal(planner.planSaved, timeout=WAIT_MS):
        campaign.save_button.click()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert "0 visite créée" in answers.questions[0]
    live = _live_planned(db)
    orgs = [v.organisation_id for v in live]
    assert len(orgs) == len(set(orgs)), "an organisation planned twice"
    again = {v.organisation_id: v.id for v in live}
    assert again == first  # the same visits, re-timed where the plan changed them
    assert campaign.last_saved.created == 0


def test_pdf_export_writes_the_summary_and_a_week_pack_per_officer(
    qtbot: Any, planner: Any, answers: Answers
) -> None:
    campaign = planner.campaign_view
    _plan(qtbot, campaign)
    campaign.pdf_button.click()
    assert campaign.busy
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    names = sorted(p.name for p in answers.folder.iterdir())
    assert names == ["lea-durand_S02.pdf", "paul-lefebvre_S02.pdf", "synthese.pdf"]
    assert campaign.last_files and all(p.stat().st_size > 1000 for p in campaign.last_files)
    pack = "".join(
        page.extract_text() for page in PdfReader(answers.folder / "paul-lefebvre_S02.pdf").pages
    )
    assert "Paul Lefebvre" in pack and "Conseil Somme Industrie" in pack.replace("\n", " ")
    assert "Objet :" in pack  # each stop says why the officer goes (services.stop_notes)
    summary = PdfReader(answers.folder / "synthese.pdf").pages[0].extract_text()
    assert "Léa Durand" in summary
    assert "3 fichiers écrits" in campaign.status.text()

    campaign.ics_button.click()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    ics = (answers.folder / "campagne_2030-01-07_1s.ics").read_text(encoding="utf-8")
    planned = sum(d.visit_count for d in campaign.run_result.plan.days)
    assert ics.count("BEGIN:VEVENT") == planned


def test_cancelled_pdf_export_leaves_no_file(
    qtbot: Any, planner: Any, runner: Any, answers: Answers
) -> None:
    campaign = planner.campaign_view
    _plan(qtbot, campaign)
    gate = threading.Event()
    runner.run(lambda: gate.wait(10))
    campaign.pdf_button.click()
    campaign.progress.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert not answers.folder.exists() or not list(answers.folder.iterdir())
    assert "annulé" in campaign.status.text()


def test_changed_inputs_make_the_plan_out_of_date_until_planned_again(
    qtbot: Any, planner: Any, answers: Answers, db: Database
) -> None:
    campaign = planner.campaign_view
    _plan(qtbot, campaign)
    buttons = (campaign.save_button, campaign.pdf_button, campaign.ics_button)
    assert all(b.isEnabled() for b in buttons)

    qtbot.keyClick(campaign.weeks_spin, Qt.Key.Key_Up)  # 1 → 2 weeks, the plan shows 1
    assert campaign.weeks() == 2 and campaign.stale
    assert not any(b.isEnabled() for b in buttons)
    assert "Relancez « Planifier »" in campaign.status.text()
    campaign.save()  # even called directly: nothing asked, nothing written
    assert campaign.export_pdfs() is None and campaign.export_ics() is None
    assert answers.questions == [] and not answers.folder.exists()
    assert len(_live_planned(db)) == 1  # only the seeded fixed appointment

    qtbot.keyClick(campaign.weeks_spin, Qt.Key.Key_Down)  # back to what the plan was made from
    assert not campaign.stale and all(b.isEnabled() for b in buttons)
    assert "Relancez" not in campaign.status.text()

    for change in (
        lambda: campaign.policy_combo.setCurrentIndex(1),
        lambda: campaign.officer_list.item(0).setCheckState(Qt.CheckState.Unchecked),
        lambda: campaign.start_edit.setDate(campaign.start_edit.date().addDays(7)),
    ):
        change()
        assert campaign.stale and not campaign.save_button.isEnabled()
        assert "Relancez « Planifier »" in campaign.status.text()

    campaign.plan_button.click()
    qtbot.waitUntil(lambda: not campaign.busy, timeout=WAIT_MS)
    assert not campaign.stale and all(b.isEnabled() for b in buttons)
    assert campaign.run_result.plan.start == campaign.start()
    assert "Relancez" not in campaign.status.text()


def test_fixed_appointments_out_of_plan_are_listed_with_their_reasons(
    qtbot: Any, db: Database, planner: Any, seeded_campaign: dict[str, Any]
) -> None:
    """Not "2 rendez-vous fixe(s) hors plan" alone: which ones, and why, in a list."""
    orgs = seeded_campaign["orgs"]
    paul = uuid.UUID(seeded_campaign["paul"])
    with UnitOfWork(db, actor="test") as uow:
        # Paul (Amiens) at 06:30 in Roubaix: no departure setting reaches it
        uow.session.add(
            Visit(
                organisation_id=orgs[7],
                officer_id=paul,
                planned_start=datetime(2030, 1, 9, 6, 30, tzinfo=PARIS).astimezone(UTC),
                duration_min=60,
                status=VisitStatus.PLANNED,
                fixed=True,
            )
        )
        # and on a Saturday, which he does not work
        uow.session.add(
            Visit(
                organisation_id=orgs[6],
                officer_id=paul,
                planned_start=datetime(2030, 1, 12, 10, 0, tzinfo=PARIS).astimezone(UTC),
                duration_min=60,
                status=VisitStatus.PLANNED,
                fixed=True,
            )
        )
        uow.commit()
    campaign = planner.campaign_view
    _plan(qtbot, campaign)
    rows = _cells(campaign.left_out_model)
    names = {r[0]: r[1] for r in rows}
    assert set(names) == {"Filature de Roubaix", "Scierie de Corbie"}
    assert "trop loin" in names["Filature de Roubaix"]
    assert "départ au plus tôt" in names["Filature de Roubaix"]
    assert "jours travaillés" in names["Scierie de Corbie"]
    assert campaign.left_out_table.isVisibleTo(campaign)
    assert "(2)" in campaign.left_out_title.text()
    assert "2 rendez-vous fixes hors plan" in campaign.status.text()
