"""Pull: every change since a cursor, page by page, limited to what the caller may see.

A page is self-contained: the parents its records point to (organisation of a visit, officer
of an organisation...) come with it when the laptop may not have them yet, so applying a page
in entity order always satisfies foreign keys.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hdf_field.registry.apply import conflict_out
from hdf_field.registry.auth import Principal
from hdf_field.registry.scope import Scope
from hdf_field.registry.sequence import current_seq
from hdf_field.registry.tables import Change, Conflict
from hdf_field.sync.records import ENTITIES, ENTITY_ORDER
from hdf_field.sync.schemas import PullResponse

CHUNK = 900


def _load(session: Session, entity: str, ids: Iterable[uuid.UUID]) -> list[dict[str, Any]]:
    table = ENTITIES[entity].table
    ids = list(ids)
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        result = session.execute(select(table).where(table.c.id.in_(chunk)))
        keys = list(result.keys())
        rows.extend(dict(zip(keys, r, strict=True)) for r in result)
    return rows


def _seqs(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    ids = list(ids)
    out: dict[uuid.UUID, int] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for rid, seq in session.execute(
            select(Change.record_id, Change.seq).where(Change.record_id.in_(chunk))
        ):
            out[rid] = seq
    return out


def pull(session: Session, principal: Principal, cursor: int, limit: int) -> PullResponse:
    """A page as a validated model (bundles, tests); the HTTP route uses :func:`pull_json`."""
    return PullResponse.model_validate_json(pull_json(session, principal, cursor, limit))


def pull_json(session: Session, principal: Principal, cursor: int, limit: int) -> str:
    """A page as JSON text, built straight from the rows: pulls move tens of thousands of
    records and this is their hot path."""
    scope = Scope(session, principal)
    top = current_seq(session)
    changes = session.execute(
        select(Change.record_id, Change.entity, Change.seq)
        .where(Change.seq > cursor, Change.seq <= top)
        .order_by(Change.seq)
        .limit(limit)
    ).all()
    more = len(changes) == limit
    page_end = changes[-1].seq if more else top

    by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
    for rid, entity, _seq in changes:
        by_entity[entity].append(rid)
    loaded: dict[str, list[dict[str, Any]]] = {e: _load(session, e, ids) for e, ids in
                                               by_entity.items()}
    # Load the organisations the scope rules need in one go.
    if not scope.everything:
        scope.load_orgs(
            r["organisation_id"] for e in ("contact", "visit", "follow_up")
            for r in loaded.get(e, [])
        )
    sent: dict[uuid.UUID, tuple[str, dict[str, Any]]] = {}
    for entity, rows in loaded.items():
        for row in rows:
            if scope.can_read(entity, row):
                sent[row["id"]] = (entity, row)

    # Parents the laptop may lack: not yet sent (a later seq) or visible only through a visit.
    frontier = list(sent.values())
    while frontier:
        wanted: dict[uuid.UUID, str] = {}
        for entity, row in frontier:
            for fk, parent in ENTITIES[entity].parents.items():
                pid = row.get(fk)
                if pid is not None and pid not in sent:
                    wanted[pid] = parent
        if not wanted:
            break
        seqs = _seqs(session, wanted)
        take: dict[str, list[uuid.UUID]] = defaultdict(list)
        for pid, parent in wanted.items():
            later = seqs.get(pid, 0) > page_end
            via_visit = parent == "organisation" and not scope.org_base_visible(pid)
            if later or via_visit:
                take[parent].append(pid)
        frontier = []
        for parent, ids in take.items():
            for row in _load(session, parent, ids):
                if scope.can_read(parent, row):
                    sent[row["id"]] = (parent, row)
                    frontier.append((parent, row))

    order = {name: i for i, name in enumerate(ENTITY_ORDER)}
    records = [
        {"entity": entity, "id": str(row["id"]), "version": row["version"],
         "deleted": row["deleted_at"] is not None, "data": ENTITIES[entity].encode_row(row)}
        for entity, row in sorted(sent.values(), key=lambda er: order[er[0]])
    ]
    cq = select(Conflict).where(Conflict.seq > cursor, Conflict.seq <= page_end)
    if not principal.is_manager:
        cq = cq.where(or_(Conflict.author_account_id == principal.account_id))
    conflicts = [conflict_out(c).model_dump(mode="json")
                 for c in session.scalars(cq.order_by(Conflict.seq))]
    return json.dumps({"records": records, "conflicts": conflicts, "cursor": page_end,
                       "more": more}, ensure_ascii=False, separators=(",", ":"))
