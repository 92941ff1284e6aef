"""French names of the domain's codes, for what the core prints (CLI text, PDFs, CSV).

The GUI translates its own; these are the words a French manager reads on paper and in a
terminal. JSON output keeps the codes.
"""

from __future__ import annotations

from typing import Final

from hdf_field.domain.enums import Area, FunnelStatus, OrgKind, VisitOutcome

STATUS_FR: Final[dict[str, str]] = {
    FunnelStatus.IDENTIFIED: "Identifié",
    FunnelStatus.CONTACTED: "Contacté",
    FunnelStatus.VISIT_PLANNED: "Visite planifiée",
    FunnelStatus.VISITED: "Visité",
    FunnelStatus.INTERESTED: "Intéressé",
    FunnelStatus.ORIENTED: "Orienté vers un pôle",
    FunnelStatus.MEMBER: "Adhérent",
}

KIND_FR: Final[dict[str, str]] = {
    OrgKind.FIRM: "Entreprises",
    OrgKind.SOCIAL_ECONOMY: "Économie sociale et solidaire",
    OrgKind.SCHOOL: "Établissements de formation",
    OrgKind.RESEARCH_LAB: "Laboratoires",
    OrgKind.PROJECT_HOLDER: "Porteurs de projet",
}

AREA_FR: Final[dict[str, str]] = {
    Area.NPDC: "ex-Nord-Pas-de-Calais",
    Area.PICARDIE: "ex-Picardie",
    Area.BELGIUM: "Belgique",
}

OUTCOME_FR: Final[dict[str, str]] = {
    VisitOutcome.MET: "rencontré",
    VisitOutcome.INTERESTED: "intéressé",
    VisitOutcome.NOT_INTERESTED: "pas intéressé",
    VisitOutcome.TO_RECONTACT: "à recontacter",
    VisitOutcome.WRONG_CONTACT: "mauvais interlocuteur",
    VisitOutcome.CLOSED: "établissement fermé",
}
