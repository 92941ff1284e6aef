"""Small shared pieces of the GUI: icons, human labels of enums, message helpers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, OrgKind, VisitOutcome, VisitStatus
from hdf_field.paths import resources_dir


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status_label(status: FunnelStatus) -> str:
    return {
        FunnelStatus.IDENTIFIED: _t("Identifié"),
        FunnelStatus.CONTACTED: _t("Contacté"),
        FunnelStatus.VISIT_PLANNED: _t("Visite prévue"),
        FunnelStatus.VISITED: _t("Visité"),
        FunnelStatus.INTERESTED: _t("Intéressé"),
        FunnelStatus.ORIENTED: _t("Orienté"),
        FunnelStatus.MEMBER: _t("Adhérent"),
    }[status]


STATUS_COLOURS: dict[FunnelStatus, str] = {
    FunnelStatus.IDENTIFIED: "#8a8f98",
    FunnelStatus.CONTACTED: "#5b7fa6",
    FunnelStatus.VISIT_PLANNED: "#2f6db5",
    FunnelStatus.VISITED: "#7b5ea7",
    FunnelStatus.INTERESTED: "#c77c11",
    FunnelStatus.ORIENTED: "#2e8b57",
    FunnelStatus.MEMBER: "#1b5e20",
}


def kind_label(kind: OrgKind) -> str:
    return {
        OrgKind.FIRM: _t("Entreprise"),
        OrgKind.SOCIAL_ECONOMY: _t("Économie sociale et solidaire"),
        OrgKind.SCHOOL: _t("Établissement de formation"),
        OrgKind.RESEARCH_LAB: _t("Laboratoire"),
        OrgKind.PROJECT_HOLDER: _t("Porteur de projet"),
    }[kind]


def outcome_label(outcome: VisitOutcome) -> str:
    return {
        VisitOutcome.MET: _t("Rencontré"),
        VisitOutcome.INTERESTED: _t("Intéressé"),
        VisitOutcome.NOT_INTERESTED: _t("Pas intéressé"),
        VisitOutcome.TO_RECONTACT: _t("À recontacter"),
        VisitOutcome.WRONG_CONTACT: _t("Mauvais interlocuteur"),
        VisitOutcome.CLOSED: _t("Établissement fermé"),
    }[outcome]


def visit_status_label(status: VisitStatus) -> str:
    return {
        VisitStatus.PLANNED: _t("Prévue"),
        VisitStatus.DONE: _t("Réalisée"),
        VisitStatus.CANCELLED: _t("Annulée"),
        VisitStatus.NO_SHOW: _t("Absent"),
    }[status]


def follow_up_status_label(status: FollowUpStatus) -> str:
    return {
        FollowUpStatus.OPEN: _t("À faire"),
        FollowUpStatus.DONE: _t("Faite"),
        FollowUpStatus.CANCELLED: _t("Annulée"),
    }[status]


def priority_label(priority: int) -> str:
    return {0: _t("Basse"), 1: _t("Normale"), 2: _t("Haute"), 3: _t("Urgente")}.get(
        priority, str(priority)
    )


def interest_label(interest: int) -> str:
    return {0: _t("Aucun"), 1: _t("Faible"), 2: _t("Réel"), 3: _t("Fort")}.get(
        interest, str(interest)
    )


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def current_language() -> str:
    from PySide6.QtCore import QLocale

    return "en" if QLocale().language() == QLocale.Language.English else "fr"
