from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, select

from hdf_field.domain.enums import Area, FunnelStatus, VisitStatus
from hdf_field.domain.identifiers import is_valid_be_enterprise_number, is_valid_siret
from hdf_field.domain.naf import naf_table
from hdf_field.domain.progress import Cancelled
from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.services.demo import DemoRefused, build_demo, demo_siret
from hdf_field.services.demo_catalogue import SECTORS
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import (
    AppMeta,
    Cluster,
    Contact,
    FollowUp,
    Officer,
    Organisation,
    Visit,
)
from hdf_field.storage.uow import UnitOfWork
from tests.progress_support import CancelWhen, Recorder

TODAY = date(2026, 11, 25)
PARIS = ZoneInfo("Europe/Paris")
TABLES = (Officer, Organisation, Contact, Visit, FollowUp)


def test_demo_activities_are_real_naf_subclasses() -> None:
    table = naf_table()
    unknown = [c for s in SECTORS for c in s.activities if not table.is_subclass(c)]
    assert unknown == []


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with db.session() as s:
        for model in TABLES:
            cols = [c.key for c in inspect(model).column_attrs]
            rows = s.execute(select(*(getattr(model, c) for c in cols)).order_by(model.id)).all()
            out[model.__tablename__] = [tuple(r) for r in rows]
    return out


def fresh(path: Path, template: Path) -> Database:
    path.write_bytes(template.read_bytes())
    return open_database(path)


def test_same_seed_same_rows_different_seed_differs(tmp_path: Path, db_path: Path) -> None:
    a, b, c = (fresh(tmp_path / f"{n}.sqlite3", db_path) for n in "abc")
    try:
        build_demo(a, prospects=300, seed=7, today=TODAY)
        build_demo(b, prospects=300, seed=7, today=TODAY)
        build_demo(c, prospects=300, seed=8, today=TODAY)
        rows_a, rows_b, rows_c = dump(a), dump(b), dump(c)
        assert rows_a == rows_b
        assert rows_a["organisation"] != rows_c["organisation"]
        assert len(rows_a["organisation"]) == 300
    finally:
        for d in (a, b, c):
            d.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    build_demo(db, prospects=2000, seed=42, today=TODAY)
    yield db
    db.dispose()


def test_every_departement_and_picardie_share_follows_population(demo_db: Database) -> None:
    communes = load_gazetteer().communes()
    population = sum(c.population for c in communes)
    picardie_pop = sum(c.population for c in communes if c.area is Area.PICARDIE) / population
    with demo_db.session() as s:
        orgs = s.scalars(select(Organisation)).all()
    french = [o for o in orgs if o.country == "FR"]
    belgian = [o for o in orgs if o.country == "BE"]
    assert {o.departement for o in french} == {"02", "59", "60", "62", "80"}
    share = sum(o.area is Area.PICARDIE for o in french) / len(french)
    assert abs(share - picardie_pop) < 0.06, (share, picardie_pop)
    assert all(o.source == "demo" and "démo" in o.tags for o in orgs)
    assert all(o.lat is not None and 48.8 < o.lat < 51.1 for o in orgs)
    # A few Belgian border partners, placed by postal code, with valid enterprise numbers.
    assert 0.005 < len(belgian) / len(orgs) < 0.03
    for o in belgian:
        assert o.area is Area.BELGIUM and o.departement is None and o.siret is None
        assert o.be_enterprise_number and is_valid_be_enterprise_number(o.be_enterprise_number)
        assert o.lon is not None and o.lon > 2.5


def test_kind_mix_and_identifiers(demo_db: Database) -> None:
    with demo_db.session() as s:
        orgs = s.scalars(select(Organisation)).all()
        with_contact = len(set(s.scalars(select(Contact.organisation_id))))
    n = len(orgs)
    share = {
        k: sum(o.kind.value == k for o in orgs) / n
        for k in ("social_economy", "school", "research_lab", "project_holder")
    }
    assert 0.05 < share["social_economy"] < 0.11
    assert 0.01 < share["school"] < 0.035
    assert 0.003 < share["research_lab"] < 0.02
    assert 0.015 < share["project_holder"] < 0.05
    sirets = [o.siret for o in orgs if o.siret]
    assert len(sirets) == len(set(sirets))
    assert all(s.startswith("000") and is_valid_siret(s) for s in sirets)
    assert is_valid_siret(demo_siret(1)) and demo_siret(1) != demo_siret(2)
    assert 0.5 < with_contact / n < 0.7


