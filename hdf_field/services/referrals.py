"""Sending an organisation to a cluster from the laptop (« Transmettre au pôle »), and listing
what was sent with the clusters' answers as the last sync brought them.

A referral hands personal data to a third party: it is refused unless the consent to share is
recorded (who gave it, when, and the officer who recorded it). Sending one moves the
organisation to « Orienté vers un pôle » (never backwards: a member stays a member); the
cluster's own answers are written at the registry and arrive with the next pull.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import FunnelStatus, ReferralStatus
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.record_rules import check_field
from hdf_field.domain.referrals import FUNNEL_ON_SEND
from hdf_field.services.organisations import find_organisation
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Contact, Officer, Organisation, Referral
from hdf_field.storage.uow import UnitOfWork


class ConsentMissing(ValidationError):
    """No consent to share: nothing is sent (the CLI exits 1)."""


@dataclass(frozen=True, slots=True)
class Consent:
    """The consent to share, as the officer records it."""

    given_by: str  # the person who agreed (the contact's name, or who spoke for the organisation)
    given_at: datetime
    recorded_by: str  # the officer who recorded it


@dataclass(frozen=True, slots=True)
class SendReferral:
    organisation: str  # id or SIRET
    cluster: str  # the cluster's name, as in the reference data (any case)
    officer_email: str
    message: str | None = None
    contact_id: str | None = None
    consent: Consent | None = None


@dataclass(frozen=True, slots=True)
class ReferralRow:
    id: str
    organisation_id: str
    organisation: str
    siret: str | None
    cluster: str
    status: ReferralStatus
    sent_at: datetime
    message: str | None
    consent_given_by: str
    meeting_on: date | None
    status_reason: str | None
    last_comment: str | None
    version: int


def find_cluster(session: Session, name: str) -> Cluster:
    wanted = name.strip()
    cluster = session.scalar(
        select(Cluster).where(
            func.lower(Cluster.name) == wanted.lower(), Cluster.deleted_at.is_(None)
        )
    )
    if cluster is None:
        known = ", ".join(session.scalars(select(Cluster.name).order_by(Cluster.name)))
        raise NotFoundError(f"no cluster {wanted!r} (known: {known or 'none yet: sync first'})")
    return cluster


def consent_now(officer_name: str, given_by: str) -> Consent:
    """Consent given now, to the officer at hand (``--consent``)."""
    return Consent(given_by=given_by, given_at=datetime.now(UTC), recorded_by=officer_name)


def send_referral(db: Database, cmd: SendReferral, *, consent_now_by: bool = False) -> ReferralRow:
    """Create the referral and move the organisation to "oriented", in one transaction.

    ``consent_now_by``: record the consent now, given to this officer by the chosen contact
    (or, without one, by the organisation's representative met)."""
    with UnitOfWork(db, actor=cmd.officer_email) as uow:
        s = uow.session
        org = find_organisation(s, cmd.organisation)
        cluster = find_cluster(s, cmd.cluster)
        officer = s.scalar(
            select(Officer).where(func.lower(Officer.email) == cmd.officer_email.strip().lower())
        )
        if officer is None:
            raise NotFoundError(
                f"no officer {cmd.officer_email} on this laptop: sync once, or set your identity"
            )
        contact: Contact | None = None
        if cmd.contact_id:
            try:
                contact = s.get(Contact, uuid.UUID(cmd.contact_id))
            except ValueError:
                contact = None
            if (
                contact is None
                or contact.deleted_at is not None
                or contact.organisation_id != org.id
            ):
                raise NotFoundError(f"no contact {cmd.contact_id} at {org.name}")
            if contact.objection:
                raise ValidationError(
                    "contact", f"{contact.last_name} objected (ne plus contacter): not shared"
                )
        consent = cmd.consent
        if consent is None and consent_now_by:
            who = (
                " ".join(p for p in (contact.first_name, contact.last_name) if p)
                if contact is not None
                else f"représentant de {org.name}"
            )
            consent = consent_now(officer.name, who[:200])
        if consent is None:
            raise ConsentMissing(
                "consent",
                "no consent to share recorded: ask the person, then send with --consent",
            )
        message = (cmd.message or "").strip() or None
        if message is not None:
            check_field("referral", "message", message)
        for name, value in (
            ("consent_given_by", consent.given_by),
            ("consent_recorded_by", consent.recorded_by),
        ):
            if not value.strip():
                raise ConsentMissing(name, "may not be blank")
            check_field("referral", name, value)
        now = datetime.now(UTC)
        ref = Referral(
            organisation_id=org.id,
            cluster_id=cluster.id,
            officer_id=officer.id,
            contact_id=contact.id if contact is not None else None,
            sent_at=now,
            message=message,
            consent_given_by=consent.given_by.strip(),
            consent_given_at=consent.given_at,
            consent_recorded_by=consent.recorded_by.strip(),
            status=ReferralStatus.SENT,
            comments=[],
            history=[],
        )
        s.add(ref)
        if FunnelStatus(org.status).rank < FUNNEL_ON_SEND.rank:
            org.status = FUNNEL_ON_SEND
        s.flush()
        row = _row(ref, org, cluster.name)
        uow.commit()
    return row


def _row(ref: Referral, org: Organisation, cluster: str) -> ReferralRow:
    comments = ref.comments or []
    return ReferralRow(
        id=str(ref.id),
        organisation_id=str(org.id),
        organisation=org.name,
        siret=org.siret,
        cluster=cluster,
        status=ReferralStatus(ref.status),
        sent_at=ref.sent_at,
        message=ref.message,
        consent_given_by=ref.consent_given_by,
        meeting_on=ref.meeting_on,
        status_reason=ref.status_reason,
        last_comment=comments[-1]["text"] if comments else None,
        version=ref.version,
    )


def list_referrals(db: Database, organisation: str | None = None) -> list[ReferralRow]:
    """This laptop's referrals (all, or one organisation's), newest first."""
    with db.session() as s:
        q = (
            select(Referral, Organisation, Cluster.name)
            .join(Organisation, Organisation.id == Referral.organisation_id)
            .join(Cluster, Cluster.id == Referral.cluster_id)
            .where(Referral.deleted_at.is_(None))
            .order_by(Referral.sent_at.desc())
        )
        if organisation:
            q = q.where(Referral.organisation_id == find_organisation(s, organisation).id)
        return [_row(ref, org, name) for ref, org, name in s.execute(q)]
