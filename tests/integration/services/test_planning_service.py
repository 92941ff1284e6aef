from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hdf_field.cli import main
from hdf_field.domain.enums import Area, FunnelStatus, VisitStatus
from hdf_field.domain.errors import NotFoundError
from hdf_field.planning.synthetic import synthetic_prospects
from hdf_field.planning.zones import PARIS
from hdf_field.services.planning import (
    load_prospects,
    plan_campaign_from_db,
    plan_day_from_db,
    prospect_value,
    save_plan,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork

MONDAY = date(2026, 1, 5)


def seed(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        lille = Officer(
            name="Léa",
            email="lea@example.org",
            home_commune="Lille",
            home_lat=50.6312,
            home_lon=3.0707,
        )
        amiens = Officer(
            name="Paul",
            email="paul@example.org",
            home_commune="Amiens",
            home_lat=49.8941,
            home_lon=2.2958,
        )
        s.add_all([lille, amiens])
        s.flush()
        orgs = []
        for p in synthetic_prospects(150, seed=3):
            orgs.append(
                Organisation(
                    name=p.name,
                    lat=p.lat,
                    lon=p.lon,
                    departement=p.departement,
                    area=Area(p.area),
                    opening_hours=p.opening_hours,
                    priority=int(p.value) % 4,
                )
            )
        s.add_all(orgs)
        s.flush()
        fixed = Visit(
            organisation_id=orgs[0].id,
            officer_id=lille.id,
            planned_start=datetime(2026, 1, 6, 10, 0, tzinfo=PARIS).astimezone(UTC),
            duration_min=60,
            fixed=True,
        )
        s.add(fixed)
        uow.commit()
        return lille.id, amiens.id, fixed.id


def test_prospect_value_orders_the_reasons() -> None:
    base = prospect_value(1, True, False, False, None)
    assert prospect_value(3, True, False, False, None) > base
    assert prospect_value(1, True, True, False, None) > base
    assert prospect_value(1, True, False, True, "22") > prospect_value(1, True, False, True, None)


def test_load_prospects_includes_fixed_visits(db: Database) -> None:
    lille, _amiens, fixed_id = seed(db)
    with db.session() as s:
        prospects = load_prospects(s, MONDAY, date(2026, 1, 9))
    fixed = [p for p in prospects if p.fixed_time is not None]
    assert (
        len(fixed) == 1
        and fixed[0].visit_id == str(fixed_id)
        and fixed[0].fixed_officer_id == str(lille)
    )
    assert len(prospects) == 150  # the fixed one is not also a free prospect


def test_campaign_save_writes_planned_visits_and_keeps_fixed(db: Database) -> None:
    lille, _amiens, fixed_id = seed(db)
    plan = plan_campaign_from_db(db, MONDAY, 1)
    assert len(plan.days) == 10
    result = save_plan(db, plan.days, actor="test")
    planned = sum(d.visit_count for d in plan.days)
    assert result.created + result.kept_fixed == planned and result.kept_fixed == 1
    with db.session() as s:
        visits = list(s.scalars(select(Visit).where(Visit.deleted_at.is_(None))))
        assert len(visits) == planned
        fixed = s.get(Visit, fixed_id)
        assert fixed is not None and fixed.version == 1 and fixed.fixed
        org = s.get(Organisation, visits[-1].organisation_id)
        assert org is not None and org.status in (
            FunnelStatus.VISIT_PLANNED,
            FunnelStatus.IDENTIFIED,
        )
        assert all(v.status == VisitStatus.PLANNED for v in visits)
    # planning again replaces the unfixed visits instead of adding more
    again = save_plan(db, plan.days, actor="test")
    assert again.replaced == result.created
    with db.session() as s:
        assert len(list(s.scalars(select(Visit).where(Visit.deleted_at.is_(None))))) == planned


def test_day_plan_by_email(db: Database) -> None:
    seed(db)
    plan = plan_day_from_db(db, "lea@example.org", date(2026, 1, 6))
    assert plan.officer_name == "Léa" and plan.visit_count >= 3
    assert any(s.fixed for s in plan.stops)


def test_plan_cli_day_and_campaign(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hdf_field.storage.database import open_database

    db = open_database(db_path)
    seed(db)
    db.dispose()
    assert (
        main(
            [
                "plan",
                "day",
                "--db",
                str(db_path),
                "--officer",
                "lea@example.org",
                "--date",
                "2026-01-06",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Tournée du 06/01/2026" in out and "RDV fixe" in out
    assert (
        main(
            [
                "plan",
                "campaign",
                "--db",
                str(db_path),
                "--start",
                "2026-01-05",
                "--weeks",
                "1",
                "--json",
                "--save",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["saved"]["created"] > 0
    assert sum(data["coverage_by_area"].values()) == sum(len(d["stops"]) for d in data["days"])
    # the compact policy drives less than the default one over the same week
    args = ["plan", "campaign", "--db", str(db_path), "--start", "2026-01-05", "--weeks", "1"]
    assert main([*args, "--json", "--policy", "compact"]) == 0
    compact = json.loads(capsys.readouterr().out)
    assert compact["stats"]["drive_min"] < data["stats"]["drive_min"]
    assert main(args) == 0  # as text: coverage per organisation kind, groups at 0 included
    text = capsys.readouterr().out
    assert "Couverture par type d'organisation :" in text and "Entreprise" in text
    assert (
        main(
            [
                "plan",
                "day",
                "--db",
                str(db_path),
                "--officer",
                "nobody@example.org",
                "--date",
                "2026-01-06",
            ]
        )
        != 0
    )
    assert "introuvable" in capsys.readouterr().err  # French unless --lang en


def _line_segments(pdf: Path) -> int:
    """Straight segments drawn on the first page: the basemap's outlines are thousands."""
    from pypdf import PdfReader

    content = PdfReader(pdf).pages[0].get_contents()
    assert content is not None
    return len(re.findall(rb"\sl(?=\s)", content.get_data()))


def test_plan_pdfs_from_the_cli_are_drawn_on_the_commune_outlines(
    db_path: Path, tmp_path: Path
) -> None:
    from hdf_field.storage.database import open_database

    db = open_database(db_path)
    seed(db)
    db.dispose()
    out = tmp_path / "day.pdf"
    args = [
        "plan",
        "day",
        "--db",
        str(db_path),
        "--officer",
        "lea@example.org",
        "--date",
        "2026-01-06",
        "--pdf",
        str(out),
    ]
    assert main(args) == 0 and out.read_bytes().startswith(b"%PDF")
    assert _line_segments(out) > 300
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Objet :" in text  # every stop says why the officer goes
    folder = tmp_path / "packs"
    args = [
        "plan",
        "campaign",
        "--db",
        str(db_path),
        "--start",
        "2026-01-05",
        "--weeks",
        "1",
        "--pdf-dir",
        str(folder),
    ]
    assert main(args) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["lea_S02.pdf", "paul_S02.pdf", "synthese.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in folder.iterdir())


def test_day_with_booked_visits_is_reordered_and_saved_in_place(db: Database) -> None:
    lille, _amiens, fixed_id = seed(db)
    # book three visits at silly times on the fixed appointment's day, in a silly order
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        orgs = list(
            s.scalars(select(Organisation).where(Organisation.departement == "59").limit(3))
        )
        booked = [
            Visit(
                organisation_id=o.id,
                officer_id=lille,
                planned_start=datetime(2026, 1, 6, 16 - k, 0, tzinfo=PARIS).astimezone(UTC),
                duration_min=45,
            )
            for k, o in enumerate(orgs)
        ]
        s.add_all(booked)
        uow.commit()
        ids = {v.id for v in booked}
    plan = plan_day_from_db(db, str(lille), date(2026, 1, 6))
    assert {uuid.UUID(s.visit_id) for s in plan.stops if s.visit_id} <= ids | {fixed_id}
    assert len(plan.stops) + len(plan.unserved) == 4
    result = save_plan(db, [plan], actor="test")
    assert result.created == 0 and result.updated == len(plan.stops) - 1 and result.kept_fixed == 1
    with db.session() as s:
        live = {v.id for v in s.scalars(select(Visit).where(Visit.deleted_at.is_(None)))}
        assert {uuid.UUID(st.visit_id) for st in plan.stops if st.visit_id} <= live


def _live_planned(db: Database) -> dict[uuid.UUID, list[Visit]]:
    """Live planned visits by organisation."""
    out: dict[uuid.UUID, list[Visit]] = {}
    with db.session() as s:
        for v in s.scalars(
            select(Visit).where(Visit.deleted_at.is_(None), Visit.status == VisitStatus.PLANNED)
        ):
            out.setdefault(v.organisation_id, []).append(v)
    return out


def test_replan_for_one_officer_moves_visits_instead_of_doubling_them(db: Database) -> None:
    lille, amiens, fixed_id = seed(db)
    first = plan_campaign_from_db(db, MONDAY, 1)
    save_plan(db, first.days, actor="test")
    lea_orgs = {
        uuid.UUID(st.organisation_id)
        for d in first.days
        if d.officer_id == str(lille)
        for st in d.stops
        if not st.fixed
    }
    # a visit already carried out for one of Léa's organisations must survive any re-plan
    done_org = next(iter(sorted(lea_orgs)))
    with UnitOfWork(db, actor="test") as uow:
        done = Visit(
            organisation_id=done_org,
            officer_id=lille,
            planned_start=datetime(2026, 1, 2, 10, 0, tzinfo=PARIS).astimezone(UTC),
            status=VisitStatus.DONE,
        )
        uow.session.add(done)
        uow.commit()
        done_id = done.id
    before = {o: vs[0].id for o, vs in _live_planned(db).items()}
    # Paul moves to Roubaix and re-plans the week alone: Léa's unfixed prospects are his now
    with UnitOfWork(db, actor="test") as uow:
        paul = uow.session.get(Officer, amiens)
        assert paul is not None
        paul.home_commune, paul.home_lat, paul.home_lon = "Roubaix", 50.6942, 3.1746
        uow.commit()
    second = plan_campaign_from_db(db, MONDAY, 1, officer_keys=["paul@example.org"])
    moved = {
        uuid.UUID(st.organisation_id) for d in second.days for st in d.stops if not st.fixed
    } & lea_orgs
    assert moved, "the re-plan should give Paul some of Léa's organisations"
    result = save_plan(db, second.days, actor="test")
    assert result.moved >= len(moved)
    live = _live_planned(db)
    twice = {o: vs for o, vs in live.items() if len(vs) > 1}
    assert not twice, f"{len(twice)} organisations planned twice"
    assert all(live[o][0].officer_id == amiens for o in moved)
    # Léa's visits of that week are handed over (the same visit, moved), not re-created
    assert all(live[o][0].id == before[o] for o in moved)
    with db.session() as s:
        fixed = s.get(Visit, fixed_id)
        assert fixed is not None and fixed.deleted_at is None and fixed.officer_id == lille
        kept_done = s.get(Visit, done_id)
        assert kept_done is not None and kept_done.deleted_at is None


def test_saving_a_day_moves_an_organisation_from_another_day(db: Database) -> None:
    lille, _amiens, fixed_id = seed(db)
    plan = plan_campaign_from_db(db, MONDAY, 1)
    save_plan(db, plan.days, actor="test")
    lea = [d for d in plan.days if d.officer_id == str(lille)]
    monday, thursday = lea[0], lea[3]
    stop = next(st for st in monday.stops if not st.fixed)
    org = uuid.UUID(stop.organisation_id)
    # the org moves to Thursday (appended, as the day planner would after "add to plan")
    shift = timedelta(days=(thursday.day - monday.day).days)
    extra = replace(
        stop,
        order=len(thursday.stops) + 1,
        visit_id=None,
        arrival=stop.arrival + shift,
        start=stop.start + shift,
        departure=stop.departure + shift,
    )
    result = save_plan(db, [replace(thursday, stops=(*thursday.stops, extra))], actor="test")
    assert result.created >= 1
    live = _live_planned(db)
    assert len(live[org]) == 1
    assert live[org][0].planned_start is not None
    assert live[org][0].planned_start.astimezone(PARIS).date() == thursday.day
    # Monday's other visits and the fixed appointment are untouched
    others = {uuid.UUID(st.organisation_id) for st in monday.stops} - {org}
    assert all(len(live[o]) == 1 for o in others)
    with db.session() as s:
        fixed = s.get(Visit, fixed_id)
        assert fixed is not None and fixed.deleted_at is None and fixed.version == 1


def test_a_failing_save_changes_nothing(db: Database) -> None:
    lille, _amiens, _fixed = seed(db)
    plan = plan_campaign_from_db(db, MONDAY, 1)
    save_plan(db, plan.days, actor="test")
    before = {o: [v.id for v in vs] for o, vs in _live_planned(db).items()}
    lea = [d for d in plan.days if d.officer_id == str(lille)]
    stop = next(st for st in lea[0].stops if not st.fixed)
    ghost = replace(stop, organisation_id=str(uuid.uuid4()), visit_id=None, order=99)
    moved = replace(stop, visit_id=None)
    bad = replace(lea[3], stops=(*lea[3].stops, moved, ghost))
    with pytest.raises(NotFoundError):
        save_plan(db, [bad], actor="test")
    after = {o: [v.id for v in vs] for o, vs in _live_planned(db).items()}
    assert after == before
