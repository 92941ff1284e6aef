"""The managers' dashboard as a PDF: a pure function of the dashboard data, bytes out.

Every printed word comes from :mod:`hdf_field.reports.messages`, in French (the default) or
English; the federation pages, when their figures are given, from
:mod:`hdf_field.reports.federation_pdf`.
"""

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
from hdf_field.domain.federation import FederationData
from hdf_field.domain.formatting import number, percent
from hdf_field.domain.glossary import Lang, label_of
from hdf_field.reports import choropleth
from hdf_field.reports.federation_pdf import federation_flowables
from hdf_field.reports.maps import STATUS_COLOURS
from hdf_field.reports.messages import tr

INK = colors.HexColor("#0f172a")
MUTED = colors.HexColor("#64748b")
ACCENT = colors.HexColor("#1d4ed8")


def _core(text: str) -> str:
    """The narrow no-break space of French numbers is not in Helvetica's encoding (it prints
    as a black box): the ordinary no-break space keeps the digits together just as well."""
    return text.replace("\u202f", "\xa0")


def _pct(value: float, lang: Lang = "fr") -> str:
    return _core(percent(value, lang, 1))


def _int(value: int, lang: Lang = "fr") -> str:
    return _core(number(value, lang))


def _whole_pct(value: float, lang: Lang) -> str:
    """A chart's axis label: a whole percent."""
    return _core(percent(value, lang, 0))


def _legend(lang: Lang) -> list[tuple[str, str]]:
    """The map's classes, '%' written as the language does."""
    classes = choropleth.legend_classes()
    if lang == "fr":
        return classes
    return [(colour, text.replace(" %", "%")) for colour, text in classes]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _kpi_table(data: DashboardData, styles: Any, lang: Lang = "fr") -> Table:
    k = data.kpis
    tiles = [
        (
            tr(lang, "dash_visited"),
            _int(k.visited, lang),
            tr(
                lang,
                "dash_of_target",
                share=_pct(k.progress, lang),
                target=_int(k.target, lang),
            ),
        ),
        (
            tr(lang, "dash_oriented"),
            _int(k.oriented, lang),
            _pct(_share(k.oriented, k.target), lang),
        ),
        (tr(lang, "dash_members"), _int(k.members, lang), _pct(_share(k.members, k.target), lang)),
        (
            tr(lang, "dash_visits_done"),
            _int(k.visits_done, lang),
            tr(lang, "dash_planned", n=_int(k.visits_planned, lang)),
        ),
        (tr(lang, "prospects"), _int(k.organisations, lang), tr(lang, "dash_in_base")),
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


def _funnel_chart(data: DashboardData, width: float, height: float, lang: Lang = "fr") -> Drawing:
    d = Drawing(width, height)
    _title(d, tr(lang, "dash_funnel"))
    chart = HorizontalBarChart()
    chart.x, chart.y = 95, 10
    chart.width, chart.height = width - 130, height - 35
    values = [n for _, n in data.funnel][::-1]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label_of(FunnelStatus, s, lang) for s, _ in data.funnel][
        ::-1
    ]
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
    lang: Lang = "fr",
) -> Drawing:
    d = Drawing(width, height)
    _title(d, title)
    if not values:
        d.add(String(0, height / 2, tr(lang, "dash_no_data"), fontSize=9, fillColor=MUTED))
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
        chart.valueAxis.labelTextFormat = lambda v: _whole_pct(v, lang)
        chart.barLabelFormat = lambda v: _whole_pct(v, lang)
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


def _officers_table(data: DashboardData, width: float, styles: Any, lang: Lang = "fr") -> list[Any]:
    """Every officer, week by week: a heat table rather than a chart with a dozen series."""
    title = Paragraph(
        escape(tr(lang, "dash_officer_weeks", n=len(data.weeks))),
        styles["Normal"].clone("officers", fontName="Helvetica-Bold", fontSize=10),
    )
    if not data.officers:
        return [title, Paragraph(tr(lang, "dash_no_visit"), styles["Normal"])]
    weeks = [w.strftime("%d/%m") for w in data.weeks]
    name = styles["Normal"].clone("officername", fontSize=7, leading=8)
    body: list[list[Any]] = [[tr(lang, "officer"), *weeks, tr(lang, "total")]] + [
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
    title: str | None = None,
    lang: Lang = "fr",
) -> Drawing:
    d = Drawing(width, height)
    _title(d, title or tr(lang, "dash_epci_map"))
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
    for colour, label in [*_legend(lang), (choropleth.NO_DATA, tr(lang, "dash_no_prospect"))]:
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


