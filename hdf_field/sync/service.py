"""What the GUI and the CLI call to synchronise a laptop: push, then pull, resumable.

Push sends the outbox in batches; the registry applies each batch in one transaction and
exactly once (mutation ids), so a batch whose answer was lost is simply sent again. Pull
fetches pages after the stored cursor; each page and the new cursor commit together. The
whole run can be cut at any point and started again: nothing is lost, nothing doubled.
"""

from __future__ import annotations

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.progress import CancelToken, Progress, check, is_cancelled, report
from hdf_field.storage.database import Database
from hdf_field.storage.orm import AppMeta
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import engine
from hdf_field.sync.client import RegistryClient, SyncError, SyncErrorKind, relayed_error
from hdf_field.sync.erasure import LocalErasure, apply_erasures, checkpoint, scrub_drafts
from hdf_field.sync.outbox import WRITTEN, pending_batch, pending_count
from hdf_field.sync.protocol import PROTOCOL
from hdf_field.sync.records import ENTITIES, to_wire
from hdf_field.sync.schemas import ERASED, MAX_PUSH_BYTES, MutationIn, PushRequest, WhoAmI
from hdf_field.sync.tables import LocalConflict, OutboxEntry, SyncState

log = logging.getLogger(__name__)

ACCOUNT_KEY = "sync_account"
BINDING_KEY = "sync_binding"  # {"email", "server_url"}: the account this database belongs to
REBINDS_KEY = "sync_rebinds"  # the audit of explicit re-bindings, newest first
REBINDS_KEPT = 50
SCOPE_KEY = "sync_scope"  # what the account may see, as the registry last said
PUSH_BATCH = 500
SYNC_CANCELLED = "sync cancelled: what was sent or received stays; the next sync goes on"


def fit_push_body(batch: list[MutationIn]) -> list[MutationIn]:
    """The longest head of ``batch`` whose request body stays within the registry's
    MAX_PUSH_BYTES (it answers 413 beyond): halved until it fits. One mutation always fits,
    since every value is bounded by the domain's limits."""
    while (
        len(batch) > 1
        and len(PushRequest(protocol=PROTOCOL, mutations=batch).model_dump_json().encode())
        > MAX_PUSH_BYTES
    ):
        batch = batch[: len(batch) // 2]
    return batch


PULL_PAGE = 5000


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    pulled: int
    conflicts: int
    pending: int
    # Contacts erased at the registry and so here; waiting changes to them that were dropped.
    erased: int = 0
    dropped: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "conflicts": self.conflicts,
            "pending": self.pending,
            "erased": self.erased,
            "dropped": self.dropped,
        }


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    entity: str
    record: uuid.UUID
    field: str
    base: Any
    mine: Any
    theirs: Any
    author: str | None
    status: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "entity": self.entity,
            "record": str(self.record),
            "field": self.field,
            "base": self.base,
            "mine": self.mine,
            "theirs": self.theirs,
            "author": self.author,
            "status": self.status,
        }


@dataclass(frozen=True)
class AccountBinding:
    """The registry account a laptop database belongs to, set by its first accepted sync."""

    email: str
    server_url: str

    def as_dict(self) -> dict[str, str]:
        return {"email": self.email, "server_url": self.server_url}


def same_server(a: str, b: str) -> bool:
    return a.strip().rstrip("/").lower() == b.strip().rstrip("/").lower()


def read_binding(db: Database) -> AccountBinding | None:
    """The database's account; a database synced before bindings existed is bound to the
    account and registry of its last sync."""
    with db.session() as s:
        meta = s.get(AppMeta, BINDING_KEY)
        value = meta.value if meta is not None else None
        if isinstance(value, dict) and value.get("email") and value.get("server_url"):
            return AccountBinding(str(value["email"]), str(value["server_url"]))
        account = s.get(AppMeta, ACCOUNT_KEY)
        state = s.get(SyncState, engine.STATE_ID)
        if account is not None and account.value and state is not None and state.server_url:
            return AccountBinding(str(account.value), state.server_url)
    return None


def account_mismatch(binding: AccountBinding, email: str, server_url: str) -> SyncError:
    """The refusal of a sync whose token is another account's (or another registry's)."""
    code = "sync.other_account"
    if not same_server(binding.server_url, server_url):
        code = "sync.other_registry"
    params = {
        "owner": binding.email,
        "server": binding.server_url,
        "other": email,
        "other_server": server_url,
    }
    return SyncError(SyncErrorKind.ACCOUNT, code=code, params=params)


