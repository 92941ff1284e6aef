"""Small shared pieces of the GUI: icons, human labels of enums, message helpers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QSize
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QWidget

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, OrgKind, VisitOutcome, VisitStatus
from hdf_field.paths import resources_dir


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def status_label(status: FunnelStatus) -> str:
    return {
        FunnelStatus.IDENTIFIED: QCoreApplication.translate("Labels", "Identifié"),
        FunnelStatus.CONTACTED: QCoreApplication.translate("Labels", "Contacté"),
        FunnelStatus.VISIT_PLANNED: QCoreApplication.translate("Labels", "Visite prévue"),
        FunnelStatus.VISITED: QCoreApplication.translate("Labels", "Visité"),
        FunnelStatus.INTERESTED: QCoreApplication.translate("Labels", "Intéressé"),
        FunnelStatus.ORIENTED: QCoreApplication.translate("Labels", "Orienté"),
        FunnelStatus.MEMBER: QCoreApplication.translate("Labels", "Adhérent"),
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
        OrgKind.FIRM: QCoreApplication.translate("Labels", "Entreprise"),
        OrgKind.SOCIAL_ECONOMY: QCoreApplication.translate(
            "Labels", "Économie sociale et solidaire"
        ),
        OrgKind.SCHOOL: QCoreApplication.translate("Labels", "Établissement de formation"),
        OrgKind.RESEARCH_LAB: QCoreApplication.translate("Labels", "Laboratoire"),
        OrgKind.PROJECT_HOLDER: QCoreApplication.translate("Labels", "Porteur de projet"),
    }[kind]


def outcome_label(outcome: VisitOutcome) -> str:
    return {
        VisitOutcome.MET: QCoreApplication.translate("Labels", "Rencontré"),
        VisitOutcome.INTERESTED: QCoreApplication.translate("Labels", "Intéressé"),
        VisitOutcome.NOT_INTERESTED: QCoreApplication.translate("Labels", "Pas intéressé"),
        VisitOutcome.TO_RECONTACT: QCoreApplication.translate("Labels", "À recontacter"),
        VisitOutcome.WRONG_CONTACT: QCoreApplication.translate("Labels", "Mauvais interlocuteur"),
        VisitOutcome.CLOSED: QCoreApplication.translate("Labels", "Établissement fermé"),
    }[outcome]


def visit_status_label(status: VisitStatus) -> str:
    return {
        VisitStatus.PLANNED: QCoreApplication.translate("Labels", "Prévue"),
        VisitStatus.DONE: QCoreApplication.translate("Labels", "Réalisée"),
        VisitStatus.CANCELLED: QCoreApplication.translate("Labels", "Annulée"),
        VisitStatus.NO_SHOW: QCoreApplication.translate("Labels", "Absent"),
    }[status]


def follow_up_status_label(status: FollowUpStatus) -> str:
    return {
        FollowUpStatus.OPEN: QCoreApplication.translate("Labels", "À faire"),
        FollowUpStatus.DONE: QCoreApplication.translate("Labels", "Faite"),
        FollowUpStatus.CANCELLED: QCoreApplication.translate("Labels", "Annulée"),
    }[status]


def priority_label(priority: int) -> str:
    return {
        0: QCoreApplication.translate("Labels", "Basse"),
        1: QCoreApplication.translate("Labels", "Normale"),
        2: QCoreApplication.translate("Labels", "Haute"),
        3: QCoreApplication.translate("Labels", "Urgente"),
    }.get(priority, str(priority))


def interest_label(interest: int) -> str:
    return {
        0: QCoreApplication.translate("Labels", "Aucun"),
        1: QCoreApplication.translate("Labels", "Faible"),
        2: QCoreApplication.translate("Labels", "Réel"),
        3: QCoreApplication.translate("Labels", "Fort"),
    }.get(interest, str(interest))


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def to_date(value: QDate) -> date:
    """A picked day as a ``date``: PySide6 types ``QDate.toPython()`` as a bare object."""
    return date(value.year(), value.month(), value.day())


def current_language() -> str:
    from PySide6.QtCore import QLocale

    return "en" if QLocale().language() == QLocale.Language.English else "fr"


SCREEN_SHARE = 0.92  # a dialog never takes more than this share of the free screen


def fit_to_screen(widget: QWidget | None = None) -> QSize:
    """The room a window may take on the screen it is on (taskbar excluded), so that dialogs
    and their buttons stay reachable at 1366×768 with 150 % scaling."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # no display at all: the smallest screen we support
        return QSize(1280, 720)
    free = screen.availableGeometry().size()
    return QSize(int(free.width() * SCREEN_SHARE), int(free.height() * SCREEN_SHARE))


def size_to_screen(widget: QWidget, wanted: QSize) -> QSize:
    """Resizes a window to what it wants, or less when the screen is smaller."""
    room = fit_to_screen(widget)
    size = QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))
    widget.resize(size)
    return size
