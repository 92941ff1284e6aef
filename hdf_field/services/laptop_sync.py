"""The laptop's side of synchronisation as the desktop client drives it: the status line, a
push-and-pull run, the login that keeps the registry's token, offline bundles, and a conflict
settled by hand.

Each function is one unit of work for the GUI's database thread and returns frozen values; the
GUI turns typed failures (:class:`SyncError` and its kind) into sentences. The password given
to :func:`log_in` is sent once and kept nowhere; the token it earns goes to the keyring.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hdf_field.domain.errors import HdfFieldError
from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.services.sync_conflicts import ConflictItem, open_conflicts
from hdf_field.storage.database import Database
from hdf_field.sync import engine
from hdf_field.sync.client import SyncError, SyncErrorKind, Transport
from hdf_field.sync.service import SyncReport, SyncService, resolve_conflict
from hdf_field.sync.tables import SyncState

__all__ = [
    "BundleExported",
    "ConflictItem",
    "NoLaptopToken",
    "SyncError",
    "SyncErrorKind",
    "SyncOutcome",
    "SyncReport",
    "SyncSnapshot",
    "Transport",
    "export_bundle",
    "import_bundle",
    "log_in",
    "open_conflicts",
    "read_snapshot",
    "resolve_and_list",
    "run_sync",
]


@dataclass(frozen=True)
class SyncSnapshot:
    pending: int
    last_sync_at: datetime | None
    open_conflicts: int
    account: str | None
    last_error: str | None


@dataclass(frozen=True)
class SyncOutcome:
    """What a sync run ended with; failures carry the count still waiting to go."""

    report: SyncReport | None
    error: SyncError | None
    pending: int


@dataclass(frozen=True)
class BundleExported:
    path: Path
    mutations: int
    author: str


class NoLaptopToken(HdfFieldError):
    """The laptop has no registry token to seal a bundle with (never logged in here)."""


def read_snapshot(db: Database) -> SyncSnapshot:
    service = SyncService(db)
    with db.session() as s:
        state = s.get(SyncState, engine.STATE_ID)
        last_error = state.last_error if state else None
    return SyncSnapshot(
        service.pending_count(),
        service.last_sync_at(),
        service.open_conflict_count(),
        service.account(),
        last_error,
    )


def run_sync(
    db: Database,
    url: str,
    *,
    transport: Transport | None = None,
    rebind: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    drafts_dir: Path | None = None,
) -> SyncOutcome:
    """Push then pull with the token the keyring holds for this database's account (a
    database never synced takes the one of the last login on this registry). A typed
    :class:`SyncError` comes back in the outcome, not raised: the GUI says what to do."""
    from hdf_field.sync.credentials import load_token

    service = SyncService(db, url, None, transport=transport, rebind=rebind, drafts_dir=drafts_dir)
    binding = service.binding()
    service.token = load_token(url, binding.email if binding else None)
    try:
        if service.token is None:
            raise SyncError(SyncErrorKind.AUTH, "no token on this laptop")
        report = service.run(progress=progress, cancel=cancel)
    except SyncError as exc:
        return SyncOutcome(None, exc, service.pending_count())
    return SyncOutcome(report, None, report.pending)


def log_in(url: str, email: str, password: str, *, transport: Transport | None = None) -> str:
    """Exchange e-mail and password for a token, kept in the keyring for this registry and
    account; the account (the e-mail, normalised) on success, a :class:`SyncError` else."""
    from hdf_field.sync.client import RegistryClient
    from hdf_field.sync.credentials import save_token

    account = email.strip().lower()
    with RegistryClient(url, transport=transport) as client:
        token = client.login(email.strip(), password).token
    save_token(url, token, account)
    return account


def export_bundle(db: Database, path: Path, server: str | None) -> BundleExported:
    """The outbox sealed with the laptop's token, written to ``path`` for the office."""
    from hdf_field.sync.bundle import export_outbox, laptop_token

    try:
        token = laptop_token(db, server)
    except HdfFieldError as exc:
        if exc.code == "bundle.no_token":
            raise NoLaptopToken("no account") from exc
        raise
    author = SyncService(db).account() or ""
    return BundleExported(path, export_outbox(db, path, token), author)


def import_bundle(db: Database, path: Path, server: str | None) -> dict[str, Any]:
    """The office's reply applied; counts of pushed, pulled and conflicting records."""
    from hdf_field.sync.bundle import import_reply, laptop_token

    return import_reply(db, path, laptop_token(db, server))


def resolve_and_list(
    db: Database,
    record_id: uuid.UUID,
    field: str,
    value: Any,
    *,
    actor: str | None,
    lang: str = "fr",
) -> list[ConflictItem]:
    """Keep ``value`` (a wire value) for the field, then the conflicts still open, the
    registry's reasons in ``lang``."""
    resolve_conflict(db, record_id, field, value, actor=actor)
    return open_conflicts(db, lang)
