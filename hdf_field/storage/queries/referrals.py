"""The queries behind « Transmettre au pôle »: clusters by name, the referrals sent, the form's
choices and the count of the clusters' new answers.

The referral service keeps the rules (consent, the funnel, what counts as new); this module
keeps the SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from hdf_field.storage.orm import Cluster, Contact, Organisation, Referral, Visit
from hdf_field.storage.queries import Session


def live_cluster_named(session: Session, *, name: str) -> Cluster | None:
    """The live cluster whose name is ``name`` in any case."""
    return session.scalar(
        select(Cluster).where(
            func.lower(Cluster.name) == name.lower(), Cluster.deleted_at.is_(None)
        )
    )


def cluster_names(session: Session) -> list[str]:
    """Every cluster name this database holds, alphabetical (what an error message lists)."""
    return list(session.scalars(select(Cluster.name).order_by(Cluster.name)))


def live_clusters(session: Session) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of every live cluster, alphabetical: the form's choices."""
    rows = session.execute(
        select(Cluster.id, Cluster.name).where(Cluster.deleted_at.is_(None)).order_by(Cluster.name)
    )
    return [(cluster_id, name) for cluster_id, name in rows]


def referrals_with_names(
    session: Session, *, organisation_id: uuid.UUID | None = None
) -> list[tuple[Referral, Organisation, str]]:
    """Live referrals (all, or one organisation's) with their organisation and cluster name,
    newest first."""
    query = (
        select(Referral, Organisation, Cluster.name)
        .join(Organisation, Organisation.id == Referral.organisation_id)
        .join(Cluster, Cluster.id == Referral.cluster_id)
        .where(Referral.deleted_at.is_(None))
        .order_by(Referral.sent_at.desc())
    )
    if organisation_id is not None:
        query = query.where(Referral.organisation_id == organisation_id)
    return [(referral, org, name) for referral, org, name in session.execute(query)]


def recent_recommendations(
    session: Session, *, organisation_id: uuid.UUID, limit: int = 20
) -> list[Any]:
    """The clusters recommended by the organisation's latest live visits (latest first, up
    to ``limit``), each as stored: a list of cluster names or ids, or None."""
    return list(
        session.scalars(
            select(Visit.recommended_clusters)
            .where(Visit.organisation_id == organisation_id, Visit.deleted_at.is_(None))
            .order_by(Visit.planned_start.desc())
            .limit(limit)
        )
    )


def shareable_contacts(session: Session, *, organisation_id: uuid.UUID) -> Sequence[Contact]:
    """The organisation's live contacts who have not objected, by name: whom a referral may
    share."""
    return session.scalars(
        select(Contact)
        .where(
            Contact.organisation_id == organisation_id,
            Contact.deleted_at.is_(None),
            Contact.objection.is_(False),
        )
        .order_by(Contact.last_name, Contact.first_name)
    ).all()


def answered_referrals(session: Session, *, since: datetime | None = None) -> int:
    """Live referrals whose status a cluster changed (after ``since``, when given)."""
    query = (
        select(func.count())
        .select_from(Referral)
        .where(Referral.deleted_at.is_(None), Referral.status_changed_at.is_not(None))
    )
    if since is not None:
        query = query.where(Referral.status_changed_at > since)
    return int(session.scalar(query) or 0)