def test_officers_visits_and_statuses_are_consistent(demo_db: Database) -> None:
    with demo_db.session() as s:
        officers = {o.id: o for o in s.scalars(select(Officer))}
        visits = s.scalars(select(Visit)).all()
        orgs = {o.id: o for o in s.scalars(select(Organisation))}
        follow_ups = s.scalars(select(FollowUp)).all()
        clusters = {str(c.id) for c in s.scalars(select(Cluster))}
        meta = s.get(AppMeta, "demo")
    assert len(officers) == 12
    assert {o.home_insee[:2] for o in officers.values() if o.home_insee} == {
        "02",
        "59",
        "60",
        "62",
        "80",
    }
    assert all(o.assigned_officer_id in officers for o in orgs.values())
    for org in orgs.values():
        officer = officers[org.assigned_officer_id]  # type: ignore[index]
        assert (org.departement or org.country) in officer.territory
    assert all(v.officer_id in officers for v in visits)
    by_org: dict[Any, list[Visit]] = {}
    for v in visits:
        by_org.setdefault(v.organisation_id, []).append(v)
        if v.status is VisitStatus.PLANNED:
            assert v.planned_start is not None and v.planned_start.date() >= TODAY
            assert v.outcome is None
        else:
            assert v.planned_start is not None and v.planned_start.date() < TODAY
        if v.status is VisitStatus.DONE:
            assert v.outcome is not None and v.interest is not None
        assert set(v.recommended_clusters) <= clusters
        hours = orgs[v.organisation_id].opening_hours
        if hours:  # the hour-long visit fits in the day's opening hours, in local time
            local = v.planned_start.astimezone(PARIS)
            start, end = local.strftime("%H:%M"), (local + timedelta(hours=1)).strftime("%H:%M")
            spans = hours.get(str(local.isoweekday()), [])
            assert any(a <= start and end <= b for a, b in spans), (spans, start)
    statuses = {s.value for s in VisitStatus}
    assert {v.status.value for v in visits} == statuses
    for org_id, org in orgs.items():
        done = any(v.status is VisitStatus.DONE for v in by_org.get(org_id, []))
        planned = any(v.status is VisitStatus.PLANNED for v in by_org.get(org_id, []))
        assert done == (org.status.rank >= FunnelStatus.VISITED.rank), org.status
        if org.status is FunnelStatus.VISIT_PLANNED:
            assert planned
        if org.status is FunnelStatus.ORIENTED:
            assert any(v.recommended_clusters for v in by_org[org_id])
    visit_ids = {v.id for v in visits}
    assert follow_ups and all(f.visit_id in visit_ids for f in follow_ups)
    assert meta is not None and meta.value["seed"] == 42 and meta.value["prospects"] == 2000


def test_refuses_non_empty_database_and_replaces_demo_only(db: Database) -> None:
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name="Vraie entreprise", source="sirene"))
        uow.commit()
    with pytest.raises(DemoRefused, match="--force"):
        build_demo(db, prospects=50, seed=1, today=TODAY)
    build_demo(db, prospects=50, seed=1, today=TODAY, replace=True)
    build_demo(db, prospects=60, seed=2, today=TODAY, replace=True)
    with db.session() as s:
        orgs = s.scalars(select(Organisation)).all()
        assert len(orgs) == 61
        assert sum(o.source == "sirene" for o in orgs) == 1
        assert len(s.scalars(select(Officer)).all()) == 12
        assert s.get(AppMeta, "demo").value["seed"] == 2  # type: ignore[union-attr]


def test_cancel_leaves_the_database_untouched(db: Database) -> None:
    calls = Recorder()
    with pytest.raises(Cancelled):
        build_demo(
            db,
            prospects=50,
            seed=1,
            today=TODAY,
            progress=calls,
            cancel=CancelWhen(lambda: len(calls.updates) > 3),
        )
    with db.session() as s:
        assert s.scalars(select(Organisation)).first() is None
        assert s.scalars(select(Officer)).first() is None
