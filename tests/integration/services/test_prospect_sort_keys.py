"""Issue 15: every sort column served by the sort table, paging stable under ties, capped
counts, and the sort keys following updates (triggers) and officer renames."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from hdf_field.domain.enums import FunnelStatus, OrgKind
from hdf_field.services.prospects import (
    SORT_KEYS,
    ProspectFilter,
    ProspectRow,
    count_prospects,
    search_prospects,
)
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation
from hdf_field.storage.uow import UnitOfWork

N = 120


@pytest.fixture
def many(db: Database) -> Database:
    rng = random.Random(7)
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        officers = [Officer(name=n, email=f"{n}@example.org") for n in ("Zoé", "Bruno", "Anne")]
        s.add_all(officers)
        for i in range(N):
            org = Organisation(
                # few distinct values: many ties on every key
                name=rng.choice(["Été", "ete", "Alpha", "Ébène", "zinc"]),
                city=rng.choice(["Lille", "Étaples", "arras", None]),
                departement=rng.choice(["59", "62", "80"]),
                naf_code=rng.choice(["10.71C", "29.10Z", None]),
                status=rng.choice(list(FunnelStatus)),
                priority=rng.randrange(4),
                kind=rng.choice(list(OrgKind)),
                assigned_officer=rng.choice([None, *officers]),
            )
            if i % 17 == 0:
                org.deleted_at = datetime(2026, 1, 1, tzinfo=UTC)
            s.add(org)
        uow.commit()
    return db


def _reference_key(row: ProspectRow, sort: str) -> tuple[object, ...]:
    """What each column's order means, written independently of the SQL."""

    def fold(v: str | None) -> str:
        return (v or "").lower().replace("é", "e").replace("É", "e")

    nulls_first = {
        "departement": row.departement,
        "naf": row.naf_code,
        "priority": row.priority,
        "kind": row.kind.value,
        "officer": row.officer_name,
    }
    if sort == "name":
        return (fold(row.name), row.rowid)
    if sort == "city":
        return (fold(row.city), fold(row.name), row.rowid)
    if sort == "status":
        return (row.status.rank, row.rowid)
    value = nulls_first[sort]
    return (value is not None, value if value is not None else "", row.rowid)


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_key_pages_match_the_reference(
    many: Database, sort: str, descending: bool
) -> None:
    with many.session() as s:
        pages: list[ProspectRow] = []
        for offset in range(0, N, 25):
            pages += search_prospects(
                s, ProspectFilter(), sort=sort, descending=descending, offset=offset, limit=25
            )
        live = count_prospects(s, ProspectFilter())
    assert len(pages) == live == N - len(range(0, N, 17))
    assert len({r.id for r in pages}) == len(pages)  # no row twice, none lost across pages
    expected = sorted(pages, key=lambda r: _reference_key(r, sort), reverse=descending)
    assert [r.id for r in pages] == [r.id for r in expected]


def test_sort_keys_follow_updates_and_officer_renames(many: Database) -> None:
    with UnitOfWork(many, actor="test") as uow:
        org = uow.session.query(Organisation).filter(Organisation.deleted_at.is_(None)).first()
        assert org is not None
        org.status = FunnelStatus.MEMBER
        org.priority = 9
        org.departement = "00"
        org_id = str(org.id)
        uow.commit()
    with many.session() as s:
        assert search_prospects(s, ProspectFilter(), sort="priority", descending=True)[0].id == (
            org_id
        )
        assert search_prospects(s, ProspectFilter(), sort="departement")[0].id == org_id
    with UnitOfWork(many, actor="test") as uow:
        anne = uow.session.query(Officer).filter_by(name="Anne").one()
        anne.name = "Zzz Anne"
        uow.commit()
    with many.session() as s:
        first = search_prospects(s, ProspectFilter(), sort="officer", descending=True)[0]
        assert first.officer_name == "Zzz Anne"


def test_capped_count_stops_after_the_cap(many: Database) -> None:
    with many.session() as s:
        exact = count_prospects(s, ProspectFilter())
        assert count_prospects(s, ProspectFilter(), cap=10) == 11
        assert count_prospects(s, ProspectFilter(), cap=exact) == exact
        assert count_prospects(s, ProspectFilter(text="ete"), cap=1000) == count_prospects(
            s, ProspectFilter(text="été")
        )


