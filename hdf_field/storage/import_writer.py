"""The SQL of imports: organisation upserts, closings and rewrites, and one file's temporary
tables, on the import's own connection (SQLAlchemy Core, at driver speed).

Imports handle hundreds of thousands of rows, so they bypass the ORM and its ``before_flush``
listener; the ``imports`` package parses, validates and accounts, and decides what to write
(bookkeeping values, outbox entries, commit points); the statements it runs live here, next
to :class:`~hdf_field.storage.bulk.BulkStatement` that executes them. Nothing here commits:
the caller owns the transactions. Every statement is built once per batch (or once per
import, for the upserts), never per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Float,
    MetaData,
    Row,
    RowMapping,
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

from hdf_field.domain.enums import GeoPrecision
from hdf_field.storage.bulk import BulkStatement
from hdf_field.storage.orm import Organisation

# Re-exported: the importers name the connection they write on in their hints.
__all__ = [
    "COORDINATES",
    "IN_CHUNK",
    "ORG",
    "SCALAR_DEFAULTS",
    "Connection",
    "GeolocTable",
    "KeyLedger",
    "close_organisations",
    "current_values",
    "dialect_insert",
    "enterprise_ids_without_establishment",
    "first_organisation_where",
    "is_sqlite",
    "organisation_upsert",
    "organisations_in_postal_code",
    "register_states",
    "rewrite_organisation",
    "select_existing",
    "import_page_cache_kib",
    "page_cache_setting",
    "restore_page_cache",
    "set_page_cache",
    "stored_values",
    "to_db_values",
]

ORG: Table = Organisation.__table__  # type: ignore[assignment]

# Coordinates an officer placed by hand (``geo_precision = manual``) are never overwritten.
COORDINATES = ("lat", "lon", "geo_precision")
# Python-side scalar defaults of the model (kind, country, ...): Core statements compiled for
# a subset of columns still need a value for them.
SCALAR_DEFAULTS: dict[str, Any] = {
    c.name: c.default.arg for c in ORG.columns if isinstance(c.default, ScalarElementColumnDefault)
}
IN_CHUNK = 900  # below every SQLite build's bound-parameter limit


def is_sqlite(conn: Connection) -> bool:
    """Whether the import writes a laptop's SQLite file (bulk re-indexing, pragmas, outbox
    encoded by SQLite itself) rather than the registry's PostgreSQL."""
    return conn.dialect.name == "sqlite"


def set_page_cache(conn: Connection, kib: int) -> None:
    """SQLite's page cache of this connection, in KiB, committed at once (a pragma)."""
    conn.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    conn.commit()


def page_cache_setting(conn: Connection) -> int:
    """The connection's ``PRAGMA cache_size`` as SQLite states it (negative: KiB; positive:
    pages), to be given back with :func:`restore_page_cache` after an import."""
    return int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or 0)


def restore_page_cache(conn: Connection, setting: int) -> None:
    conn.exec_driver_sql(f"PRAGMA cache_size={int(setting)}")
    conn.commit()


def import_page_cache_kib(conn: Connection, setting: int, floor_kib: int) -> int:
    """KiB of page cache for an import: ``floor_kib``, or the connection's own (``setting``,
    as :func:`page_cache_setting` reads it) if larger — an encrypted connection keeps more,
    as each page read from the OS costs a decryption."""
    if setting >= 0:
        page = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
        kib = setting * page // 1024
    else:
        kib = -setting
    return max(kib, floor_kib)


def dialect_insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT (SQLite and PostgreSQL both have ON CONFLICT)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"imports support SQLite and PostgreSQL, not {conn.dialect.name}")


def to_db_values(conn: Connection, column: str, values: Sequence[Any]) -> list[Any]:
    """``values`` of an organisation column as the database stores them (UUIDs as the
    dialect binds them), so they compare with what :func:`select_existing` returns."""
    dialect = conn.dialect
    to_db: Callable[[Any], Any] | None = (
        ORG.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    )
    return [to_db(v) for v in values] if to_db else list(values)


def select_existing(conn: Connection, table: str, column: str, keys: Sequence[Any]) -> set[Any]:
    """``SELECT column FROM table WHERE column IN (keys)`` for thousands of keys at once.

    Rendered by hand (trusted identifiers, keys bound as parameters): SQLAlchemy's expanding
    IN re-renders a 5,000-parameter statement at every batch.
    """
    if not keys:
        return set()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    found: set[Any] = set()
    for start in range(0, len(keys), IN_CHUNK):
        chunk = tuple(keys[start : start + IN_CHUNK])
        sql = f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join([mark] * len(chunk))})"
        found.update(v for (v,) in conn.exec_driver_sql(sql, chunk))
    return found


def organisation_upsert(
    conn: Connection,
    *,
    key: str,
    columns: Sequence[str],
    constants: Sequence[str],
    update_fields: Sequence[str],
) -> BulkStatement:
    """INSERT ... ON CONFLICT (key) DO UPDATE of the organisation table, compiled once.

    An existing row is only rewritten (its ``update_fields``, ``updated_at``/``updated_by``,
    ``version`` + 1) when one of those fields really differs; hand-placed coordinates stay.
    """
    ins = dialect_insert(conn, ORG)
    excluded = ins.excluded
    not_manual = ORG.c.geo_precision != literal_column(f"'{GeoPrecision.MANUAL.value}'")
    set_: dict[str, Any] = {}
    differs = []
    for name in update_fields:
        distinct = ORG.c[name].is_distinct_from(excluded[name])
        if name in COORDINATES:
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
    return BulkStatement(conn, stmt, columns, constants)


