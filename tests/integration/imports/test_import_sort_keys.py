"""Issue 15: a register import writes the sort table's keys itself (triggers off, sort-key
indexes deferred for a large import); what it leaves must be exactly what the triggers and
``rebuild_sort_table`` give, after a fresh import, a re-import, a cancel or a failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from hdf_field.domain.enums import FunnelStatus
from hdf_field.domain.progress import Cancelled
from hdf_field.imports import common
from hdf_field.imports.common import Slices, committed_part
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene import import_sirene
from hdf_field.services.prospects import ProspectFilter, search_prospects
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.imports_support import SireneWriter, sirene_row
from tests.progress_support import CancelWhen

ROWS = 60
BATCH = 7


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each batch commits on its own, and the sort-key indexes are deferred as soon as 10
    sort rows are written; returns the list of deferrals (one entry per drop)."""
    monkeypatch.setattr(common, "COMMIT_SLICE_S", 0.0)
    monkeypatch.setattr(common, "YIELD_S", 0.0)
    monkeypatch.setattr(common, "DEFER_SORT_INDEXES_ROWS", 10)
    drops: list[int] = []
    real_drop = search_index.drop_sort_key_indexes

    def counting_drop(conn: Any) -> list[search_index.StatRow]:
        drops.append(1)
        return real_drop(conn)

    monkeypatch.setattr(search_index, "drop_sort_key_indexes", counting_drop)
    return drops


def _sort_rows(db: Database) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql(
                f"SELECT {search_index.SORT_COLUMNS} FROM {search_index.SORT_TABLE} ORDER BY rowid"
            )
        ]


def _rebuilt_rows(db: Database) -> list[tuple[Any, ...]]:
    """What the triggers would have given: the table rebuilt from the organisations."""
    with db.engine.begin() as conn:
        search_index.rebuild_sort_table(conn)
    return _sort_rows(db)


def _sort_indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                (search_index.SORT_TABLE,),
            )
        }


ALL_SORT_INDEXES = {ddl.split()[5] for ddl in search_index.SORT_INDEXES}


def _assert_as_the_triggers_give(db: Database) -> None:
    imported = _sort_rows(db)
    assert imported, "nothing imported"
    assert _sort_indexes(db) == ALL_SORT_INDEXES
    with db.engine.connect() as conn:
        assert search_index.is_healthy(conn)
    assert imported == _rebuilt_rows(db)


def test_a_fresh_import_writes_the_sort_keys_the_triggers_would(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces, small_slices: list[int]
) -> None:
    rows = [
        sirene_row(
            n,
            denominationUsuelleEtablissement=f"Électricité {n}" if n % 3 else f"zinc {n}",
            activitePrincipaleEtablissement="62.01Z" if n % 2 else "10.71C",
            codePostalEtablissement="80000" if n % 4 == 0 else "59000",
            libelleCommuneEtablissement="AMIENS" if n % 4 == 0 else "LILLE",
            codeCommuneEtablissement="80021" if n % 4 == 0 else "59350",
            etatAdministratifEtablissement="F" if n % 9 == 0 else "A",
        )
        for n in range(ROWS)
    ]
    report = import_sirene(db, write_sirene(rows), places=places, batch_size=BATCH)
    assert report.created > 0
    assert small_slices, "the sort-key indexes were never deferred"
    _assert_as_the_triggers_give(db)
    with db.session() as s:
        page = search_prospects(s, ProspectFilter(), sort="departement", limit=200)
    assert len(page) == report.created


