"""The closed vocabularies of the campaign.

Values are stable lowercase strings: they are stored in SQLite and PostgreSQL, travel in
sync payloads and appear in ``--json`` output, so renaming one is a data migration.
"""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    FIRM = "firm"
    SOCIAL_ECONOMY = "social_economy"  # ESS: associations, cooperatives, mutuals
    SCHOOL = "school"  # lycées techniques, training bodies
    RESEARCH_LAB = "research_lab"
    PROJECT_HOLDER = "project_holder"  # an individual with a project, no company yet


class FunnelStatus(StrEnum):
    """Campaign funnel, in order: a status never goes backwards by itself."""

    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    VISIT_PLANNED = "visit_planned"
    VISITED = "visited"
    INTERESTED = "interested"
    ORIENTED = "oriented"
    MEMBER = "member"

    @property
    def rank(self) -> int:
        return list(FunnelStatus).index(self)


class VisitStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class VisitOutcome(StrEnum):
    MET = "met"  # met the right person, conversation held
    INTERESTED = "interested"
    NOT_INTERESTED = "not_interested"
    TO_RECONTACT = "to_recontact"
    WRONG_CONTACT = "wrong_contact"
    CLOSED = "closed"  # the establishment no longer exists


class GeoPrecision(StrEnum):
    """How an organisation's coordinates were obtained, best first."""

    ADDRESS = "address"  # register coordinates at the address (SIRENE Lambert-93, geolocated file)
    MANUAL = "manual"  # placed by a person on the map
    COMMUNE = "commune"  # commune centroid (French INSEE code or postal code + name)
    POSTCODE = "postcode"  # postal code centroid only (Belgian municipalities)
    NONE = "none"


class Area(StrEnum):
    """Historical areas the regional policy reports coverage on."""

    NPDC = "ex-Nord-Pas-de-Calais"
    PICARDIE = "ex-Picardie"
    BELGIUM = "Belgium"


class Role(StrEnum):
    OFFICER = "officer"
    MANAGER = "manager"
    ADMIN = "admin"
    # Staff of one cluster (pôle): a registry account bound to that cluster, reaching only
    # the referrals made to it (the portal and the referral API), never the sync protocol.
    CLUSTER = "cluster"


class ClusterKind(StrEnum):
    POLE = "pole_de_competitivite"
    REGIONAL = "regional_cluster"


class SiteKind(StrEnum):
    PRINCIPAL = "principal"
    SECONDARY = "secondary"


class LegalBasis(StrEnum):
    """GDPR legal basis for keeping a contact person."""

    CONSENT = "consent"
    LEGITIMATE_INTEREST = "legitimate_interest"
    CONTRACT = "contract"
    PUBLIC_TASK = "public_task"


class ContactSource(StrEnum):
    """Where a contact person's data came from (GDPR art. 14: the person may ask)."""

    REGISTER = "register"  # a public register (SIRENE, BCE, RNE...)
    BUSINESS_CARD = "business_card"
    WEBSITE = "website"  # the organisation's own website
    EVENT = "event"  # met at a fair, a meeting, a webinar
    REFERRAL = "referral"  # given by a colleague, a partner, a cluster
    OTHER = "other"  # explained in the contact's source detail


class ReferralStatus(StrEnum):
    """A referral as the cluster moves it along: forward only; member and declined are final."""

    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    MEETING = "meeting"
    MEMBER = "member"
    DECLINED = "declined"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
