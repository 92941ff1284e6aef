"""The managers' dashboard: KPI tiles, QtCharts, an EPCI coverage map and the tables.

The figures come from :func:`hdf_field.services.dashboard.dashboard_data` (on the database
thread when the app passes its TaskRunner). The coverage map is painted in a
QGraphicsView rather than a web view, so a widget grab (the PNG export) includes it on
every platform, and the PDF draws the same projection with reportlab.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMarginsF, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.dashboard import CoverageRow, DashboardData
from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.glossary import Lang, label_of
from hdf_field.services.dashboard import (
    STATUS_COLOURS,
    choropleth,
    epci_geography,
    heat_colour,
    read_dashboard,
    text_on,
    write_dashboard_csv,
    write_dashboard_pdf,
)
from hdf_field.services.database import Database
from hdf_field.services.federation_dashboard import FederationData, read_federation
from hdf_field.ui.common import (
    count_text,
    current_language,
    number_text,
    status_label,
    ui_locale,
)
from hdf_field.ui.federation_view import FederationSection
from hdf_field.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _pct(value: float) -> str:
    """'46,2 %' / '46.2%', as QLocale writes the number."""
    text = number_text(value * 100, 1)
    return f"{text}\u00a0%" if current_language() == "fr" else f"{text}%"


def _int(value: int) -> str:
    return number_text(value)


def _short(name: str, limit: int = 30) -> str:
    """A cluster name short enough for the chart's axis (QtCharts elides every label to
    "..." once one of them is too long)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


class KpiTile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.setStyleSheet(
            "#kpiTile { background: #f8fafc; border: 1px solid #cbd5e1; border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.title = QLabel(title, self)
        self.title.setStyleSheet("color: #475569; font-size: 12px;")
        self.value = QLabel("–", self)
        self.value.setStyleSheet("color: #0f172a; font-size: 26px; font-weight: 700;")
        self.note = QLabel("", self)
        self.note.setStyleSheet("color: #64748b; font-size: 11px;")
        for w in (self.title, self.value, self.note):
            layout.addWidget(w)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)


