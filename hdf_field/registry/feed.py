"""Pull: every change since a cursor, page by page, limited to what the caller may see.

A page is self-contained: the parents its records point to (organisation of a visit, officer
of an organisation...) come with it when the laptop may not have them yet, so applying a page
in entity order always satisfies foreign keys.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hdf_field.registry.apply import conflict_out
from hdf_field.registry.auth import Principal
from hdf_field.registry.erasure import erased_since
from hdf_field.registry.scope import ORG_CHILDREN, Scope
from hdf_field.registry.sequence import current_seq, id_chunks, id_in, load_rows
from hdf_field.registry.tables import Change, Conflict
from hdf_field.sync.codec import pull_page_json
from hdf_field.sync.protocol import PROTOCOL
from hdf_field.sync.records import ENTITIES, ENTITY_ORDER
from hdf_field.sync.schemas import PullResponse

# Columns a page needs besides the stored body: the scope rules and the parents to bring.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    name: (*espec.parents, *(("departement", "country") if name == "organisation" else ()))
    for name, espec in ENTITIES.items()
}


def _feed_seqs(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Sequence numbers of records, by id (their bodies only when sent: see :func:`_bodies`)."""
    out: dict[uuid.UUID, int] = {}
    for chunk in id_chunks(session, list(ids)):
        out.update(
            (rid, seq)
            for rid, seq in session.execute(
                select(Change.record_id, Change.seq).where(id_in(session, Change.record_id, chunk))
            ).all()
        )
    return out


def _bodies(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str | None]:
    out: dict[uuid.UUID, str | None] = {}
    for chunk in id_chunks(session, list(ids)):
        out.update(
            (rid, body)
            for rid, body in session.execute(
                select(Change.record_id, Change.body).where(id_in(session, Change.record_id, chunk))
            ).all()
        )
    return out


def _encode(session: Session, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Bodies built from the rows, for feed rows that have none (before ``catch_up`` ran)."""
    espec = ENTITIES[entity]
    return {row["id"]: espec.wire_record(row) for row in load_rows(session, entity, ids)}


def pull(session: Session, principal: Principal, cursor: int, limit: int) -> PullResponse:
    """A page as a validated model (bundles, tests); the HTTP route uses :func:`pull_json`."""
    return PullResponse.model_validate_json(pull_json(session, principal, cursor, limit))


def pull_json(
    session: Session, principal: Principal, cursor: int, limit: int, protocol: int = PROTOCOL
) -> str:
    """A page as JSON text, built straight from the rows: pulls move tens of thousands of
    records and this is their hot path. ``protocol`` is the number the page names."""
    scope = Scope(session, principal)
    top = current_seq(session)
    changes = session.execute(
        select(Change.record_id, Change.entity, Change.seq, Change.body)
        .where(Change.seq > cursor, Change.seq <= top)
        .order_by(Change.seq)
        .limit(limit)
    ).all()
    more = len(changes) == limit
    page_end = changes[-1].seq if more else top

    by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
    bodies: dict[uuid.UUID, str | None] = {}
    for rid, entity, _seq, body in changes:
        by_entity[entity].append(rid)
        bodies[rid] = body
    loaded: dict[str, list[dict[str, Any]]] = {
        e: load_rows(session, e, ids, KEY_COLUMNS[e]) for e, ids in by_entity.items()
    }
    # Load the organisations the scope rules need in one go.
    if not scope.everything:
        scope.load_orgs(r["organisation_id"] for e in ORG_CHILDREN for r in loaded.get(e, []))
    sent: dict[uuid.UUID, str] = {}  # id → entity
    frontier: list[tuple[str, dict[str, Any]]] = []
    for entity, rows in loaded.items():
        for row in rows:
            if scope.can_read(entity, row):
                sent[row["id"]] = entity
                frontier.append((entity, row))

    # Parents the laptop may lack: not yet sent (a later seq) or visible only through a visit
    # a manager planned (no feed entry of its own reaches this officer).
    while frontier:
        wanted: dict[uuid.UUID, str] = {}
        for entity, row in frontier:
            for fk, parent in ENTITIES[entity].parents.items():
                pid = row[fk]
                if pid is not None and pid not in sent:
                    wanted[pid] = parent
        if not wanted:
            break
        seqs = _feed_seqs(session, wanted)
        take: dict[str, list[uuid.UUID]] = defaultdict(list)
        for pid, parent in wanted.items():
            later = seqs.get(pid, 0) > page_end
            via_plan = parent == "organisation" and not scope.org_base_visible(pid)
            if later or via_plan:
                take[parent].append(pid)
        # Most parents went in an earlier page: only the ones sent now need their bodies.
        taken = [pid for ids in take.values() for pid in ids]
        found = _bodies(session, taken)
        bodies.update((pid, found.get(pid)) for pid in taken)
        frontier = []
        for parent, ids in take.items():
            for row in load_rows(session, parent, ids, KEY_COLUMNS[parent]):
                if scope.can_read(parent, row):
                    sent[row["id"]] = parent
                    frontier.append((parent, row))

    by_sent: dict[str, list[uuid.UUID]] = defaultdict(list)
    for rid, entity in sent.items():
        by_sent[entity].append(rid)
    records: list[str] = []
    for entity in ENTITY_ORDER:
        ids = by_sent.get(entity, [])
        bodiless = [rid for rid in ids if bodies.get(rid) is None]
        if bodiless:
            bodies.update(_encode(session, entity, bodiless))
        records.extend(b for rid in ids if (b := bodies.get(rid)) is not None)
    cq = select(Conflict).where(Conflict.seq > cursor, Conflict.seq <= page_end)
    if not principal.is_manager:
        cq = cq.where(or_(Conflict.author_account_id == principal.account_id))
    conflicts = [
        conflict_out(c).model_dump(mode="json")
        for c in session.scalars(cq.order_by(Conflict.seq))
        if scope.conflict_visible(c.entity, c.record_id)
    ]
    erased = erased_since(session, cursor, page_end)
    return pull_page_json(records, conflicts, page_end, more, protocol, erased=erased)
