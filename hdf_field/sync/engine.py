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
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from hdf_field.storage import search_index
from hdf_field.storage.orm import KEEP_BOOKKEEPING
from hdf_field.storage.types import utcnow
from hdf_field.sync.client import relayed_error
from hdf_field.sync.codec import same_value
from hdf_field.sync.outbox import NO_OUTBOX
from hdf_field.sync.records import ENTITIES, ENTITY_ORDER
from hdf_field.sync.schemas import ConflictOut, MutationResult, RecordOut
from hdf_field.sync.tables import LocalConflict, OutboxEntry, SyncState

STATE_ID = 1
PULL_CACHE_KIB = 64 * 1024  # SQLite page cache of the connection applying big pull pages
PULL_CACHE_MIN_RECORDS = 500


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


@cache
def _raw_upsert(
    entity: str,
) -> tuple[str, tuple[str, ...], tuple[tuple[int, Callable[[Any], Any]], ...], int, int]:
    """The upsert statement of an entity, its column names, the (position, converter) of the
    columns whose wire value is not already the SQLite parameter, and where ``id`` and
    ``version`` go."""
    table = ENTITIES[entity].table
    names = tuple(c.name for c in table.columns)
    sets = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
    sql = (
        f'INSERT INTO "{table.name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
        f'VALUES ({", ".join("?" for _ in names)}) ON CONFLICT ("id") DO UPDATE SET {sets}'
    )
    codecs = ENTITIES[entity].codecs
    converters = tuple(
        (i, codecs[n].sqlite_param)
        for i, n in enumerate(names)
        if n not in ("id", "version") and codecs[n].sqlite_param is not same_value
    )
    return sql, names, converters, names.index("id"), names.index("version")


def _upsert_records(conn: Connection, entity: str, records: list[RecordOut]) -> None:
    """Upsert pulled records straight through the SQLite driver: a first sync writes tens of
    thousands of rows and SQLAlchemy's per-row bind processing would dominate. Values are
    converted by each column's codec exactly as the column types would (proved by the codec
    property tests, which read the rows back through the ORM); most columns (text, numbers)
    need no conversion and are copied as they are."""
    sql, names, converters, id_at, version_at = _raw_upsert(entity)
    params = []
    for rec in records:
        data = rec.data
        row = [data.get(name) for name in names]
        for i, conv in converters:
            if (v := row[i]) is not None:
                row[i] = conv(v)
        row[id_at] = rec.id.hex
        row[version_at] = rec.version
        params.append(tuple(row))
    conn.exec_driver_sql(sql, params)


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
    grouped: dict[str, list[RecordOut]] = defaultdict(list)
    n = 0
    for rec in records:
        if rec.entity not in ENTITIES:
            raise ValueError(f"unknown entity {rec.entity!r} in a pulled page")
        grouped[rec.entity].append(rec)
        n += 1
    conn = session.connection()
    if conn.dialect.name == "sqlite" and n > PULL_CACHE_MIN_RECORDS:
        # A big page writes random keys into a dozen indexes: with SQLite's default 2 MB
        # cache a regional first sync re-reads index pages from the OS at every row. The
        # cache fills only as pages are used, and is bounded.
        conn.exec_driver_sql(f"PRAGMA cache_size=-{PULL_CACHE_KIB}")
    _adopt_officers(session, grouped.get("officer", []))
    _adopt_known(session, grouped.get("organisation", []))
    indexed = _indexed_orgs(conn, grouped)
    if indexed is not None:
        search_index.drop_triggers(conn)
    for entity in ENTITY_ORDER:
        recs = grouped.get(entity)
        if recs:
            if conn.dialect.name == "sqlite":
                _upsert_records(conn, entity, recs)
            else:
                _upsert(conn, entity, [decode_record(r) for r in recs])
    if indexed is not None:
        search_index.reindex(conn, sorted(indexed))
        search_index.create_triggers(conn)
    ids = [r.id for recs in grouped.values() for r in recs]
    _reapply_pending(session, ids)
    return n


NATURAL_KEYS = ("siret", "be_establishment_number")


