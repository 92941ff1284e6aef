"""The week at a glance as a table: one column per weekday, one visit per cell, in day order.

Column headers carry the day and its totals, so a day's figures stay above its visits however
long the other days are.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from hdf_field.services.day_planner import WeekDay, WeekOverview, WeekVisit
from hdf_field.ui.common import count_text, current_language
from hdf_field.ui.planner.formatting import duration_text, km_text

Index = QModelIndex | QPersistentModelIndex
FIXED_BG = QColor("#e3ecf7")
TODAY_FG = QColor("#1565c0")


class WeekModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._week: WeekOverview | None = None
        self._rows = 0

    # -- data in -----------------------------------------------------------------------------
    def set_week(self, week: WeekOverview | None) -> None:
        self.beginResetModel()
        self._week = week
        self._rows = max((len(d.visits) for d in week.days), default=0) if week else 0
        self.endResetModel()

    @property
    def week(self) -> WeekOverview | None:
        return self._week

    def day_at(self, column: int) -> WeekDay | None:
        if self._week is None or not 0 <= column < len(self._week.days):
            return None
        return self._week.days[column]

    def visit_at(self, index: Index) -> WeekVisit | None:
        day = self.day_at(index.column())
        if day is None or not 0 <= index.row() < len(day.visits):
            return None
        return day.visits[index.row()]

    def totals_text(self, column: int) -> str:
        """Visits and km, then drive time on its own line: a column stays narrow enough."""
        day = self.day_at(column)
        if day is None:
            return ""
        if not day.visits:
            return self.tr("aucune visite")
        first = " · ".join(
            (
                count_text(len(day.visits), self.tr("%n visite"), self.tr("%n visites")),
                self.tr("{km} km").format(km=km_text(day.km)),
            )
        )
        return first + "\n" + self.tr("{time} de route").format(time=duration_text(day.drive_min))

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._week is None:
            return 0
        return len(self._week.days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        visit = self.visit_at(index)
        if visit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [f"{visit.start:%H:%M}  {visit.name}"]
            if visit.commune:
                lines.append(visit.commune)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{visit.start:%H:%M} — {visit.name}"
            if visit.commune:
                text += f" ({visit.commune})"
            if visit.fixed:
                text += "\n" + self.tr("Rendez-vous fixe")
            return text + "\n" + self.tr("Cliquer pour ouvrir la journée")
        if role == Qt.ItemDataRole.BackgroundRole and visit.fixed:
            return QBrush(FIXED_BG)
        if role == Qt.ItemDataRole.FontRole and visit.fixed:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        day = self.day_at(section)
        if day is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{_day_label(day.day)}\n{self.totals_text(section)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Cliquer pour ouvrir la journée dans le planificateur")
        if role == Qt.ItemDataRole.ForegroundRole and day.day == date.today():
            return QBrush(TODAY_FG)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.visit_at(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _day_label(day: date) -> str:
    """'mardi 8/01': the interface's language, whatever the system locale says."""
    lang = QLocale.Language.English if current_language() == "en" else QLocale.Language.French
    return QLocale(lang).toString(QDate(day.year, day.month, day.day), "dddd d/MM")