def test_a_reimport_rewrites_only_what_changed_and_keeps_the_officers_edits(
    db: Database,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    small_slices: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = [sirene_row(n) for n in range(ROWS)]
    import_sirene(db, write_sirene(first, "first.csv"), places=places, batch_size=BATCH)
    # an officer's edits between two imports go through the triggers
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        anne = Officer(name="Anne", email="anne@example.org")
        s.add(anne)
        for i, org in enumerate(s.scalars(select(Organisation).order_by(Organisation.name))):
            if i % 5 == 0:
                org.status = FunnelStatus.INTERESTED
                org.priority = 3
                org.assigned_officer = anne
        uow.commit()

    written: list[int] = []
    real_reindex_by = search_index.reindex_by

    def counting(conn: Any, column: str, keys: list[object]) -> int:
        n = real_reindex_by(conn, column, keys)
        written.append(n)
        return n

    monkeypatch.setattr(search_index, "reindex_by", counting)
    # the same file again: every organisation touched, no sort row rewritten
    import_sirene(db, write_sirene(first, "first.csv"), places=places, batch_size=BATCH)
    assert written and sum(written) == 0
    _assert_as_the_triggers_give(db)

    written.clear()
    second = [
        sirene_row(n, denominationUsuelleEtablissement=f"Œuvre {n}")
        if n % 4 == 0
        # closed in the register: not a sort key, the sort row stays
        else sirene_row(n, etatAdministratifEtablissement="F")
        if n % 7 == 1
        else row
        for n, row in enumerate(first)
    ]
    second += [sirene_row(n) for n in range(ROWS, ROWS + 9)]
    report = import_sirene(db, write_sirene(second, "second.csv"), places=places, batch_size=BATCH)
    assert report.created == 9
    assert sum(written) == 9 + len(range(0, ROWS, 4))
    _assert_as_the_triggers_give(db)
    with db.engine.connect() as conn:
        kept = conn.exec_driver_sql(
            f"SELECT count(*) FROM {search_index.SORT_TABLE} "
            "WHERE officer_key = 'Anne' AND priority_key = 3"
        ).scalar_one()
    assert kept == len(range(0, ROWS, 5))


def test_a_cancelled_import_leaves_the_sort_keys_and_their_indexes(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces, small_slices: list[int]
) -> None:
    ticks = 0

    def after_five_batches() -> bool:
        nonlocal ticks
        ticks += 1
        return ticks > 5

    path = write_sirene([sirene_row(n) for n in range(ROWS)])
    import_sirene(db, path, places=places, batch_size=BATCH)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # planner statistics the import must give back
    stats_before = _key_stats(db)
    assert {idx for idx, _stat in stats_before} >= set(search_index.SORT_KEY_INDEXES)
    bigger = write_sirene([sirene_row(n) for n in range(ROWS, ROWS * 4)], "bigger.csv")
    with pytest.raises(Cancelled) as stopped:
        import_sirene(
            db, bigger, places=places, batch_size=BATCH, cancel=CancelWhen(after_five_batches)
        )
    partial = committed_part(stopped.value)
    assert partial is not None and partial.created > 0
    assert small_slices, "the sort-key indexes were never deferred"
    assert _key_stats(db) == stats_before
    _assert_as_the_triggers_give(db)


def _key_stats(db: Database) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ? ORDER BY idx",
                (search_index.SORT_TABLE,),
            )
        ]


def test_a_failed_import_leaves_the_sort_keys_and_their_indexes(
    db: Database,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    small_slices: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    commits = 0
    real_commit: Callable[[Slices], None] = Slices.commit

    def commit_then_fail(self: Slices) -> None:
        nonlocal commits
        if commits == 4:
            raise OSError(28, "No space left on device")
        real_commit(self)
        commits += 1

    monkeypatch.setattr(Slices, "commit", commit_then_fail)
    path = write_sirene([sirene_row(n) for n in range(ROWS)])
    with pytest.raises(OSError) as failed:
        import_sirene(db, path, places=places, batch_size=BATCH)
    partial = committed_part(failed.value)
    assert partial is not None and partial.created == 4 * BATCH
    assert small_slices
    _assert_as_the_triggers_give(db)


def test_indexes_left_out_by_a_killed_import_are_built_at_the_next_start(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    import_sirene(db, write_sirene([sirene_row(n) for n in range(20)]), places=places)
    with db.engine.begin() as conn:
        search_index.drop_sort_key_indexes(conn)  # as committed by a slice, then killed
    assert _sort_indexes(db) == ALL_SORT_INDEXES - set(search_index.SORT_KEY_INDEXES)
    with db.engine.begin() as conn:
        fts_before = conn.execute(
            text(f"SELECT count(*) FROM {search_index.FTS_TABLE}")
        ).scalar_one()
        # the indexes come back without a rebuild of the search index (False: nothing to
        # re-read)
        assert search_index.ensure_search_index(conn) is False
        assert fts_before == 20
    _assert_as_the_triggers_give(db)
