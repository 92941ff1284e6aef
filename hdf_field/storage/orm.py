"""SQLAlchemy 2 typed models of the campaign, shared by the laptops and the registry.

Every synchronised record carries the same bookkeeping (:class:`SyncedMixin`): a UUID made
where the record is born (so two offline laptops never collide), UTC ``created_at`` /
``updated_at``, ``updated_by``, an integer ``version`` and a ``deleted_at`` tombstone (a
deletion must travel to other laptops, so rows are never removed outright).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Uuid,
    event,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
)

from hdf_field.domain.enums import (
    Area,
    ClusterKind,
    ContactSource,
    FollowUpStatus,
    FunnelStatus,
    GeoPrecision,
    LegalBasis,
    OrgKind,
    ReferralStatus,
    Role,
    SiteKind,
    VisitOutcome,
    VisitStatus,
)
from hdf_field.storage.types import JSONType, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum_cls: type[StrEnum]) -> Enum:
    """Enums are stored as their string values, without a native type, so adding a value
    later needs no ALTER TYPE on PostgreSQL."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Officer(SyncedMixin, Base):
    __tablename__ = "officer"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.OFFICER)
    home_insee: Mapped[str | None] = mapped_column(String(5))
    home_commune: Mapped[str | None] = mapped_column(String(200))
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lon: Mapped[float | None] = mapped_column(Float)
    # ISO weekdays, Monday = 1.
    working_days: Mapped[list[int]] = mapped_column(JSONType, default=lambda: [1, 2, 3, 4, 5])
    day_start: Mapped[str] = mapped_column(String(5), default="08:30")
    day_end: Mapped[str] = mapped_column(String(5), default="17:30")
    lunch_start: Mapped[str] = mapped_column(String(5), default="12:15")
    lunch_minutes: Mapped[int] = mapped_column(Integer, default=45)
    # "Départ au plus tôt": how many minutes before day_start the officer may leave for a
    # fixed appointment that opens the day, rather than see it left out of the plan.
    early_departure_min: Mapped[int] = mapped_column(Integer, default=60)
    # Départements (or EPCI SIREN codes) this officer covers; decides what the registry lets
    # them see beyond the organisations assigned to them.
    territory: Mapped[list[str]] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Organisation(SyncedMixin, Base):
    __tablename__ = "organisation"

    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind), default=OrgKind.FIRM)
    siret: Mapped[str | None] = mapped_column(String(14), unique=True)
    siren: Mapped[str | None] = mapped_column(String(9), index=True)
    be_enterprise_number: Mapped[str | None] = mapped_column(String(12), index=True)
    be_establishment_number: Mapped[str | None] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    trade_name: Mapped[str | None] = mapped_column(String(300))
    legal_form: Mapped[str | None] = mapped_column(String(100))
    naf_code: Mapped[str | None] = mapped_column(String(10), index=True)
    naf_label: Mapped[str | None] = mapped_column(String(300))
    workforce_band: Mapped[str | None] = mapped_column(String(2))
    head_office: Mapped[bool | None] = mapped_column(Boolean)
    founded_on: Mapped[date | None] = mapped_column(Date)
    register_active: Mapped[bool] = mapped_column(Boolean, default=True)

    street: Mapped[str | None] = mapped_column(String(300))
    address_complement: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(10), index=True)
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), default="FR")
    insee_code: Mapped[str | None] = mapped_column(String(5), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[GeoPrecision] = mapped_column(
        enum_column(GeoPrecision), default=GeoPrecision.NONE
    )
    departement: Mapped[str | None] = mapped_column(String(3), index=True)
    epci_code: Mapped[str | None] = mapped_column(String(9), index=True)
    area: Mapped[Area | None] = mapped_column(enum_column(Area), index=True)

    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    # {"1": [["08:30", "12:00"], ["14:00", "18:00"]], ...}: ISO weekday → open intervals.
    opening_hours: Mapped[dict[str, list[list[str]]] | None] = mapped_column(JSONType)

    status: Mapped[FunnelStatus] = mapped_column(
        enum_column(FunnelStatus), default=FunnelStatus.IDENTIFIED, index=True
    )
    # 0 (low) .. 3 (urgent).
    priority: Mapped[int] = mapped_column(Integer, default=1)
    assigned_officer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("officer.id"), index=True
    )
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    # Where the record came from: "sirene", "kbo", "csv", "demo", "manual".
    source: Mapped[str | None] = mapped_column(String(20))

    assigned_officer: Mapped[Officer | None] = relationship()
    contacts: Mapped[list[Contact]] = relationship(back_populates="organisation")
    visits: Mapped[list[Visit]] = relationship(back_populates="organisation")


class Contact(SyncedMixin, Base):
    __tablename__ = "contact"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    legal_basis: Mapped[LegalBasis | None] = mapped_column(enum_column(LegalBasis))
    consent_date: Mapped[date | None] = mapped_column(Date)
    # Where the person's data came from, and the day they were told we hold it (GDPR art. 14).
    source: Mapped[ContactSource | None] = mapped_column(enum_column(ContactSource))
    source_detail: Mapped[str | None] = mapped_column(String(300))
    informed_at: Mapped[date | None] = mapped_column(Date)
    # « Ne plus contacter »: the person objected (GDPR art. 21). Synced, so every laptop
    # leaves them out of plans, printed rounds and calendars after its next sync.
    objection: Mapped[bool] = mapped_column(Boolean, default=False)
    objection_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")