def test_old_sort_table_is_rebuilt_with_the_keys(many: Database) -> None:
    with many.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {search_index.SORT_TABLE}"))
        conn.execute(
            text(
                f"CREATE TABLE {search_index.SORT_TABLE} (rowid INTEGER PRIMARY KEY, "
                "name_key TEXT, city_key TEXT, live INTEGER NOT NULL)"
            )
        )
        assert search_index.ensure_search_index(conn)
    with many.session() as s:
        rows = search_prospects(s, ProspectFilter(), sort="status", limit=5)
    assert [r.status.rank for r in rows] == sorted(r.status.rank for r in rows)


WALK_FILTERS = [
    ProspectFilter(text="e"),  # dense: most names
    ProspectFilter(text="ete"),
    ProspectFilter(text="Été", departements=("59", "62")),  # dense text + another filter
    ProspectFilter(text="zi"),  # one name in five
    ProspectFilter(text="ébè", statuses=(FunnelStatus.IDENTIFIED,)),  # sparse
    ProspectFilter(text="q"),  # nothing
    ProspectFilter(text="ete zinc"),  # two words, both within the prefix index
    ProspectFilter(text="e", kinds=(OrgKind.FIRM, OrgKind.SCHOOL), min_priority=1),
    ProspectFilter(text="alphabet"),  # a word past the prefix index (6 letters): never walked
    ProspectFilter(text="etaples"),  # past the prefix index, matching: scanned, not walked
    ProspectFilter(text="étapl al"),  # two words within it, dense then sparse
]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("budget", [12, 40, 2_000])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_bounded_walk_gives_the_same_pages(
    many: Database, monkeypatch: pytest.MonkeyPatch, sort: str, budget: int, descending: bool
) -> None:
    """The bounded walk of the sort index gives the rows, order and paging of the
    collect-and-sort path, whether it fills the page within its budget or falls back."""
    from hdf_field.services import prospects
    from hdf_field.storage.queries import prospects as queries

    def pages() -> list[list[str]]:
        with many.session() as s:
            return [
                [
                    r.id
                    for r in search_prospects(
                        s, f, sort=sort, descending=descending, offset=o, limit=10
                    )
                ]
                for f in WALK_FILTERS
                for o in (0, 10, 30)
            ]

    monkeypatch.setattr(prospects, "WALK_DENSE", False)
    collected = pages()
    outcomes: list[bool] = []
    walked = queries.walked_rowids

    def spy(*args: object, **kwargs: object) -> list[int] | None:
        found = walked(*args, **kwargs)  # type: ignore[arg-type]
        outcomes.append(found is not None)
        return found

    monkeypatch.setattr(queries, "walked_rowids", spy)
    monkeypatch.setattr(prospects, "SCAN_HITS", 0)  # probes alone (scans: the next test)
    monkeypatch.setattr(prospects, "WALK_DENSE", True)
    monkeypatch.setattr(prospects, "WALK_BUDGET", budget)
    monkeypatch.setattr(prospects, "DENSE_HITS", 1)
    assert pages() == collected
    assert any(collected)
    if budget == 2_000:  # more than the table: every walk answered, none fell back
        assert outcomes and all(outcomes)
    else:  # the fall-back ran (a page deeper than the budget, or too few matches in it)
        assert False in outcomes


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("candidates", [10, 40, 2_000])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_scan_of_the_hits_gives_the_same_pages(
    many: Database, monkeypatch: pytest.MonkeyPatch, sort: str, candidates: int, descending: bool
) -> None:
    """A walk that gives up early scans the hits against the first rows of the order (and a
    word past the prefix index goes straight to that scan): same rows, order and paging as
    the collect-and-sort path, whether the candidates hold the page or it falls back."""
    from hdf_field.services import prospects
    from hdf_field.storage.queries import prospects as queries

    def pages() -> list[list[str]]:
        with many.session() as s:
            return [
                [
                    r.id
                    for r in search_prospects(
                        s, f, sort=sort, descending=descending, offset=o, limit=10
                    )
                ]
                for f in WALK_FILTERS
                for o in (0, 10, 30)
            ]

    monkeypatch.setattr(prospects, "WALK_DENSE", False)
    collected = pages()
    outcomes: list[bool] = []
    scanned = queries.intersected_rowids

    def spy(*args: object, **kwargs: object) -> list[int] | None:
        found = scanned(*args, **kwargs)  # type: ignore[arg-type]
        outcomes.append(found is not None)
        return found

    monkeypatch.setattr(queries, "intersected_rowids", spy)
    monkeypatch.setattr(prospects, "WALK_DENSE", True)
    monkeypatch.setattr(prospects, "WALK_BUDGET", 40)  # the pages reach offset 40
    monkeypatch.setattr(prospects, "DENSE_HITS", 1)
    monkeypatch.setattr(prospects, "SCAN_CANDIDATES", candidates)
    assert pages() == collected
    if candidates == 2_000:  # more than the table
        assert outcomes and all(outcomes)
    if candidates == 10:  # fewer than some pages need: those were collected
        assert False in outcomes


