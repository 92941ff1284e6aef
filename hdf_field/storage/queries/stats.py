"""The campaign counts of ``hdf-field stats``: live rows only, grouped in the database."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hdf_field.storage.orm import Officer, Organisation, Visit

GroupField = Literal["kind", "status", "area", "departement"]

_GROUP_COLUMNS: dict[GroupField, InstrumentedAttribute[Any]] = {
    "kind": Organisation.kind,
    "status": Organisation.status,
    "area": Organisation.area,
    "departement": Organisation.departement,
}


def count_live_organisations(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.deleted_at.is_(None))
        )
        or 0
    )


def count_live_visits(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Visit).where(Visit.deleted_at.is_(None)))
        or 0
    )


def count_live_officers(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Officer).where(Officer.deleted_at.is_(None))
        )
        or 0
    )


def live_organisations_by(session: Session, *, field: GroupField) -> dict[str, int]:
    """Live organisations per value of ``field`` (an enum counts under its value); those with
    no value are left out, as the stats have no column for them."""
    column = _GROUP_COLUMNS[field]
    rows = session.execute(
        select(column, func.count()).where(Organisation.deleted_at.is_(None)).group_by(column)
    ).all()
    return {
        (str(key.value) if hasattr(key, "value") else str(key)): n
        for key, n in rows
        if key is not None
    }
