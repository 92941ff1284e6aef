"""One organisation's queries on a real SQLite database: deleted rows stay out where the card
and orientation expect it, and stay in where a lookup must see them (SIRET, cluster names)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from hdf_field.domain.enums import ClusterKind, SiteKind, VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import (
    Cluster,
    ClusterSite,
    Contact,
    FollowUp,
    Officer,
    Organisation,
    Visit,
)
from hdf_field.storage.queries import organisations as q
from hdf_field.storage.queries.reference import clusters_with_sites
from hdf_field.storage.uow import UnitOfWork

GONE = datetime(2026, 1, 1, tzinfo=UTC)
SIRET = "55210055400013"


def _cluster(name: str, *, deleted: bool = False) -> Cluster:
    cluster = Cluster(
        name=name,
        kind=ClusterKind.POLE,
        domain="mobility",
        deleted_at=GONE if deleted else None,
    )
    for site, site_deleted in [("Siège", False), ("Antenne", True)]:
        cluster.sites.append(
            ClusterSite(
                name=f"{name} {site}",
                kind=SiteKind.PRINCIPAL if site == "Siège" else SiteKind.SECONDARY,
                lat=50.0,
                lon=3.0,
                deleted_at=GONE if site_deleted else None,
            )
        )
    return cluster


@pytest.fixture
def card(db: Database) -> dict[str, uuid.UUID]:
    with UnitOfWork(db, actor="t") as uow:
        s = uow.session
        alice = Officer(name="Alice", email="alice@example.org")
        homonym = Officer(name="Alice", email="alice2@example.org")
        gone = Officer(name="Gone", email="gone@example.org", deleted_at=GONE)
        org = Organisation(name="Fonderie", siret=SIRET)
        closed = Organisation(name="Fermée", siret="73282932000074", deleted_at=GONE)
        s.add_all([alice, homonym, gone, org, closed])
        s.add_all(
            [
                Contact(organisation=org, first_name="Zoé", last_name="Martin"),
                Contact(organisation=org, first_name="Anne", last_name="Martin"),
                Contact(organisation=org, first_name="Paul", last_name="Dupont"),
                Contact(organisation=org, last_name="Ancien", deleted_at=GONE),
            ]
        )
        for start, needs, deleted, officer in [
            (datetime(2026, 5, 1, 9, tzinfo=UTC), ["export"], None, alice),
            (datetime(2026, 3, 1, 9, tzinfo=UTC), ["decarbonisation"], None, gone),
            (datetime(2026, 4, 1, 9, tzinfo=UTC), ["recrutement"], GONE, alice),
        ]:
            s.add(
                Visit(
                    organisation=org,
                    officer=officer,
                    status=VisitStatus.DONE,
                    planned_start=start,
                    needs=needs,
                    deleted_at=deleted,
                )
            )
        s.add_all([_cluster("i-Trans"), _cluster("Aquimer"), _cluster("Ancien", deleted=True)])
        s.flush()
        for due, deleted in [
            (date(2026, 7, 1), None),
            (date(2026, 6, 1), None),
            (date(2026, 5, 1), GONE),
        ]:
            s.add(FollowUp(organisation_id=org.id, due_date=due, action="call", deleted_at=deleted))
        ids = {"org": org.id, "closed": closed.id, "alice": alice.id}
        uow.commit()
    return ids


def test_lookups_by_siret_see_deleted_organisations(
    db: Database, card: dict[str, uuid.UUID]
) -> None:
    with db.session() as s:
        found = q.organisation_by_siret(s, siret="73282932000074")
        assert found is not None and found.id == card["closed"]
        assert q.organisation_by_siret(s, siret="00000000000000") is None
        assert q.siret_holder(s, siret=SIRET, other_than=card["closed"]) == card["org"]
        assert q.siret_holder(s, siret=SIRET, other_than=card["org"]) is None


def test_officers_are_matched_on_email_or_name_among_live_ones(
    db: Database, card: dict[str, uuid.UUID]
) -> None:
    with db.session() as s:
        assert len(q.live_officers_named(s, email="x", name="Alice")) == 2
        by_email = q.live_officers_named(s, email="alice@example.org", name="x")
        assert [o.id for o in by_email] == [card["alice"]]
        assert q.live_officers_named(s, email="gone@example.org", name="Gone") == []


def test_the_card_reads_live_rows_in_their_order(db: Database, card: dict[str, uuid.UUID]) -> None:
    with db.session() as s:
        org_id = card["org"]
        contacts = q.live_contacts(s, organisation_id=org_id)
        assert [(c.last_name, c.first_name) for c in contacts] == [
            ("Dupont", "Paul"),
            ("Martin", "Anne"),
            ("Martin", "Zoé"),
        ]
        visits = q.live_visits_with_officer(s, organisation_id=org_id)
        assert sorted(name for _, name in visits) == ["Alice", "Gone"]  # a deleted officer's too
        follow_ups = q.live_follow_ups(s, organisation_id=org_id)
        assert [f.due_date for f in follow_ups] == [date(2026, 6, 1), date(2026, 7, 1)]
        assert sorted(q.cluster_names(s).values()) == ["Ancien", "Aquimer", "i-Trans"]


def test_orientation_inputs(db: Database, card: dict[str, uuid.UUID]) -> None:
    with db.session() as s:
        clusters = q.live_clusters_with_sites(s)
        assert [c.name for c in clusters] == ["Aquimer", "i-Trans"]
        assert len(clusters[0].sites) == 2  # deleted sites too: the caller drops them
        needs = q.declared_needs(s, organisation_id=card["org"])
        assert list(needs) == [["decarbonisation"], ["export"]]
        assert sorted(c.name for c in clusters_with_sites(s)) == ["Ancien", "Aquimer", "i-Trans"]


def test_column_names_follow_the_model() -> None:
    names = q.organisation_column_names()
    assert len(names) == len(set(names))
    assert {"id", "siret", "name", "deleted_at", "version", "assigned_officer_id"} <= set(names)
    assert "assigned_officer" not in names  # a relationship, not a column
