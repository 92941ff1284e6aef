"""Dashboard figures counted on a small hand-made campaign (renderings: tests/unit/reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hdf_field.domain.dashboard import DashboardData
from hdf_field.domain.enums import Area, ClusterKind, FunnelStatus, VisitStatus
from hdf_field.services.dashboard import dashboard_data
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Visit
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork

TODAY = date(2026, 11, 25)  # a Wednesday


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


@pytest.fixture
def data(db: Database) -> DashboardData:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        alice = Officer(name="Alice Martin", email="alice@example.org")
        bob = Officer(name="Bob Durand", email="bob@example.org")
        idle = Officer(name="Zoé Inactive", email="zoe@example.org", active=False)
        mobility = Cluster(name="i-Trans", kind=ClusterKind.POLE, domain="mobility")
        food = Cluster(name="Aquimer", kind=ClusterKind.POLE, domain="seafood")
        s.add_all([alice, bob, idle, mobility, food])

        def org(
            name: str, dep: str, epci: str, area: Area, status: FunnelStatus, **kw: object
        ) -> Organisation:
            o = Organisation(
                name=name, departement=dep, epci_code=epci, area=area, status=status, **kw
            )
            s.add(o)
            return o

        lille = org("Lille 1", "59", "200093201", Area.NPDC, FunnelStatus.ORIENTED)
        lille2 = org("Lille 2", "59", "200093201", Area.NPDC, FunnelStatus.IDENTIFIED)
        org("Arras", "62", "200033579", Area.NPDC, FunnelStatus.MEMBER)  # no visit row
        amiens = org("Amiens", "80", "248000531", Area.PICARDIE, FunnelStatus.CONTACTED)
        laon = org("Laon", "02", "200043495", Area.PICARDIE, FunnelStatus.VISIT_PLANNED)
        org("Gone", "02", "200043495", Area.PICARDIE, FunnelStatus.MEMBER, deleted_at=utcnow())
        s.flush()

        def visit(
            o: Organisation,
            who: Officer,
            day: date,
            status: VisitStatus,
            clusters: list[Cluster] = (),
        ) -> None:  # type: ignore[assignment]
            s.add(
                Visit(
                    organisation_id=o.id,
                    officer_id=who.id,
                    actual_start=_at(day),
                    planned_start=_at(day),
                    status=status,
                    recommended_clusters=[str(c.id) for c in clusters],
                )
            )

        visit(lille, alice, date(2026, 11, 23), VisitStatus.DONE, [mobility, food])
        visit(lille, bob, date(2026, 11, 24), VisitStatus.DONE, [mobility])  # same pair again
        # Amiens was visited (done) although its status still says "contacted".
        visit(amiens, alice, date(2026, 11, 10), VisitStatus.DONE, [mobility])
        visit(amiens, alice, date(2026, 6, 1), VisitStatus.DONE)  # before the 8-week window
        visit(laon, bob, date(2026, 11, 27), VisitStatus.PLANNED)
        visit(lille2, bob, date(2026, 11, 20), VisitStatus.CANCELLED)
        uow.commit()
    with db.session() as session:
        return dashboard_data(
            session,
            today=TODAY,
            weeks=8,
            target=10,
            epci_names={"200093201": "Métropole Européenne de Lille"},
        )


def test_progress_counts_visited_oriented_and_members(data: DashboardData) -> None:
    k = data.kpis
    # Lille 1 and Amiens (done visits) + Arras (member, imported without visits).
    assert (k.organisations, k.visited, k.oriented, k.members) == (5, 3, 2, 1)
    assert (k.visits_done, k.visits_planned) == (4, 1)
    assert k.progress == pytest.approx(0.3)


def test_funnel_counts_every_status_in_order(data: DashboardData) -> None:
    assert data.funnel == (
        ("identified", 1),
        ("contacted", 1),
        ("visit_planned", 1),
        ("visited", 0),
        ("interested", 0),
        ("oriented", 1),
        ("member", 1),
    )


def test_visits_per_officer_per_week(data: DashboardData) -> None:
    assert data.weeks[0] == date(2026, 10, 5) and data.weeks[-1] == date(2026, 11, 23)
    rows = {o.officer: o.visits for o in data.officers}
    assert rows == {
        "Alice Martin": (0, 0, 0, 0, 0, 1, 0, 1),
        "Bob Durand": (0, 0, 0, 0, 0, 0, 0, 1),
    }
    assert [o.officer for o in data.officers] == ["Alice Martin", "Bob Durand"]


def test_coverage_by_departement_epci_and_historical_area(data: DashboardData) -> None:
    dep = {r.code: (r.prospects, r.visited) for r in data.by_departement}
    assert dep == {"02": (1, 0), "59": (2, 1), "60": (0, 0), "62": (1, 1), "80": (1, 1)}
    assert data.by_departement[0].label == "Aisne"
    epci = {r.code: (r.label, r.prospects, r.visited) for r in data.by_epci}
    assert epci["200093201"] == ("Métropole Européenne de Lille", 2, 1)
    assert epci["248000531"] == ("248000531", 1, 1)
    area = {r.code: (r.prospects, r.visited, r.rate) for r in data.by_area}
    assert area["ex-Nord-Pas-de-Calais"] == (3, 2, pytest.approx(2 / 3))
    assert area["ex-Picardie"] == (2, 1, 0.5)


def test_orientations_count_organisations_once_per_cluster(data: DashboardData) -> None:
    assert data.orientations == (("i-Trans", 2), ("Aquimer", 1))
