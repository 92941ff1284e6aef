"""Sync bundles: the same mutations and records as the network sync, in a file.

Where a laptop has no network, ``bundle export`` writes its outbox to a file carried to the
office; ``registry import-bundle`` applies it as its author (exactly once, by mutation id) and
writes a reply with the results and every change the author may see since their cursor;
``bundle import`` of that reply on the laptop acknowledges the outbox and applies the changes,
as a push then a pull would.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Final, Literal

import pydantic
from pydantic import AwareDatetime

from hdf_field.domain.errors import InputFileError
from hdf_field.storage.database import Database
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import engine
from hdf_field.sync.outbox import pending_batch
from hdf_field.sync.schemas import ConflictOut, MutationIn, MutationResult, RecordOut, Strict

FORMAT: Final = "hdf-field-sync-bundle"


class OutgoingBundle(Strict):
    format: Literal["hdf-field-sync-bundle"] = FORMAT
    kind: Literal["mutations"] = "mutations"
    author: str
    cursor: int
    created_at: AwareDatetime
    mutations: list[MutationIn]


class ReplyBundle(Strict):
    format: Literal["hdf-field-sync-bundle"] = FORMAT
    kind: Literal["reply"] = "reply"
    author: str
    created_at: AwareDatetime
    results: list[MutationResult]
    records: list[RecordOut]
    conflicts: list[ConflictOut]
    cursor: int


Bundle = OutgoingBundle | ReplyBundle


def write_bundle(path: Path, bundle: OutgoingBundle | ReplyBundle) -> None:
    tmp = path.with_name(path.name + ".part")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        fh.write(bundle.model_dump_json())
    tmp.replace(path)  # a half-written bundle never carries the final name


def read_bundle(path: Path) -> OutgoingBundle | ReplyBundle:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
    except (OSError, EOFError, ValueError) as exc:
        raise InputFileError(f"{path}: not a readable sync bundle ({exc})") from exc
    kind = raw.get("kind") if isinstance(raw, dict) else None
    model: type[OutgoingBundle] | type[ReplyBundle] = (
        ReplyBundle if kind == "reply" else OutgoingBundle
    )
    try:
        return model.model_validate(raw)
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputFileError(f"{path}: {where}: {err['msg']}") from exc


def export_outbox(db: Database, path: Path, author: str) -> int:
    """Write every pending change to ``path``; they stay pending until acknowledged."""
    from hdf_field.sync.service import to_mutation

    with db.session() as s:
        mutations = [to_mutation(e) for e in pending_batch(s, 10**9)]
        state = s.get(engine.SyncState, engine.STATE_ID)
        cursor = state.cursor if state else 0
    write_bundle(path, OutgoingBundle(author=author, cursor=cursor, created_at=utcnow(),
                                      mutations=mutations))
    return len(mutations)


def import_reply(db: Database, path: Path) -> dict[str, int]:
    bundle = read_bundle(path)
    if not isinstance(bundle, ReplyBundle):
        raise InputFileError(f"{path}: this bundle goes to the registry, not to a laptop")
    with UnitOfWork(db) as uow:
        engine.mark_pulled_session(uow.session)
        pushed, conflicts = engine.apply_push_results(uow.session, bundle.results)
        pulled = engine.apply_records(uow.session, bundle.records)
        conflicts += engine.store_conflicts(uow.session, bundle.conflicts)
        state = engine.get_state(uow.session)
        state.cursor = max(state.cursor, bundle.cursor)
        state.last_sync_at = utcnow()
        uow.commit()
    from hdf_field.sync.outbox import pending_count

    with db.session() as s:
        pending = pending_count(s)
    return {"pushed": pushed, "pulled": pulled, "conflicts": conflicts, "pending": pending}
