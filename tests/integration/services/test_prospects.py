from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, VisitStatus
from hdf_field.services.prospects import (
    ProspectFilter,
    count_prospects,
    filter_choices,
    prospect_rows,
    search_prospects,
)
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Contact, FollowUp, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork


@pytest.fixture
def sample(db: Database) -> Database:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        alice = Officer(name="Alice Martin", email="alice@example.org")
        s.add(alice)
        bakery = Organisation(
            name="Boulangerie Lefèvre",
            siret="55210055400013",
            city="Étaples",
            postal_code="62630",
            departement="62",
            naf_code="10.71C",
            status=FunnelStatus.IDENTIFIED,
            priority=2,
        )
        works = Organisation(
            name="Ateliers Mécaniques du Beauvaisis",
            trade_name="AMB",
            city="Beauvais",
            postal_code="60000",
            departement="60",
            naf_code="29.10Z",
            status=FunnelStatus.VISITED,
            assigned_officer=alice,
            priority=3,
        )
        lab = Organisation(
            name="Laboratoire Matériaux",
            city="Lille",
            departement="59",
            naf_code="72.19Z",
            status=FunnelStatus.INTERESTED,
        )
        gone = Organisation(name="Boulangerie Fermée", city="Lille", departement="59")
        gone.deleted_at = datetime(2026, 1, 1, tzinfo=UTC)
        s.add_all([bakery, works, lab, gone])
        s.add(Contact(organisation=works, first_name="Hélène", last_name="Dupré"))
        s.add(
            Cluster(
                name="i-Trans",
                kind="pole_de_competitivite",
                domain="mobility",
                naf_prefixes=["29", "30.2"],
            )
        )
        s.flush()
        s.add(
            Visit(
                organisation=works,
                officer=alice,
                status=VisitStatus.DONE,
                actual_start=datetime(2026, 3, 2, 9, tzinfo=UTC),
            )
        )
        s.add(
            FollowUp(
                organisation_id=lab.id,
                due_date=date(2026, 4, 1),
                action="Rappeler",
                status=FollowUpStatus.OPEN,
            )
        )
        uow.commit()
    return db


def names(db: Database, **kw: object) -> list[str]:
    with db.session() as s:
        return [r.name for r in search_prospects(s, ProspectFilter(**kw))]  # type: ignore[arg-type]


def test_prefix_search_is_accent_insensitive(sample: Database) -> None:
    assert names(sample, text="boulang") == ["Boulangerie Lefèvre"]
    assert names(sample, text="etapl") == ["Boulangerie Lefèvre"]
    assert names(sample, text="BEAUV") == ["Ateliers Mécaniques du Beauvaisis"]
    assert names(sample, text="mecaniques beauv") == ["Ateliers Mécaniques du Beauvaisis"]
    assert names(sample, text="mecaniques lille") == []


def test_search_by_siret_trade_name_and_contact(sample: Database) -> None:
    assert names(sample, text="552 100") == ["Boulangerie Lefèvre"]
    assert names(sample, text="5521005540") == ["Boulangerie Lefèvre"]
    assert names(sample, text="amb") == ["Ateliers Mécaniques du Beauvaisis"]
    assert names(sample, text="helene dupr") == ["Ateliers Mécaniques du Beauvaisis"]


def test_contact_changes_follow_in_the_index(sample: Database) -> None:
    with UnitOfWork(sample) as uow:
        c = uow.session.scalars(select(Contact)).one()
        c.last_name = "Carpentier"
        lab = uow.session.scalars(select(Organisation).where(Organisation.city == "Lille")).first()
        assert lab is not None
        uow.session.add(Contact(organisation_id=lab.id, last_name="Wóźniak"))
        uow.commit()
    assert names(sample, text="dupre") == []
    assert names(sample, text="carpent") == ["Ateliers Mécaniques du Beauvaisis"]
    assert names(sample, text="wozn") == ["Laboratoire Matériaux"]


