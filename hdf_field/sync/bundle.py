"""Sync bundles: the same mutations and records as the network sync, in a sealed file.

Where a laptop has no network, ``bundle export`` seals its outbox with the key of its registry
token (:mod:`hdf_field.sync.sealed`) into a file carried to the office; ``registry
import-bundle`` finds the token by the file's key id, applies the mutations with that
token's account's rights (exactly once, by mutation id) and seals a reply with the results
and every change the account may see since the laptop's cursor; ``bundle import`` of that
reply on the laptop checks it was sealed for its own token, acknowledges the outbox and
applies the changes, as a push then a pull would. Who made a bundle is proved by the key,
never taken from the payload.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

import pydantic
from pydantic import AwareDatetime, Field, SerializerFunctionWrapHandler, model_serializer

from hdf_field.domain.errors import InputFileError
from hdf_field.files import write_atomically
from hdf_field.storage.database import Database
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import engine, sealed
from hdf_field.sync.erasure import apply_erasures, checkpoint
from hdf_field.sync.outbox import pending_batch
from hdf_field.sync.protocol import PROTOCOL, bundle_refused_error, named_protocol
from hdf_field.sync.schemas import (
    ERASED,
    ConflictOut,
    ErasedOut,
    MutationIn,
    MutationResult,
    RecordOut,
    Strict,
    omit_empty_erased,
    protocol_field,
)
from hdf_field.sync.tables import SyncState

FORMAT: Final = "hdf-field-sync-bundle"


class OutgoingBundle(Strict):
    format: Literal["hdf-field-sync-bundle"] = FORMAT
    kind: Literal["mutations"] = "mutations"
    protocol: int = protocol_field()
    # The account the laptop believes it is (None before its first network sync). Only a
    # cross-check: the registry acts as the sealing token's account, and refuses a bundle
    # whose author names anybody else.
    author: str | None = None
    cursor: int = pydantic.Field(ge=0)
    created_at: AwareDatetime
    mutations: list[MutationIn]


class ReplyBundle(Strict):
    format: Literal["hdf-field-sync-bundle"] = FORMAT
    kind: Literal["reply"] = "reply"
    protocol: int = protocol_field()
    author: str
    created_at: AwareDatetime
    results: list[MutationResult]
    records: list[RecordOut]
    conflicts: list[ConflictOut]
    cursor: int
    erased: list[ErasedOut] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _omit_no_erasure(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return omit_empty_erased(handler(self))


Bundle = OutgoingBundle | ReplyBundle
B = TypeVar("B", OutgoingBundle, ReplyBundle)


def write_bundle(path: Path, bundle: Bundle, token: str) -> None:
    """Seal with the token's key; a half-written bundle never carries the final name."""
    data = sealed.seal(
        bundle.model_dump_json().encode(),
        sealed.bundle_key(token),
        sealed.key_id(token),
        bundle.kind,
    )
    write_atomically(path, data)


def parse_payload(path: Path, raw: bytes, model: type[B], reader: str = "application") -> B:
    """The decrypted JSON as ``model``; the first bad field is named in the message. A
    payload of another protocol is refused as such before its fields are looked at."""
    try:
        data: Any = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InputFileError(
            code="bundle.not_json", params={"path": path, "detail": str(exc)}
        ) from None
    theirs = named_protocol(data)
    if theirs is not None and theirs != PROTOCOL:
        raise bundle_refused_error(path, theirs, PROTOCOL, reader)
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "payload"
        raise InputFileError(
            code="bundle.field", params={"path": path, "where": where, "detail": err["msg"]}
        ) from None


def read_reply(path: Path, token: str) -> ReplyBundle:
    """A reply, proved to come from the registry for this token's account."""
    data = sealed.read_file(path)
    header = sealed.read_header(path, data)
    if header.kind != "reply":
        raise InputFileError(code="bundle.for_registry", params={"path": path})
    if header.key_id != sealed.key_id(token):
        raise InputFileError(code="bundle.other_laptop", params={"path": path})
    raw = sealed.open_sealed(path, data, header, sealed.bundle_key(token))
    return parse_payload(path, raw, ReplyBundle)


