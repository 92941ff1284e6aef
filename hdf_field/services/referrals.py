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

from hdf_field.domain.enums import FunnelStatus, ReferralStatus
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.record_rules import check_field
from hdf_field.domain.referrals import FUNNEL_ON_SEND
from hdf_field.services.organisations import find_organisation
from hdf_field.services.orientation import orientation_for
from hdf_field.storage.database import Database
from hdf_field.storage.orm import AppMeta, Cluster, Contact, Organisation, Referral
from hdf_field.storage.queries import Session
from hdf_field.storage.queries import contacts as contact_queries
from hdf_field.storage.queries import referrals as queries
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.engine import STATE_ID
from hdf_field.sync.tables import SyncState


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
    # The cluster's comments, oldest first: (when, who, text) as the registry recorded them.
    comments: tuple[tuple[str, str, str], ...] = ()
    status_changed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReferralForm:
    """What the « Transmettre au pôle » form offers for one organisation."""

    organisation_id: str
    organisation: str
    clusters: tuple[str, ...]  # every cluster this laptop knows, by name
    recommended: tuple[str, ...]  # pre-selected: the last visit's choice, else the orientation
    contacts: tuple[tuple[str, str], ...]  # (id, full name): the people who may be shared


def find_cluster(session: Session, name: str) -> Cluster:
    wanted = name.strip()
    cluster = queries.live_cluster_named(session, name=wanted)
    if cluster is None:
        known = ", ".join(queries.cluster_names(session))
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
        officer = contact_queries.officer_by_email(
            s, email=cmd.officer_email.strip().lower(), any_case=True
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
        comments=tuple(
            (str(c.get("at", "")), str(c.get("by", "")), str(c.get("text", ""))) for c in comments
        ),
        status_changed_at=ref.status_changed_at,
    )


def list_referrals(db: Database, organisation: str | None = None) -> list[ReferralRow]:
    """This laptop's referrals (all, or one organisation's), newest first."""
    with db.session() as s:
        org_id = find_organisation(s, organisation).id if organisation else None
        rows = queries.referrals_with_names(s, organisation_id=org_id)
        return [_row(ref, org, name) for ref, org, name in rows]


# The laptop's last sync time before the latest one: answers newer than it are "new".
SEEN_KEY = "referrals_seen_at"
# The score from which an orientation hint is a recommendation (the card's green badge).
RECOMMENDED_SCORE = 60


def referral_form(
    db: Database, organisation: str, *, recommended: tuple[str, ...] = ()
) -> ReferralForm:
    """The form's choices. ``recommended`` (cluster names or ids, say from the visit just
    logged) wins; otherwise the latest visit's recommended clusters, otherwise the
    orientation's strong matches (or its best one)."""
    with db.session() as s:
        org = find_organisation(s, organisation)
        clusters = queries.live_clusters(s)
        names = {str(cid): name for cid, name in clusters}
        wanted = list(recommended)
        if not wanted:
            for chosen in queries.recent_recommendations(s, organisation_id=org.id, limit=20):
                if chosen:
                    wanted = list(chosen)
                    break
        if not wanted:
            hints = orientation_for(s, org, limit=5)
            strong = [h.cluster_name for h in hints if h.score >= RECOMMENDED_SCORE]
            wanted = strong or [h.cluster_name for h in hints[:1]]
        by_name = {name.lower(): name for _cid, name in clusters}
        picked = []
        for w in wanted:
            name = names.get(str(w)) or by_name.get(str(w).lower())
            if name is not None and name not in picked:
                picked.append(name)
        contacts = queries.shareable_contacts(s, organisation_id=org.id)
        return ReferralForm(
            organisation_id=str(org.id),
            organisation=org.name,
            clusters=tuple(name for _cid, name in clusters),
            recommended=tuple(picked),
            contacts=tuple(
                (str(c.id), " ".join(p for p in (c.first_name, c.last_name) if p)) for c in contacts
            ),
        )


def remember_before_sync(db: Database) -> None:
    """Called as a sync starts: the previous sync's time becomes the mark that the answers
    this sync brings are compared with (kept in ``app_meta``, so a restart keeps the badge)."""
    with UnitOfWork(db) as uow:
        s = uow.session
        state = s.get(SyncState, STATE_ID)
        at = state.last_sync_at.isoformat() if state and state.last_sync_at else None
        meta = s.get(AppMeta, SEEN_KEY)
        if meta is None:
            s.add(AppMeta(key=SEEN_KEY, value=at))
        else:
            meta.value = at
        uow.commit()


def new_answers(db: Database) -> int:
    """Referrals whose cluster moved them since the sync before the latest one: the answers
    the latest sync brought (« N réponses des pôles »). Never synced: none."""
    with db.session() as s:
        meta = s.get(AppMeta, SEEN_KEY)
        if meta is None:
            return 0
        since = None
        if isinstance(meta.value, str):
            try:
                since = datetime.fromisoformat(meta.value)
            except ValueError:
                since = None
        return queries.answered_referrals(s, since=since)
