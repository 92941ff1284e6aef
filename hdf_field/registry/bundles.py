"""Importing a laptop's sealed bundle at the office: all or nothing, as the sealing account.

The file proves who made it (:mod:`hdf_field.sync.sealed`): the registry finds the token by
the key id, opens the file with that token's key, and acts with that token's account's
rights. The payload's ``author`` is only compared with the account, never believed.

Everything the bundle changes, the record of its results and the reply are one
transaction: the reply is sealed and written before the commit, and removed if the commit
fails, so an import either happened whole (changes, results, reply) or not at all. A
mutation the account may not make, or whose values are invalid, is answered "rejected" in
the reply instead of stopping the others — a bundle cannot be retried after a 403 as a
network push can — and the laptop keeps it as a conflict on field "*". Refusals are also
written to the audit log in a transaction of their own, kept even when the import is
rolled back.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.domain.errors import HdfFieldError, InputFileError, ValidationError
from hdf_field.registry.apply import Applier, validate
from hdf_field.registry.auth import Principal, principal_of_account
from hdf_field.registry.feed import pull
from hdf_field.registry.tables import Account, ApiToken, AppliedMutation, AuditEntry
from hdf_field.storage.database import Database
from hdf_field.storage.types import utcnow
from hdf_field.sync import sealed
from hdf_field.sync.bundle import OutgoingBundle, ReplyBundle, parse_payload
from hdf_field.sync.protocol import PROTOCOL
from hdf_field.sync.schemas import MAX_BATCH, MAX_PAGE, MutationIn, MutationResult

log = logging.getLogger("hdf_field.registry")


class BundleRefused(InputFileError):
    """The whole bundle is refused; nothing of it was applied."""


@dataclass
class _Refusal:
    mutation: MutationIn
    reason: str


@dataclass
class _Outcome:
    results: list[MutationResult] = field(default_factory=list)
    refusals: list[_Refusal] = field(default_factory=list)


def _key_for(session: Session, path: Path, kid: bytes) -> tuple[Principal, bytes]:
    """The account behind a key id, and the key: an unknown, revoked or pre-bundle token,
    or a disabled account, refuses the file."""
    found = session.execute(
        select(ApiToken, Account)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == kid.hex())
    ).one_or_none()
    if found is None:
        raise BundleRefused(code="bundle.unknown_token", params={"path": path})
    token, account = found
    if token.revoked_at is not None:
        raise BundleRefused(
            code="bundle.revoked_token", params={"path": path, "email": account.email}
        )
    if not account.active:
        raise BundleRefused(
            code="bundle.disabled_account", params={"path": path, "email": account.email}
        )
    if token.bundle_key is None:
        raise BundleRefused(code="bundle.old_token", params={"path": path, "email": account.email})
    principal = principal_of_account(session, account)
    if principal.is_cluster:
        raise BundleRefused(
            code="bundle.cluster_account", params={"path": path, "email": account.email}
        )
    return principal, bytes.fromhex(token.bundle_key)


def _apply(session: Session, principal: Principal, mutations: list[MutationIn]) -> _Outcome:
    """Every mutation answered in order: applied or merged by the usual machinery, or
    refused alone (invalid values, outside the scope)."""
    outcome = _Outcome()
    invalid: dict[uuid.UUID, str] = {}
    valid: list[MutationIn] = []
    for i, m in enumerate(mutations):
        try:
            validate([m])
        except ValidationError as exc:
            invalid[m.mutation_id] = (
                f"mutations[{i}]{exc.field.removeprefix('mutations[0]')}: {exc.message}"
            )
            continue
        valid.append(m)
    answers: list[MutationResult] = []
    for start in range(0, len(valid), MAX_BATCH):
        # Slices of a push's size in the one transaction: a session holding every object of
        # a 5,000-mutation bundle makes each mutation slower than the last.
        answers += Applier(session, principal, refuse_each=True).push(
            valid[start : start + MAX_BATCH]
        )
        session.flush()
        session.expunge_all()
    applied = iter(answers)
    for m in mutations:
        if m.mutation_id not in invalid:
            result = next(applied)
            if result.status == "rejected" and not result.duplicate and not result.conflicts:
                outcome.refusals.append(_Refusal(m, result.message or "refused"))
            outcome.results.append(result)
            continue
        stored = session.get(AppliedMutation, m.mutation_id)
        if stored is not None:
            outcome.results.append(
                MutationResult.model_validate(stored.result).model_copy(update={"duplicate": True})
            )
            continue
        result = MutationResult(
            mutation_id=m.mutation_id, status="rejected", message=invalid[m.mutation_id]
        )
        session.add(
            AppliedMutation(
                mutation_id=m.mutation_id,
                account_id=principal.account_id,
                entity=m.entity,
                record_id=m.record_id,
                status="rejected",
                result=result.model_dump(mode="json"),
            )
        )
        outcome.refusals.append(_Refusal(m, invalid[m.mutation_id]))
        outcome.results.append(result)
    session.flush()
    return outcome


def _audit_apart(db: Database, actor: str, rows: list[dict[str, Any]]) -> None:
    """Audit rows in their own transaction, whatever became of the import's."""
    try:
        with db.session_factory() as session:
            for row in rows:
                session.add(AuditEntry(actor=actor[:254], at=utcnow(), **row))
            session.commit()
    except Exception:  # the refusal itself must still reach the person
        log.exception("could not write the audit of a bundle import")