def _adopt_known(session: Session, orgs: list[RecordOut]) -> None:
    """A pulled organisation whose SIRET (or Belgian establishment number) a local row holds
    under another id — a creation the registry refused, kept as a conflict — takes that row
    over: the local row is re-keyed to the registry's id before the upsert, which would
    otherwise break the unique key and stop every pull. What was typed stays in the conflict."""
    table = ENTITIES["organisation"].table
    for key in NATURAL_KEYS:
        by_value = {v: r.id for r in orgs if (v := r.data.get(key))}
        values = list(by_value)
        for start in range(0, len(values), 900):
            chunk = values[start : start + 900]
            found = session.execute(
                select(table.c.id, table.c[key]).where(table.c[key].in_(chunk))
            ).all()
            for local_id, value in found:
                if local_id != by_value[value]:
                    rekey(session, "organisation", local_id, by_value[value])


def _adopt_officers(session: Session, officers: list[RecordOut]) -> None:
    """A pulled officer whose e-mail a local officer holds under another id (the demo
    region's officer, or one typed on this laptop before the registry knew them) *is* that
    person: the local row takes the registry's id, with their organisations, visits,
    follow-ups and waiting changes, and the upsert that follows gives it the registry's
    values. Without this the officer's unique e-mail stops every pull."""
    table = ENTITIES["officer"].table
    by_email = {str(e).strip().lower(): r.id for r in officers if (e := r.data.get("email"))}
    emails = list(by_email)
    for start in range(0, len(emails), 900):
        chunk = emails[start : start + 900]
        found = session.execute(
            select(table.c.id, table.c.email).where(func.lower(table.c.email).in_(chunk))
        ).all()
        for local_id, email in found:
            registry_id = by_email[str(email).strip().lower()]
            if local_id != registry_id:
                rekey(session, "officer", local_id, registry_id)


def _indexed_orgs(conn: Connection, grouped: dict[str, list[RecordOut]]) -> set[str] | None:
    """The organisations whose search-index rows a page changes (ids as SQLite stores them),
    or None when the page leaves the index alone. The index triggers cost about a millisecond
    a row, most of a first sync; the page drops them and refreshes these rows at once."""
    orgs = grouped.get("organisation", [])
    contacts = grouped.get("contact", [])
    if not (orgs or contacts) or not search_index.has_index(conn):
        return None
    touched = {r.id.hex for r in orgs}
    touched.update(uuid.UUID(str(r.data["organisation_id"])).hex for r in contacts)
    ids = [r.id.hex for r in contacts]
    for start in range(0, len(ids), 900):  # a contact moving away changes its old org too
        chunk = tuple(ids[start : start + 900])
        marks = ", ".join("?" for _ in chunk)
        touched.update(
            org
            for (org,) in conn.exec_driver_sql(
                f"SELECT organisation_id FROM contact WHERE id IN ({marks})", chunk
            )
        )
    return touched


def _reapply_pending(session: Session, ids: list[uuid.UUID]) -> None:
    if session.scalar(select(OutboxEntry.seq).limit(1)) is None:
        return  # nothing waits to be pushed (every first sync): no need to look record by record
    pending: list[OutboxEntry] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        pending.extend(session.scalars(select(OutboxEntry).where(OutboxEntry.record_id.in_(chunk))))
    for entry in sorted(pending, key=lambda e: e.seq):
        espec = ENTITIES[entry.entity]
        values = {
            k: espec.decode(k, new, checked=False)
            for k, (_old, new) in entry.changes.items()
            if k in espec.fields
        }
        if values:
            session.execute(
                update(espec.table).where(espec.table.c.id == entry.record_id).values(**values)
            )


def refusal(reason: str, code: str | None, params: dict[str, Any] | None) -> dict[str, Any]:
    """A refused change's reason as kept in a conflict on field "*": the registry's English
    words, and their code and parameters when this version can say them in another language
    (bounded: a hostile registry's are dropped; :func:`hdf_field.sync.client.refusal_text`
    renders it)."""
    if code is not None and relayed_error({"code": code, "params": params or {}}) is None:
        code = params = None
    return {"reason": reason, "code": code, "params": params}


