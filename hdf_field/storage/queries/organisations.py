"""One organisation and what hangs off it: looked up by SIRET, its contacts, visits and
follow-ups for the card, and the clusters and declared needs its orientation is scored on."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hdf_field.storage.orm import Cluster, Visit

# --- orientation ------------------------------------------------------------------------------


def live_clusters_with_sites(session: Session) -> Sequence[Cluster]:
    """Live clusters by name, their sites loaded with them (deleted sites included: the
    caller drops them, as it does for a manager's moved or removed hub)."""
    return session.scalars(
        select(Cluster)
        .where(Cluster.deleted_at.is_(None))
        .options(selectinload(Cluster.sites))
        .order_by(Cluster.name)
    ).all()


def declared_needs(session: Session, *, organisation_id: uuid.UUID) -> Sequence[list[str] | None]:
    """The needs ticked in each live visit of an organisation, oldest planned visit first
    (``None`` where the stored value is null)."""
    return session.scalars(
        select(Visit.needs)
        .where(Visit.organisation_id == organisation_id, Visit.deleted_at.is_(None))
        .order_by(Visit.planned_start)
    ).all()
