"""The campaign's words: one French and one English name for every code the app stores.

The GUI, the CLI, the PDFs and the CSV exports all name a status, a kind or an outcome from
this one table, so that a status is never "Visite prévue" on one screen and "Visite planifiée"
on paper (issue 12). JSON output and the database keep the codes. The words are chosen once:
"Visite planifiée", "Orienté vers un pôle", "Chargé de mission" (the generic masculine of
French administrative writing, never "Chargé(e)" or "chargé·e").
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal

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

Lang = Literal["fr", "en"]
LANGUAGES: Final[tuple[Lang, ...]] = ("fr", "en")

# (French, English) for each member.
Words = tuple[str, str]

STATUS: Final[dict[FunnelStatus, Words]] = {
    FunnelStatus.IDENTIFIED: ("Identifié", "Identified"),
    FunnelStatus.CONTACTED: ("Contacté", "Contacted"),
    FunnelStatus.VISIT_PLANNED: ("Visite planifiée", "Visit planned"),
    FunnelStatus.VISITED: ("Visité", "Visited"),
    FunnelStatus.INTERESTED: ("Intéressé", "Interested"),
    FunnelStatus.ORIENTED: ("Orienté vers un pôle", "Oriented to a cluster"),
    FunnelStatus.MEMBER: ("Adhérent", "Member"),
}

KIND: Final[dict[OrgKind, Words]] = {
    OrgKind.FIRM: ("Entreprise", "Firm"),
    OrgKind.SOCIAL_ECONOMY: ("Structure de l'ESS", "Social-economy organisation"),
    OrgKind.SCHOOL: ("Établissement de formation", "Training body"),
    OrgKind.RESEARCH_LAB: ("Laboratoire", "Research lab"),
    OrgKind.PROJECT_HOLDER: ("Porteur de projet", "Project holder"),
}

OUTCOME: Final[dict[VisitOutcome, Words]] = {
    VisitOutcome.MET: ("Rencontré", "Met"),
    VisitOutcome.INTERESTED: ("Intéressé", "Interested"),
    VisitOutcome.NOT_INTERESTED: ("Pas intéressé", "Not interested"),
    VisitOutcome.TO_RECONTACT: ("À recontacter", "To recontact"),
    VisitOutcome.WRONG_CONTACT: ("Mauvais interlocuteur", "Wrong contact"),
    VisitOutcome.CLOSED: ("Établissement fermé", "Establishment closed"),
}

VISIT_STATUS: Final[dict[VisitStatus, Words]] = {
    VisitStatus.PLANNED: ("Planifiée", "Planned"),
    VisitStatus.DONE: ("Réalisée", "Done"),
    VisitStatus.CANCELLED: ("Annulée", "Cancelled"),
    VisitStatus.NO_SHOW: ("Absent", "No-show"),
}

FOLLOW_UP_STATUS: Final[dict[FollowUpStatus, Words]] = {
    FollowUpStatus.OPEN: ("À faire", "To do"),
    FollowUpStatus.DONE: ("Faite", "Done"),
    FollowUpStatus.CANCELLED: ("Annulée", "Cancelled"),
}

# A referral as the cluster moves it along (« transmission au pôle »).
REFERRAL_STATUS: Final[dict[ReferralStatus, Words]] = {
    ReferralStatus.SENT: ("Transmise", "Sent"),
    ReferralStatus.ACKNOWLEDGED: ("Prise en compte par le pôle", "Acknowledged by the cluster"),
    ReferralStatus.MEETING: ("Rendez-vous prévu", "Meeting planned"),
    ReferralStatus.MEMBER: ("Adhérent du pôle", "Cluster member"),
    ReferralStatus.DECLINED: ("Déclinée", "Declined"),
}

AREA: Final[dict[Area, Words]] = {
    Area.NPDC: ("ex-Nord-Pas-de-Calais", "former Nord-Pas-de-Calais"),
    Area.PICARDIE: ("ex-Picardie", "former Picardy"),
    Area.BELGIUM: ("Belgique", "Belgium"),
}

GEO_PRECISION: Final[dict[GeoPrecision, Words]] = {
    GeoPrecision.ADDRESS: ("Adresse", "Address"),
    GeoPrecision.MANUAL: ("Placé à la main", "Placed by hand"),
    GeoPrecision.COMMUNE: ("Centre de la commune", "Town centre"),
    GeoPrecision.POSTCODE: ("Code postal", "Postal code"),
    GeoPrecision.NONE: ("Non localisé", "Not located"),
}

ROLE: Final[dict[Role, Words]] = {
    Role.OFFICER: ("Chargé de mission", "Field officer"),
    Role.MANAGER: ("Responsable", "Manager"),
    Role.ADMIN: ("Administrateur", "Administrator"),
    Role.CLUSTER: ("Compte de pôle", "Cluster account"),
}

CLUSTER_KIND: Final[dict[ClusterKind, Words]] = {
    ClusterKind.POLE: ("Pôle de compétitivité", "Competitiveness cluster"),
    ClusterKind.REGIONAL: ("Cluster régional", "Regional cluster"),
}

SITE_KIND: Final[dict[SiteKind, Words]] = {
    SiteKind.PRINCIPAL: ("Site principal", "Main site"),
    SiteKind.SECONDARY: ("Site secondaire", "Secondary site"),
}

LEGAL_BASIS: Final[dict[LegalBasis, Words]] = {
    LegalBasis.LEGITIMATE_INTEREST: ("Intérêt légitime", "Legitimate interest"),
    LegalBasis.CONSENT: ("Consentement", "Consent"),
    LegalBasis.CONTRACT: ("Contrat", "Contract"),
    LegalBasis.PUBLIC_TASK: ("Mission d'intérêt public", "Public task"),
}

CONTACT_SOURCE: Final[dict[ContactSource, Words]] = {
    ContactSource.REGISTER: ("Registre public", "Public register"),
    ContactSource.BUSINESS_CARD: ("Carte de visite", "Business card"),
    ContactSource.WEBSITE: ("Site internet", "Website"),
    ContactSource.EVENT: ("Événement", "Event"),
    ContactSource.REFERRAL: ("Recommandation", "Referral"),
    ContactSource.OTHER: ("Autre", "Other"),
}

# Scales stored as small integers.
PRIORITY: Final[dict[int, Words]] = {
    0: ("Basse", "Low"),
    1: ("Normale", "Normal"),
    2: ("Haute", "High"),
    3: ("Urgente", "Urgent"),
}

INTEREST: Final[dict[int, Words]] = {
    0: ("Aucun", "None"),
    1: ("Faible", "Low"),
    2: ("Réel", "Real"),
    3: ("Fort", "Strong"),
}

ENUM_TABLES: Final[dict[type[StrEnum], dict[object, Words]]] = {
    FunnelStatus: STATUS,  # type: ignore[dict-item]
    OrgKind: KIND,  # type: ignore[dict-item]
    VisitOutcome: OUTCOME,  # type: ignore[dict-item]
    VisitStatus: VISIT_STATUS,  # type: ignore[dict-item]
    FollowUpStatus: FOLLOW_UP_STATUS,  # type: ignore[dict-item]
    ReferralStatus: REFERRAL_STATUS,  # type: ignore[dict-item]
    Area: AREA,  # type: ignore[dict-item]
    GeoPrecision: GEO_PRECISION,  # type: ignore[dict-item]
    Role: ROLE,  # type: ignore[dict-item]
    ClusterKind: CLUSTER_KIND,  # type: ignore[dict-item]
    SiteKind: SITE_KIND,  # type: ignore[dict-item]
    LegalBasis: LEGAL_BASIS,  # type: ignore[dict-item]
    ContactSource: CONTACT_SOURCE,  # type: ignore[dict-item]
}


def _pick(words: Words, lang: str) -> str:
    return words[1] if lang == "en" else words[0]


def label(member: StrEnum, lang: str = "fr") -> str:
    """The name of any stored code in ``lang`` (French unless ``lang`` is ``"en"``)."""
    return _pick(ENUM_TABLES[type(member)][member], lang)


def label_of(
    enum_cls: type[StrEnum], value: object, lang: str = "fr", default: str | None = None
) -> str:
    """The name of a raw stored value (a string out of SQL or JSON); an unknown value is
    shown as it is (or as ``default``) rather than hidden: it means data from a newer
    version, or a group such as "other"."""
    try:
        member = enum_cls(str(value))
    except ValueError:
        return str(value) if default is None else default
    return label(member, lang)


def priority_label(priority: int, lang: str = "fr") -> str:
    words = PRIORITY.get(priority)
    return str(priority) if words is None else _pick(words, lang)


def interest_label(interest: int, lang: str = "fr") -> str:
    words = INTEREST.get(interest)
    return str(interest) if words is None else _pick(words, lang)


# Names of the fields a person types, for forms and error messages.
FIELD: Final[dict[str, Words]] = {
    "kind": ("Type", "Kind"),
    "siret": ("SIRET", "SIRET"),
    "siren": ("SIREN", "SIREN"),
    "be_enterprise_number": ("N° d'entreprise (BCE)", "Enterprise number (KBO)"),
    "be_establishment_number": ("N° d'établissement (BCE)", "Establishment number (KBO)"),
    "name": ("Raison sociale", "Name"),
    "trade_name": ("Enseigne", "Trade name"),
    "legal_form": ("Forme juridique", "Legal form"),
    "naf_code": ("Code NAF", "NAF code"),
    "naf_label": ("Activité", "Activity"),
    "workforce_band": ("Tranche d'effectif", "Workforce band"),
    "head_office": ("Siège", "Head office"),
    "founded_on": ("Date de création", "Founded on"),
    "register_active": ("Actif au registre", "Active in the register"),
    "street": ("Adresse", "Street"),
    "address_complement": ("Complément d'adresse", "Address complement"),
    "postal_code": ("Code postal", "Postal code"),
    "city": ("Commune", "Town"),
    "country": ("Pays", "Country"),
    "insee_code": ("Code INSEE", "INSEE code"),
    "lat": ("Latitude", "Latitude"),
    "lon": ("Longitude", "Longitude"),
    "geo_precision": ("Précision de la position", "Position precision"),
    "departement": ("Département", "Department"),
    "epci_code": ("EPCI", "EPCI"),
    "area": ("Zone historique", "Historical area"),
    "phone": ("Téléphone", "Phone"),
    "email": ("E-mail", "E-mail"),
    "website": ("Site web", "Website"),
    "opening_hours": ("Horaires d'ouverture", "Opening hours"),
    "status": ("Statut", "Status"),
    "priority": ("Priorité", "Priority"),
    "tags": ("Étiquettes", "Tags"),
    "notes": ("Notes", "Notes"),
    "source": ("Source", "Source"),
    "first_name": ("Prénom", "First name"),
    "last_name": ("Nom", "Last name"),
    "role": ("Fonction", "Job title"),
    "language": ("Langue", "Language"),
    "consent_date": ("Date du consentement", "Consent date"),
    "informed_at": ("Informé le", "Informed on"),
    "objection_date": ("Date d'opposition", "Objection date"),
    "source_detail": ("Origine des données", "Data source detail"),
    "legal_basis": ("Base légale", "Legal basis"),
    "outcome": ("Résultat", "Outcome"),
    "interest": ("Intérêt", "Interest"),
    "purpose": ("Objet", "Purpose"),
    "next_step": ("Prochaine étape", "Next step"),
    "started_at": ("Début de la visite", "Visit start"),
    "planned_start": ("Début prévu", "Planned start"),
    "duration_min": ("Durée (min)", "Duration (min)"),
    "follow_up_date": ("Date de relance", "Follow-up date"),
    "due_date": ("Échéance", "Due date"),
    "officer": ("Chargé de mission", "Field officer"),
    "assigned_officer_id": ("Chargé de mission", "Field officer"),
    "lang": ("Langue", "Language"),
    # planning, the officer's profile, the registry
    "needs": ("Besoins", "Needs"),
    "home_commune": ("Commune de départ", "Home town"),
    "day_start": ("Début de journée", "Day start"),
    "day_end": ("Fin de journée", "Day end"),
    "lunch_start": ("Début du déjeuner", "Lunch start"),
    "lunch_minutes": ("Pause déjeuner (min)", "Lunch break (min)"),
    "early_departure_min": ("Départ anticipé (min)", "Earlier departure (min)"),
    "fixed_time": ("Heure du rendez-vous", "Appointment time"),
    "home": ("Domicile", "Home"),
    "officers": ("Chargés de mission", "Field officers"),
    "weeks": ("Semaines", "Weeks"),
    "solver": ("Solveur", "Solver"),
    "server": ("Registre", "Registry"),
    "password": ("Mot de passe", "Password"),
    "cluster": ("Pôle", "Cluster"),
    "months": ("Mois", "Months"),
    "postcodes": ("Codes postaux", "Postal codes"),
}


def field_label(field: str, lang: str = "fr") -> str:
    """A field's name for a person; a field without one keeps its code (a column name of
    an imported file, say, which the person knows by that name)."""
    words = FIELD.get(field)
    return field if words is None else _pick(words, lang)
