"""The demo region's writes: bulk inserts of generated rows, and taking the demo away.

The demo campaign is recognised by its organisations' ``source``, its officers' e-mail
domain and its marker row in ``app_meta``; the service names them, this module deletes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from hdf_field.storage.orm import AppMeta, Base, Contact, FollowUp, Officer, Organisation, Visit


def row_counts(session: Session, *, models: Iterable[type[Base]]) -> dict[str, int]:
    """How many rows each model's table holds (tombstones included), by table name."""
    return {
        model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for model in models
    }


def organisation_count(session: Session, *, source: str | None = None) -> int:
    """Organisations in the database (tombstones included), or those from ``source``."""
    query = select(func.count()).select_from(Organisation)
    if source is not None:
        query = query.where(Organisation.source == source)
    return int(session.scalar(query) or 0)


def insert_rows(session: Session, *, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """One Core executemany for ``rows``, each carrying every column (no ORM objects, no
    bookkeeping listener: the rows come complete)."""
    table: Table = model.__table__  # type: ignore[assignment]
    session.execute(table.insert(), list(rows))


def delete_demo_records(
    session: Session, *, source: str, officer_email_domain: str, meta_key: str
) -> None:
    """Delete the organisations from ``source`` with their visits, contacts and follow-ups,
    the officers whose address is at ``officer_email_domain`` with their visits and
    follow-ups (their assignments cleared), and the ``meta_key`` marker; the caller
    commits."""
    demo_orgs = select(Organisation.id).where(Organisation.source == source)
    pattern = f"%@{officer_email_domain}"
    demo_officers = select(Officer.id).where(Officer.email.like(pattern))
    session.execute(
        delete(FollowUp).where(
            or_(
                FollowUp.organisation_id.in_(demo_orgs),
                FollowUp.officer_id.in_(demo_officers),
            )
        )
    )
    session.execute(
        delete(Visit).where(
            or_(Visit.organisation_id.in_(demo_orgs), Visit.officer_id.in_(demo_officers))
        )
    )
    session.execute(delete(Contact).where(Contact.organisation_id.in_(demo_orgs)))
    session.execute(delete(Organisation).where(Organisation.source == source))
    session.execute(
        update(Organisation)
        .where(Organisation.assigned_officer_id.in_(demo_officers))
        .values(assigned_officer_id=None)
    )
    session.execute(delete(Officer).where(Officer.email.like(pattern)))
    session.execute(delete(AppMeta).where(AppMeta.key == meta_key))