def laptop_token(db: Database, server: str | None = None, token: str | None = None) -> str:
    """The token this laptop's bundles are sealed with: ``token`` (kept for next time, as
    ``sync --token`` does) or the one saved for the account this database belongs to."""
    from hdf_field.sync.credentials import load_token, save_token
    from hdf_field.sync.service import read_binding, same_server

    with db.session() as s:  # read first: a damaged database is read-only, and exports
        state = s.get(SyncState, engine.STATE_ID)
        known = state.server_url if state is not None else None
    if server and not known:
        with UnitOfWork(db) as uow:
            engine.get_state(uow.session).server_url = server  # where the token is looked up
            uow.commit()
    server = server or known
    binding = read_binding(db)
    own = binding is not None and (server is None or same_server(binding.server_url, server))
    if token:
        token = token.strip()
        if server:
            # Offline, whose token this is only shows in the registry's reply, which
            # import_reply checks against the database's account before applying it.
            save_token(server, token)
        return token
    if binding is not None and own:
        found = load_token(binding.server_url, binding.email)
    else:
        found = load_token(server) if server else None
    if not found:
        raise InputFileError(code="bundle.no_token")
    return found


def export_outbox(db: Database, path: Path, token: str) -> int:
    """Write every pending change to ``path``; they stay pending until acknowledged."""
    from hdf_field.sync.service import SyncService, to_mutation

    with db.session() as s:
        mutations = [to_mutation(e) for e in pending_batch(s, 10**9)]
        state = s.get(SyncState, engine.STATE_ID)
        cursor = state.cursor if state else 0
    write_bundle(
        path,
        OutgoingBundle(
            protocol=PROTOCOL,
            author=SyncService(db).account(),
            cursor=cursor,
            created_at=utcnow(),
            mutations=mutations,
        ),
        token,
    )
    return len(mutations)


def import_reply(db: Database, path: Path, token: str) -> dict[str, Any]:
    """Apply the registry's reply in one transaction. Mutations it refused leave the outbox
    and stay here as conflicts on field "*", as a refused network push does."""
    from hdf_field.sync.service import account_mismatch, bind_account, read_binding

    bundle = read_reply(path, token)
    binding = read_binding(db)
    if (
        binding is not None
        and bundle.author
        and binding.email.strip().lower() != bundle.author.strip().lower()
    ):
        # The reply is authentic, but for another account's token: applying it would mix
        # two accounts' scopes in one database (as a sync with another token would).
        raise account_mismatch(binding, bundle.author, binding.server_url)
    refused: list[MutationResult] = []
    answered: list[MutationResult] = []
    for r in bundle.results:
        if r.status == "rejected" and not r.conflicts and r.message != ERASED:
            refused.append(r)
        else:
            answered.append(r)
    with UnitOfWork(db) as uow:
        state = engine.get_state(uow.session)
        if bundle.cursor < state.cursor:
            # Authentic but stale (made before a later sync): its records would overwrite
            # newer ones, and the cursor would then never bring those back.
            raise InputFileError(
                code="bundle.older_reply",
                params={"path": path, "theirs": str(bundle.cursor), "ours": str(state.cursor)},
            )
        engine.mark_pulled_session(uow.session)
        kept = sum(
            engine.keep_refused(
                uow.session,
                [str(r.mutation_id)],
                r.message or "refused by the registry",
                r.code,
                r.params,
            )
            for r in refused
        )
        pushed, conflicts = engine.apply_push_results(uow.session, answered)
        pulled = engine.apply_records(uow.session, bundle.records)
        erasure = apply_erasures(uow.session, bundle.erased)
        conflicts += kept + engine.store_conflicts(uow.session, bundle.conflicts)
        state = engine.get_state(uow.session)
        state.cursor = max(state.cursor, bundle.cursor)
        state.last_sync_at = utcnow()
        uow.commit()
        server = state.server_url
    if erasure.erased:
        with db.engine.connect() as conn:
            checkpoint(conn)
    if bundle.author and server:
        bind_account(db, bundle.author, server)  # first use of this database: it is theirs now
    from hdf_field.sync.outbox import pending_count

    with db.session() as s:
        pending = pending_count(s)
    return {
        "pushed": pushed,
        "pulled": pulled,
        "conflicts": conflicts,
        "pending": pending,
        "refused": kept,
        "account": bundle.author,
        "erased": erasure.erased,
        "dropped": erasure.dropped + sum(r.message == ERASED for r in bundle.results),
    }