class CoverageMap(QGraphicsView):
    """EPCI (or any areas) coloured by coverage rate, with a legend and tooltips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(320)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("background: #ffffff; border: none;")
        self.area_items: dict[str, list[Any]] = {}

    def show_rates(
        self,
        areas: Mapping[str, Any] | None,
        rates: Mapping[str, float],
        names: Mapping[str, str],
        title: str,
        no_data: str,
    ) -> None:
        scene = self.scene()
        scene.clear()
        self.area_items = {}
        if not areas:
            return
        size = 520.0
        pen = QPen(QColor("#64748b"), 0.6)
        pen.setCosmetic(True)
        for area in choropleth.project(areas, size, size):
            rate = rates.get(area.code)
            brush = QBrush(QColor(choropleth.colour_for(rate)))
            label = names.get(area.code, area.name)
            tip = f"{label}\n{_pct(rate) if rate is not None else no_data}"
            for poly in area.polygons:
                item = scene.addPolygon(QPolygonF([QPointF(x, y) for x, y in poly[0]]), pen, brush)
                item.setToolTip(tip)
                self.area_items.setdefault(area.code, []).append(item)
        # Legend, right of the map.
        # Sized in scene units so it scales with the map (the view fits the whole scene).
        font = QFont()
        font.setPixelSize(17)
        head = QFont(font)
        head.setBold(True)
        x0, y = size + 20, 40.0
        scene.addText(title, head).setPos(x0 - 4, 0)
        for colour, text in [*choropleth.legend_classes(), (choropleth.NO_DATA, no_data)]:
            scene.addRect(x0, y + 6, 26, 18, QPen(QColor("#64748b"), 0.8), QBrush(QColor(colour)))
            scene.addText(text, font).setPos(x0 + 32, y)
            y += 28
        self.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.scene().items():
            self.fitInView(self.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)


def _chart(title: str) -> QChart:
    chart = QChart()
    # Axis numbers as the interface's language writes them ("2 000", not "2000").
    chart.setLocalizeNumbers(True)
    chart.setLocale(ui_locale())
    chart.setTitle(title)
    font = QFont()
    font.setBold(True)
    font.setPointSizeF(10)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(6)
    chart.setMargins(QMarginsF(4, 4, 4, 4).toMargins())
    chart.legend().setVisible(False)
    return chart


def _chart_view(parent: QWidget) -> QChartView:
    view = QChartView(parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(280)
    return view


class DashboardView(QWidget):
    """Campaign progress for managers; ``refresh()`` rereads the database."""

    refreshed = Signal()
    # Path of a finished export (PNG, PDF or CSV folder), or an error message.
    exported = Signal(str)
    exportFailed = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._weeks = 8
        self.data: DashboardData | None = None
        self.federation_data: FederationData | None = None
        self._epci_outlines: Mapping[str, Any] | None = None
        self._epci_names: dict[str, str] | None = None
        # Let the app (or a test) answer the file dialogs.
        self.choose_file: Callable[[str, str], str] = self._ask_file
        self.choose_folder: Callable[[], str] = self._ask_folder
        self._build()

    # -- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 8, 12, 4)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 18px; font-weight: 700; color: #0f172a;")
        self.as_of = QLabel("", self)
        self.as_of.setStyleSheet("color: #64748b;")
        bar.addWidget(self.title)
        bar.addSpacing(12)
        bar.addWidget(self.as_of)
        bar.addStretch(1)
        self.weeks_label = QLabel(self)
        self.weeks_spin = QSpinBox(self)
        self.weeks_spin.setRange(2, 52)
        self.weeks_spin.setValue(self._weeks)
        bar.addWidget(self.weeks_label)
        bar.addWidget(self.weeks_spin)
        self.refresh_button = QPushButton(self)
        self.png_button = QPushButton(self)
        self.pdf_button = QPushButton(self)
        self.csv_button = QPushButton(self)
        for b in (self.refresh_button, self.png_button, self.pdf_button, self.csv_button):
            bar.addWidget(b)
        outer.addLayout(bar)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget(self.scroll_area)
        self.content.setObjectName("dashboardContent")
        self.content.setStyleSheet("#dashboardContent { background: #ffffff; }")
        self.scroll_area.setWidget(self.content)
        outer.addWidget(self.scroll_area, 1)

        grid = QGridLayout(self.content)
        grid.setContentsMargins(12, 8, 12, 12)
        grid.setSpacing(10)
        tiles = QHBoxLayout()
        self.tile_visited = KpiTile("", self.content)
        self.tile_oriented = KpiTile("", self.content)
        self.tile_members = KpiTile("", self.content)
        self.tile_visits = KpiTile("", self.content)
        self.tile_orgs = KpiTile("", self.content)
        for t in (
            self.tile_visited,
            self.tile_oriented,
            self.tile_members,
            self.tile_visits,
            self.tile_orgs,
        ):
            tiles.addWidget(t)
        grid.addLayout(tiles, 0, 0, 1, 2)
        self.progress = QProgressBar(self.content)
        self.progress.setTextVisible(True)
        self.progress.setFixedHeight(22)
        grid.addWidget(self.progress, 1, 0, 1, 2)

        self.funnel_view = _chart_view(self.content)
        self.officers_box, self.officers_table = self._officers_table()
        self.coverage_view = _chart_view(self.content)
        self.orientations_view = _chart_view(self.content)
        grid.addWidget(self.funnel_view, 2, 0)
        grid.addWidget(self.officers_box, 2, 1)
        grid.addWidget(self.coverage_view, 3, 0)
        grid.addWidget(self.orientations_view, 3, 1)

        self.map = CoverageMap(self.content)
        grid.addWidget(self.map, 4, 0)
        self.tables = QTabWidget(self.content)
        self.table_area = self._table()
        self.table_dep = self._table()
        self.table_epci = self._table()
        for table in (self.table_area, self.table_dep, self.table_epci):
            self.tables.addTab(table, "")
        grid.addWidget(self.tables, 4, 1)
        self.federation = FederationSection(self.content)
        grid.addWidget(self.federation, 5, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.weeks_spin.editingFinished.connect(self._weeks_changed)
        self.png_button.clicked.connect(self._png_clicked)
        self.pdf_button.clicked.connect(self._pdf_clicked)
        self.csv_button.clicked.connect(self._csv_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        """Every visible text, again after a language switch (charts are redrawn)."""
        self.title.setText(self.tr("Tableau de bord de la campagne"))
        self.weeks_label.setText(self.tr("Semaines :"))
        self.weeks_spin.setToolTip(self.tr("Nombre de semaines du graphique des visites"))
        self.refresh_button.setText(self.tr("Actualiser"))
        self.png_button.setText(self.tr("Exporter PNG…"))
        self.pdf_button.setText(self.tr("Exporter PDF…"))
        self.csv_button.setText(self.tr("Exporter CSV…"))
        self.officers_title.setText(
            self.tr("Visites réalisées par chargé de mission et par semaine")
        )
        self.tile_visited.title.setText(self.tr("Visitées au moins une fois"))
        self.tile_oriented.title.setText(self.tr("Orientées vers un pôle"))
        self.tile_members.title.setText(self.tr("Adhérents"))
        self.tile_visits.title.setText(self.tr("Visites réalisées"))
        self.tile_orgs.title.setText(self.tr("Prospects"))
        for i, text in enumerate(
            (self.tr("Territoires"), self.tr("Départements"), self.tr("EPCI"))
        ):
            self.tables.setTabText(i, text)
        headers = [self.tr("Zone"), self.tr("Prospects"), self.tr("Visités"), self.tr("Couverture")]
        for table in (self.table_area, self.table_dep, self.table_epci):
            table.setHorizontalHeaderLabels(headers)
        if self.data is not None:
            self.show_data(self.data)
        self.federation.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _officers_table(self) -> tuple[QFrame, QTableWidget]:
        """Officers × weeks as a heat table: every officer stays readable, which a bar chart
        with a dozen series per week is not."""
        box = QFrame(self.content)
        box.setObjectName("officersBox")
        box.setStyleSheet(
            "#officersBox { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 6px; }"
        )
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 6, 8, 8)
        self.officers_title = QLabel(box)
        self.officers_title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.officers_title.setStyleSheet("font-weight: 700; color: #0f172a;")
        layout.addWidget(self.officers_title)
        table = QTableWidget(0, 0, box)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setShowGrid(False)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setMinimumHeight(250)
        layout.addWidget(table, 1)
        return box, table

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 4, self.content)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(320)
        return table

    # -- data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reread the figures (and, the first time, the EPCI outlines)."""
        need_geo = self._epci_outlines is None

        def fetch() -> tuple[
            DashboardData, FederationData, Mapping[str, Any] | None, dict[str, str] | None
        ]:
            outlines = names = None
            if need_geo:
                outlines, names = epci_geography()
            today = date.today()
            data = read_dashboard(
                self._db,
                today=today,
                weeks=self._weeks,
                epci_names=names if need_geo else self._epci_names,
            )
            return data, read_federation(self._db, today=today), outlines, names

        def show(result: tuple[DashboardData, FederationData, Any, Any]) -> None:
            data, federation, outlines, names = result
            if need_geo:
                self._epci_outlines, self._epci_names = outlines, names
            self.federation_data = federation
            self.federation.show_data(federation)
            self.show_data(data)

        if self._runner is None:
            show(fetch())
        else:
            self._runner.run(fetch, show, lambda exc: self.exportFailed.emit(str(exc)))

    def _weeks_changed(self) -> None:
        if self.weeks_spin.value() != self._weeks:
            self._weeks = self.weeks_spin.value()
            self.refresh()

    def set_epci_outlines(self, outlines: Mapping[str, Any], names: Mapping[str, str]) -> None:
        """Use these areas for the coverage map instead of the gazetteer's EPCI."""
        self._epci_outlines = outlines
        self._epci_names = dict(names)

    def show_data(self, data: DashboardData) -> None:
        self.data = data
        k = data.kpis
        self.as_of.setText(self.tr("au %1").replace("%1", data.today.strftime("%d/%m/%Y")))
        self.tile_visited.set(
            _int(k.visited),
            self.tr("%1 de l'objectif de %2")
            .replace("%1", _pct(k.progress))
            .replace("%2", _int(k.target)),
        )
        self.tile_oriented.set(_int(k.oriented), _pct(k.oriented / k.target if k.target else 0))
        self.tile_members.set(_int(k.members), _pct(k.members / k.target if k.target else 0))
        self.tile_visits.set(
            _int(k.visits_done), self.tr("%1 planifiées").replace("%1", _int(k.visits_planned))
        )
        self.tile_orgs.set(_int(k.organisations), self.tr("dans la base"))
        self.progress.setRange(0, max(k.target, 1))
        self.progress.setValue(min(k.visited, k.target))
        self.progress.setFormat(
            self.tr("Objectif %1 organisations : %2 visitées (%3)")
            .replace("%1", _int(k.target))
            .replace("%2", _int(k.visited))
            .replace("%3", _pct(k.progress))
        )
        self._funnel_chart(data)
        self._officers_chart(data)
        self._coverage_chart(data)
        self._orientations_chart(data)
        self.map.show_rates(
            self._epci_outlines,
            choropleth.rates_by_code(data.by_epci),
            self._epci_names or {},
            self.tr("Part des prospects visités par EPCI"),
            self.tr("sans prospect"),
        )
        self._fill(self.table_area, data.by_area, label=self.area_label)
        self._fill(self.table_dep, data.by_departement, with_code=True)
        self._fill(self.table_epci, data.by_epci)
        self.refreshed.emit()

    def _fill(
        self,
        table: QTableWidget,
        rows: Sequence[CoverageRow],
        with_code: bool = False,
        label: Callable[[str], str] | None = None,
    ) -> None:
        table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            if label is not None:
                text = label(r.code)
            else:
                text = f"{r.code} {r.label}" if with_code else r.label
            cells = [text, _int(r.prospects), _int(r.visited), _pct(r.rate)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(i, j, item)

    # -- charts ---------------------------------------------------------------------------

    def _horizontal(
        self,
        view: QChartView,
        title: str,
        names: list[str],
        values: list[float],
        colours: list[str],
        *,
        percent: bool = False,
    ) -> None:
        """One bar per category, each with its own colour (a stacked series with one set per
        bar is the QtCharts way to colour bars individually). The figure goes after the
        category's name: inside the bar it was clipped whenever the bar was short."""
        chart = _chart(title)
        series = QHorizontalStackedBarSeries()
        n = len(names)
        # The value goes into the category name: a label inside a short bar gets clipped.
        names = [
            f"{name}   {_pct(value) if percent else _int(round(value))}"
            for name, value in zip(names, values, strict=True)
        ]
        for i, (value, colour) in enumerate(zip(values, colours, strict=True)):
            bar = QBarSet(names[i])
            bar.append(
                [value * 100 if percent and j == i else (value if j == i else 0) for j in range(n)]
            )
            bar.setColor(QColor(colour))
            bar.setBorderColor(QColor(colour))
            series.append(bar)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.setTruncateLabels(False)  # an elided "…" names nothing
        axis_y.append(names or [""])
        if n > 8:
            # Ten rows of the default font do not fit the chart's height, and QtCharts then
            # elides every label to "...".
            small = QFont()
            small.setPointSizeF(7.5)
            axis_y.setLabelsFont(small)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        top = max(values, default=0) * (100 if percent else 1)
        axis_x.setRange(0, max(top * 1.15, 1 if not percent else 10))
        axis_x.setLabelFormat("%d %%" if percent else "%d")
        axis_x.applyNiceNumbers()
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        view.setChart(chart)

    def _funnel_chart(self, data: DashboardData) -> None:
        steps = list(data.funnel)[::-1]
        self._horizontal(
            self.funnel_view,
            self.tr("Entonnoir : organisations par statut"),
            [status_label(FunnelStatus(s)) for s, _ in steps],
            [float(n) for _, n in steps],
            [STATUS_COLOURS[s] for s, _ in steps],
        )

    def _officers_chart(self, data: DashboardData) -> None:
        table = self.officers_table
        weeks = [w.strftime("%d/%m") for w in data.weeks]
        table.clear()
        table.setColumnCount(len(weeks) + 2)
        table.setHorizontalHeaderLabels([self.tr("Chargé de mission"), *weeks, self.tr("Total")])
        table.setRowCount(len(data.officers))
        top = max((n for o in data.officers for n in o.visits), default=0)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        centre = Qt.AlignmentFlag.AlignCenter
        for i, o in enumerate(data.officers):
            table.setItem(i, 0, QTableWidgetItem(o.officer))
            for j, n in enumerate(o.visits, start=1):
                item = QTableWidgetItem(str(n) if n else "·")
                item.setTextAlignment(centre)
                fill = heat_colour(n, top)
                item.setBackground(QColor(fill))
                item.setForeground(QColor(text_on(fill)))
                item.setToolTip(
                    self.tr("%1 : %2 la semaine du %3")
                    .replace("%1", o.officer)
                    .replace("%2", count_text(n, self.tr("%n visite"), self.tr("%n visites")))
                    .replace("%3", weeks[j - 1])
                )
                table.setItem(i, j, item)
            total = QTableWidgetItem(_int(o.total))
            total.setTextAlignment(right)
            bold = total.font()
            bold.setBold(True)
            total.setFont(bold)
            table.setItem(i, len(weeks) + 1, total)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for j in range(1, len(weeks) + 2):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
        # Show every officer without scrolling (a team is a dozen people, not hundreds).
        rows = min(len(data.officers), 20)
        row_height = table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(max(250, header.sizeHint().height() + rows * row_height + 4))

    def area_label(self, code: str) -> str:
        return label_of(Area, code, current_language())

    def _coverage_chart(self, data: DashboardData) -> None:
        rows = [*data.by_area, *data.by_departement]
        names = [
            self.area_label(r.code) if r in data.by_area else f"{r.code} {r.label}" for r in rows
        ]
        colours = ["#1e3a8a"] * len(data.by_area) + ["#3b82f6"] * len(data.by_departement)
        self._horizontal(
            self.coverage_view,
            self.tr("Couverture : part des prospects visités"),
            names[::-1],
            [round(r.rate, 3) for r in rows][::-1],
            colours[::-1],
            percent=True,
        )

    def _orientations_chart(self, data: DashboardData) -> None:
        top = list(data.orientations[:10])[::-1]
        self._horizontal(
            self.orientations_view,
            self.tr("Organisations orientées par pôle"),
            [_short(name) for name, _ in top],
            [float(n) for _, n in top],
            ["#2fb380"] * len(top),
        )

    # -- exports --------------------------------------------------------------------------

    def _ask_file(self, caption: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, caption, "", pattern)
        return path

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Dossier des fichiers CSV"))

    def export_png(self, path: Path) -> Path:
        """The whole dashboard (not only the part scrolled into view) as an image."""
        self.content.grab().save(str(path), "PNG")
        self.exported.emit(str(path))
        return path

    def export_pdf(self, path: Path) -> None:
        """Rendered off the GUI thread when a runner is available; ``exported`` on success."""
        if self.data is None:
            self.exportFailed.emit(self.tr("Aucune donnée à exporter"))
            return
        data, outlines, federation = self.data, self._epci_outlines, self.federation_data
        lang: Lang = "en" if current_language() == "en" else "fr"

        def work() -> Path:
            return write_dashboard_pdf(
                data, path, epci_outlines=outlines, lang=lang, federation=federation
            )

        self._run(work)

    def export_csv(self, folder: Path) -> None:
        if self.data is None:
            self.exportFailed.emit(self.tr("Aucune donnée à exporter"))
            return
        data = self.data

        def work() -> Path:
            write_dashboard_csv(data, folder)
            return folder

        self._run(work)

    def _run(self, work: Callable[[], Path]) -> None:
        def done(path: Path) -> None:
            self.exported.emit(str(path))

        def failed(exc: BaseException) -> None:
            log.error("dashboard export failed: %s", exc)
            self.exportFailed.emit(str(exc))

        if self._runner is None:
            try:
                done(work())
            except OSError as exc:
                failed(exc)
        else:
            self._runner.run(work, done, failed)

    def _png_clicked(self) -> None:
        path = self.choose_file(self.tr("Exporter en PNG"), self.tr("Image PNG (*.png)"))
        if path:
            self.export_png(Path(path))

    def _pdf_clicked(self) -> None:
        path = self.choose_file(self.tr("Exporter en PDF"), self.tr("Document PDF (*.pdf)"))
        if path:
            self.export_pdf(Path(path))

    def _csv_clicked(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.export_csv(Path(folder))
