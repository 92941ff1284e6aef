"""Read-only tables of a planned campaign: one row per officer, one per coverage group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from hdf_field.domain.enums import Area, OrgKind
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.services.campaign_run import CoverageLine, OfficerLine
from hdf_field.services.day_planner import Unserved
from hdf_field.ui.common import kind_label
from hdf_field.ui.planner.formatting import duration_text, whole

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def percent(share: float) -> str:
    return f"{round(100 * share)} %"


def group_label(grouping: str, code: str) -> str:
    """A coverage group in words: "59 Nord", "Belgique", "ex-Picardie", "Laboratoire"."""
    if code == "?":
        return QCoreApplication.translate("CampaignModels", "Non renseigné")
    belgium = QCoreApplication.translate("CampaignModels", "Belgique")
    if grouping == "departement":
        return belgium if code == "BE" else f"{code} {DEPARTEMENTS.get(code, '')}".strip()
    if grouping == "area":
        return belgium if code == Area.BELGIUM.value else code
    try:
        return kind_label(OrgKind(code))
    except ValueError:
        return code


class OfficerLinesModel(QAbstractTableModel):
    """Days, visits, value, km, drive time and workload per officer; a total row last."""

    COLUMNS = 7

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[OfficerLine] = []

    def set_lines(self, lines: Sequence[OfficerLine]) -> None:
        self.beginResetModel()
        self._rows = list(lines)
        self.endResetModel()

    def lines(self) -> list[OfficerLine]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._rows else len(self._rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.COLUMNS:
            return (
                self.tr("Chargé de mission"),
                self.tr("Jours"),
                self.tr("Visites"),
                self.tr("Valeur"),
                self.tr("Km"),
                self.tr("Route"),
                self.tr("Charge"),
            )[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == 6:
            return self.tr("Temps de route et de visite rapporté aux heures de travail")
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return RIGHT
        return None

    def _total(self) -> OfficerLine:
        rows = self._rows
        return OfficerLine(
            "",
            self.tr("Total"),
            sum(r.days for r in rows),
            sum(r.visits for r in rows),
            round(sum(r.value for r in rows), 2),
            round(sum(r.km for r in rows), 1),
            sum(r.drive_min for r in rows),
            sum(r.busy_min for r in rows),
            sum(r.available_min for r in rows),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() <= len(self._rows):
            return None
        is_total = index.row() == len(self._rows)
        line = self._total() if is_total else self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                line.name,
                str(line.days),
                str(line.visits),
                f"{line.value:.0f}",
                whole(line.km),
                duration_text(line.drive_min),
                percent(line.workload),
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and is_total:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == 6:
            return self.tr("{busy} occupées sur {available}").format(
                busy=duration_text(line.busy_min), available=duration_text(line.available_min)
            )
        if role == Qt.ItemDataRole.BackgroundRole and col == 6 and not is_total:
            # an officer far above or below the others: the balance to look at
            if line.workload > 0.95:
                return QBrush(QColor("#fde2e1"))
            if line.workload < 0.5:
                return QBrush(QColor("#fff4d6"))
        return None


class CoverageModel(QAbstractTableModel):
    """One grouping (département, area or kind): now, the campaign's visits, and after it."""

    COLUMNS = 4

    def __init__(self, grouping: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.grouping = grouping
        self._rows: list[CoverageLine] = []

    def set_lines(self, lines: Sequence[CoverageLine]) -> None:
        self.beginResetModel()
        self._rows = [line for line in lines if line.grouping == self.grouping]
        self.endResetModel()

    def lines(self) -> list[CoverageLine]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.COLUMNS:
            first = {
                "departement": self.tr("Département"),
                "area": self.tr("Zone"),
                "kind": self.tr("Type"),
            }.get(self.grouping, "")
            return (first, self.tr("Visitées"), self.tr("Campagne"), self.tr("Couverture"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                1: self.tr("Organisations déjà visitées à ce jour / organisations du groupe"),
                2: self.tr("Visites que la campagne planifie / prospects à visiter"),
                3: self.tr("Part des organisations visitées : aujourd'hui → après la campagne"),
            }.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                group_label(line.grouping, line.code),
                f"{line.visited} / {line.organisations}",
                f"{line.planned} / {line.prospects}",
                f"{percent(line.rate_now)} → {percent(line.rate_after)}",
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return RIGHT
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and col == 3
            and line.prospects
            and not line.planned
        ):
            return QBrush(QColor("#fde2e1"))  # prospects left with no visit at all
        return None


class LeftOutModel(QAbstractTableModel):
    """Fixed appointments the plan could not hold, each with its reason in words.

    A count alone ("12 rendez-vous fixe(s) hors plan") leaves the manager to guess which
    meetings to move; this lists them, the organisation first, the reason beside it.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Unserved] = []

    def set_rows(self, rows: Sequence[Unserved]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda u: (not u.fixed, collation_key(u.name)))
        self.endResetModel()

    def rows(self) -> list[Unserved]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return QCoreApplication.translate("CampaignModels", "Rendez-vous")
        if section == 1:
            return QCoreApplication.translate("CampaignModels", "Pourquoi il est hors plan")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        u = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return u.name if index.column() == 0 else u.reason
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0 and u.fixed:
            return QBrush(QColor("#b71c1c"))
        return None
