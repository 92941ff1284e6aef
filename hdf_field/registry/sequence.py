"""The registry's monotonic change sequence and its compacted change feed."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, any_, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hdf_field.registry.tables import Change, Counter
from hdf_field.sync.records import ENTITIES

COUNTER = "changes"
CHUNK = 900  # ids per IN (...) list: below every SQLite build's bound-parameter limit
PG_CHUNK = 10_000  # ids per PostgreSQL array parameter
CATCH_UP_SLICE = 5000


class Sequencer:
    """Hands out sequence numbers inside one write transaction.

    Creating it bumps the counter row, which takes the row lock on PostgreSQL (the write lock
    on SQLite) until the transaction ends: writers are serialised, so numbers become visible
    in order and a pull can never step over a number that commits later.

    Feed rows are written by :meth:`flush`, once per batch: a record changed twice in a
    batch is encoded once, in its final state.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        session.execute(update(Counter).where(Counter.name == COUNTER).values(value=Counter.value))
        self.value = session.scalar(select(Counter.value).where(Counter.name == COUNTER)) or 0
        self._start = self.value
        self._moved: dict[uuid.UUID, tuple[str, int]] = {}

    def next(self) -> int:
        self.value += 1
        return self.value

    def record(self, entity: str, record_id: uuid.UUID, version: int) -> int:
        """Move a record to the head of the change feed (written at :meth:`flush`)."""
        seq = self.next()
        self._moved[record_id] = (entity, seq)
        return seq

    def forget(self, record_id: uuid.UUID) -> None:
        """A record removed in this transaction (erased): it gets no feed row."""
        self._moved.pop(record_id, None)

    def flush(self) -> None:
        if self._moved:
            moved = sorted(self._moved.items(), key=lambda item: item[1][1])
            self._moved = {}
            write_feed(
                self._session.connection(), [(entity, rid, seq) for rid, (entity, seq) in moved]
            )
        if self.value != self._start:
            self._session.execute(
                update(Counter).where(Counter.name == COUNTER).values(value=self.value)
            )
            self._start = self.value


def _dialect(conn: Connection | Session) -> str:
    return conn.dialect.name if isinstance(conn, Connection) else conn.get_bind().dialect.name


def id_chunks(conn: Connection | Session, ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``ids`` in slices as large as :func:`id_in` takes on this database."""
    size = PG_CHUNK if _dialect(conn) == "postgresql" else CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def id_in(conn: Connection | Session, column: Any, ids: Sequence[Any]) -> ColumnElement[bool]:
    """``column IN ids``. On PostgreSQL one array parameter (``= ANY(:ids)``): a list of
    thousands of bound values costs SQLAlchemy and the driver more to render and parse than
    the database to answer, and a pull page makes several such lookups."""
    if _dialect(conn) == "postgresql":
        return cast(
            ColumnElement[bool],
            column == any_(bindparam(None, list(ids), type_=postgresql.ARRAY(column.type))),
        )
    return cast(ColumnElement[bool], column.in_(ids))


def load_rows(
    conn: Connection | Session,
    entity: str,
    ids: Iterable[uuid.UUID],
    columns: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of one entity by id (all columns, or only ``columns`` besides ``id``)."""
    table = ENTITIES[entity].table
    cols = [table.c.id, *(table.c[c] for c in columns)] if columns is not None else [table]
    rows: list[dict[str, Any]] = []
    for chunk in id_chunks(conn, list(ids)):
        result = conn.execute(select(*cols).where(id_in(conn, table.c.id, chunk)))
        keys = list(result.keys())
        rows.extend(dict(zip(keys, r, strict=True)) for r in result.all())
    return rows


def write_feed(conn: Connection, moved: list[tuple[str, uuid.UUID, int]]) -> None:
    """Give records their new sequence numbers, with their version and pull body as they are
    now in this transaction. ``moved`` is in sequence order."""
    by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entity, rid, _seq in moved:
        by_entity[entity].append(rid)
    current: dict[uuid.UUID, tuple[int, str]] = {}
    for entity, ids in by_entity.items():
        espec = ENTITIES[entity]
        for row in load_rows(conn, entity, ids):
            current[row["id"]] = (row["version"], espec.wire_record(row))
    rows = []
    for entity, rid, seq in moved:
        version, body = current.get(rid, (0, None))
        rows.append(
            {"record_id": rid, "entity": entity, "seq": seq, "version": version, "body": body}
        )
    if rows:
        _upsert_change(conn, rows)


def _upsert_change(conn: Connection, rows: list[dict[str, object]]) -> None:
    table = cast(Table, Change.__table__)
    dialect = conn.dialect.name
    stmt = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.record_id],
        set_={
            "seq": stmt.excluded.seq,
            "version": stmt.excluded.version,
            "entity": stmt.excluded.entity,
            "body": stmt.excluded.body,
        },
    )
    # Two records can swap seqs in one statement; PostgreSQL checks UNIQUE per row, so move
    # them one at a time (executemany does exactly that).
    for start in range(0, len(rows), 5000):
        conn.execute(stmt, rows[start : start + 5000])


def current_seq(session: Session) -> int:
    return session.scalar(select(Counter.value).where(Counter.name == COUNTER)) or 0


def catch_up(session: Session) -> int:
    """Give a sequence number to every record written behind the registry's back (a register
    import run straight on its database, a fresh database) or changed since its last number,
    and a pull body to feed rows that lack one (written before bodies were kept).
    Returns how many records moved; the caller commits."""
    seqr: Sequencer | None = None
    moved = 0
    change = cast(Table, Change.__table__)
    conn = session.connection()
    for name, spec in ENTITIES.items():
        table = spec.table
        stale = (
            session.execute(
                select(table.c.id)
                .select_from(table.outerjoin(change, change.c.record_id == table.c.id))
                .where((change.c.record_id.is_(None)) | (change.c.version != table.c.version))
                .order_by(table.c.updated_at, table.c.id)
            )
            .scalars()
            .all()
        )
        if stale and seqr is None:
            seqr = Sequencer(session)
        # In slices: a regional register imported on the registry is 500,000 rows.
        for start in range(0, len(stale), CATCH_UP_SLICE):
            assert seqr is not None
            write_feed(
                conn, [(name, rid, seqr.next()) for rid in stale[start : start + CATCH_UP_SLICE]]
            )
        moved += len(stale)
    # Same place in the feed, body added (a registry upgraded from 0002_sync). One scan of
    # the feed for every entity: at each start of a registry of a million records.
    bodiless_by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
    for rid, name in session.execute(
        select(change.c.record_id, change.c.entity).where(change.c.body.is_(None))
    ).all():
        bodiless_by_entity[name].append(rid)
    for name, bodiless in bodiless_by_entity.items():
        espec = ENTITIES.get(name)
        if espec is None:
            continue
        for start in range(0, len(bodiless), CATCH_UP_SLICE):
            bodies = [
                {"rid": row["id"], "body": espec.wire_record(row)}
                for row in load_rows(conn, name, bodiless[start : start + CATCH_UP_SLICE])
            ]
            if bodies:
                conn.execute(
                    update(change)
                    .where(change.c.record_id == bindparam("rid"))
                    .values(body=bindparam("body")),
                    bodies,
                )
    if seqr is not None:
        seqr.flush()
    return moved
