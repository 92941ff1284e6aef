"""Small shared pieces of the GUI: icons, the glossary's labels in the interface's language,
counts with real plurals and QLocale numbers."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from PySide6.QtCore import QDate, QLocale, QSize
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QWidget

from hdf_field.domain import glossary
from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, OrgKind, VisitOutcome, VisitStatus
from hdf_field.domain.error_messages import render
from hdf_field.domain.formatting import plural
from hdf_field.paths import resources_dir


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def status_label(status: FunnelStatus) -> str:
    return glossary.label(status, current_language())


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
    return glossary.label(kind, current_language())


def outcome_label(outcome: VisitOutcome) -> str:
    return glossary.label(outcome, current_language())


def visit_status_label(status: VisitStatus) -> str:
    return glossary.label(status, current_language())


def follow_up_status_label(status: FollowUpStatus) -> str:
    return glossary.label(status, current_language())


def priority_label(priority: int) -> str:
    return glossary.priority_label(priority, current_language())


def interest_label(interest: int) -> str:
    return glossary.interest_label(interest, current_language())


def enum_label(member: StrEnum) -> str:
    """Any stored code's name from the glossary, in the interface's language."""
    return glossary.label(member, current_language())


def error_text(exc: BaseException) -> str:
    """An error of the core in the interface's language (its code and parameters, the field
    named as the form names it); an error without a code keeps its own text."""
    return render(exc, current_language())


def count_text(n: int, one: str, many: str) -> str:
    """A count with its real plural ("0 visite", "2 visites" / "0 visits"): ``one`` and
    ``many`` are the tr()'d forms, holding ``%n`` where the number goes (QLocale-formatted)."""
    lang = current_language()
    return plural(n, one, many, lang).replace("%n", number_text(n))


def ui_locale() -> QLocale:
    """The locale of the interface's language: French or English whatever the system's
    (a test or a first start may not have set the default yet)."""
    if current_language() == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.French, QLocale.Country.France)


def number_text(value: float, decimals: int = 0) -> str:
    """'7 000' / '7,000', '14,4' / '14.4', as QLocale writes them."""
    if decimals == 0:
        return ui_locale().toString(round(value))
    return ui_locale().toString(float(value), "f", decimals)


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def to_date(value: QDate) -> date:
    """A picked day as a ``date``: PySide6 types ``QDate.toPython()`` as a bare object."""
    return date(value.year(), value.month(), value.day())


def current_language() -> str:
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
