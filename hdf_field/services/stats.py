"""Campaign counts, as shown by ``hdf-field stats`` and the dashboard."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, FunnelStatus, OrgKind
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.storage.orm import Officer, Organisation, Visit


def _grouped(session: Session, column: Any) -> dict[str, int]:
    rows = session.execute(
        select(column, func.count()).where(Organisation.deleted_at.is_(None)).group_by(column)
    ).all()
    return {
        (str(key.value) if hasattr(key, "value") else str(key)): n
        for key, n in rows
        if key is not None
    }


def campaign_stats(session: Session) -> dict[str, Any]:
    orgs = session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.deleted_at.is_(None))
    )
    visits = session.scalar(
        select(func.count()).select_from(Visit).where(Visit.deleted_at.is_(None))
    )
    officers = session.scalar(
        select(func.count()).select_from(Officer).where(Officer.deleted_at.is_(None))
    )
    by_kind = {k.value: 0 for k in OrgKind} | _grouped(session, Organisation.kind)
    by_status = {s.value: 0 for s in FunnelStatus} | _grouped(session, Organisation.status)
    by_area = {a.value: 0 for a in Area} | _grouped(session, Organisation.area)
    by_dep = dict(
        sorted(({d: 0 for d in DEPARTEMENTS} | _grouped(session, Organisation.departement)).items())
    )
    return {
        "organisations": orgs or 0,
        "visits": visits or 0,
        "officers": officers or 0,
        "by_kind": by_kind,
        "by_status": by_status,
        "by_departement": by_dep,
        "by_area": by_area,
    }
