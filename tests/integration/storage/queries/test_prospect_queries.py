"""storage/queries/prospects.py on a real SQLite database: the sort-table page and the plain
page agree, counts stop at the cap, and the per-page aggregates skip what they must."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, OrgKind, VisitStatus
from hdf_field.domain.prospect_filter import SORT_KEYS, ProspectFilter
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, FollowUp, Officer, Organisation, Visit
from hdf_field.storage.queries import prospects as q
from hdf_field.storage.uow import UnitOfWork

GONE = datetime(2026, 1, 1, tzinfo=UTC)
CITIES = ["Lille", "Arras", "Amiens", "Beauvais", "Laon", None]


@pytest.fixture
def many(db: Database) -> Database:
    """40 organisations (3 deleted) with ties on every sort key, and their visits."""
    with UnitOfWork(db, actor="t") as uow:
        s = uow.session
        alice = Officer(name="Alice", email="alice@example.org")
        bruno = Officer(name="Bruno", email="bruno@example.org", active=False)
        gone = Officer(name="Gone", email="gone@example.org", deleted_at=GONE)
        s.add_all([alice, bruno, gone])
        for i in range(40):
            org = Organisation(
                name=f"Boulangerie {i % 7}" if i % 2 else f"Atelier {i % 5}",
                city=CITIES[i % len(CITIES)],
                departement=["59", "62", "80"][i % 3],
                epci_code=["200093201", None, "246200364"][i % 3],
                naf_code=["10.71C", "29.10Z", None][i % 3],
                status=list(FunnelStatus)[i % 4],
                priority=i % 3,
                kind=list(OrgKind)[i % len(OrgKind)],
                assigned_officer=alice if i % 4 == 0 else None,
                deleted_at=GONE if i in (5, 17, 30) else None,
            )
            s.add(org)
            if i % 5 == 0:
                s.add(
                    Visit(
                        organisation=org,
                        officer=alice,
                        status=VisitStatus.DONE,
                        actual_start=datetime(2026, 3, i % 28 + 1, 9, tzinfo=UTC),
                    )
                )
                s.add(
                    Visit(
                        organisation=org,
                        officer=alice,
                        status=VisitStatus.DONE,
                        planned_start=datetime(2026, 5, 1, 9, tzinfo=UTC),
                        deleted_at=GONE,  # a later visit, deleted: not the last one
                    )
                )
        s.add(Cluster(name="i-Trans", kind="pole_de_competitivite", domain="mobility"))
        s.add(Cluster(name="Old", kind="pole_de_competitivite", domain="x", deleted_at=GONE))
        s.add(
            Cluster(
                name="Agri",
                kind="pole_de_competitivite",
                domain="food",
                naf_prefixes=["10.7", "29"],
            )
        )
        uow.commit()
    return db


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_table_pages_are_the_plain_query_pages(
    many: Database, sort: str, descending: bool
) -> None:
    """The two paths order the same live rows the same way, ties by rowid, page after page;
    only ``name`` and ``city`` differ in collation (folded keys vs NOCASE), so they are
    compared as sets."""
    flt = ProspectFilter(departements=("59", "62"))
    with many.session() as s:
        assert q.uses_sort_table(s)
        for offset in (0, 10, 20):
            rowids = q.sorted_rowids(
                s, flt=flt, sort=sort, descending=descending, offset=offset, limit=10
            )
            walked = q.records_in_order(s, rowids=rowids)
            assert [r[1] for r in walked] == rowids
            plain = q.ordered_records(
                s, flt=flt, sort=sort, descending=descending, offset=offset, limit=10
            )
            if sort in ("name", "city"):
                continue
            assert [r[1] for r in plain] == rowids


KEYED_FILTERS = [
    {"departements": ("59",)},
    {"statuses": (FunnelStatus.IDENTIFIED, FunnelStatus.VISITED)},
    {"kinds": (OrgKind.SCHOOL, OrgKind.FIRM)},
    {"min_priority": 1},
    {"naf_division": "29"},
    {"naf_section": "C"},
    {"cluster_id": "Agri"},
    {"cluster_id": "i-Trans"},  # no NAF prefixes: nothing
    {"departements": ("59", "62"), "statuses": (FunnelStatus.CONTACTED,), "min_priority": 1},
    {"text": "boul", "kinds": (OrgKind.FIRM, OrgKind.RESEARCH_LAB), "naf_section": "C"},
    {"officer_id": "alice", "statuses": (FunnelStatus.IDENTIFIED,)},  # keyed + probed
    {"never_visited": True, "departements": ("62", "80")},
]


@pytest.mark.parametrize("fields", KEYED_FILTERS, ids=lambda f: "+".join(f))
def test_keyed_filters_on_the_sort_row_are_the_organisation_filters(
    many: Database, fields: dict[str, object]
) -> None:
    """Département, status, kind, priority and NAF filters read the sort table's copy of the
    column, not the organisation row: same rows, same order, same counts as the plain query."""
    with many.session() as s:
        clusters = {c.name: str(c.id) for c in s.query(Cluster)}
        alice = s.query(Officer).filter_by(name="Alice").one()
        values = dict(fields)
        if "cluster_id" in values:
            values["cluster_id"] = clusters[str(values["cluster_id"])]
        if "officer_id" in values:
            values["officer_id"] = str(alice.id)
        flt = ProspectFilter(**values)  # type: ignore[arg-type]
        plain_ids = set(q.matching_ids(s, flt=flt))
        assert q.count_matches(s, flt=flt) == len(plain_ids)
        assert q.count_matches(s, flt=flt, cap=3) == min(len(plain_ids), 4)
        for sort in SORT_KEYS:
            for descending in (False, True):
                rowids = q.sorted_rowids(
                    s, flt=flt, sort=sort, descending=descending, offset=0, limit=50
                )
                plain = q.ordered_records(
                    s, flt=flt, sort=sort, descending=descending, offset=0, limit=50
                )
                assert {r[0] for r in q.records_in_order(s, rowids=rowids)} == plain_ids
                if sort not in ("name", "city"):  # folded keys vs NOCASE: compared as sets
                    assert [r[1] for r in plain] == rowids
    if fields.get("cluster_id") == "i-Trans":
        assert not plain_ids
    else:
        assert 0 < len(plain_ids) < 37


def test_text_filters_and_counts(many: Database) -> None:
    with many.session() as s:
        every = q.count_matches(s, flt=ProspectFilter())
        assert every == 37
        assert q.count_matches(s, flt=ProspectFilter(), cap=10) == 11
        bakeries = ProspectFilter(text="boulang")
        hits = q.matching_ids(s, flt=bakeries)
        assert len(hits) == q.count_matches(s, flt=bakeries) == 18
        names = {r[2] for r in q.records_by_id(s, ids=hits)}
        assert all(n.startswith("Boulangerie") for n in names)
        assert q.count_matches(s, flt=ProspectFilter(text="zzzz")) == 0


def test_text_is_dense_counts_up_to_the_threshold(many: Database) -> None:
    with many.session() as s:
        # FTS hits, deleted organisations included (20 rows; 18 live): a cheap estimate
        assert q.text_is_dense(s, text_query="boul", threshold=20)
        assert not q.text_is_dense(s, text_query="boul", threshold=21)
        assert not q.text_is_dense(s, text_query="   ", threshold=1)  # no FTS query at all


def test_unknown_sort_key_is_refused(many: Database) -> None:
    with many.session() as s, pytest.raises(ValueError, match="unknown sort key"):
        q.sorted_rowids(s, flt=ProspectFilter(), sort="siret", descending=False, offset=0, limit=1)


def test_last_done_visit_and_next_follow_up_skip_deleted_rows(db: Database) -> None:
    with UnitOfWork(db, actor="t") as uow:
        alice = Officer(name="Alice", email="alice@example.org")
        org = Organisation(name="Fonderie")
        uow.session.add_all([alice, org])
        for start, status, deleted in [
            (datetime(2026, 3, 1, 9, tzinfo=UTC), VisitStatus.DONE, None),
            (datetime(2026, 5, 1, 9, tzinfo=UTC), VisitStatus.DONE, GONE),
            (datetime(2026, 6, 1, 9, tzinfo=UTC), VisitStatus.PLANNED, None),
        ]:
            uow.session.add(
                Visit(
                    organisation=org,
                    officer=alice,
                    status=status,
                    planned_start=start,
                    deleted_at=deleted,
                )
            )
        uow.session.flush()
        for due, state, deleted in [
            (date(2026, 6, 1), FollowUpStatus.OPEN, None),
            (date(2026, 4, 1), FollowUpStatus.OPEN, GONE),
            (date(2026, 3, 1), FollowUpStatus.DONE, None),
            (date(2026, 5, 1), FollowUpStatus.OPEN, None),
        ]:
            uow.session.add(
                FollowUp(
                    organisation_id=org.id,
                    due_date=due,
                    action="call",
                    status=state,
                    deleted_at=deleted,
                )
            )
        org_id = org.id
        uow.commit()
    with db.session() as s:
        follow_ups = q.next_open_follow_ups(s, organisation_ids=[org_id, uuid.uuid4()])
        assert list(follow_ups) == [org_id]
        assert str(follow_ups[org_id]).startswith("2026-05-01")
        last = q.last_done_visits(s, organisation_ids=[org_id])
        assert str(last[org_id]).startswith("2026-03-01")  # deleted and planned ones ignored
        assert q.last_done_visits(s, organisation_ids=[]) == {}
        assert q.next_open_follow_ups(s, organisation_ids=[]) == {}


def test_filter_panel_choices(many: Database) -> None:
    with many.session() as s:
        assert [n for _, n in q.active_officers(s)] == ["Alice"]
        epcis = q.epci_counts(s)
        assert [code for code, _ in epcis] == ["200093201", "246200364"]
        assert sum(n for _, n in epcis) == 37 - 13  # live rows with no EPCI are left out
        assert sorted(n for _, n in q.live_clusters(s)) == ["Agri", "i-Trans"]
