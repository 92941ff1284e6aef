"""The one place where imports write organisations (SQLAlchemy Core, batched upserts).

Imports handle hundreds of thousands of rows, so they bypass the ORM: the ``before_flush``
listener that stamps bookkeeping does not run for Core statements, hence this module sets
``id`` (a time-ordered UUID, see ``storage/ids.py``), ``created_at``/``updated_at`` (UTC),
``updated_by`` and ``version`` itself.
Every write of an import goes through :class:`OrganisationWriter`, which also records each
created or changed organisation in the sync outbox, in the same transaction (on a laptop; a
registry's own database keeps no outbox): what an officer imports reaches the registry.

Design choices:
- an upsert only touches the *register fields* it is given; campaign fields (status,
  priority, assigned officer, tags, notes, contacts, kind) are set when a row is created and
  never overwritten by a re-import;
- an existing row is only rewritten (``version`` + 1, ``updated_at``) when one of its register
  fields really differs, so re-importing the same monthly file does not push every row to
  the registry again; coordinates an officer placed by hand (``geo_precision = manual``)
  are kept;
- the caller owns the transactions: an import's connection commits in time slices
  (``imports.common.Slices``), and the writer asks for a commit only *between* two batches,
  so a batch's rows, their outbox entries and their search-index rows always commit
  together, and the write lock is released regularly for the officer's own edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    String,
    Table,
    and_,
    case,
    false,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from hdf_field.domain.enums import FunnelStatus, GeoPrecision
from hdf_field.storage.bulk import BulkStatement
from hdf_field.storage.ids import uuid7
from hdf_field.storage.orm import Organisation
from hdf_field.storage.types import utcnow
from hdf_field.sync.outbox import (
    RecordChange,
    keeps_outbox,
    max_rowid,
    record_creations,
    record_inserted_rows,
    record_mutations,
)

ORG: Table = Organisation.__table__  # type: ignore[assignment]

# Set when a row is created, never overwritten by an import.
CAMPAIGN_DEFAULTS: dict[str, Any] = {
    "status": FunnelStatus.IDENTIFIED,
    "priority": 1,
    "assigned_officer_id": None,
    "tags": [],
    "notes": None,
}
_COORDINATES = ("lat", "lon", "geo_precision")
# Python-side scalar defaults of the model (kind, country, ...): Core statements compiled for
# a subset of columns still need a value for them.
_SCALAR_DEFAULTS: dict[str, Any] = {
    c.name: c.default.arg for c in ORG.columns if isinstance(c.default, ScalarElementColumnDefault)
}
_IN_CHUNK = 900  # below every SQLite build's bound-parameter limit


@dataclass(slots=True)
class UpsertResult:
    existing: set[str] = field(default_factory=set)  # keys already in the database
    created: set[str] = field(default_factory=set)  # keys of rows inserted
    changed: int = 0  # existing rows whose register fields differed, now rewritten


def _insert(conn: Connection, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"imports support SQLite and PostgreSQL, not {conn.dialect.name}")


def select_existing(conn: Connection, table: str, column: str, keys: Sequence[Any]) -> set[Any]:
    """``SELECT column FROM table WHERE column IN (keys)`` for thousands of keys at once.

    Rendered by hand (trusted identifiers, keys bound as parameters): SQLAlchemy's expanding
    IN re-renders a 5,000-parameter statement at every batch.
    """
    if not keys:
        return set()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    found: set[Any] = set()
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = tuple(keys[start : start + _IN_CHUNK])
        sql = f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join([mark] * len(chunk))})"
        found.update(v for (v,) in conn.exec_driver_sql(sql, chunk))
    return found


class OrganisationWriter:
    """Batched writes of one import, on the caller's connection and transaction."""

    def __init__(self, conn: Connection, *, actor: str | None, source: str) -> None:
        self.conn = conn
        self.actor = actor or f"import:{source}"
        self.source = source
        self.now: datetime = utcnow()
        self._statements: dict[tuple[Any, ...], BulkStatement] = {}
        self.bookkeeping: dict[str, Any] = {
            "created_at": self.now,
            "updated_at": self.now,
            "updated_by": self.actor,
            "version": 1,
            "deleted_at": None,
            "source": self.source,
        }
        from hdf_field.imports.common import slices_of

        self.slices = slices_of(conn)
        self.outbox = keeps_outbox(conn)
        # New rows' outbox entries are encoded by SQLite itself (the laptops' database).
        self.outbox_in_sql = self.outbox and conn.dialect.name == "sqlite"

    def _between_batches(self) -> None:
        """The previous batch is complete: the import's slice may commit here."""
        if self.slices is not None:
            self.slices.checkpoint()

    def _touched(self, column: str, keys: Iterable[Any]) -> None:
        if self.slices is not None:
            self.slices.touched(column, keys)

    def _upsert_statement(
        self,
        key: str,
        columns: tuple[str, ...],
        constants: tuple[str, ...],
        update_fields: tuple[str, ...],
    ) -> BulkStatement:
        cache_key = (key, columns, constants, update_fields)
        bulk = self._statements.get(cache_key)
        if bulk is not None:
            return bulk
        ins = _insert(self.conn, ORG)
        excluded = ins.excluded
        not_manual = ORG.c.geo_precision != literal_column(f"'{GeoPrecision.MANUAL.value}'")
        set_: dict[str, Any] = {}
        differs = []
        for name in update_fields:
            distinct = ORG.c[name].is_distinct_from(excluded[name])
            if name in _COORDINATES:
                set_[name] = case((not_manual, excluded[name]), else_=ORG.c[name])
                differs.append(and_(not_manual, distinct))
            else:
                set_[name] = excluded[name]
                differs.append(distinct)
        set_["updated_at"] = excluded.updated_at
        set_["updated_by"] = excluded.updated_by
        set_["version"] = ORG.c.version + literal_column("1")
        stmt = ins.on_conflict_do_update(
            index_elements=[ORG.c[key]], set_=set_, where=or_(*differs) if differs else false()
        )
        bulk = BulkStatement(self.conn, stmt, columns, constants)
        self._statements[cache_key] = bulk
        return bulk

    def existing_keys(self, column: str, keys: Sequence[Any]) -> set[Any]:
        return select_existing(self.conn, ORG.name, column, keys)

    def upsert(
        self, rows: Sequence[dict[str, Any]], *, key: str, update_fields: Iterable[str]
    ) -> UpsertResult:
        """Insert new rows, rewrite existing ones (matched on the unique ``key``) that differ.

        ``rows`` hold register fields (and campaign fields such as ``kind`` for new rows), all
        with the same columns and each key once (PostgreSQL refuses to update one row twice
        in a statement); bookkeeping, ids and campaign defaults are added here.
        """
        result = UpsertResult()
        if not rows:
            return result
        self._between_batches()
        keys = [r[key] for r in rows]
        dialect = self.conn.dialect
        to_db = ORG.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        db_keys = [to_db(k) for k in keys] if to_db else keys
        found = self.existing_keys(key, db_keys)
        for k, db_key in zip(keys, db_keys, strict=True):
            (result.existing if db_key in found else result.created).add(str(k))
        columns = tuple(rows[0])
        if "id" not in columns:
            for r in rows:
                r["id"] = uuid7()
            columns = (*columns, "id")
        constants = {
            k: v
            for k, v in {**_SCALAR_DEFAULTS, **self.bookkeeping, **CAMPAIGN_DEFAULTS}.items()
            if k not in columns
        }
        fields = tuple(update_fields)
        before = (
            self._current(
                key, [k for k, d in zip(keys, db_keys, strict=True) if d in found], fields
            )
            if self.outbox
            else {}
        )
        stmt = self._upsert_statement(key, columns, tuple(constants), fields)
        mark = max_rowid(self.conn, "organisation") if self.outbox_in_sql else None
        affected = stmt.execute(rows, constants)
        self._touched(key, db_keys)
        result.changed = max(0, affected - len(result.created))
        if self.outbox:
            self._record_upserts(rows, key, constants, before, fields, mark)
        return result

    def _current(self, key: str, keys: Sequence[Any], fields: tuple[str, ...]) -> dict[Any, Any]:
        """The stored values an upsert may overwrite (the base of the outbox mutations)."""
        if not keys:
            return {}
        cols = dict.fromkeys((key, "id", "version", "geo_precision", *fields))
        out: dict[Any, Any] = {}
        for start in range(0, len(keys), _IN_CHUNK):
            chunk = keys[start : start + _IN_CHUNK]
            for row in self.conn.execute(
                select(*(ORG.c[c] for c in cols)).where(ORG.c[key].in_(chunk))
            ).mappings():
                out[row[key]] = row
        return out

    def _record_upserts(
        self,
        rows: Sequence[Mapping[str, Any]],
        key: str,
        constants: Mapping[str, Any],
        before: Mapping[Any, Any],
        fields: tuple[str, ...],
        rowid_mark: int | None,
    ) -> None:
        """Mirror of the upsert's rules: a new row travels whole; an existing one only with
        the register fields that differ (coordinates placed by hand stay).

        On SQLite (the laptops) SQLite itself encodes the new rows, those past
        ``rowid_mark``; elsewhere they are encoded here."""
        changes: list[RecordChange] = []
        created: list[Mapping[str, Any]] = []
        for row in rows:
            old = before.get(row[key])
            if old is None:
                if rowid_mark is None:
                    created.append(row)
                continue
            manual = old["geo_precision"] == GeoPrecision.MANUAL
            diff = {
                f: (old[f], row[f])
                for f in fields
                if f in row and old[f] != row[f] and not (manual and f in _COORDINATES)
            }
            if diff:
                changes.append(RecordChange(old["id"], diff, base_version=old["version"]))
        if rowid_mark is None:
            record_creations(self.conn, "organisation", created, constants)
        else:
            record_inserted_rows(self.conn, "organisation", rowid_mark)
        record_mutations(self.conn, "organisation", changes)

    def mark_closed(self, column: str, keys: Sequence[str]) -> tuple[set[str], set[str]]:
        """Flag the organisations the register now says are closed.

        Returns the keys found in the database and, among them, those that were still active.
        """
        if not keys:
            return set(), set()
        self._touched(column, keys)
        found = self.conn.execute(
            select(ORG.c[column], ORG.c.register_active, ORG.c.id, ORG.c.version).where(
                ORG.c[column].in_(keys)
            )
        ).all()
        to_close = [k for k, active, _id, _v in found if active]
        if to_close and self.outbox:
            record_mutations(
                self.conn,
                "organisation",
                [
                    RecordChange(oid, {"register_active": (True, False)}, base_version=version)
                    for _k, active, oid, version in found
                    if active
                ],
            )
        if to_close:
            self.conn.execute(
                update(ORG)
                .where(ORG.c[column].in_(to_close))
                .values(
                    register_active=False,
                    updated_at=self.now,
                    updated_by=self.actor,
                    version=ORG.c.version + 1,
                )
            )
        return {k for k, *_ in found}, set(to_close)

    def update_by_id(self, rows: Sequence[dict[str, Any]], fields: Iterable[str]) -> None:
        """Rewrite chosen fields of rows matched beforehand (``id`` in each row), version + 1."""
        names = tuple(fields)
        self._between_batches()
        dialect = self.conn.dialect
        to_db = ORG.c.id.type.dialect_impl(dialect).bind_processor(dialect)
        self._touched("id", [to_db(r["id"]) if to_db else r["id"] for r in rows])
        for row in rows:
            values = {n: row[n] for n in names}
            if self.outbox:
                old = self.conn.execute(
                    select(ORG.c.version, *(ORG.c[n] for n in names)).where(ORG.c.id == row["id"])
                ).one()
                record_mutations(
                    self.conn,
                    "organisation",
                    [
                        RecordChange(
                            row["id"],
                            {n: (old[i + 1], values[n]) for i, n in enumerate(names)},
                            base_version=old[0],
                        )
                    ],
                )
            self.conn.execute(
                update(ORG)
                .where(ORG.c.id == row["id"])
                .values(
                    **values,
                    updated_at=self.now,
                    updated_by=self.actor,
                    version=ORG.c.version + 1,
                )
            )


class KeyLedger:
    """Keys already met in the file being imported, kept in a temporary table.

    A Python set would grow with the file; the database keeps them on disk instead, and the
    table disappears with the connection (or at :meth:`drop`).
    """

    def __init__(self, conn: Connection, name: str = "import_seen_keys") -> None:
        self.conn = conn
        self.table = Table(
            name,
            MetaData(),
            Column("k", String(40), primary_key=True),
            prefixes=["TEMPORARY"],
        )
        # SQLite creates temporary tables outside the transaction: one left by a rolled-back
        # import on this pooled connection is dropped first.
        self.table.drop(conn, checkfirst=True)
        self.table.create(conn)
        self._insert = BulkStatement(
            conn, _insert(conn, self.table).on_conflict_do_nothing(index_elements=["k"]), ["k"]
        )

    def first_seen(self, keys: Sequence[str]) -> set[str]:
        """Record ``keys`` (distinct); return those never met before in this file."""
        if not keys:
            return set()
        seen = select_existing(self.conn, self.table.name, "k", keys)
        new = [k for k in keys if k not in seen]
        self._insert.execute([{"k": k} for k in new])
        return set(new)

    def drop(self) -> None:
        self.table.drop(self.conn, checkfirst=True)