def _coverage_table(
    title: str, first: str, rows: Sequence[CoverageRow], styles: Any, lang: Lang = "fr"
) -> list[Any]:
    """Names wrap in their column (long EPCI names are read whole), the header row repeats on
    every page the table runs onto, and the heading never ends a page."""
    name_style = styles["Normal"].clone("covname", fontSize=8, leading=9.5)
    head = [
        first,
        tr(lang, "prospects"),
        tr(lang, "dash_visited_col"),
        tr(lang, "dash_coverage_col"),
    ]
    body: list[list[Any]] = [head] + [
        [
            Paragraph(escape(label_of(Area, r.code, lang, default=r.label)), name_style),
            _int(r.prospects, lang),
            _int(r.visited, lang),
            _pct(r.rate, lang),
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
        Paragraph(escape(title), styles["Heading3"]),
        table,
        Spacer(1, 6 * mm),
    ]


def _running_head(title: str, today: str, lang: Lang = "fr") -> Any:
    """Later pages carry the document's title, date and page number, so a loose page is known."""

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(MUTED)
        top = doc.pagesize[1] - 6 * mm
        canvas.drawString(
            doc.leftMargin, top, tr(lang, "dash_running_head", title=title, day=today)
        )
        canvas.drawRightString(
            doc.pagesize[0] - doc.rightMargin, top, tr(lang, "dash_page", n=canvas.getPageNumber())
        )
        canvas.restoreState()

    return draw


def render_dashboard_pdf(
    data: DashboardData,
    *,
    epci_outlines: Mapping[str, Any] | None = None,
    title: str | None = None,
    lang: Lang = "fr",
    federation: FederationData | None = None,
) -> bytes:
    """Landscape A4: KPIs and charts first, then the coverage tables, then (given its figures)
    the federation of the clusters."""
    title = title or tr(lang, "dash_title")
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
        Paragraph(
            escape(title), styles["Title"].clone("t", alignment=0, fontSize=16, spaceAfter=2)
        ),
        Paragraph(
            tr(lang, "dash_as_of", day=data.today.strftime("%d/%m/%Y")),
            styles["Normal"].clone("sub", textColor=MUTED),
        ),
        Spacer(1, 4 * mm),
        _kpi_table(data, styles, lang),
        Spacer(1, 5 * mm),
    ]
    row1 = Table(
        [
            [
                _funnel_chart(data, half, 62 * mm, lang),
                _officers_table(data, half, styles, lang),
            ]
        ],
        colWidths=[half + 4 * mm, half + 4 * mm],
    )
    row1.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    dep = data.by_departement
    row2_left = _bars(
        tr(lang, "dash_cov_departement_chart"),
        [f"{r.code} {r.label}" for r in dep]
        + [label_of(Area, r.code, lang, default=r.label) for r in data.by_area],
        [r.rate for r in dep] + [r.rate for r in data.by_area],
        half,
        62 * mm,
        percent=True,
        lang=lang,
    )
    row2_right = _bars(
        tr(lang, "dash_oriented_per_cluster"),
        [n for n, _ in data.orientations[:10]],
        [v for _, v in data.orientations[:10]],
        half,
        62 * mm,
        colour="#2fb380",
        lang=lang,
    )
    row2 = Table([[row2_left, row2_right]], colWidths=[half + 4 * mm, half + 4 * mm])
    story += [row1, Spacer(1, 3 * mm), row2, PageBreak()]
    if epci_outlines is not None:
        story.append(
            KeepTogether(
                [
                    choropleth_drawing(
                        epci_outlines,
                        choropleth.rates_by_code(data.by_epci),
                        width,
                        120 * mm,
                        lang=lang,
                    ),
                    Spacer(1, 4 * mm),
                ]
            )
        )
    story += _coverage_table(
        tr(lang, "dash_cov_area"), tr(lang, "area"), data.by_area, styles, lang
    )
    story += _coverage_table(
        tr(lang, "dash_cov_departement"),
        tr(lang, "departement"),
        data.by_departement,
        styles,
        lang,
    )
    story += _coverage_table(
        tr(lang, "dash_cov_epci"), tr(lang, "epci"), data.by_epci, styles, lang
    )
    if federation is not None:
        story += [PageBreak(), *federation_flowables(federation, lang, width=width)]
    today = data.today.strftime("%d/%m/%Y")
    doc.build(story, onLaterPages=_running_head(title, today, lang))
    return buffer.getvalue()
