"""The outbox: every local change to a synchronised record, written in the same transaction.

A SQLAlchemy session listener reads each dirty object's attribute history before the flush
(the old values are the base of the registry's merge) and writes one outbox row per changed
record after it, on the flush's own connection: the change and its outbox row commit or roll
back together. Writers that bypass the ORM (the register importers' Core upserts) call
:func:`record_mutations` on their connection instead.

Sessions that apply changes coming from the registry set ``session.info[KEEP_BOOKKEEPING]``;
the registry's own sessions set ``session.info[NO_OUTBOX]``: neither writes outbox rows.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Table,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Session

from hdf_field.storage.bulk import BulkStatement
from hdf_field.storage.ids import uuid7
from hdf_field.storage.orm import KEEP_BOOKKEEPING, AppMeta, SyncedMixin
from hdf_field.storage.types import UTCDateTime, utcnow
from hdf_field.sync.codec import dumps as _dumps
from hdf_field.sync.codec import sqlite_creation_json, to_wire
from hdf_field.sync.records import ENTITIES, entity_of, spec
from hdf_field.sync.tables import OutboxEntry

NO_OUTBOX = "no_outbox"
REGISTRY_MARK = "registry"  # app_meta key set on a registry's database
_PENDING = "sync_outbox_pending"
# Mutation ids written by the current transaction, newest last (the conflict resolver uses it).
WRITTEN = "sync_outbox_written"
_TABLE = cast(Table, OutboxEntry.__table__)


@dataclass(frozen=True)
class RecordChange:
    """A change made outside the ORM, for :func:`record_mutations`.

    ``changes`` maps a field to ``(old, new)`` as Python or wire values; ``base_version`` is
    the version the record had before (0 for a new record).
    """

    record_id: uuid.UUID
    changes: Mapping[str, tuple[Any, Any]]
    base_version: int = 0
    resolves: tuple[str, ...] = field(default_factory=tuple)


def _capturing(session: Session) -> bool:
    return not (session.info.get(KEEP_BOOKKEEPING) or session.info.get(NO_OUTBOX))


def _row(
    entity: str,
    record_id: uuid.UUID,
    base_version: int,
    changes: dict[str, Any],
    resolves: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "mutation_id": uuid.uuid4(),
        "entity": entity,
        "record_id": record_id,
        "base_version": base_version,
        "changes": changes,
        "resolves": resolves or [],
        "created_at": utcnow(),
    }


def _old_value(obj: SyncedMixin, key: str) -> tuple[bool, Any]:
    hist = inspect(obj).attrs[key].history
    if hist.deleted:
        return True, hist.deleted[0]
    if hist.unchanged:
        return True, hist.unchanged[0]
    return False, None


@event.listens_for(Session, "before_flush")
def _capture_dirty(session: Session, _ctx: Any, _instances: Any) -> None:
    if not _capturing(session):
        return
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    for obj in list(session.dirty):
        espec = entity_of(obj)
        if espec is None or not isinstance(obj, SyncedMixin):
            continue
        state = inspect(obj)
        changes: dict[str, Any] = {}
        unknown: list[str] = []
        for key in espec.fields:
            hist = state.attrs[key].history
            if not hist.added:
                continue
            known, old = _old_value(obj, key)
            if not hist.deleted and not hist.unchanged:
                # The attribute was expired and set without being loaded: read the stored value.
                unknown.append(key)
            new = hist.added[0]
            if known and to_wire(old) == to_wire(new):
                continue
            changes[key] = [to_wire(old), to_wire(new)]
        if unknown:
            stored = session.execute(
                select(*(espec.table.c[k] for k in unknown)).where(espec.table.c.id == obj.id)
            ).one_or_none()
            for i, key in enumerate(unknown):
                old_wire = to_wire(stored[i]) if stored is not None else None
                if old_wire == changes[key][1]:
                    del changes[key]
                else:
                    changes[key][0] = old_wire
        if not changes:
            continue
        vhist = state.attrs.version.history
        base = vhist.deleted[0] if vhist.deleted else (obj.version or 0)
        pending.append(_row(espec.name, obj.id, base, changes))


@event.listens_for(Session, "after_flush")
def _write_outbox(session: Session, _ctx: Any) -> None:
    if not _capturing(session):
        session.info.pop(_PENDING, None)
        return
    rows: list[dict[str, Any]] = session.info.pop(_PENDING, [])
    for obj in session.new:
        espec = entity_of(obj)
        if espec is None or not isinstance(obj, SyncedMixin):
            continue
        state = inspect(obj)
        changes = {
            key: [None, to_wire(state.attrs[key].value)]
            for key in espec.fields
            if state.attrs[key].value is not None
        }
        rows.append(_row(espec.name, obj.id, 0, changes))
    if rows:
        session.connection().execute(insert(_TABLE), rows)
        session.info.setdefault(WRITTEN, []).extend(r["mutation_id"] for r in rows)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(WRITTEN, None)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    session.info.pop(WRITTEN, None)


def record_mutations(conn: Connection, entity: str, items: Iterable[RecordChange]) -> int:
    """Record changes a bulk writer made with Core statements, on its own connection (hence
    in its transaction). Returns how many outbox rows were written."""
    espec = spec(entity)
    allowed = set(espec.fields)
    rows = []
    for item in items:
        if not allowed.issuperset(item.changes):
            bad = sorted(set(item.changes) - allowed)[0]
            raise ValueError(f"{entity} has no synchronised field {bad!r}")
        changes = {
            key: [old_w, new_w]
            for key, (old, new) in item.changes.items()
            if (old_w := to_wire(old)) != (new_w := to_wire(new))
        }
        if changes or item.resolves:
            rows.append(
                _param(
                    item.record_id, item.base_version, _dumps(changes), _dumps(list(item.resolves))
                )
            )
    return _insert(conn, entity, rows)


def record_creations(
    conn: Connection,
    entity: str,
    rows: Iterable[Mapping[str, Any]],
    defaults: Mapping[str, Any] | None = None,
) -> int:
    """Record new records a bulk writer inserted (each a mapping with ``id`` and its fields,
    ``defaults`` for those it leaves out): each travels whole, every non-empty field, as the
    session listener sends a new object. (On SQLite, :func:`record_inserted_rows` does the
    same in SQL.)

    An import creates 100,000 of them: each row's changes become JSON text at once, so no
    per-field containers outlive the row (surviving containers make the garbage collector
    rescan the whole heap, which doubled an import's time)."""
    fields = spec(entity).fields
    base = defaults or {}
    params = []
    for row in rows:
        values = {**base, **row}
        params.append(
            _param(
                values["id"],
                0,
                _dumps({f: (None, v) for f in fields if (v := values.get(f)) is not None}),
                "[]",
            )
        )
    return _insert(conn, entity, params)


def record_inserted_rows(conn: Connection, entity: str, after_rowid: int) -> int:
    """Record, on SQLite, every record a bulk writer inserted after ``after_rowid`` (the
    table's ``max(rowid)`` before its statement; within the write transaction new rows take
    the next rowids, upserted ones keep theirs): the same outbox rows as
    :func:`record_creations`, built by one ``INSERT … SELECT`` from the stored values.

    Queued from Python, the 500,000 creations of a regional import cost a third of its
    time; SQLite builds the JSON text in C from what it has just stored."""
    sql = _creation_sql(entity)
    now = utcnow()
    created_at = UTCDateTime().bind_processor(conn.dialect)
    assert created_at is not None
    clock = f"{int(now.timestamp() * 1000):012x}"
    return int(conn.exec_driver_sql(sql, (clock, entity, created_at(now), after_rowid)).rowcount)


@functools.cache
def _creation_sql(entity: str) -> str:
    espec = spec(entity)
    table = espec.table.name
    changes = sqlite_creation_json([espec.codecs[f] for f in espec.fields])
    # Version-7 UUIDs as 32 hex digits (how SQLite stores a UUID), as ``storage.ids.uuid7``
    # makes them: the statement's millisecond clock, then 74 random bits.
    mutation_id = (
        "? || '7' || substr(h, 1, 3) || substr('89ab', 1 + (abs(random()) % 4), 1) "
        "|| substr(h, 4, 15)"
    )
    return (
        f"INSERT INTO {OutboxEntry.__tablename__} "
        "(mutation_id, entity, record_id, base_version, changes, resolves, created_at) "
        f"SELECT {mutation_id}, ?, id, 0, changes, '[]', ? FROM ("
        f"SELECT lower(hex(randomblob(9))) AS h, id, {changes} AS changes FROM {table} "
        "WHERE rowid > ? ORDER BY rowid)"
    )


def max_rowid(conn: Connection, entity: str) -> int:
    """The mark :func:`record_inserted_rows` starts after (SQLite only)."""
    return int(
        conn.exec_driver_sql(
            f"SELECT coalesce(max(rowid), 0) FROM {spec(entity).table.name}"
        ).scalar_one()
    )


def _param(record_id: uuid.UUID, base_version: int, changes: str, resolves: str) -> dict[str, Any]:
    # 32 hex digits: how SQLite stores a UUID, and a form PostgreSQL's uuid type reads.
    return {
        "mutation_id": uuid7().hex,
        "record_id": record_id,
        "base_version": base_version,
        "changes": changes,
        "resolves": resolves,
    }


def _insert(conn: Connection, entity: str, params: list[dict[str, Any]]) -> int:
    """One bulk statement; the JSON columns come as text, encoded by the C encoder with
    :func:`to_wire` for what JSON has no type for (dates, UUIDs)."""
    if params:
        BulkStatement(
            conn,
            insert(_TABLE),
            ("mutation_id", "record_id", "base_version", "changes", "resolves"),
            ("entity", "created_at", "erase"),
            raw=("mutation_id", "changes", "resolves"),
        ).execute(params, {"entity": entity, "created_at": utcnow(), "erase": False})
    return len(params)


def keeps_outbox(conn: Connection) -> bool:
    """Whether writes to this database must reach the registry: not on the registry's own
    database (marked by ``prepare_registry``), which is the central copy."""
    return conn.execute(select(AppMeta.key).where(AppMeta.key == REGISTRY_MARK)).first() is None


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def pending_batch(session: Session, limit: int) -> list[OutboxEntry]:
    """The oldest waiting changes, in the order they were made."""
    return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq).limit(limit)))


def acknowledge(session: Session, mutation_ids: Iterable[uuid.UUID]) -> None:
    ids = list(mutation_ids)
    if ids:
        session.execute(delete(OutboxEntry).where(OutboxEntry.mutation_id.in_(ids)))


__all__ = [
    "ENTITIES",
    "NO_OUTBOX",
    "RecordChange",
    "acknowledge",
    "keeps_outbox",
    "max_rowid",
    "pending_batch",
    "pending_count",
    "record_creations",
    "record_inserted_rows",
    "record_mutations",
]
