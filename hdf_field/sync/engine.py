"""Applying on the laptop what the registry sent: records, tombstones, conflicts, cursor.

One page is one local transaction, and the cursor moves in that same transaction: a pull cut
at any point resumes from the last page fully applied, and re-applying a page is harmless
(records are upserted whole, at the registry's version). Changes still waiting in the outbox
are laid again over the pulled records, so nothing typed on the laptop is lost; the registry
merges them when they are pushed.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from hdf_field.storage.orm import KEEP_BOOKKEEPING
from hdf_field.storage.types import utcnow
from hdf_field.sync.outbox import NO_OUTBOX
from hdf_field.sync.records import ENTITIES, ENTITY_ORDER
from hdf_field.sync.schemas import ConflictOut, MutationResult, RecordOut
from hdf_field.sync.tables import LocalConflict, OutboxEntry, SyncState

STATE_ID = 1


def mark_pulled_session(session: Session) -> None:
    """This session writes what came from elsewhere: keep its bookkeeping, log no outbox."""
    session.info[KEEP_BOOKKEEPING] = True
    session.info[NO_OUTBOX] = True


def get_state(session: Session) -> SyncState:
    state = session.get(SyncState, STATE_ID)
    if state is None:
        state = SyncState(id=STATE_ID, cursor=0)
        session.add(state)
        session.flush()
    return state


def _upsert(conn: Connection, entity: str, rows: list[dict[str, Any]]) -> None:
    table = ENTITIES[entity].table
    stmt = sqlite.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != "id"},
    )
    conn.execute(stmt, rows)


def decode_record(rec: RecordOut) -> dict[str, Any]:
    """A pulled record as column values. The registry checked every value on the way in, so
    this only converts; a value it cannot convert fails the page, which is then retried."""
    espec = ENTITIES[rec.entity]
    data = rec.data
    row: dict[str, Any] = {}
    for name, load in espec.loaders:
        value = data.get(name)
        row[name] = None if value is None else load(value)
    row["id"] = rec.id
    row["version"] = rec.version
    return row


def apply_records(session: Session, records: Iterable[RecordOut]) -> int:
    """Upsert records in parent-first order, then lay pending local changes over them."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    n = 0
    for rec in records:
        grouped[rec.entity].append(decode_record(rec))
        n += 1
    conn = session.connection()
    for entity in ENTITY_ORDER:
        rows = grouped.get(entity)
        if rows:
            _upsert(conn, entity, rows)
    ids = [r["id"] for rows in grouped.values() for r in rows]
    _reapply_pending(session, ids)
    return n


def _reapply_pending(session: Session, ids: list[uuid.UUID]) -> None:
    pending: list[OutboxEntry] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        pending.extend(session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id.in_(chunk))
        ))
    for entry in sorted(pending, key=lambda e: e.seq):
        espec = ENTITIES[entry.entity]
        values = {k: espec.decode(k, new) for k, (_old, new) in entry.changes.items()
                  if k in espec.fields}
        if values:
            session.execute(update(espec.table).where(espec.table.c.id == entry.record_id)
                            .values(**values))


def store_conflicts(session: Session, conflicts: Iterable[ConflictOut]) -> int:
    n = 0
    for c in conflicts:
        row = session.get(LocalConflict, c.id)
        if row is None:
            row = LocalConflict(id=c.id, entity=c.entity, record_id=c.record_id, field=c.field,
                                created_at=c.created_at)
            session.add(row)
            n += c.status == "open"
        row.base, row.mine, row.theirs = c.base, c.mine, c.theirs
        row.author, row.status = c.author, c.status
    session.flush()
    return n


def apply_push_results(session: Session, results: Iterable[MutationResult]) -> tuple[int, int]:
    """Drop acknowledged mutations from the outbox; keep the conflicts they raised."""
    acked: list[uuid.UUID] = []
    conflicts: list[ConflictOut] = []
    for r in results:
        acked.append(r.mutation_id)
        conflicts.extend(r.conflicts)
    from hdf_field.sync.outbox import acknowledge

    acknowledge(session, acked)
    return len(acked), store_conflicts(session, conflicts)


def keep_refused(session: Session, mutation_ids: Iterable[str], reason: str) -> int:
    """Mutations the registry refuses outright (outside the officer's scope) leave the
    outbox, so the rest can go, but stay on the laptop as conflicts on field "*"."""
    n = 0
    for mid in mutation_ids:
        entry = session.scalar(
            select(OutboxEntry).where(OutboxEntry.mutation_id == uuid.UUID(str(mid)))
        )
        if entry is None:
            continue
        session.add(LocalConflict(
            id=entry.mutation_id, entity=entry.entity, record_id=entry.record_id, field="*",
            base=None, mine={k: v[1] for k, v in entry.changes.items()}, theirs=reason,
            author=None, status="open", created_at=utcnow(),
        ))
        session.delete(entry)
        n += 1
    session.flush()
    return n
