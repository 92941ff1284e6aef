"""What a cluster account sees of its referrals, and how its answers are written.

A cluster sees the referrals made to it and, of each, only what the agency shares: the
organisation's public facts (:data:`SHARED_ORG_FIELDS`) and the contact person named in the
referral (:data:`SHARED_CONTACT_FIELDS`), unless that person objected since. Nothing else of
the campaign (other organisations, visits, officers' notes) is reachable from here.

Answers go through the same :class:`~hdf_field.registry.apply.Applier` as a laptop's push:
versioned, in the change feed, audited, and merged field by field — an officer's offline edit
to the same organisation meets the cluster's "member" as a conflict, never a silent overwrite.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, FunnelStatus, ReferralStatus
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.referrals import (
    check_transition,
    comment_entry,
    history_entry,
)
from hdf_field.registry.apply import Applier
from hdf_field.registry.auth import AccessDenied, Principal
from hdf_field.storage.orm import Cluster, Contact, Officer, Organisation, Referral
from hdf_field.storage.types import utcnow
from hdf_field.sync.records import to_wire
from hdf_field.sync.schemas import MutationIn

SHARED_ORG_FIELDS = (
    "name",
    "trade_name",
    "siret",
    "siren",
    "be_enterprise_number",
    "kind",
    "legal_form",
    "naf_code",
    "naf_label",
    "workforce_band",
    "street",
    "postal_code",
    "city",
    "country",
    "departement",
    "area",
    "website",
    "phone",
    "email",
)
SHARED_CONTACT_FIELDS = ("first_name", "last_name", "role", "email", "phone", "language")
MAX_LIST = 2000


class SharedOrganisation(BaseModel):
    id: uuid.UUID
    name: str
    trade_name: str | None = None
    siret: str | None = None
    siren: str | None = None
    be_enterprise_number: str | None = None
    kind: str | None = None
    legal_form: str | None = None
    naf_code: str | None = None
    naf_label: str | None = None
    workforce_band: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    departement: str | None = None
    area: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None


class SharedContact(BaseModel):
    first_name: str | None = None
    last_name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str | None = None


class ConsentOut(BaseModel):
    given_by: str
    given_at: datetime
    recorded_by: str


class CommentOut(BaseModel):
    at: str
    by: str
    text: str


class HistoryOut(BaseModel):
    at: str
    by: str
    status: str
    reason: str | None = None
    meeting_on: str | None = None


class ReferralOut(BaseModel):
    """One referral as its cluster sees it (the API's item, the portal's page)."""

    id: uuid.UUID
    status: ReferralStatus
    cluster: str
    sent_at: datetime
    message: str | None
    officer: str
    officer_email: str
    organisation: SharedOrganisation
    contact: SharedContact | None
    consent: ConsentOut
    status_reason: str | None
    meeting_on: date | None
    status_changed_at: datetime | None
    comments: list[CommentOut]
    history: list[HistoryOut]
    version: int


@dataclass(frozen=True)
class Filters:
    status: ReferralStatus | None = None
    area: Area | None = None
    departement: str | None = None


def require_cluster(principal: Principal) -> uuid.UUID:
    if not principal.is_cluster or principal.cluster_id is None:
        raise AccessDenied(code="cluster.accounts_only")
    return principal.cluster_id


def _query(cluster_id: uuid.UUID) -> Select[Referral, Organisation, str, str, str]:
    return (
        select(Referral, Organisation, Cluster.name, Officer.name, Officer.email)
        .join(Organisation, Organisation.id == Referral.organisation_id)
        .join(Cluster, Cluster.id == Referral.cluster_id)
        .join(Officer, Officer.id == Referral.officer_id)
        .where(Referral.cluster_id == cluster_id, Referral.deleted_at.is_(None))
    )


def _out(
    session: Session,
    ref: Referral,
    org: Organisation,
    cluster: str,
    officer: str,
    officer_email: str,
) -> ReferralOut:
    contact = None
    if ref.contact_id is not None:
        person = session.get(Contact, ref.contact_id)
        # A person who objected since is no longer handed over, nor one on another organisation.
        if (
            person is not None
            and person.deleted_at is None
            and not person.objection
            and person.organisation_id == ref.organisation_id
        ):
            contact = SharedContact(**{k: getattr(person, k) for k in SHARED_CONTACT_FIELDS})
    return ReferralOut(
        id=ref.id,
        status=ref.status,
        cluster=cluster,
        sent_at=ref.sent_at,
        message=ref.message,
        officer=officer,
        officer_email=officer_email,
        organisation=SharedOrganisation(
            id=org.id, **{k: to_wire(getattr(org, k)) for k in SHARED_ORG_FIELDS}
        ),
        contact=contact,
        consent=ConsentOut(
            given_by=ref.consent_given_by,
            given_at=ref.consent_given_at,
            recorded_by=ref.consent_recorded_by,
        ),
        status_reason=ref.status_reason,
        meeting_on=ref.meeting_on,
        status_changed_at=ref.status_changed_at,
        comments=[CommentOut(**c) for c in ref.comments or []],
        history=[HistoryOut(**h) for h in ref.history or []],
        version=ref.version,
    )


def list_referrals(
    session: Session, principal: Principal, filters: Filters | None = None, limit: int = MAX_LIST
) -> list[ReferralOut]:
    """The cluster's referrals, newest first."""
    cluster_id = require_cluster(principal)
    q = _query(cluster_id)
    f = filters or Filters()
    if f.status is not None:
        q = q.where(Referral.status == f.status)
    if f.area is not None:
        q = q.where(Organisation.area == f.area)
    if f.departement:
        q = q.where(Organisation.departement == f.departement)
    q = q.order_by(Referral.sent_at.desc(), Referral.id).limit(min(limit, MAX_LIST))
    return [_out(session, *row) for row in session.execute(q)]


