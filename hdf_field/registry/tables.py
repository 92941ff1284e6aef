"""Registry-only tables: accounts, tokens, the change feed, applied mutations, conflicts, audit.

They share ``Base`` with the domain model so that one migration history covers both; a laptop
database simply keeps them empty.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hdf_field.domain.enums import Role
from hdf_field.storage.orm import Base, enum_column
from hdf_field.storage.types import JSONType, UTCDateTime, utcnow


class Account(Base):
    """A person who may use the registry; officers are linked to their ``Officer`` record."""

    __tablename__ = "registry_account"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.OFFICER)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The one cluster a ``cluster`` account works for (its referrals, nothing else).
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a stolen database yields no token."""

    __tablename__ = "registry_token"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registry_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The key the token's bundles are sealed with (hex), derived from the token at issue:
    # the registry never sees the token again. Tokens issued before bundles were sealed
    # have none and cannot carry bundles.
    bundle_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Counter(Base):
    """The change-feed sequence. Bumping its row first thing in a write transaction also
    serialises writers, so sequence numbers become visible in commit order (no pull can
    skip a number that commits late)."""

    __tablename__ = "registry_counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Change(Base):
    """The compacted change feed: one row per record, carrying the sequence of its last change
    (as CouchDB's ``_changes`` keeps only a document's latest revision)."""

    __tablename__ = "registry_change"

    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    # The record's version at that change: a record written behind the registry's back (an
    # import run straight on its database) is noticed by the catch-up and given a new seq.
    version: Mapped[int] = mapped_column(Integer)
    # The record as a pull sends it (JSON text), written once with the change: every laptop's
    # pull then copies text instead of loading and encoding rows (the first sync's hot path).
    body: Mapped[str | None] = mapped_column(Text)


class AppliedMutation(Base):
    """Every mutation received, by its client-made id: a replay returns the stored result."""

    __tablename__ = "registry_mutation"

    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20))
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conflict(Base):
    """A field changed on both sides: the record keeps the registry's value (``theirs``) and
    the pushed one (``mine``) is kept here until an officer or a manager resolves it."""

    __tablename__ = "registry_conflict"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(100))
    base: Mapped[Any] = mapped_column(JSONType, nullable=True)
    mine: Mapped[Any] = mapped_column(JSONType, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSONType, nullable=True)
    author: Mapped[str] = mapped_column(String(254))
    author_account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), default="open")
    resolved_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(254))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Sequence of its last change, so that pulls carry new and resolved conflicts.
    seq: Mapped[int] = mapped_column(Integer, index=True)


class RecordAlias(Base):
    """A record id a laptop made for something the registry already had under another id
    (an organisation created with a SIRET the registry knows): later mutations naming the
    laptop's id, or pointing at it from a contact or a visit, reach the registry's record."""

    __tablename__ = "registry_alias"

    alias_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    canonical_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginAttempt(Base):
    """A recent login attempt, by e-mail or by address: kept in the database so that every
    registry process behind a load balancer counts the same attempts."""

    __tablename__ = "registry_login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AuditEntry(Base):
    """Who did what and when, for every change the registry accepts or refuses."""

    __tablename__ = "registry_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    mutation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class Erasure(Base):
    """A record erased for good (GDPR art. 17): no personal data, only which record, when and
    by whom. Pulls deliver it to every laptop, which then erase their copy; a mutation naming
    the id later is dropped, never applied nor kept as a conflict."""

    __tablename__ = "registry_erasure"

    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_by: Mapped[str] = mapped_column(String(254))
    # Its place in the change feed (the counter every change takes a number from).
    seq: Mapped[int] = mapped_column(Integer, unique=True)


class PortalSession(Base):
    """A signed-in browser on the clusters' portal. The cookie holds a random token of which
    only the SHA-256 is kept; expiry is decided here, not by the browser, and signing out
    deletes the row. The CSRF token every form carries is bound to the session."""

    __tablename__ = "registry_portal_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registry_account.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
