"""The reference data (clusters and their sites) as stored, for the loader to compare with
the shipped file."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hdf_field.storage.orm import Cluster


def clusters_with_sites(session: Session) -> Sequence[Cluster]:
    """Every cluster, deleted ones included (a deleted hub is not revived), with its sites
    loaded in one more query rather than one per cluster."""
    return session.scalars(select(Cluster).options(selectinload(Cluster.sites))).all()
