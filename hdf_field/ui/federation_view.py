"""The dashboard's « Fédération des pôles » section: referrals per cluster by status with their
conversion and answer delay, the referrals to chase (sortable), and the members the clusters
took in by historical area.

Three read-only table models over one :class:`FederationData` (computed on the database thread
with the rest of the dashboard); the definitions behind the figures are in
:mod:`hdf_field.domain.federation` and are stated on screen in a footnote and the headers'
tooltips.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.enums import Area, ReferralStatus
from hdf_field.domain.federation import (
    AREA_COLUMNS,
    CHASE_AFTER_DAYS,
    ClusterFederation,
    FederationData,
)
from hdf_field.domain.formatting import number, percent
from hdf_field.domain.glossary import label_of
from hdf_field.ui.common import current_language

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# The raw value a column sorts by (numbers as numbers, dates as dates).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def _int(value: int) -> str:
    return number(value, current_language())


def _rate(value: float | None) -> str:
    return "–" if value is None else percent(value, current_language())


class _FederationModel(QAbstractTableModel):
    """Common ground: the figures, a header per column, a bold "federation" last row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_: FederationData | None = None

    def set_data(self, data: FederationData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def headers(self) -> list[str]:
        raise NotImplementedError

    def tips(self) -> dict[int, str]:
        return {}

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.headers())

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips().get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section:
            return int(RIGHT)
        return None


class _PerClusterModel(_FederationModel):
    """A row per cluster of the reference data, then the bold federation row; subclasses
    only say what each cell reads."""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        if parent.isValid() or self.data_ is None:
            return 0
        return len(self.data_.clusters) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.data_ is None:
            return None
        clusters = self.data_.clusters
        total_row = index.row() == len(clusters)
        col = index.column()
        if role == Qt.ItemDataRole.FontRole and total_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(RIGHT)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._cell(self.data_, None if total_row else clusters[index.row()], col)

    def _cell(self, data: FederationData, cluster: ClusterFederation | None, col: int) -> str:
        """The text of column ``col`` for ``cluster``, or for the federation when ``None``."""
        raise NotImplementedError


class ClusterReferralsModel(_PerClusterModel):
    """One row per cluster (every cluster, even with no referral), then the federation."""

    def _short_status(self) -> dict[ReferralStatus, str]:
        """Column headings short enough for a 1366-pixel screen at 150 %; the glossary's full
        name is the heading's tooltip."""
        return {
            ReferralStatus.SENT: self.tr("Transmise"),
            ReferralStatus.ACKNOWLEDGED: self.tr("Prise en compte"),
            ReferralStatus.MEETING: self.tr("RDV prévu"),
            ReferralStatus.MEMBER: self.tr("Adhérent"),
            ReferralStatus.DECLINED: self.tr("Déclinée"),
        }

    def headers(self) -> list[str]:
        short = self._short_status()
        return [
            self.tr("Pôle"),
            *(short[s] for s in ReferralStatus),
            self.tr("Total"),
            self.tr("Conversion"),
            self.tr("Délai médian"),
            self.tr("À relancer"),
        ]

    def tips(self) -> dict[int, str]:
        n = len(ReferralStatus)
        lang = current_language()
        return {
            **{i: label_of(ReferralStatus, s, lang) for i, s in enumerate(ReferralStatus, start=1)},
            n + 2: self.tr(
                "Adhérents ÷ transmissions tranchées (adhérent ou déclinée) ; "
                "les transmissions en cours n'y entrent pas"
            ),
            n + 3: self.tr(
                "Jours entre l'envoi et la première réponse du pôle (premier changement de "
                "statut ou premier commentaire), médiane des transmissions qui ont une réponse"
            ),
            n + 4: self.tr("Transmissions sans aucune réponse depuis plus de %1 jours").replace(
                "%1", _int(CHASE_AFTER_DAYS)
            ),
        }

    def _cell(self, data: FederationData, cluster: ClusterFederation | None, col: int) -> str:
        n = len(ReferralStatus)
        if cluster is None:
            d = data
            by_status, total = d.by_status, d.total
            conversion, median, chase = d.conversion, d.median_days_to_answer, len(d.chase)
            name = self.tr("Fédération")
        else:
            c = cluster
            by_status, total = c.by_status, c.total
            conversion, median, chase = c.conversion, c.median_days_to_answer, c.to_chase
            name = c.cluster
        if col == 0:
            return str(name)
        if col <= n:
            return _int(by_status[col - 1])
        if col == n + 1:
            return _int(total)
        if col == n + 2:
            return _rate(conversion)
        if col == n + 3:
            if median is None:
                return "–"
            return self.tr("%1 j").replace("%1", number(median, current_language(), 1))
        return _int(chase)