def current_values(
    conn: Connection, *, key: str, keys: Sequence[Any], fields: Sequence[str]
) -> dict[Any, RowMapping]:
    """Stored ``key``, ``id``, ``version``, ``geo_precision`` and ``fields`` of the
    organisations whose ``key`` is among ``keys``, by key (what an upsert may overwrite)."""
    if not keys:
        return {}
    cols = dict.fromkeys((key, "id", "version", "geo_precision", *fields))
    out: dict[Any, RowMapping] = {}
    for start in range(0, len(keys), IN_CHUNK):
        chunk = keys[start : start + IN_CHUNK]
        for row in conn.execute(
            select(*(ORG.c[c] for c in cols)).where(ORG.c[key].in_(chunk))
        ).mappings():
            out[row[key]] = row
    return out


def register_states(
    conn: Connection, *, column: str, keys: Sequence[Any]
) -> Sequence[Row[Any, bool, uuid.UUID, int]]:
    """``(key, register_active, id, version)`` of the organisations whose ``column`` is among
    ``keys``."""
    return conn.execute(
        select(ORG.c[column], ORG.c.register_active, ORG.c.id, ORG.c.version).where(
            ORG.c[column].in_(keys)
        )
    ).all()


def close_organisations(
    conn: Connection, *, column: str, keys: Sequence[Any], now: datetime, actor: str
) -> None:
    """Mark the organisations whose ``column`` is among ``keys`` closed in the register
    (``version`` + 1)."""
    conn.execute(
        update(ORG)
        .where(ORG.c[column].in_(keys))
        .values(
            register_active=False,
            updated_at=now,
            updated_by=actor,
            version=ORG.c.version + 1,
        )
    )


def stored_values(conn: Connection, *, org_id: uuid.UUID, names: Sequence[str]) -> Row[Any]:
    """``(version, *names)`` of one organisation as stored."""
    return conn.execute(
        select(ORG.c.version, *(ORG.c[n] for n in names)).where(ORG.c.id == org_id)
    ).one()


def rewrite_organisation(
    conn: Connection,
    *,
    org_id: uuid.UUID,
    values: Mapping[str, Any],
    now: datetime,
    actor: str,
) -> None:
    """Set ``values`` on one organisation, stamped and ``version`` + 1."""
    conn.execute(
        update(ORG)
        .where(ORG.c.id == org_id)
        .values(**values, updated_at=now, updated_by=actor, version=ORG.c.version + 1)
    )


def enterprise_ids_without_establishment(
    conn: Connection, *, numbers: Sequence[str]
) -> dict[str, uuid.UUID]:
    """Belgian enterprise number → id of the organisation recorded under it with no
    establishment number (the enterprise itself)."""
    existing: dict[str, uuid.UUID] = {}
    for start in range(0, len(numbers), IN_CHUNK):
        chunk = numbers[start : start + IN_CHUNK]
        for number, org_id in conn.execute(
            select(ORG.c.be_enterprise_number, ORG.c.id).where(
                ORG.c.be_enterprise_number.in_(chunk),
                ORG.c.be_establishment_number.is_(None),
            )
        ):
            existing[number] = org_id
    return existing


def first_organisation_where(conn: Connection, *, column: str, value: Any) -> RowMapping | None:
    """The whole row of an organisation whose ``column`` equals ``value`` (any one of them)."""
    return conn.execute(select(ORG).where(ORG.c[column] == value)).mappings().first()


def organisations_in_postal_code(conn: Connection, *, postal_code: str) -> Iterable[RowMapping]:
    """The whole rows of the organisations with this postal code, streamed as the database
    yields them (the caller stops at the first that matches)."""
    return conn.execute(select(ORG).where(ORG.c.postal_code == postal_code)).mappings()


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
            conn,
            dialect_insert(conn, self.table).on_conflict_do_nothing(index_elements=["k"]),
            ["k"],
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


class GeolocTable:
    """Positions by SIRET from a geolocated SIRENE file, in a temporary table (the file is
    read once, then looked up batch by batch as the stock file streams)."""

    def __init__(self, conn: Connection, name: str = "import_geoloc") -> None:
        self.conn = conn
        self.table = Table(
            name,
            MetaData(),
            Column("siret", String(14), primary_key=True),
            Column("lat", Float),
            Column("lon", Float),
            prefixes=["TEMPORARY"],
        )
        self.table.drop(conn, checkfirst=True)  # left by a rolled-back import
        self.table.create(conn)
        # a SIRET met twice in the file keeps its first position
        self._insert = dialect_insert(conn, self.table).on_conflict_do_nothing(
            index_elements=["siret"]
        )

    def add(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store ``{"siret", "lat", "lon"}`` rows (one executemany)."""
        if rows:
            self.conn.execute(self._insert, list(rows))

    def lookup(self, sirets: Sequence[str]) -> dict[str, tuple[float, float]]:
        """``(lat, lon)`` of those of ``sirets`` the file placed."""
        if not sirets:
            return {}
        t = self.table
        result = self.conn.execute(select(t.c.siret, t.c.lat, t.c.lon).where(t.c.siret.in_(sirets)))
        return {s: (lat, lon) for s, lat, lon in result}

    def drop(self) -> None:
        self.table.drop(self.conn, checkfirst=True)