def store_conflicts(
    session: Session,
    conflicts: Iterable[ConflictOut],
    words: dict[uuid.UUID, MutationResult] | None = None,
) -> int:
    """Keep the registry's conflicts. A refusal on field "*" keeps the code of the answer
    that raised it (``words``, by conflict id); the registry stores only the English, so
    when a pull sends the same words again the coded copy here stays."""
    n = 0
    for c in conflicts:
        row = session.get(LocalConflict, c.id)
        if row is None:
            row = LocalConflict(
                id=c.id,
                entity=c.entity,
                record_id=c.record_id,
                field=c.field,
                created_at=c.created_at,
            )
            session.add(row)
            n += c.status == "open"
        theirs = c.theirs
        if c.field == "*" and isinstance(theirs, str):
            said = (words or {}).get(c.id)
            if said is not None:
                theirs = refusal(theirs, said.code, said.params)
            elif isinstance(row.theirs, dict) and row.theirs.get("reason") == theirs:
                theirs = row.theirs
        row.base, row.mine, row.theirs = c.base, c.mine, theirs
        row.author, row.status = c.author, c.status
    session.flush()
    return n


def apply_push_results(session: Session, results: Iterable[MutationResult]) -> tuple[int, int]:
    """Drop acknowledged mutations from the outbox; keep the conflicts they raised."""
    acked: list[uuid.UUID] = []
    conflicts: list[ConflictOut] = []
    words: dict[uuid.UUID, MutationResult] = {}
    for r in results:
        acked.append(r.mutation_id)
        conflicts.extend(r.conflicts)
        words.update((c.id, r) for c in r.conflicts)
        if r.canonical_id is not None:
            entry = session.scalar(
                select(OutboxEntry).where(OutboxEntry.mutation_id == r.mutation_id)
            )
            if entry is not None and entry.record_id != r.canonical_id:
                rekey(session, entry.entity, entry.record_id, r.canonical_id)
    from hdf_field.sync.outbox import acknowledge

    acknowledge(session, acked)
    return len(acked), store_conflicts(session, conflicts, words)


def rekey(session: Session, entity: str, old: uuid.UUID, new: uuid.UUID) -> None:
    """The registry already had this record under ``new`` (an organisation created here
    with a SIRET it knew): give the laptop's row that id, with everything pointing at it —
    contacts, visits, follow-ups, waiting outbox changes and conflicts. The registry's
    merged record arrives with the pull that follows."""
    conn = session.connection()
    table = ENTITIES[entity].table
    if conn.dialect.name == "sqlite":
        # Children point at the old id until they are moved; checked at commit instead.
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    have_new = conn.execute(select(table.c.id).where(table.c.id == new)).first() is not None
    if not have_new:
        conn.execute(update(table).where(table.c.id == old).values(id=new))
    children = [
        (espec, fk)
        for espec in ENTITIES.values()
        for fk, parent in espec.parents.items()
        if parent == entity
    ]
    for espec, fk in children:
        conn.execute(update(espec.table).where(espec.table.c[fk] == old).values({fk: new}))
    if have_new:
        conn.execute(table.delete().where(table.c.id == old))
    session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.entity == entity, OutboxEntry.record_id == old)
        .values(record_id=new)
    )
    session.execute(
        update(LocalConflict).where(LocalConflict.record_id == old).values(record_id=new)
    )
    old_wire, new_wire = str(old), str(new)
    for espec, fk in children:
        for entry in session.scalars(select(OutboxEntry).where(OutboxEntry.entity == espec.name)):
            change = entry.changes.get(fk)
            if change and old_wire in change:
                entry.changes = {
                    **entry.changes,
                    fk: [new_wire if v == old_wire else v for v in change],
                }
    session.flush()


def keep_refused(
    session: Session,
    mutation_ids: Iterable[str],
    reason: str,
    code: str | None = None,
    params: dict[str, Any] | None = None,
) -> int:
    """Mutations the registry refuses outright (outside the officer's scope) leave the
    outbox, so the rest can go, but stay on the laptop as conflicts on field "*".

    The registry's reason is kept as ``{"reason": <English>, "code", "params"}`` so the
    conflicts screen says it in the user's language (:func:`hdf_field.sync.client.
    refusal_text`, which also reads a row kept as a plain string before codes)."""
    theirs = refusal(reason, code, params)
    n = 0
    for mid in mutation_ids:
        entry = session.scalar(
            select(OutboxEntry).where(OutboxEntry.mutation_id == uuid.UUID(str(mid)))
        )
        if entry is None:
            continue
        session.add(
            LocalConflict(
                id=entry.mutation_id,
                entity=entry.entity,
                record_id=entry.record_id,
                field="*",
                base=None,
                mine={k: v[1] for k, v in entry.changes.items()},
                theirs=theirs,
                author=None,
                status="open",
                created_at=utcnow(),
            )
        )
        session.delete(entry)
        n += 1
    session.flush()
    return n
