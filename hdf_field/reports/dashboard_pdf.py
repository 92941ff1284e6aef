"""The managers' dashboard as a PDF: a pure function of the dashboard data, bytes out."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hdf_field.domain.dashboard import CoverageRow, DashboardData
from hdf_field.domain.enums import Area, FunnelStatus
from hdf_field.domain.formatting import number, percent
from hdf_field.domain.glossary import label_of
from hdf_field.reports import choropleth
from hdf_field.reports.maps import STATUS_COLOURS

INK = colors.HexColor("#0f172a")
MUTED = colors.HexColor("#64748b")
ACCENT = colors.HexColor("#1d4ed8")


def _core(text: str) -> str:
    """The narrow no-break space of French numbers is not in Helvetica's encoding (it prints
    as a black box): the ordinary no-break space keeps the digits together just as well."""
    return text.replace("\u202f", "\xa0")


def _pct(value: float) -> str:
    return _core(percent(value, "fr", 1))


def _int(value: int) -> str:
    return _core(number(value, "fr"))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _kpi_table(data: DashboardData, styles: Any) -> Table:
    k = data.kpis
    tiles = [
        (
            "Visitées au moins une fois",
            _int(k.visited),
            f"{_pct(k.progress)} de l'objectif de {_int(k.target)}",
        ),
        ("Orientées vers un pôle", _int(k.oriented), _pct(_share(k.oriented, k.target))),
        ("Adhérents", _int(k.members), _pct(_share(k.members, k.target))),
        ("Visites réalisées", _int(k.visits_done), f"{_int(k.visits_planned)} planifiées"),
        ("Prospects", _int(k.organisations), "dans la base"),
    ]
    big = styles["Title"].clone("kpi", fontSize=20, leading=24, textColor=INK, spaceAfter=0)
    small = styles["Normal"].clone("kpismall", fontSize=8, leading=10, textColor=MUTED)
    cells = [
        [Paragraph(label, small), Paragraph(value, big), Paragraph(note, small)]
        for label, value, note in tiles
    ]
    inner = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    table = Table(
        [[Table([[c] for c in cell], style=inner) for cell in cells]],
        colWidths=[52 * mm] * len(tiles),
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#cbd5e1")),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#cbd5e1")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f8fafc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(
        String(0, drawing.height - 12, text, fontName="Helvetica-Bold", fontSize=10, fillColor=INK)
    )


def _funnel_chart(data: DashboardData, width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    _title(d, "Entonnoir de la campagne (organisations par statut)")
    chart = HorizontalBarChart()
    chart.x, chart.y = 95, 10
    chart.width, chart.height = width - 130, height - 35
    values = [n for _, n in data.funnel][::-1]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label_of(FunnelStatus, s) for s, _ in data.funnel][::-1]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars.strokeWidth = 0
    for i, (status, _) in enumerate(data.funnel[::-1]):
        chart.bars[(0, i)].fillColor = colors.HexColor(STATUS_COLOURS[status])
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def _bars(
    title: str,
    names: Sequence[str],
    values: Sequence[float],
    width: float,
    height: float,
    *,
    percent: bool = False,
    colour: str = "#1d4ed8",
) -> Drawing:
    d = Drawing(width, height)
    _title(d, title)
    if not values:
        d.add(String(0, height / 2, "Aucune donnée", fontSize=9, fillColor=MUTED))
        return d
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 10
    chart.width, chart.height = width - 160, height - 35
    chart.data = [list(values)[::-1]]
    chart.categoryAxis.categoryNames = [n[:32] for n in names][::-1]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if percent:
        chart.valueAxis.valueMax = max(1.0, max(values)) if max(values) > 0.5 else 0.5
        chart.valueAxis.labelTextFormat = lambda v: f"{v * 100:.0f} %"
        chart.barLabelFormat = lambda v: f"{v * 100:.0f} %"
    else:
        chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars.strokeWidth = 0
    chart.bars[0].fillColor = colors.HexColor(colour)
    d.add(chart)
    return d


def heat_colour(value: int, top: int) -> str:
    """White to deep blue by share of the busiest week, so a glance finds the busy weeks."""
    if value <= 0 or top <= 0:
        return "#ffffff"
    share = min(value / top, 1.0)
    low, high = (0xDB, 0xEA, 0xFE), (0x1E, 0x40, 0xAF)
    rgb = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def text_on(fill: str) -> str:
    """Dark text on light cells, white on dark ones."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#0f172a" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _officers_table(data: DashboardData, width: float, styles: Any) -> list[Any]:
    """Every officer, week by week: a heat table rather than a chart with a dozen series."""
    title = Paragraph(
        f"Visites réalisées par chargé de mission ({len(data.weeks)} dernières semaines)",
        styles["Normal"].clone("officers", fontName="Helvetica-Bold", fontSize=10),
    )
    if not data.officers:
        return [title, Paragraph("Aucune visite sur la période", styles["Normal"])]
    weeks = [w.strftime("%d/%m") for w in data.weeks]
    name = styles["Normal"].clone("officername", fontSize=7, leading=8)
    body: list[list[Any]] = [["Chargé de mission", *weeks, "Total"]] + [
        [Paragraph(escape(o.officer), name), *(str(n) if n else "·" for n in o.visits)]
        + [str(o.total)]
        for o in data.officers
    ]
    cell = min(11 * mm, (width - 45 * mm) / (len(weeks) + 1))
    table = Table(
        body,
        colWidths=[width - cell * (len(weeks) + 1)] + [cell] * (len(weeks) + 1),
        repeatRows=1,
    )
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTNAME", (-1, 1), (-1, -1), "Helvetica-Bold"),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    top = max((n for o in data.officers for n in o.visits), default=0)
    for i, o in enumerate(data.officers, start=1):
        for j, n in enumerate(o.visits, start=1):
            fill = heat_colour(n, top)
            style.append(("BACKGROUND", (j, i), (j, i), colors.HexColor(fill)))
            style.append(("TEXTCOLOR", (j, i), (j, i), colors.HexColor(text_on(fill))))
    table.setStyle(TableStyle(style))
    return [title, Spacer(1, 2 * mm), table]


