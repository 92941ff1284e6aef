"""The managers' printed campaign summary: visits and km per officer and day, the whole period
per officer, coverage by département, area and organisation kind, what was left out, and an
overview map. Pure functions of the planning dataclasses: PDF bytes out, no database, no Qt.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Table, TableStyle

from hdf_field.domain import glossary
from hdf_field.domain.enums import Area, OrgKind
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.progress import CancelToken, Progress, check, report
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.planning.model import CampaignPlan, DayPlan, Unserved
from hdf_field.reports.addresses import area_of, stop_area, stop_departement
from hdf_field.reports.messages import (
    Lang,
    check_lang,
    duration,
    km,
    long_date,
    number,
    percent,
    short_date,
    tr,
)
from hdf_field.reports.pdf_base import (
    ACCENT,
    HEAD_BG,
    INK,
    MUTED,
    RENDER_CANCELLED,
    RULE,
    ZEBRA,
    Chrome,
    HeaderMark,
    build_pdf,
    fonts,
    frame_width,
    para,
    styles,
)
from hdf_field.reports.plan_map import Basemap, route_map, route_style
from hdf_field.reports.plan_parts import (
    GRID,
    Outlines,
    esc,
    map_route,
    unserved_table,
)


def _kind_coverage(campaign: CampaignPlan | None, lang: Lang) -> list[Any]:
    """Visited share per organisation kind: the campaign is not only for firms (ESS, schools,
    project holders), and a plan that forgets them shows it here."""
    if campaign is None or not campaign.coverage_available_by_kind:
        return []
    st = styles()
    rows: list[list[Any]] = [
        [
            Paragraph(tr(lang, k), st.cell_head)
            for k in ("kind", "prospects", "planned_visits", "share_visited")
        ]
    ]
    for kind, available in campaign.coverage_available_by_kind.items():
        n = campaign.coverage_by_kind.get(kind, 0)
        known = kind in {k.value for k in OrgKind}
        name = glossary.label(OrgKind(kind), lang) if known else tr(lang, "other")
        rows.append(
            [
                para(name, st.cell),
                para(number(available, lang, 0), st.cell_center),
                para(number(n, lang, 0), st.cell_center),
                para(percent(n / available if available else 0.0, lang), st.cell_center),
            ]
        )
    table = Table(rows, colWidths=[60 * mm, 24 * mm, 30 * mm, 24 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [KeepTogether([Paragraph(tr(lang, "coverage_kind"), st.heading), table])]


def _coverage(
    days: Sequence[DayPlan], campaign: CampaignPlan | None
) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """Visits per département and per area, and the area of each département row."""
    stops = [s for d in days for s in d.stops]
    dep_area = {stop_departement(s): stop_area(s) for s in stops}
    if campaign is not None and campaign.coverage_by_departement:
        by_dep = dict(campaign.coverage_by_departement)
    else:
        by_dep = dict(Counter(stop_departement(s) for s in stops))
    if campaign is not None and campaign.coverage_by_area:
        by_area = dict(campaign.coverage_by_area)
    elif campaign is not None and campaign.coverage_by_departement:
        counts: defaultdict[str, int] = defaultdict(int)
        for dep, n in by_dep.items():
            counts[dep_area.get(dep) or area_of(dep)] += n
        by_area = dict(counts)
    else:
        by_area = dict(Counter(stop_area(s) for s in stops))
    return by_dep, by_area, {dep: dep_area.get(dep) or area_of(dep) for dep in by_dep}


def _area_label(key: str, lang: Lang) -> str:
    if key in {a.value for a in Area}:
        return glossary.label(Area(key), lang)
    return tr(lang, "other")


def _dep_label(code: str, lang: Lang) -> str:
    if code in DEPARTEMENTS:
        return f"{code} {DEPARTEMENTS[code]}"
    if code == "BE":
        return glossary.label(Area.BELGIUM, lang)
    return tr(lang, "other") if code == "?" else code  # outside the region: its own code


def _bar_chart(values: Sequence[tuple[str, int, colors.Color]], width: float) -> Drawing:
    f = fonts()
    height = 14 * len(values) + 22
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 92, 14
    chart.width, chart.height = width - 92 - 30, height - 22
    chart.data = [[v for _, v, _ in values]]
    chart.categoryAxis.categoryNames = [label for label, _, _ in values]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = f.regular
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = f.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars.strokeColor = None
    chart.barWidth = 9
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = f.bold
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    for i, (_, _, colour) in enumerate(values):
        chart.bars[(0, i)].fillColor = colour
    drawing.add(chart)
    return drawing


def _officer_day_tables(days: Sequence[DayPlan], lang: Lang) -> list[Any]:
    st = styles()
    officers: dict[str, str] = {}
    for d in days:
        officers.setdefault(d.officer_id, d.officer_name)
    by_key = {(d.officer_id, d.day): d for d in days}
    weeks: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in sorted({d.day for d in days}):
        iso = day.isocalendar()
        weeks[(iso[0], iso[1])].append(day)
    width = frame_width(landscape_pages=True)
    story: list[Any] = []
    for (_, week_no), week_days in sorted(weeks.items()):
        head = [Paragraph(tr(lang, "officer"), st.cell_head)]
        head += [Paragraph(short_date(d, lang), st.cell_head) for d in week_days]
        head.append(Paragraph(tr(lang, "total"), st.cell_head))
        rows: list[list[Any]] = [head]
        for officer_id, name in sorted(officers.items(), key=lambda kv: kv[1]):
            row: list[Any] = [para(name, st.cell)]
            visits = 0
            dist = 0.0
            drive = 0.0
            for day in week_days:
                plan = by_key.get((officer_id, day))
                if plan is None:
                    row.append(para("–", st.cell_center))
                    continue
                visits += plan.visit_count
                dist += plan.total_km
                drive += plan.total_drive_min
                row.append(
                    Paragraph(
                        f"<b>{plan.visit_count}</b> · {km(plan.total_km, lang)}", st.cell_center
                    )
                )
            if any((officer_id, day) in by_key for day in week_days):
                row.append(
                    Paragraph(
                        f"<b>{visits}</b> · {km(dist, lang)}<br/>"
                        f'<font size="7" color="{MUTED.hexval()}">{duration(drive)}</font>',
                        st.cell_center,
                    )
                )
            else:
                row.append(para("–", st.cell_center))
            rows.append(row)
        total_row: list[Any] = [Paragraph(f"<b>{tr(lang, 'total')}</b>", st.cell)]
        for day in week_days:
            plans = [p for p in days if p.day == day]
            total_row.append(
                Paragraph(
                    f"<b>{sum(p.visit_count for p in plans)}</b> · "
                    f"{km(sum(p.total_km for p in plans), lang)}",
                    st.cell_center,
                )
            )
        week_plans = [p for p in days if p.day in week_days]
        total_row.append(
            Paragraph(
                f"<b>{sum(p.visit_count for p in week_plans)}</b> · "
                f"{km(sum(p.total_km for p in week_plans), lang)}",
                st.cell_center,
            )
        )
        rows.append(total_row)
        first_w = 42 * mm
        total_w = 30 * mm
        day_w = (width - first_w - total_w) / len(week_days)
        table = Table(
            rows,
            colWidths=[first_w] + [day_w] * len(week_days) + [total_w],
            rowHeights=[None] + [9.5 * mm] * (len(rows) - 2) + [None],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                    ("BACKGROUND", (0, -1), (-1, -1), ZEBRA),
                    ("BACKGROUND", (-1, 1), (-1, -2), ZEBRA),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(KeepTogether([Paragraph(tr(lang, "week", n=week_no), st.heading), table]))
    return story


def _officer_totals(days: Sequence[DayPlan], lang: Lang) -> list[Any]:
    """The whole period per officer: what each one carries, side by side."""
    st = styles()
    per: dict[str, list[DayPlan]] = defaultdict(list)
    for d in days:
        per[d.officer_id].append(d)
    head = ["officer", "days", "visits", "km", "drive_time", "per_day"]
    rows: list[list[Any]] = [[Paragraph(tr(lang, k), st.cell_head) for k in head]]
    for plans in sorted(per.values(), key=lambda ps: collation_key(ps[0].officer_name)):
        visits = sum(p.visit_count for p in plans)
        rows.append(
            [
                para(plans[0].officer_name, st.cell),
                para(str(len(plans)), st.cell_center),
                Paragraph(f"<b>{visits}</b>", st.cell_center),
                para(km(sum(p.total_km for p in plans), lang), st.cell_center),
                para(duration(sum(p.total_drive_min for p in plans)), st.cell_center),
                para(number(visits / len(plans), lang), st.cell_center),
            ]
        )
    table = Table(rows, colWidths=[42 * mm] + [27 * mm] * 5, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [KeepTogether([Paragraph(tr(lang, "officer_totals"), st.heading), table])]


def _coverage_block(
    days: Sequence[DayPlan], campaign: CampaignPlan | None, lang: Lang
) -> list[Any]:
    st = styles()
    by_dep, by_area, dep_area = _coverage(days, campaign)
    total = sum(by_dep.values()) or 1
    order = [c for c in DEPARTEMENTS if c in by_dep] + sorted(
        c for c in by_dep if c not in DEPARTEMENTS
    )
    area_colour = {
        str(Area.NPDC): colors.HexColor("#1d4e89"),
        str(Area.PICARDIE): colors.HexColor("#d55e00"),
        str(Area.BELGIUM): colors.HexColor("#8c6d00"),
    }
    rows: list[list[Any]] = [
        [Paragraph(tr(lang, k), st.cell_head) for k in ("departement", "area", "planned_visits")]
        + [Paragraph("%", st.cell_head)]
    ]
    bars: list[tuple[str, int, colors.Color]] = []
    for code in order:
        area_key = dep_area[code]
        n = by_dep[code]
        rows.append(
            [
                para(_dep_label(code, lang), st.cell),
                para(_area_label(area_key, lang), st.cell),
                para(str(n), st.cell_center),
                para(percent(n / total, lang), st.cell_center),
            ]
        )
        bars.append((_dep_label(code, lang), n, area_colour.get(area_key, MUTED)))
    area_total = sum(by_area.values()) or 1
    for key in sorted(by_area, key=lambda k: (k not in area_colour, k)):
        n = by_area[key]
        rows.append(
            [
                Paragraph(f"<b>{esc(_area_label(key, lang))}</b>", st.cell),
                "",
                Paragraph(f"<b>{n}</b>", st.cell_center),
                Paragraph(f"<b>{percent(n / area_total, lang)}</b>", st.cell_center),
            ]
        )
        bars.append((_area_label(key, lang), n, area_colour.get(key, MUTED)))
    n_dep = len(order)
    table = Table(rows, colWidths=[40 * mm, 40 * mm, 24 * mm, 16 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEABOVE", (0, n_dep + 1), (-1, n_dep + 1), 0.8, INK),
                ("BACKGROUND", (0, n_dep + 1), (-1, -1), ZEBRA),
                ("SPAN", (0, n_dep + 1), (1, n_dep + 1))
                if by_area
                else ("BOX", (0, 0), (0, 0), 0, RULE),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    for r in range(n_dep + 1, len(rows)):
        table.setStyle(TableStyle([("SPAN", (0, r), (1, r))]))
    chart_w = frame_width(landscape_pages=True) - 120 * mm - 8 * mm
    chart = _bar_chart(bars, chart_w)
    layout = Table([[table, chart]], colWidths=[128 * mm, chart_w])
    layout.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [KeepTogether([Paragraph(tr(lang, "coverage"), st.heading), layout])]


def render_manager_summary(
    campaign: CampaignPlan | Sequence[DayPlan],
    *,
    outlines: Outlines = None,
    lang: str = "fr",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> bytes:
    """Across officers: visits and km per officer and day, coverage, and an overview map."""
    language = check_lang(lang)
    st = styles()
    plan = campaign if isinstance(campaign, CampaignPlan) else None
    days = tuple(campaign.days if isinstance(campaign, CampaignPlan) else campaign)
    if not days:
        raise ValidationError("campaign", "no day to summarise")
    basemap = Basemap.from_outlines(outlines)
    first = min(d.day for d in days)
    last = max(d.day for d in days)
    officers: dict[str, str] = {}
    for d in sorted(days, key=lambda d: collation_key(d.officer_name)):
        officers.setdefault(d.officer_id, d.officer_name)
    period = tr(
        language, "campaign_period", a=long_date(first, language), b=long_date(last, language)
    )
    total_visits = sum(d.visit_count for d in days)
    total_km = sum(d.total_km for d in days)
    steps = 4
    step = 0

    def tick() -> None:
        nonlocal step
        check(cancel, RENDER_CANCELLED)
        step += 1
        report(progress, step, steps)

    story: list[Any] = [
        HeaderMark("", f"{long_date(first, language)} – {long_date(last, language)}"),
        Paragraph(tr(language, "manager_summary"), st.title),
        Paragraph(
            f"{esc(period)} · {len(officers)} "
            f"{tr(language, 'officers' if len(officers) > 1 else 'officer').lower()} · "
            f"{total_visits} {tr(language, 'visits').lower()} · {km(total_km, language)}",
            st.subtitle,
        ),
    ]
    story += _officer_day_tables(days, language)
    story += _officer_totals(days, language)
    tick()
    story += _coverage_block(days, plan, language)
    story += _kind_coverage(plan, language)
    tick()
    # Left out of the whole campaign, then of single days; each organisation listed once.
    left_out = (plan.unserved if plan is not None else ()) + tuple(
        u for d in days for u in d.unserved
    )
    first_reason: dict[str, Unserved] = {}
    for u in left_out:
        first_reason.setdefault(u.organisation_id, u)
    unserved = tuple(first_reason.values())
    story += unserved_table(unserved, language, frame_width(landscape_pages=True))
    tick()
    story.append(PageBreak())
    story.append(Paragraph(tr(language, "overview_map"), st.heading))
    # One colour per officer (16 distinct ones, then dashed lines), the same in the legend.
    style_of = {oid: route_style(i) for i, oid in enumerate(officers)}
    routes = []
    for d in days:
        colour, dash = style_of[d.officer_id]
        routes.append(map_route(d, colour, numbered=False, dash=dash))
    legend = [
        ("dashed" if style_of[oid][1] else "line", style_of[oid][0], name)
        for oid, name in officers.items()
    ]
    story.append(
        route_map(
            routes,
            basemap,
            frame_width(landscape_pages=True),
            158 * mm,
            lang=language,
            legend=legend,
            label_departements=True,
            label_places=False,
        )
    )
    tick()
    return build_pdf(
        story,
        Chrome(tr(language, "manager_summary"), language),
        landscape_pages=True,
        cancel=cancel,
    )
