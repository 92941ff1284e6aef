"""Everything the organisation page shows, as frozen rows, and the edits it makes.

Reads are one session, one call; writes are one unit of work per call. The validation of
edits belongs to :mod:`hdf_field.services.organisations` and :mod:`hdf_field.domain.validation`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hdf_field.domain.enums import (
    Area,
    ContactSource,
    FollowUpStatus,
    FunnelStatus,
    LegalBasis,
    OrgKind,
    VisitOutcome,
    VisitStatus,
)
from hdf_field.domain.errors import NotFoundError
from hdf_field.domain.formatting import collation_key
from hdf_field.planning.zones import PARIS as PARIS  # a card's times are shown in French time
from hdf_field.services.contacts import add_contact, update_contact
from hdf_field.services.organisations import update_organisation
from hdf_field.services.orientation import orientation_for
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.organisations import (
    cluster_names,
    live_contacts,
    live_follow_ups,
    live_visits_with_officer,
)


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: str
    first_name: str | None
    last_name: str
    role: str | None
    phone: str | None
    email: str | None
    legal_basis: LegalBasis | None = None
    consent_date: date | None = None
    source: ContactSource | None = None
    source_detail: str | None = None
    informed_at: date | None = None
    objection: bool = False  # « ne plus contacter »: shown greyed, never offered for a visit
    objection_date: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name or ''} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: str
    when: date | None
    status: VisitStatus
    outcome: VisitOutcome | None
    interest: int | None
    officer_name: str | None
    needs: tuple[str, ...]
    recommended: tuple[str, ...]  # cluster names
    next_step: str | None
    notes: str | None
    # What the read-only visit view shows besides the table (defaults keep older callers valid).
    started_at: datetime | None = None  # UTC
    duration_min: int | None = None
    contact_name: str | None = None
    purpose: str | None = None
    follow_up_date: date | None = None


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    id: str
    due_date: date
    action: str
    status: FollowUpStatus


@dataclass(frozen=True, slots=True)
class OrientationRow:
    cluster_id: str
    cluster_name: str
    score: int
    site_name: str | None
    distance_km: float | None
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrgCard:
    id: str
    version: int
    name: str
    trade_name: str | None
    kind: OrgKind
    siret: str | None
    legal_form: str | None
    naf_code: str | None
    naf_label: str | None
    workforce_band: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    country: str
    insee_code: str | None
    departement: str | None
    epci_code: str | None
    area: Area | None
    lat: float | None
    lon: float | None
    phone: str | None
    email: str | None
    website: str | None
    status: FunnelStatus
    priority: int
    officer_name: str | None
    notes: str | None
    source: str | None
    contacts: tuple[ContactRow, ...]
    visits: tuple[VisitRow, ...]
    follow_ups: tuple[FollowUpRow, ...]
    orientation: tuple[OrientationRow, ...] | None  # None: orientation not available
    # Every cluster (id, name) by name: an officer may recommend one the ranking missed.
    clusters: tuple[tuple[str, str], ...] = ()


def _orientation(
    session: Session, org: Organisation, lang: str
) -> tuple[OrientationRow, ...] | None:
    try:
        hints = orientation_for(session, org, lang=lang, limit=5)
    except Exception:  # reference data missing on this machine: show the page without it
        return None
    return tuple(
        OrientationRow(
            h.cluster_id, h.cluster_name, int(h.score), h.site_name, h.distance_km, tuple(h.reasons)
        )
        for h in hints
    )


def read_card(db: Database, org_id: str, *, lang: str = "fr") -> OrgCard:
    """:func:`load_card` in its own short session (the GUI's database thread calls this)."""
    with db.session() as s:
        return load_card(s, org_id, lang=lang)


def load_card(
    session: Session, org_id: str, *, lang: str = "fr", with_orientation: bool = True
) -> OrgCard:
    org = session.get(Organisation, uuid.UUID(org_id))
    if org is None or org.deleted_at is not None:
        raise NotFoundError(f"no organisation {org_id}")
    officer = session.get(Officer, org.assigned_officer_id) if org.assigned_officer_id else None
    contacts = live_contacts(session, organisation_id=org.id)
    cluster_by_id = cluster_names(session)
    visits = live_visits_with_officer(session, organisation_id=org.id)

    contact_names = {c.id: f"{c.first_name or ''} {c.last_name}".strip() for c in contacts}

    def when(v: Visit) -> date | None:
        moment = v.actual_start or v.planned_start
        return moment.date() if moment else None

    visit_rows = sorted(
        (
            VisitRow(
                id=str(v.id),
                when=when(v),
                status=v.status,
                outcome=v.outcome,
                interest=v.interest,
                officer_name=name,
                needs=tuple(v.needs or ()),
                recommended=tuple(
                    cluster_by_id.get(_as_uuid(c), c) for c in (v.recommended_clusters or ())
                ),
                next_step=v.next_step,
                notes=v.notes,
                started_at=v.actual_start or v.planned_start,
                duration_min=v.actual_duration_min or v.duration_min,
                contact_name=contact_names.get(v.contact_id) if v.contact_id else None,
                purpose=v.purpose,
                follow_up_date=v.follow_up_date,
            )
            for v, name in visits
        ),
        key=lambda r: r.when or date.min,
        reverse=True,
    )
    follow_ups = live_follow_ups(session, organisation_id=org.id)
    return OrgCard(
        id=str(org.id),
        version=org.version,
        name=org.name,
        trade_name=org.trade_name,
        kind=org.kind,
        siret=org.siret,
        legal_form=org.legal_form,
        naf_code=org.naf_code,
        naf_label=org.naf_label,
        workforce_band=org.workforce_band,
        street=org.street,
        postal_code=org.postal_code,
        city=org.city,
        country=org.country,
        insee_code=org.insee_code,
        departement=org.departement,
        epci_code=org.epci_code,
        area=org.area,
        lat=org.lat,
        lon=org.lon,
        phone=org.phone,
        email=org.email,
        website=org.website,
        status=org.status,
        priority=org.priority,
        officer_name=officer.name if officer else None,
        notes=org.notes,
        source=org.source,
        contacts=tuple(
            ContactRow(
                str(c.id),
                c.first_name,
                c.last_name,
                c.role,
                c.phone,
                c.email,
                c.legal_basis,
                c.consent_date,
                c.source,
                c.source_detail,
                c.informed_at,
                bool(c.objection),
                c.objection_date,
            )
            for c in contacts
        ),
        visits=tuple(visit_rows),
        follow_ups=tuple(
            FollowUpRow(str(f.id), f.due_date, f.action, f.status) for f in follow_ups
        ),
        orientation=_orientation(session, org, lang) if with_orientation else None,
        clusters=tuple(
            sorted(
                ((str(k), v) for k, v in cluster_by_id.items()), key=lambda kv: collation_key(kv[1])
            )
        ),
    )


def _as_uuid(value: str) -> Any:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        return value


def save_organisation(
    db: Database,
    org_id: str,
    changes: Mapping[str, Any],
    actor: str,
    *,
    expected_version: int | None = None,
) -> None:
    """All changes or none; raises :class:`ValidationError` naming the first bad field."""
    update_organisation(db, org_id, dict(changes), actor, expected_version=expected_version)


def save_contact(
    db: Database, org_id: str, contact_id: str | None, fields: Mapping[str, Any], actor: str
) -> str:
    """Create (``contact_id`` None) or update a contact person; returns its id. The rules
    are those of :mod:`hdf_field.services.contacts`, shared with the CLI."""
    if contact_id is None:
        return str(add_contact(db, org_id, fields, actor)["id"])
    return str(update_contact(db, contact_id, fields, actor)["id"])