def choropleth_drawing(
    areas: Mapping[str, Any],
    rates: Mapping[str, float],
    width: float,
    height: float,
    *,
    title: str = "Part des prospects visités par EPCI",
) -> Drawing:
    d = Drawing(width, height)
    _title(d, title)
    map_w, map_h = width - 110, height - 20
    for area in choropleth.project(areas, map_w, map_h):
        fill = colors.HexColor(choropleth.colour_for(rates.get(area.code)))
        for poly in area.polygons:
            outer = poly[0]
            points = [v for x, y in outer for v in (x, map_h - y)]
            d.add(
                Polygon(
                    points, fillColor=fill, strokeColor=colors.HexColor("#64748b"), strokeWidth=0.3
                )
            )
    y = map_h - 20
    for colour, label in [*choropleth.legend_classes(), (choropleth.NO_DATA, "sans prospect")]:
        d.add(
            Rect(
                map_w + 10,
                y,
                12,
                8,
                fillColor=colors.HexColor(colour),
                strokeColor=MUTED,
                strokeWidth=0.3,
            )
        )
        d.add(String(map_w + 26, y + 1, label, fontSize=7, fillColor=INK))
        y -= 12
    return d


# Room a heading needs below it (its own lines, the header row and a few data rows) before
# it is worth starting there: less than this and the heading would sit alone at the page foot.
HEADING_ROOM = 40 * mm


