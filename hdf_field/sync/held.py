"""What the laptop's sync bookkeeping holds, read for a service: open conflicts, and the
waiting changes and conflicts about one record.

The outbox and conflict tables belong to sync (:mod:`hdf_field.sync.tables`), so the queries
that read them for the conflicts screen and the right of access live here rather than in
``storage.queries`` (storage may not import sync).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.sync.tables import LocalConflict, OutboxEntry


def open_conflicts(session: Session) -> Sequence[LocalConflict]:
    """Open conflicts, oldest first (id last, so equal times keep one order)."""
    return session.scalars(
        select(LocalConflict)
        .where(LocalConflict.status == "open")
        .order_by(LocalConflict.created_at, LocalConflict.id)
    ).all()


def waiting_changes(
    session: Session, *, entity: str, record_id: uuid.UUID
) -> Sequence[OutboxEntry]:
    """The record's changes still waiting in the outbox, in the order they were made."""
    return session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.entity == entity, OutboxEntry.record_id == record_id)
        .order_by(OutboxEntry.seq)
    ).all()


def conflicts_on(session: Session, *, entity: str, record_id: uuid.UUID) -> Sequence[LocalConflict]:
    """Every conflict kept about the record, open or settled, oldest first."""
    return session.scalars(
        select(LocalConflict)
        .where(LocalConflict.entity == entity, LocalConflict.record_id == record_id)
        .order_by(LocalConflict.created_at)
    ).all()