@pytest.mark.parametrize("sort", ["name", "status", "officer"])
def test_scan_checks_the_other_filters_on_the_matches(many: Database, sort: str) -> None:
    """Officer and "never visited" are not on the sort row: the scan checks them on its
    matches, and gives the collect-and-sort page."""
    from hdf_field.storage.queries import prospects as queries

    with many.session() as s:
        officer = s.query(Officer).filter_by(name="Bruno").one()
        for flt in [
            ProspectFilter(text="e", officer_id=str(officer.id)),
            ProspectFilter(text="e", officer_id=""),
            ProspectFilter(text="alpha", never_visited=True),
        ]:
            for candidates in (5, 30, 500):
                scanned = queries.intersected_rowids(
                    s,
                    flt=flt,
                    sort=sort,
                    descending=False,
                    offset=0,
                    limit=5,
                    candidates=candidates,
                )
                collected = queries.sorted_rowids(
                    s, flt=flt, sort=sort, descending=False, offset=0, limit=5
                )
                assert scanned is None or scanned == collected
                if candidates == 500:  # more than the table: always answers
                    assert scanned == collected and collected


def test_bounded_walk_answers_within_its_budget(many: Database) -> None:
    """A dense prefix spread along the order fills the page inside the budget (no fall-back)
    and gives the collect-and-sort page; a prefix clustered past the budget falls back."""
    from hdf_field.storage.queries import prospects as queries

    dense = ProspectFilter(text="e")  # 3 names in 5, mixed along the priority order
    late = ProspectFilter(text="zi")  # every "zinc" sits at the end of the name order
    with many.session() as s:
        walked = queries.walked_rowids(
            s, flt=dense, sort="priority", descending=False, offset=0, limit=10, budget=40
        )
        collected = queries.sorted_rowids(
            s, flt=dense, sort="priority", descending=False, offset=0, limit=10
        )
        assert walked == collected and len(collected) == 10
        assert (
            queries.walked_rowids(
                s, flt=late, sort="name", descending=False, offset=0, limit=10, budget=40
            )
            is None
        )
        assert (
            len(
                queries.sorted_rowids(
                    s, flt=late, sort="name", descending=False, offset=0, limit=10
                )
            )
            == 10
        )


def test_an_index_with_the_old_prefixes_is_rebuilt(many: Database) -> None:
    """A database whose FTS table predates the 1-6 letter prefix indexes (migration 0013
    skipped, or a copy from an older version) is repaired at open, and searches the same."""
    with many.session() as s:
        before = [r.id for r in search_prospects(s, ProspectFilter(text="ébène"), limit=50)]
    with many.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {search_index.FTS_TABLE}"))
        conn.execute(text(search_index.CREATE_TABLE.replace("1 2 3 4 5 6", "1 2 3")))
        search_index.rebuild(conn)
        assert not search_index.is_healthy(conn)
        assert search_index.ensure_search_index(conn)
        assert search_index.is_healthy(conn)
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": search_index.FTS_TABLE}
        ).scalar_one()
    assert "prefix = '1 2 3 4 5 6'" in sql
    assert search_index.prefix_indexed("hélène ebene") and not search_index.prefix_indexed(
        "leclercq"
    )
    with many.session() as s:
        assert [r.id for r in search_prospects(s, ProspectFilter(text="ébène"), limit=50)] == before
    assert before


def test_migration_0013_rebuilds_the_fts_table_only(many: Database) -> None:
    with many.engine.begin() as conn:
        sort_rows = conn.execute(text(f"SELECT * FROM {search_index.SORT_TABLE}")).all()
        search_index.rebuild_fts_table(conn)
        assert search_index.is_healthy(conn)
        assert conn.execute(text(f"SELECT * FROM {search_index.SORT_TABLE}")).all() == sort_rows
    with many.session() as s:
        assert (
            count_prospects(s, ProspectFilter(text="zinc"))
            == count_prospects(s, ProspectFilter(text="zin"))
            > 0
        )