def test_filters(sample: Database) -> None:
    assert names(sample, departements=("59", "62")) == [
        "Boulangerie Lefèvre",
        "Laboratoire Matériaux",
    ]
    assert names(sample, naf_section="C") == [
        "Ateliers Mécaniques du Beauvaisis",
        "Boulangerie Lefèvre",
    ]
    assert names(sample, naf_division="72") == ["Laboratoire Matériaux"]
    assert names(sample, statuses=(FunnelStatus.VISITED,)) == ["Ateliers Mécaniques du Beauvaisis"]
    assert names(sample, never_visited=True) == ["Boulangerie Lefèvre", "Laboratoire Matériaux"]
    assert names(sample, follow_up_due=True, today=date(2026, 4, 2)) == ["Laboratoire Matériaux"]
    assert names(sample, follow_up_due=True, today=date(2026, 3, 31)) == []
    assert names(sample, min_priority=2) == [
        "Ateliers Mécaniques du Beauvaisis",
        "Boulangerie Lefèvre",
    ]
    with sample.session() as s:
        choices = filter_choices(s)
    assert [c.label for c in choices.officers] == ["Alice Martin"]
    assert names(sample, officer_id=choices.officers[0].key) == [
        "Ateliers Mécaniques du Beauvaisis"
    ]
    assert names(sample, officer_id="") == ["Boulangerie Lefèvre", "Laboratoire Matériaux"]
    assert names(sample, cluster_id=choices.clusters[0].key) == [
        "Ateliers Mécaniques du Beauvaisis"
    ]


def test_sorting_paging_and_counts(sample: Database) -> None:
    flt = ProspectFilter()
    with sample.session() as s:
        assert count_prospects(s, flt) == 3
        by_status = [r.status for r in search_prospects(s, flt, sort="status", descending=True)]
        assert by_status == [FunnelStatus.INTERESTED, FunnelStatus.VISITED, FunnelStatus.IDENTIFIED]
        page1 = search_prospects(s, flt, offset=0, limit=2)
        page2 = search_prospects(s, flt, offset=2, limit=2)
        assert [r.name for r in page1 + page2] == names(sample)
        works = next(r for r in page1 if r.city == "Beauvais")
        assert works.last_visit == date(2026, 3, 2)
        assert works.officer_name == "Alice Martin"
        again = prospect_rows(s, [works.id])
        assert again[works.id] == works
        with pytest.raises(ValueError, match="unknown sort key"):
            search_prospects(s, flt, sort="nope")


def test_index_is_repaired_when_triggers_vanish(sample: Database) -> None:
    with sample.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER organisation_fts_ai"))
        conn.execute(text("DELETE FROM organisation_fts"))
        assert not search_index.is_healthy(conn)
        assert search_index.ensure_search_index(conn)
        assert search_index.is_healthy(conn)
    assert names(sample, text="boulang") == ["Boulangerie Lefèvre"]


def test_all_ids_of_a_selection(sample: Database) -> None:
    from hdf_field.services.prospects import is_unfiltered, prospect_ids

    with sample.session() as s:
        assert len(prospect_ids(s, ProspectFilter(departements=("59", "62")))) == 2
        assert len(prospect_ids(s, ProspectFilter())) == 3
    assert is_unfiltered(ProspectFilter())
    assert not is_unfiltered(ProspectFilter(text="x"))


def test_names_starting_with_an_accent_sort_with_their_letter(db: Database) -> None:
    """Issue 12: "École…" and "Émilie…" among the E's, not after Z — in the list sorted by
    name (stored sort keys) and in the officer filter (sorted in Python)."""
    with UnitOfWork(db, actor="test") as uow:
        for name in ("Zinc du Nord", "École des Mines", "Eiffage Route", "Œuvre Sociale", "Oise"):
            uow.session.add(Organisation(name=name, status=FunnelStatus.IDENTIFIED))
        for name in ("Zoé Lambert", "Émilie Caron", "Eric Dubois"):
            uow.session.add(Officer(name=name, email=f"{name.split()[0]}@example.org"))
        uow.commit()
    with db.session() as s:
        rows = search_prospects(s, ProspectFilter(), sort="name")
        officers = [c.label for c in filter_choices(s).officers]
    assert [r.name for r in rows] == [
        "École des Mines",
        "Eiffage Route",
        "Œuvre Sociale",
        "Oise",
        "Zinc du Nord",
    ]
    assert officers == ["Émilie Caron", "Eric Dubois", "Zoé Lambert"]
