"""What the federation part of the dashboard reads: the clusters and the live referrals, with
the organisation's name and area and the officer who sent each one.

A referral counts while neither it nor its organisation is tombstoned (an erased organisation
leaves the figures with its referrals).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import ReferralStatus
from hdf_field.domain.federation import ReferralFact, first_answer
from hdf_field.domain.formatting import collation_key
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral

__all__ = ["live_clusters", "referral_facts"]


def live_clusters(session: Session) -> list[tuple[str, str]]:
    """Every cluster of the reference data as ``(id, name)``, sorted by name as people read."""
    rows = session.execute(select(Cluster.id, Cluster.name).where(Cluster.deleted_at.is_(None)))
    return sorted(((str(cid), name) for cid, name in rows), key=lambda r: collation_key(r[1]))


def referral_facts(session: Session) -> list[ReferralFact]:
    """One fact per live referral; the JSON history and comments are reduced to the moment
    of the cluster's first answer here, so that no ORM object leaves the session."""
    rows = session.execute(
        select(
            Referral.id,
            Referral.cluster_id,
            Referral.organisation_id,
            Organisation.name,
            Organisation.area,
            Officer.name,
            Referral.status,
            Referral.sent_at,
            Referral.history,
            Referral.comments,
            Referral.status_changed_at,
        )
        .join(Organisation, Organisation.id == Referral.organisation_id)
        .join(Officer, Officer.id == Referral.officer_id)
        .where(Referral.deleted_at.is_(None), Organisation.deleted_at.is_(None))
    )
    return [
        ReferralFact(
            id=str(row[0]),
            cluster_id=str(row[1]),
            organisation_id=str(row[2]),
            organisation=row[3],
            area=row[4],
            officer=row[5],
            status=ReferralStatus(row[6]),
            sent_at=row[7],
            first_answer_at=first_answer(row[8], row[9], row[10]),
        )
        for row in rows
    ]