def bind_account(
    db: Database, email: str, server_url: str, *, rebind: bool = False, actor: str | None = None
) -> bool:
    """Check that ``email`` at ``server_url`` may use this database and bind it on first use.

    Raises a ``SyncError`` of kind ACCOUNT when the database belongs to another account or
    registry, unless ``rebind``: then the new binding is stored, the change is appended to
    the audit (``sync_rebinds`` in app_meta, and the log), and the pull cursor goes back to
    the start so the new account's scope is pulled whole. Returns True when it re-bound.
    Bundles call it too, with the account their token or author names.
    """
    email = email.strip().lower()
    current = read_binding(db)
    matches = (
        current is not None
        and current.email.lower() == email
        and same_server(current.server_url, server_url)
    )
    if current is not None and not matches and not rebind:
        raise account_mismatch(current, email, server_url)
    with UnitOfWork(db, actor=actor) as uow:
        s = uow.session
        value = AccountBinding(email, server_url).as_dict()
        meta = s.get(AppMeta, BINDING_KEY)
        if meta is None:
            s.add(AppMeta(key=BINDING_KEY, value=value))
        elif meta.value != value:
            meta.value = value
        rebound = current is not None and not matches
        if rebound:
            assert current is not None
            entry = {
                "at": utcnow().isoformat(timespec="seconds"),
                "from": current.as_dict(),
                "to": value,
                "by": actor,
            }
            audit = s.get(AppMeta, REBINDS_KEY)
            history = list(audit.value or []) if audit is not None else []
            if audit is None:
                s.add(AppMeta(key=REBINDS_KEY, value=[entry]))
            else:
                audit.value = [entry, *history][:REBINDS_KEPT]
            engine.get_state(s).cursor = 0
            log.warning(
                "database re-bound from %s at %s to %s at %s",
                current.email,
                current.server_url,
                email,
                server_url,
            )
        uow.commit()
    return rebound


def to_mutation(entry: OutboxEntry) -> MutationIn:
    return MutationIn(
        mutation_id=entry.mutation_id,
        entity=entry.entity,
        record_id=entry.record_id,
        base_version=entry.base_version,
        changes={k: (v[0], v[1]) for k, v in entry.changes.items()},
        resolves=[uuid.UUID(r) for r in entry.resolves],
        made_at=entry.created_at,
        erase=bool(entry.erase),
    )