def _coverage_table(title: str, first: str, rows: Sequence[CoverageRow], styles: Any) -> list[Any]:
    """Names wrap in their column (long EPCI names are read whole), the header row repeats on
    every page the table runs onto, and the heading never ends a page."""
    name_style = styles["Normal"].clone("covname", fontSize=8, leading=9.5)
    body: list[list[Any]] = [[first, "Prospects", "Visités", "Couverture"]] + [
        [
            Paragraph(escape(label_of(Area, r.code, default=r.label)), name_style),
            _int(r.prospects),
            _int(r.visited),
            _pct(r.rate),
        ]
        for r in rows
    ]
    table = Table(body, colWidths=[110 * mm, 25 * mm, 25 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f5f9")]),
            ]
        )
    )
    # CondPageBreak rather than keepWithNext: keeping a heading with a table longer than the
    # page pushes both to the next page and leaves a blank one behind.
    return [
        CondPageBreak(HEADING_ROOM),
        Paragraph(title, styles["Heading3"]),
        table,
        Spacer(1, 6 * mm),
    ]


def _running_head(title: str, today: str) -> Any:
    """Later pages carry the document's title, date and page number, so a loose page is known."""

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(MUTED)
        top = doc.pagesize[1] - 6 * mm
        canvas.drawString(doc.leftMargin, top, f"{title} — situation au {today}")
        canvas.drawRightString(
            doc.pagesize[0] - doc.rightMargin, top, f"page {canvas.getPageNumber()}"
        )
        canvas.restoreState()

    return draw


def render_dashboard_pdf(
    data: DashboardData,
    *,
    epci_outlines: Mapping[str, Any] | None = None,
    title: str = "Campagne Hauts-de-France — tableau de bord",
) -> bytes:
    """Landscape A4: KPIs and charts first, then the coverage tables."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=title,
        author="HDF Field",
    )
    width = doc.width
    half = width / 2 - 4 * mm
    story: list[Any] = [
        Paragraph(title, styles["Title"].clone("t", alignment=0, fontSize=16, spaceAfter=2)),
        Paragraph(
            f"Situation au {data.today.strftime('%d/%m/%Y')}",
            styles["Normal"].clone("sub", textColor=MUTED),
        ),
        Spacer(1, 4 * mm),
        _kpi_table(data, styles),
        Spacer(1, 5 * mm),
    ]
    row1 = Table(
        [[_funnel_chart(data, half, 62 * mm), _officers_table(data, half, styles)]],
        colWidths=[half + 4 * mm, half + 4 * mm],
    )
    row1.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    dep = data.by_departement
    row2_left = _bars(
        "Couverture par département (part des prospects visités)",
        [f"{r.code} {r.label}" for r in dep]
        + [label_of(Area, r.code, default=r.label) for r in data.by_area],
        [r.rate for r in dep] + [r.rate for r in data.by_area],
        half,
        62 * mm,
        percent=True,
    )
    row2_right = _bars(
        "Organisations orientées par pôle",
        [n for n, _ in data.orientations[:10]],
        [v for _, v in data.orientations[:10]],
        half,
        62 * mm,
        colour="#2fb380",
    )
    row2 = Table([[row2_left, row2_right]], colWidths=[half + 4 * mm, half + 4 * mm])
    story += [row1, Spacer(1, 3 * mm), row2, PageBreak()]
    if epci_outlines is not None:
        story.append(
            KeepTogether(
                [
                    choropleth_drawing(
                        epci_outlines, choropleth.rates_by_code(data.by_epci), width, 120 * mm
                    ),
                    Spacer(1, 4 * mm),
                ]
            )
        )
    story += _coverage_table(
        "Couverture : ex-Nord-Pas-de-Calais et ex-Picardie", "Territoire", data.by_area, styles
    )
    story += _coverage_table(
        "Couverture par département", "Département", data.by_departement, styles
    )
    story += _coverage_table("Couverture par EPCI", "EPCI", data.by_epci, styles)
    today = data.today.strftime("%d/%m/%Y")
    doc.build(story, onLaterPages=_running_head(title, today))
    return buffer.getvalue()
