"""The queries behind the conflicts screen's labels: a conflict names a record by id, a person
recognises it by its organisation's name."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from hdf_field.storage.orm import Cluster, Organisation
from hdf_field.storage.queries import Session


def organisation_name(session: Session, *, organisation_id: uuid.UUID) -> str | None:
    """The organisation's name (deleted or not); None if this database does not hold it."""
    return session.scalar(select(Organisation.name).where(Organisation.id == organisation_id))


def cluster_name(session: Session, *, cluster_id: uuid.UUID) -> str | None:
    """The cluster's name, for a referral's label; None if this database does not hold it."""
    return session.scalar(select(Cluster.name).where(Cluster.id == cluster_id))