class SyncService:
    """One laptop database and one registry. Build it on the worker thread that runs it."""

    def __init__(
        self,
        db: Database,
        server_url: str | None = None,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        rebind: bool = False,
        drafts_dir: Path | None = None,
    ) -> None:
        self.db = db
        self.drafts_dir = drafts_dir  # visit drafts, scrubbed of people erased at the registry
        self._erasure = LocalErasure()
        self._dropped_at_push = 0
        self.server_url = server_url
        self.token = token
        self.transport = transport
        self.rebind = rebind  # the person confirmed: this database becomes the token's account
        self.account_email: str | None = None  # whose token it was, once the registry said
        self.rebound = False

    def binding(self) -> AccountBinding | None:
        return read_binding(self.db)

    # -- facts for the status bar --------------------------------------------------------
    def pending_count(self) -> int:
        with self.db.session() as s:
            return pending_count(s)

    def last_sync_at(self) -> datetime | None:
        with self.db.session() as s:
            state = s.get(SyncState, engine.STATE_ID)
            return state.last_sync_at if state else None

    def account(self) -> str | None:
        """The registry account this laptop last synced as (the author of its bundles)."""
        with self.db.session() as s:
            meta = s.get(AppMeta, ACCOUNT_KEY)
            return str(meta.value) if meta else None

    def open_conflict_count(self) -> int:
        with self.db.session() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(LocalConflict)
                    .where(LocalConflict.status == "open")
                )
                or 0
            )

    # -- the sync itself -----------------------------------------------------------------
    def run(
        self,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> SyncReport:
        """Push, then pull. Progress: label ``"push"`` (changes sent of those pending) then
        ``"pull"`` (records received; the total is known once the last page is in). A cancel
        between batches or pages raises :class:`~hdf_field.domain.progress.Cancelled`; what
        was sent or applied by then stays (the next sync goes on from there)."""
        if not self.server_url:
            raise ValidationError("server", code="sync.no_server")
        self._erasure = LocalErasure()
        self._dropped_at_push = 0
        with RegistryClient(self.server_url, self.token, transport=self.transport) as client:
            try:
                client.check_protocol()  # before anything moves, as for the account below
                me = client.me()
                account = me.email.strip().lower()
                # Before anything moves: a database is one account's (see bind_account).
                self.rebound = bind_account(self.db, account, self.server_url, rebind=self.rebind)
                self.account_email = account
                self._follow_scope(me)
                pushed, conflicts = self._push(client, progress, cancel)
                pulled, more_conflicts = self._pull(client, progress, cancel)
            except SyncError as exc:
                self._note_error(str(exc))
                raise
        with UnitOfWork(self.db) as uow:
            state = engine.get_state(uow.session)
            state.last_sync_at = utcnow()
            state.server_url = self.server_url
            state.last_error = None
            meta = uow.session.get(AppMeta, ACCOUNT_KEY)
            if meta is None:
                uow.session.add(AppMeta(key=ACCOUNT_KEY, value=account))
            else:
                meta.value = account
            uow.commit()
        erasure = self._erasure
        if erasure.erased or erasure.scrubbed:
            scrub_drafts(self.drafts_dir, erasure.people, self.db.draft_key)
            with self.db.engine.connect() as conn:
                checkpoint(conn)
        return SyncReport(
            pushed,
            pulled,
            conflicts + more_conflicts,
            self.pending_count(),
            erased=erasure.erased,
            dropped=erasure.dropped + self._dropped_at_push,
        )

    def _follow_scope(self, me: WhoAmI) -> None:
        """When what this laptop's account may see changed (a new territory, another role or
        account), pull again from the start: records that entered the scope without changing
        have no new feed entry, so the old cursor would never bring them. Re-applying what
        is already here is harmless; the new scope is stored with the reset, so a cut re-pull
        resumes from its own cursor."""
        scope = {  # as the JSON answer read before it was typed: kept scopes still match
            "email": me.email,
            "role": me.role,
            "officer_id": None if me.officer_id is None else str(me.officer_id),
            "territory": sorted(me.territory),
        }
        with UnitOfWork(self.db) as uow:
            meta = uow.session.get(AppMeta, SCOPE_KEY)
            if meta is not None and meta.value == scope:
                return
            if meta is None:
                uow.session.add(AppMeta(key=SCOPE_KEY, value=scope))
            else:
                meta.value = scope
                engine.get_state(uow.session).cursor = 0
            uow.commit()

    def _note_error(self, message: str) -> None:
        with UnitOfWork(self.db) as uow:
            engine.get_state(uow.session).last_error = message
            uow.commit()

    def _push(
        self,
        client: RegistryClient,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> tuple[int, int]:
        total = self.pending_count()
        pushed = conflicts = 0
        refused: set[uuid.UUID] = set()
        while True:
            check(cancel, SYNC_CANCELLED)
            with self.db.session() as s:
                batch = fit_push_body([to_mutation(e) for e in pending_batch(s, PUSH_BATCH)])
            if not batch:
                break
            try:
                resp = client.push(batch)
            except SyncError as exc:
                ids = exc.detail.get("mutation_ids") if isinstance(exc.detail, dict) else None
                if exc.kind is not SyncErrorKind.FORBIDDEN or not ids or refused >= set(ids):
                    raise
                refused |= {uuid.UUID(i) for i in ids}
                with UnitOfWork(self.db) as uow:
                    engine.mark_pulled_session(uow.session)
                    said = relayed_error(exc.detail)  # its reason, coded by a newer registry
                    conflicts += engine.keep_refused(
                        uow.session,
                        ids,
                        str(exc),
                        None if said is None else said.code,
                        None if said is None else dict(said.params),
                    )
                    uow.commit()
                continue
            with UnitOfWork(self.db) as uow:
                engine.mark_pulled_session(uow.session)
                n, c = engine.apply_push_results(uow.session, resp.results)
                uow.commit()
            # Changes to a person erased meanwhile: the registry dropped them (erasure wins).
            self._dropped_at_push += sum(r.message == ERASED for r in resp.results)
            pushed += n
            conflicts += c
            report(progress, pushed, max(total, pushed), "push")
        return pushed, conflicts

    def _pull(
        self,
        client: RegistryClient,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> tuple[int, int]:
        """Fetch page k+1 while page k is applied (the next cursor is known from page k);
        the stored cursor still moves only with a fully applied page."""
        pulled = conflicts = 0
        with self.db.session() as s:
            state = s.get(SyncState, engine.STATE_ID)
            cursor = state.cursor if state else 0
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(client.pull, cursor, PULL_PAGE)
            while True:
                page = pending.result()
                if page.more and not is_cancelled(cancel):
                    pending = pool.submit(client.pull, page.cursor, PULL_PAGE)
                with UnitOfWork(self.db) as uow:
                    engine.mark_pulled_session(uow.session)
                    pulled += engine.apply_records(uow.session, page.records)
                    self._erasure.add(apply_erasures(uow.session, page.erased))
                    conflicts += engine.store_conflicts(uow.session, page.conflicts)
                    engine.get_state(uow.session).cursor = page.cursor
                    uow.commit()
                if not page.more:
                    report(progress, pulled, pulled, "pull")
                    return pulled, conflicts
                report(progress, pulled, None, "pull")
                check(cancel, SYNC_CANCELLED)

    # -- conflicts -----------------------------------------------------------------------
    def list_conflicts(self, include_resolved: bool = False) -> list[ConflictRow]:
        return list_conflicts(self.db, include_resolved)

    def resolve_conflict(
        self, record_id: uuid.UUID, field: str, value: Any, actor: str | None = None
    ) -> int:
        return resolve_conflict(self.db, record_id, field, value, actor=actor)


def list_conflicts(db: Database, include_resolved: bool = False) -> list[ConflictRow]:
    with db.session() as s:
        q = select(LocalConflict).order_by(LocalConflict.created_at)
        if not include_resolved:
            q = q.where(LocalConflict.status == "open")
        return [
            ConflictRow(
                c.id, c.entity, c.record_id, c.field, c.base, c.mine, c.theirs, c.author, c.status
            )
            for c in s.scalars(q)
        ]


def resolve_conflict(
    db: Database, record_id: uuid.UUID, field: str, value: Any, *, actor: str | None = None
) -> int:
    """Set ``field`` of the record to ``value`` and close its open conflicts on that field.

    The choice travels as an ordinary change carrying the conflict ids, so the registry
    closes them too (and can merge it like any other change). Returns how many closed.
    """
    with UnitOfWork(db, actor=actor) as uow:
        s = uow.session
        open_ = list(
            s.scalars(
                select(LocalConflict).where(
                    LocalConflict.record_id == record_id,
                    LocalConflict.field == field,
                    LocalConflict.status == "open",
                )
            )
        )
        if not open_:
            raise NotFoundError(
                code="conflict.none_open", params={"record": str(record_id), "name": field}
            )
        espec = ENTITIES[open_[0].entity]
        resolves = [str(c.id) for c in open_]
        if field != "*":
            decoded = espec.decode(field, value)
            obj = s.get(espec.model, record_id)
            if obj is None:
                raise NotFoundError(
                    code="record.not_here", params={"entity": espec.name, "id": str(record_id)}
                )
            setattr(obj, field, decoded)
            s.flush()
        written = s.info.get(WRITTEN) or []
        entry = (
            s.scalar(select(OutboxEntry).where(OutboxEntry.mutation_id == written[-1]))
            if written
            else None
        )
        if entry is not None and entry.record_id == record_id:
            entry.resolves = [*entry.resolves, *resolves]
        else:
            current = s.get(espec.model, record_id) if field != "*" else None
            cur = to_wire(getattr(current, field)) if current is not None else None
            s.add(
                OutboxEntry(
                    mutation_id=uuid.uuid4(),
                    entity=espec.name,
                    record_id=record_id,
                    base_version=current.version if current is not None else 0,
                    changes={field: [cur, to_wire(espec.decode(field, value))]}
                    if field != "*"
                    else {},
                    resolves=resolves,
                    created_at=utcnow(),
                )
            )
        for c in open_:
            c.status = "resolved"
        uow.commit()
    return len(open_)
