"""Client-side sync bookkeeping: the outbox of local changes, the pull cursor, conflicts.

These tables live on the laptop only; they are never synchronised themselves.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from hdf_field.storage.orm import Base
from hdf_field.storage.types import JSONType, UTCDateTime, utcnow


class OutboxEntry(Base):
    """One local change waiting to be pushed; written in the same transaction as the change.

    ``changes`` maps a field to ``[old, new]`` (wire values): the old value is the base of the
    registry's three-way merge, so it must be what this laptop saw before the change.
    """

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # Ids of registry conflicts this change settles (a resolution is an ordinary change).
    resolves: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The record is to be erased everywhere (GDPR art. 17): ``changes`` is empty, the entry
    # replaces every change to it that was waiting (see :mod:`hdf_field.sync.erasure`).
    erase: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SyncState(Base):
    """Where this laptop stands with the registry: one row, ``id`` = 1."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_url: Mapped[str | None] = mapped_column(String(500))
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class LocalConflict(Base):
    """A field both this laptop (or a colleague) and the registry changed: both values kept."""

    __tablename__ = "sync_conflict"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(100))
    base: Mapped[Any] = mapped_column(JSONType, nullable=True)
    mine: Mapped[Any] = mapped_column(JSONType, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSONType, nullable=True)
    author: Mapped[str | None] = mapped_column(String(254))
    # "open" until resolved here or by a manager at the registry.
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
