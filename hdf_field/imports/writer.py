"""The one place where imports write organisations (SQLAlchemy Core, batched upserts).

Imports handle hundreds of thousands of rows, so they bypass the ORM: the ``before_flush``
listener that stamps bookkeeping does not run for Core statements, hence this module sets
``id`` (uuid4), ``created_at``/``updated_at`` (UTC), ``updated_by`` and ``version`` itself.
Every write of an import goes through :class:`OrganisationWriter` so that the sync outbox
can later be hooked in here, once.

Design choices:
- an upsert only touches the *register fields* it is given; campaign fields (status,
  priority, assigned officer, tags, notes, contacts, kind) are set when a row is created and
  never overwritten by a re-import;
- an existing row is only rewritten (``version`` + 1, ``updated_at``) when one of its register
  fields really differs, so re-importing the same monthly file does not push every row to
  the registry again; coordinates an officer placed by hand (``geo_precision = manual``)
  are kept;
- the caller owns the transaction (the importers run one transaction per file).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
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

from hdf_field.domain.enums import FunnelStatus, GeoPrecision
from hdf_field.storage.orm import Organisation
from hdf_field.storage.types import utcnow

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
    c.name: c.default.arg  # type: ignore[union-attr]
    for c in ORG.columns
    if c.default is not None and getattr(c.default, "is_scalar", False)
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


class BulkStatement:
    """A Core statement compiled once and run with the driver's ``executemany``.

    SQLAlchemy's per-row parameter handling costs more than SQLite's own work on a 600,000-row
    import; here each column's bind processor (UUID, enum, UTC datetime, JSON: the same
    functions SQLAlchemy would call) runs once per distinct value in a batch, values shared by
    every row (bookkeeping, campaign defaults) are processed once, and rows reach the driver
    as plain tuples (or dicts for drivers with named parameters).
    """

    def __init__(
        self, conn: Connection, stmt: Any, columns: Sequence[str], constants: Sequence[str] = ()
    ) -> None:
        dialect = conn.dialect
        compiled = stmt.compile(dialect=dialect, column_keys=[*columns, *constants])
        self.conn = conn
        self.sql = compiled.string
        self.positional = bool(compiled.positional)
        self.names: list[str] = (
            list(compiled.positiontup or []) if self.positional else list(compiled.binds)
        )
        self.columns = set(columns)
        self.constant_names = set(constants)
        self.processors: dict[str, Any] = {}
        for name in self.names:
            if name not in self.columns and name not in self.constant_names:
                raise ValueError(f"bulk statement needs a value for {name!r}")
            bind_type = compiled.binds[name].type.dialect_impl(dialect)
            self.processors[name] = bind_type.bind_processor(dialect)

    def _column(self, name: str, values: Sequence[Any]) -> list[Any]:
        proc = self.processors[name]
        if proc is None:
            return list(values)
        memo: dict[Any, Any] = {}
        out = []
        append = out.append
        for v in values:
            key: Any = v if v.__hash__ is not None else ("id", id(v))
            try:
                append(memo[key])
            except KeyError:
                memo[key] = processed = proc(v)
                append(processed)
        return out

    def execute(
        self, rows: Sequence[Mapping[str, Any]], constants: Mapping[str, Any] | None = None
    ) -> int:
        """Run for every row; values named at construction as constants come from
        ``constants``. Returns the number of rows the database reports as affected."""
        if not rows:
            return 0
        n = len(rows)
        row_names = [name for name in self.names if name in self.columns]
        # One C-level pass per row, then a transpose: no Python loop over every value.
        getter = itemgetter(*row_names)
        base = list(map(getter, rows))
        transposed = list(zip(*base, strict=True)) if len(row_names) > 1 else [
            tuple(base)
        ]
        by_name = dict(zip(row_names, transposed, strict=True))
        cols: list[Any] = []
        for name in self.names:
            if name in by_name:
                values = by_name[name]
                cols.append(values if self.processors[name] is None else self._column(name, values))
            else:
                cols.append(self._column(name, [(constants or {})[name]]) * n)
        if self.positional:
            params: list[Any] = list(zip(*cols, strict=True))
        else:
            params = [dict(zip(self.names, t, strict=True)) for t in zip(*cols, strict=True)]
        result = self.conn.exec_driver_sql(self.sql, params)
        return int(result.rowcount)


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

    def new_row(self, register: Mapping[str, Any], **campaign: Any) -> dict[str, Any]:
        """A complete row for insertion: bookkeeping + campaign defaults + register fields."""
        row: dict[str, Any] = {"id": uuid.uuid4(), **self.bookkeeping, **CAMPAIGN_DEFAULTS}
        row.update(campaign)
        row.update(register)
        return row

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
                r["id"] = uuid.uuid4()  # type: ignore[index]
            columns = (*columns, "id")
        constants = {
            k: v
            for k, v in {**_SCALAR_DEFAULTS, **self.bookkeeping, **CAMPAIGN_DEFAULTS}.items()
            if k not in columns
        }
        stmt = self._upsert_statement(key, columns, tuple(constants), tuple(update_fields))
        affected = stmt.execute(rows, constants)
        result.changed = max(0, affected - len(result.created))
        return result

    def mark_closed(self, column: str, keys: Sequence[str]) -> tuple[set[str], set[str]]:
        """Flag the organisations the register now says are closed.

        Returns the keys found in the database and, among them, those that were still active.
        """
        if not keys:
            return set(), set()
        found = self.conn.execute(
            select(ORG.c[column], ORG.c.register_active).where(ORG.c[column].in_(keys))
        ).all()
        to_close = [k for k, active in found if active]
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
        return {k for k, _ in found}, set(to_close)

    def update_by_id(self, rows: Sequence[dict[str, Any]], fields: Iterable[str]) -> None:
        """Rewrite chosen fields of rows matched beforehand (``id`` in each row), version + 1."""
        names = tuple(fields)
        for row in rows:
            values = {n: row[n] for n in names}
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
