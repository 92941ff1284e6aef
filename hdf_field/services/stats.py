"""Campaign counts, as shown by ``hdf-field stats`` and the dashboard."""

from __future__ import annotations

from typing import Any

from hdf_field.domain.enums import Area, FunnelStatus, OrgKind
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.stats import (
    count_live_officers,
    count_live_organisations,
    count_live_visits,
    live_organisations_by,
)


def campaign_stats(session: Session) -> dict[str, Any]:
    organisations = count_live_organisations(session)
    visits = count_live_visits(session)
    officers = count_live_officers(session)
    by_kind = {k.value: 0 for k in OrgKind} | live_organisations_by(session, field="kind")
    by_status = {s.value: 0 for s in FunnelStatus} | live_organisations_by(session, field="status")
    by_area = {a.value: 0 for a in Area} | live_organisations_by(session, field="area")
    by_dep = dict(
        sorted(
            (
                {d: 0 for d in DEPARTEMENTS} | live_organisations_by(session, field="departement")
            ).items()
        )
    )
    return {
        "organisations": organisations,
        "visits": visits,
        "officers": officers,
        "by_kind": by_kind,
        "by_status": by_status,
        "by_departement": by_dep,
        "by_area": by_area,
    }