def get_referral(session: Session, principal: Principal, referral_id: uuid.UUID) -> ReferralOut:
    """One of the cluster's referrals; another cluster's is "not found", as if it did not
    exist (its existence is not the asker's business)."""
    cluster_id = require_cluster(principal)
    row = session.execute(_query(cluster_id).where(Referral.id == referral_id)).first()
    if row is None:
        raise NotFoundError(code="registry.no_referral", params={"id": str(referral_id)})
    return _out(session, *row)


def answer(
    session: Session,
    principal: Principal,
    referral_id: uuid.UUID,
    status: ReferralStatus | None,
    *,
    comment: str | None = None,
    reason: str | None = None,
    meeting_on: date | None = None,
) -> ReferralOut:
    """Move a referral along and/or comment on it, as its cluster; the caller commits.

    The same status again (a client retrying) changes nothing but adds the comment; moving
    it to ``member`` also makes the organisation a member, in the same transaction."""
    cluster_id = require_cluster(principal)
    session.rollback()  # the write must open the transaction (see the push route)
    applier = Applier(session, principal)  # first statement: serialises writers
    ref = session.scalar(
        select(Referral).where(
            Referral.id == referral_id,
            Referral.cluster_id == cluster_id,
            Referral.deleted_at.is_(None),
        )
    )
    if ref is None:
        raise NotFoundError(code="registry.no_referral", params={"id": str(referral_id)})
    by = principal.email
    current = ReferralStatus(ref.status)
    changes: dict[str, tuple[Any, Any]] = {}
    if status is ReferralStatus.DECLINED and not (reason and reason.strip()) and comment:
        reason, comment = comment, None  # "declined" with one text: it is the reason
    moving = status is not None and (status is not current or status is ReferralStatus.MEETING)
    if moving:
        assert status is not None
        check_transition(current, status, reason=reason, meeting_on=meeting_on)
        now = utcnow()
        entry = history_entry(status, by, reason=reason, meeting_on=meeting_on, at=now.isoformat())
        changes["status"] = (current.value, status.value)
        changes["history"] = (to_wire(ref.history or []), [*(ref.history or []), entry])
        changes["status_changed_at"] = (to_wire(ref.status_changed_at), now.isoformat())
        if status is ReferralStatus.DECLINED:
            changes["status_reason"] = (ref.status_reason, (reason or "").strip())
        if status is ReferralStatus.MEETING:
            changes["meeting_on"] = (to_wire(ref.meeting_on), to_wire(meeting_on))
    if comment and comment.strip():
        changes["comments"] = (
            to_wire(ref.comments or []),
            [*(ref.comments or []), comment_entry(comment, by)],
        )
    if not changes:
        return get_referral(session, principal, referral_id)
    mutations = [
        MutationIn(
            mutation_id=uuid.uuid4(),
            entity="referral",
            record_id=ref.id,
            base_version=ref.version,
            changes={k: (to_wire(old), to_wire(new)) for k, (old, new) in changes.items()},
        )
    ]
    if moving and status is ReferralStatus.MEMBER:
        org = session.get(Organisation, ref.organisation_id)
        if org is not None and org.status is not FunnelStatus.MEMBER:
            mutations.append(
                MutationIn(
                    mutation_id=uuid.uuid4(),
                    entity="organisation",
                    record_id=org.id,
                    base_version=org.version,
                    changes={"status": (to_wire(org.status), FunnelStatus.MEMBER.value)},
                )
            )
    session.expire_all()  # the Applier writes with Core statements: read back afresh
    results = applier.push(mutations)
    refused = [r for r in results if r.status in ("rejected", "conflict")]
    if refused:
        if refused[0].message:
            raise ValidationError("status", refused[0].message)
        raise ValidationError("status", code="registry.change_refused")
    session.flush()
    session.expire_all()
    return get_referral(session, principal, referral_id)
