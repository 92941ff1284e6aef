"""Commands of the registry that the CLI and the HTTP routes share."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Role
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.registry import auth
from hdf_field.registry.apply import Applier, conflict_out
from hdf_field.registry.auth import AccessDenied, Principal
from hdf_field.registry.scope import Scope
from hdf_field.registry.sequence import Sequencer, catch_up
from hdf_field.registry.tables import Account, AuditEntry, Conflict
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import AppMeta, Cluster, ClusterSite, Officer
from hdf_field.sync.outbox import NO_OUTBOX, REGISTRY_MARK
from hdf_field.sync.records import ENTITIES, spec, to_wire
from hdf_field.sync.schemas import ConflictOut, EntityName, MutationIn, RecordOut


def prepare_registry(db: Database) -> int:
    """Make ``db`` a registry: its sessions keep no outbox, and records written behind its
    back get their place in the change feed. Returns how many records were caught up."""
    db.session_factory.configure(info={NO_OUTBOX: True})
    with db.session_factory() as session:
        # Register imports run on this database must not fill an outbox nobody pushes.
        if session.get(AppMeta, REGISTRY_MARK) is None:
            session.add(AppMeta(key=REGISTRY_MARK, value=True))
        moved = catch_up(session)
        session.commit()
    return moved


def open_registry(target: str | Path) -> Database:
    db = open_database(target)
    prepare_registry(db)
    return db


def _audit(session: Session, actor: str, action: str, **detail: Any) -> None:
    session.add(AuditEntry(actor=actor, action=action, detail=detail or None))


def add_user(
    session: Session,
    email: str,
    role: Role,
    password: str | None,
    *,
    name: str | None = None,
    territory: list[str] | None = None,
    cluster: str | None = None,
    actor: str = "cli",
) -> Account:
    """An account; officers also get (or are linked to) their ``Officer`` record, cluster
    accounts are bound to their cluster (by its name in the reference data)."""
    email = auth.normalise_email(email)
    if role is Role.CLUSTER or cluster is not None:
        return _add_cluster_user(session, email, role, password, cluster, actor)
    officer = session.scalar(select(Officer).where(Officer.email == email))
    if officer is None and role is Role.OFFICER:
        seqr = Sequencer(session)
        officer = Officer(
            id=uuid.uuid4(),
            name=name or email.split("@")[0],
            email=email,
            role=role,
            territory=territory or [],
            updated_by=actor,
        )
        session.add(officer)
        session.flush()
        seqr.record("officer", officer.id, officer.version)
        seqr.flush()
    elif officer is not None and territory is not None:
        seqr = Sequencer(session)
        officer.territory = territory
        session.flush()
        seqr.record("officer", officer.id, officer.version)
        seqr.flush()
    account = auth.create_account(
        session, email, role, password, officer.id if officer is not None else None
    )
    _audit(session, actor, "user.add", email=email, role=role.value)
    return account


def _add_cluster_user(
    session: Session, email: str, role: Role, password: str | None, cluster: str | None, actor: str
) -> Account:
    if role is not Role.CLUSTER:
        raise ValidationError("cluster", code="cluster.account_only")
    if not cluster or not cluster.strip():
        raise ValidationError("cluster", code="cluster.name_needed")
    cluster_id = cluster_by_name(session, cluster)
    account = auth.create_account(session, email, role, password, None)
    account.cluster_id = cluster_id
    session.flush()
    _audit(session, actor, "user.add", email=email, role=role.value, cluster=cluster.strip())
    return account


def cluster_by_name(session: Session, name: str) -> uuid.UUID:
    """The id of the registry's cluster called ``name`` (any case); the reference clusters
    are loaded first by whoever creates the account (``hdf-field registry user add``)."""
    wanted = name.strip().casefold()
    found = {c.name.casefold(): c.id for c in session.scalars(select(Cluster))}
    if wanted not in found:
        known = ", ".join(sorted(session.scalars(select(Cluster.name)))) or "none loaded"
        raise ValidationError(
            "cluster", code="cluster.unknown", params={"value": name.strip(), "known": known}
        )
    return found[wanted]


def feed_clusters(session: Session) -> None:
    """Put every cluster and site at the head of the change feed, after the reference data
    was loaded or refreshed in ``session``: officers' laptops receive them with their next pull
    (referrals point at them)."""
    session.flush()
    seqr = Sequencer(session)
    for model, entity in ((Cluster, "cluster"), (ClusterSite, "cluster_site")):
        for rid, version in session.execute(select(model.id, model.version)):
            seqr.record(entity, rid, version)
    seqr.flush()


def create_token(session: Session, email: str, actor: str = "cli") -> str:
    account = auth.account_by_email(session, email)
    token = auth.issue_token(session, account)
    _audit(session, actor, "token.create", email=account.email)
    return token


def revoke_token(session: Session, token: str, actor: str = "cli") -> str:
    row = auth.revoke_token(session, token)
    account = session.get(Account, row.account_id)
    email = account.email if account else "?"
    _audit(session, actor, "token.revoke", email=email)
    return email


def login(session: Session, email: str, password: str) -> str:
    try:
        account = auth.check_password(session, email, password)
    except auth.AuthError:
        _audit(session, email[:254], "login.failed")
        session.commit()
        raise
    _audit(session, account.email, "login")
    return auth.issue_token(session, account)


def read_record(
    session: Session, principal: Principal, entity: str, record_id: uuid.UUID
) -> RecordOut:
    espec = spec(entity)
    found = (
        session.execute(select(espec.table).where(espec.table.c.id == record_id))
        .mappings()
        .one_or_none()
    )
    if found is None:
        raise NotFoundError(
            code="registry.no_record", params={"entity": entity, "id": str(record_id)}
        )
    row: dict[str, Any] = dict(found)
    if not Scope(session, principal).can_read(entity, row):
        raise AccessDenied(
            code="registry.out_of_scope", params={"entity": entity, "id": str(record_id)}
        )
    return RecordOut(
        entity=entity,
        id=record_id,
        version=row["version"],
        deleted=row["deleted_at"] is not None,
        data=espec.encode_row(row),
    )


def list_conflicts(
    session: Session, principal: Principal, status: str = "open"
) -> list[ConflictOut]:
    q = select(Conflict).order_by(Conflict.seq)
    if status != "all":
        q = q.where(Conflict.status == status)
    if not principal.is_manager:
        q = q.where(Conflict.author_account_id == principal.account_id)
    scope = Scope(session, principal)
    return [
        conflict_out(c) for c in session.scalars(q) if scope.conflict_visible(c.entity, c.record_id)
    ]


def resolve_conflict(
    session: Session, principal: Principal, conflict_id: uuid.UUID, value: Any
) -> ConflictOut:
    """Set the conflicting field to ``value`` (one of both, or a third) and close it."""
    c = session.get(Conflict, conflict_id)
    if c is None:
        raise NotFoundError(code="registry.no_conflict", params={"id": str(conflict_id)})
    if not (principal.is_manager or c.author_account_id == principal.account_id):
        raise AccessDenied(code="registry.conflict_not_yours")
    espec = ENTITIES[c.entity]
    row = (
        session.execute(select(espec.table).where(espec.table.c.id == c.record_id))
        .mappings()
        .one_or_none()
    )
    changes: dict[str, tuple[Any, Any]] = {}
    if c.field != "*":
        if row is None:
            raise NotFoundError(
                code="registry.no_record", params={"entity": c.entity, "id": str(c.record_id)}
            )
        changes[c.field] = (to_wire(row[c.field]), value)
    mutation = MutationIn(
        mutation_id=uuid.uuid4(),
        entity=cast(EntityName, c.entity),  # a stored conflict names a known entity
        record_id=c.record_id,
        base_version=row["version"] if row else 0,
        changes=changes,
        resolves=[c.id],
    )
    Applier(session, principal).push([mutation])
    session.flush()
    session.refresh(c)
    if c.status != "resolved":
        raise ValidationError("value", code="registry.record_changed")
    return conflict_out(c)


def principal_of(session: Session, email: str) -> Principal:
    """An account's principal by e-mail, for office tools run by an administrator; bundles
    never use it (they act as the token that sealed them)."""
    return auth.principal_of_account(session, auth.account_by_email(session, email))


def import_bundle(db: Database, path: Path, reply: Path | None = None) -> dict[str, Any]:
    """Apply a laptop's sealed bundle as the account that sealed it, all or nothing, exactly
    once; optionally write the sealed reply (see :mod:`hdf_field.registry.bundles`)."""
    from hdf_field.registry import bundles

    return bundles.import_bundle(db, path, reply)
