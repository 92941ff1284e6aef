"""The registry's monotonic change sequence and its compacted change feed."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hdf_field.registry.tables import Change, Counter
from hdf_field.sync.records import ENTITIES

COUNTER = "changes"


class Sequencer:
    """Hands out sequence numbers inside one write transaction.

    Creating it bumps the counter row, which takes the row lock on PostgreSQL (the write lock
    on SQLite) until the transaction ends: writers are serialised, so numbers become visible
    in order and a pull can never step over a number that commits later.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        session.execute(update(Counter).where(Counter.name == COUNTER).values(value=Counter.value))
        self.value = session.scalar(select(Counter.value).where(Counter.name == COUNTER)) or 0
        self._start = self.value

    def next(self) -> int:
        self.value += 1
        return self.value

    def record(self, entity: str, record_id: uuid.UUID, version: int) -> int:
        """Move a record to the head of the change feed."""
        seq = self.next()
        conn = self._session.connection()
        _upsert_change(conn, [{"record_id": record_id, "entity": entity, "seq": seq,
                               "version": version}])
        return seq

    def flush(self) -> None:
        if self.value != self._start:
            self._session.execute(
                update(Counter).where(Counter.name == COUNTER).values(value=self.value)
            )
            self._start = self.value


def _upsert_change(conn: Connection, rows: list[dict[str, object]]) -> None:
    table = Change.__table__
    dialect = conn.dialect.name
    stmt = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.record_id],
        set_={"seq": stmt.excluded.seq, "version": stmt.excluded.version,
              "entity": stmt.excluded.entity},
    )
    # Two records can swap seqs in one statement; PostgreSQL checks UNIQUE per row, so move
    # them one at a time (executemany does exactly that).
    conn.execute(stmt, rows)


def current_seq(session: Session) -> int:
    return session.scalar(select(Counter.value).where(Counter.name == COUNTER)) or 0


def catch_up(session: Session) -> int:
    """Give a sequence number to every record written behind the registry's back (a register
    import run straight on its database, a fresh database) or changed since its last number.
    Returns how many records moved; the caller commits."""
    seqr: Sequencer | None = None
    moved = 0
    change = Change.__table__
    for name, spec in ENTITIES.items():
        table = spec.table
        stale = session.execute(
            select(table.c.id, table.c.version)
            .select_from(table.outerjoin(change, change.c.record_id == table.c.id))
            .where((change.c.record_id.is_(None)) | (change.c.version != table.c.version))
            .order_by(table.c.updated_at, table.c.id)
        ).all()
        if not stale:
            continue
        if seqr is None:
            seqr = Sequencer(session)
        rows = [
            {"record_id": rid, "entity": name, "seq": seqr.next(), "version": version}
            for rid, version in stale
        ]
        _upsert_change(session.connection(), rows)
        moved += len(rows)
    if seqr is not None:
        seqr.flush()
    return moved


def feed_size(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Change)) or 0