def import_bundle(db: Database, path: Path, reply: Path | None = None) -> dict[str, Any]:
    """Apply a laptop's sealed bundle as the account of the token that sealed it, exactly
    once; optionally seal and write the reply. Refused whole with one line otherwise."""
    actor = "bundle"
    wrote_reply = False
    outcome = _Outcome()
    try:
        data = sealed.read_file(path)
        header = sealed.read_header(path, data, reader="registry")
        actor = f"key:{header.key_id.hex()[:12]}"
        if header.kind != "mutations":
            raise BundleRefused(code="bundle.for_laptop", params={"path": path})
        with db.session_factory() as session:
            principal, key = _key_for(session, path, header.key_id)
            session.rollback()  # nothing held while the file is opened
        actor = principal.email
        raw = sealed.open_sealed(path, data, header, key)
        del data
        bundle = parse_payload(path, raw, OutgoingBundle, reader="registry")
        del raw
        if bundle.author is not None and bundle.author.strip().lower() != principal.email:
            raise BundleRefused(
                code="bundle.wrong_author",
                params={"path": path, "author": bundle.author, "email": principal.email},
            )
        seen: set[uuid.UUID] = set()
        for i, m in enumerate(bundle.mutations):
            if m.mutation_id in seen:
                raise BundleRefused(code="bundle.mutation_twice", params={"path": path, "index": i})
            seen.add(m.mutation_id)
        with db.session_factory() as session:
            # Looked up again inside the transaction: a token revoked meanwhile refuses.
            principal, key = _key_for(session, path, header.key_id)
            outcome = _apply(session, principal, bundle.mutations)
            summary: dict[str, Any] = {
                "author": principal.email,
                "account": principal.email,
                "mutations": len(outcome.results),
                "conflicts": sum(len(r.conflicts) for r in outcome.results),
                "duplicates": sum(r.duplicate for r in outcome.results),
                "refused": len(outcome.refusals),
            }
            if reply is not None:
                records, conflicts, erased, cursor = [], [], [], bundle.cursor
                while True:
                    page = pull(session, principal, cursor, MAX_PAGE)
                    records.extend(page.records)
                    conflicts.extend(page.conflicts)
                    erased.extend(page.erased)
                    cursor = page.cursor
                    if not page.more:
                        break
                answer = ReplyBundle(
                    protocol=PROTOCOL,
                    author=principal.email,
                    created_at=utcnow(),
                    results=outcome.results,
                    records=records,
                    conflicts=conflicts,
                    cursor=cursor,
                    erased=erased,
                )
                sealed_reply = sealed.seal(
                    answer.model_dump_json().encode(), key, header.key_id, "reply"
                )
                del answer
                from hdf_field.files import write_atomically

                write_atomically(reply, sealed_reply)
                wrote_reply = True
                summary["reply"] = str(reply)
                summary["records"] = len(records)
            session.commit()
    except BaseException as exc:
        if wrote_reply and reply is not None:
            reply.unlink(missing_ok=True)  # a reply for changes that did not happen
        reason = str(exc) if isinstance(exc, HdfFieldError) else f"{type(exc).__name__}: {exc}"
        _audit_apart(
            db,
            actor,
            [{"action": "bundle.refused", "detail": {"file": path.name, "reason": reason[:500]}}],
        )
        if isinstance(exc, (HdfFieldError, OSError)) and not isinstance(exc, InputFileError):
            raise BundleRefused(
                f"{path}: sync bundle refused: {exc}",
                code="bundle.refused",
                params={"path": path, "error": exc},
            ) from exc
        raise
    rows: list[dict[str, Any]] = [
        {
            "action": "bundle.refused-mutation",
            "entity": r.mutation.entity,
            "record_id": r.mutation.record_id,
            "mutation_id": r.mutation.mutation_id,
            "detail": {"file": path.name, "reason": r.reason[:500]},
        }
        for r in outcome.refusals
    ]
    rows.append(
        {
            "action": "bundle.import",
            "detail": {
                "file": path.name,
                "mutations": summary["mutations"],
                "refused": summary["refused"],
                "duplicates": summary["duplicates"],
            },
        }
    )
    _audit_apart(db, actor, rows)
    from hdf_field.registry.erasure import checkpoint_after

    checkpoint_after(db, outcome.results)
    return summary
