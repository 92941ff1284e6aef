"""The federation part of the managers' dashboard (issue 13, item 6): referrals per cluster by
status, conversion, days to the cluster's first answer, the referrals to chase and the members
by historical area. The definitions are in :mod:`hdf_field.domain.federation`.

The screen computes it on the database thread next to the rest of the dashboard; the PDF
prints it through :func:`hdf_field.reports.federation_pdf.federation_flowables`.
"""

from __future__ import annotations

from datetime import date

from hdf_field.domain.federation import CHASE_AFTER_DAYS, FederationData, federation_figures
from hdf_field.storage.database import Database
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.federation import live_clusters, referral_facts

__all__ = ["FederationData", "federation_data", "read_federation"]


def federation_data(
    session: Session, *, today: date, chase_after_days: int = CHASE_AFTER_DAYS
) -> FederationData:
    return federation_figures(
        live_clusters(session),
        referral_facts(session),
        today=today,
        chase_after_days=chase_after_days,
    )


def read_federation(db: Database, *, today: date) -> FederationData:
    """:func:`federation_data` in its own short session (the screen's worker calls this)."""
    with db.session() as session:
        return federation_data(session, today=today)