class ChaseModel(_FederationModel):
    """The referrals to chase: organisation, cluster, officer, sent on, days waiting."""

    def headers(self) -> list[str]:
        return [
            self.tr("Organisation"),
            self.tr("Pôle"),
            self.tr("Chargé de mission"),
            self.tr("Envoyée le"),
            self.tr("Jours d'attente"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        if parent.isValid() or self.data_ is None:
            return 0
        return len(self.data_.chase)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(RIGHT) if section >= 3 else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.data_ is None:
            return None
        r = self.data_.chase[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(RIGHT)
        values: tuple[Any, ...] = (r.organisation, r.cluster, r.officer, r.sent_on, r.days_waiting)
        if role == SORT_ROLE:
            value = values[col]
            return value.isoformat() if col == 3 else value
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 3:
                return r.sent_on.strftime("%d/%m/%Y")
            if col == 4:
                return _int(r.days_waiting)
            return values[col]
        return None


class MembersByAreaModel(_PerClusterModel):
    """Members taken in per cluster and historical area, then the federation (distinct)."""

    def headers(self) -> list[str]:
        lang = current_language()
        areas = [self.tr("Inconnu") if a is None else label_of(Area, a, lang) for a in AREA_COLUMNS]
        return [self.tr("Pôle"), *areas, self.tr("Total")]

    def tips(self) -> dict[int, str]:
        return {
            len(AREA_COLUMNS) + 1: self.tr(
                "Une organisation adhérente de deux pôles compte une fois dans la ligne Fédération"
            )
        }

    def _cell(self, data: FederationData, cluster: ClusterFederation | None, col: int) -> str:
        if cluster is None:
            name, counts = self.tr("Fédération"), data.members_by_area
        else:
            name, counts = cluster.cluster, cluster.members_by_area
        if col == 0:
            return str(name)
        if col <= len(counts):
            return _int(counts[col - 1])
        return _int(sum(counts))


def _view(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setMinimumHeight(240)
    return view


class FederationSection(QFrame):
    """The section the dashboard adds below its coverage map and tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("federationBox")
        self.setStyleSheet(
            "#federationBox { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 6px; }"
        )
        self.data: FederationData | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 16px; font-weight: 700; color: #0f172a;")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)

        self.clusters_model = ClusterReferralsModel(self)
        self.chase_model = ChaseModel(self)
        self.members_model = MembersByAreaModel(self)
        self.chase_proxy = QSortFilterProxyModel(self)
        self.chase_proxy.setSourceModel(self.chase_model)
        self.chase_proxy.setSortRole(SORT_ROLE)
        self.tabs = QTabWidget(self)
        self.clusters_view = _view(self.clusters_model, self.tabs)
        self.chase_view = _view(self.chase_proxy, self.tabs)  # type: ignore[arg-type]
        self.chase_view.setSortingEnabled(True)
        self.chase_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.members_view = _view(self.members_model, self.tabs)
        for view in (self.clusters_view, self.chase_view, self.members_view):
            self.tabs.addTab(view, "")
        layout.addWidget(self.tabs, 1)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #64748b; font-size: 11px;")
        layout.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Fédération des pôles"))
        self.tabs.setTabText(0, self.tr("Transmissions par pôle"))
        self.tabs.setTabText(2, self.tr("Adhérents par territoire"))
        self.note.setText(
            self.tr(
                "Conversion : adhérents ÷ transmissions tranchées (adhérent ou déclinée) ; les "
                "transmissions en cours n'y entrent pas. Délai médian : jours entre l'envoi et "
                "la première réponse du pôle (premier changement de statut ou premier "
                "commentaire)."
            )
        )
        for model in (self.clusters_model, self.chase_model, self.members_model):
            model.retranslate()
        self._texts()

    def _texts(self) -> None:
        d = self.data
        late = len(d.chase) if d is not None else 0
        # Not « À relancer »: an unselected tab clips the accent of a capital (Fusion style).
        self.tabs.setTabText(1, self.tr("Relances à faire (%1)").replace("%1", _int(late)))
        if d is None:
            self.summary.setText("")
            return
        median = (
            "–"
            if d.median_days_to_answer is None
            else self.tr("%1 j").replace(
                "%1", number(d.median_days_to_answer, current_language(), 1)
            )
        )
        self.summary.setText(
            self.tr(
                "%1 transmissions, conversion %2, délai médian de première réponse %3, "
                "%4 sans réponse depuis plus de %5 jours."
            )
            .replace("%1", _int(d.total))
            .replace("%2", _rate(d.conversion))
            .replace("%3", median)
            .replace("%4", _int(late))
            .replace("%5", _int(d.chase_after_days))
        )

    def show_data(self, data: FederationData) -> None:
        self.data = data
        for model in (self.clusters_model, self.chase_model, self.members_model):
            model.set_data(data)
        self._texts()
        # Every cluster in view without an inner scroll bar (the federation counts a score of
        # clusters, not hundreds); the dashboard itself scrolls.
        rows = min(len(data.clusters) + 1, 30)
        for view in (self.clusters_view, self.chase_view, self.members_view):
            header = view.horizontalHeader().sizeHint().height()
            row = view.verticalHeader().defaultSectionSize()
            view.setMinimumHeight(max(240, header + rows * row + 2 * view.frameWidth() + 4))