class Cluster(SyncedMixin, Base):
    __tablename__ = "cluster"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[ClusterKind] = mapped_column(enum_column(ClusterKind))
    # Short machine key of the main domain ("mobility", "seafood", ...).
    domain: Mapped[str] = mapped_column(String(50))
    domains: Mapped[list[str]] = mapped_column(JSONType, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    # NAF rev. 2 prefixes ("29", "30.2", "49.41") the cluster typically serves.
    naf_prefixes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Need/topic keys (see hdf_field.domain.needs) the cluster answers.
    topics: Mapped[list[str]] = mapped_column(JSONType, default=list)
    website: Mapped[str | None] = mapped_column(String(300))

    sites: Mapped[list[ClusterSite]] = relationship(
        back_populates="cluster", order_by="ClusterSite.kind"
    )


class ClusterSite(SyncedMixin, Base):
    __tablename__ = "cluster_site"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cluster.id"), index=True)
    kind: Mapped[SiteKind] = mapped_column(enum_column(SiteKind))
    name: Mapped[str] = mapped_column(String(200))
    insee_code: Mapped[str | None] = mapped_column(String(5))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area: Mapped[Area | None] = mapped_column(enum_column(Area))
    # Secondary hubs are the regional strategy's proposals, not decisions: editable, flagged.
    is_proposal: Mapped[bool] = mapped_column(Boolean, default=False)

    cluster: Mapped[Cluster] = relationship(back_populates="sites")


class Visit(SyncedMixin, Base):
    __tablename__ = "visit"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"))
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    duration_min: Mapped[int] = mapped_column(Integer, default=60)
    status: Mapped[VisitStatus] = mapped_column(
        enum_column(VisitStatus), default=VisitStatus.PLANNED, index=True
    )
    # A fixed appointment: the planner may not move it.
    fixed: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_order: Mapped[int | None] = mapped_column(Integer)
    actual_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actual_duration_min: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[VisitOutcome | None] = mapped_column(enum_column(VisitOutcome))
    interest: Mapped[int | None] = mapped_column(Integer)  # 0..3
    needs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Cluster ids (as strings) recommended to the organisation.
    recommended_clusters: Mapped[list[str]] = mapped_column(JSONType, default=list)
    purpose: Mapped[str | None] = mapped_column(String(300))
    next_step: Mapped[str | None] = mapped_column(String(300))
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="visits")
    officer: Mapped[Officer] = relationship()


class FollowUp(SyncedMixin, Base):
    __tablename__ = "follow_up"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"), index=True)
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    action: Mapped[str] = mapped_column(String(300))
    status: Mapped[FollowUpStatus] = mapped_column(
        enum_column(FollowUpStatus), default=FollowUpStatus.OPEN
    )
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Referral(SyncedMixin, Base):
    """An organisation handed to a cluster (« transmission au pôle »), and the cluster's answer.

    The consent columns are required: personal data goes to a third party only with the
    consent to share recorded (see :mod:`hdf_field.domain.referrals`). ``comments`` and
    ``history`` are short JSON lists (``{at, by, text}`` and ``{at, by, status, reason?,
    meeting_on?}``) the cluster's answers append to, at the registry.
    """

    __tablename__ = "referral"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cluster.id"), index=True)
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    message: Mapped[str | None] = mapped_column(Text)
    consent_given_by: Mapped[str] = mapped_column(String(200))
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_recorded_by: Mapped[str] = mapped_column(String(254))
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column(ReferralStatus), default=ReferralStatus.SENT, index=True
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    meeting_on: Mapped[date | None] = mapped_column(Date)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class AppMeta(Base):
    """Local key/value facts about this database (demo flag, schema notes); not synchronised."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType)


Index("ix_visit_officer_start", Visit.officer_id, Visit.planned_start)

SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    Officer,
    Organisation,
    Contact,
    Cluster,
    ClusterSite,
    Visit,
    FollowUp,
    Referral,
)

# Sessions whose changes come from elsewhere (sync pull, registry apply) set this key in
# ``session.info`` so that versions and timestamps they carry are kept as they are.
KEEP_BOOKKEEPING = "keep_bookkeeping"
ACTOR = "actor"


@event.listens_for(Session, "before_flush")
def _stamp_bookkeeping(session: Session, _flush_context: Any, _instances: Any) -> None:
    """Keep ``updated_at``/``version``/``updated_by`` honest for every ORM write."""
    if session.info.get(KEEP_BOOKKEEPING):
        return
    now = utcnow()
    actor = session.info.get(ACTOR)
    for obj in session.new:
        if isinstance(obj, SyncedMixin):
            obj.created_at = obj.created_at or now
            obj.updated_at = now
            obj.version = obj.version or 1
            if actor and not obj.updated_by:
                obj.updated_by = actor
    for obj in session.dirty:
        if isinstance(obj, SyncedMixin) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.version = (obj.version or 0) + 1
            if actor:
                obj.updated_by = actor
