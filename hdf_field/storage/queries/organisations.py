"""One organisation and what hangs off it: looked up by SIRET, its contacts, visits and
follow-ups for the card, and the clusters and declared needs its orientation is scored on."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from hdf_field.storage.orm import Cluster, Contact, FollowUp, Officer, Organisation, Visit

# --- looking one up and editing it --------------------------------------------------------------


def organisation_column_names() -> tuple[str, ...]:
    """Every mapped column of an organisation, in declaration order (the CLI's ``--json``)."""
    return tuple(attr.key for attr in inspect(Organisation).column_attrs)


def organisation_by_siret(session: Session, *, siret: str) -> Organisation | None:
    """The organisation with this SIRET, deleted or not (the caller says which it wants)."""
    return session.scalar(select(Organisation).where(Organisation.siret == siret))


def siret_holder(session: Session, *, siret: str, other_than: uuid.UUID) -> uuid.UUID | None:
    """Another organisation's id that already has this SIRET (deleted ones too: the column
    is unique), or None."""
    return session.scalar(
        select(Organisation.id).where(Organisation.siret == siret, Organisation.id != other_than)
    )


def live_officers_named(session: Session, *, email: str, name: str) -> Sequence[Officer]:
    """Live officers whose e-mail or name is exactly this (an officer typed into a form)."""
    return session.scalars(
        select(Officer).where(
            Officer.deleted_at.is_(None),
            or_(Officer.email == email, Officer.name == name),
        )
    ).all()


# --- the organisation card ----------------------------------------------------------------------


def live_contacts(session: Session, *, organisation_id: uuid.UUID) -> Sequence[Contact]:
    """An organisation's live contact people, by last then first name."""
    return session.scalars(
        select(Contact)
        .where(Contact.organisation_id == organisation_id, Contact.deleted_at.is_(None))
        .order_by(Contact.last_name, Contact.first_name)
    ).all()


def cluster_names(session: Session) -> dict[uuid.UUID, str]:
    """Every cluster's name by id, deleted ones included: an old visit may recommend one."""
    return {i: n for i, n in session.execute(select(Cluster.id, Cluster.name)).all()}


def live_visits_with_officer(
    session: Session, *, organisation_id: uuid.UUID
) -> list[tuple[Visit, str | None]]:
    """An organisation's live visits with their officer's name, unordered (the card sorts
    them by day)."""
    return [
        (visit, name)
        for visit, name in session.execute(
            select(Visit, Officer.name)
            .outerjoin(Officer, Officer.id == Visit.officer_id)
            .where(Visit.organisation_id == organisation_id, Visit.deleted_at.is_(None))
        ).all()
    ]


def live_follow_ups(session: Session, *, organisation_id: uuid.UUID) -> Sequence[FollowUp]:
    """An organisation's live follow-ups, soonest due first."""
    return session.scalars(
        select(FollowUp)
        .where(FollowUp.organisation_id == organisation_id, FollowUp.deleted_at.is_(None))
        .order_by(FollowUp.due_date)
    ).all()


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
