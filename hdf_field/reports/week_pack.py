"""One officer's printed week: a cover (one line per day and the week's map), then each day's
sheet. Pure functions of the planning dataclasses: PDF bytes out, no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.progress import CancelToken, Progress, check, report
from hdf_field.planning.model import DayPlan
from hdf_field.reports.day_sheet import day_story
from hdf_field.reports.messages import (
    Lang,
    check_lang,
    clock,
    day_and_month,
    duration,
    long_date,
    number,
    tr,
)
from hdf_field.reports.pdf_base import (
    ACCENT,
    HEAD_BG,
    INK,
    RENDER_CANCELLED,
    RULE,
    ZEBRA,
    Chrome,
    HeaderMark,
    build_pdf,
    frame_width,
    para,
    styles,
)
from hdf_field.reports.plan_map import ROUTE_COLOURS, Basemap, route_map
from hdf_field.reports.plan_parts import (
    GRID,
    Outlines,
    esc,
    leave_time,
    map_route,
)


def _iso_weeks(days: Sequence[date]) -> str:
    weeks = sorted({d.isocalendar()[1] for d in days})
    return str(weeks[0]) if len(weeks) == 1 else f"{weeks[0]}–{weeks[-1]}"


def _first_last(plan: DayPlan) -> tuple[str, str]:
    if not plan.stops:
        return "–", "–"
    first, last = plan.stops[0], plan.stops[-1]
    return f"{clock(first.arrival)} {first.name}", f"{clock(last.arrival)} {last.name}"


def _week_cover(plans: Sequence[DayPlan], basemap: Basemap, lang: Lang) -> list[Any]:
    st = styles()
    officer = plans[0].officer_name
    week = _iso_weeks([p.day for p in plans])
    span = tr(
        lang, "from_to", a=day_and_month(plans[0].day, lang), b=long_date(plans[-1].day, lang)
    )
    week_text = tr(lang, "week", n=week)
    story: list[Any] = [
        HeaderMark(officer, week_text),
        Paragraph(f"{tr(lang, 'week_pack')} · {week_text}", st.title),
        Paragraph(f"<b>{esc(officer)}</b> · {esc(span)}", st.subtitle),
        Spacer(1, 3 * mm),
    ]
    head = [
        tr(lang, k)
        for k in (
            "day",
            "visits",
            "km",
            "drive_time",
            "leave_at",
            "back_at",
            "first_stop",
            "last_stop",
        )
    ]
    rows: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in head]]
    for plan in plans:
        first, last = _first_last(plan)
        rows.append(
            [
                para(day_and_month(plan.day, lang), st.cell),
                para(str(plan.visit_count), st.cell_center),
                para(number(plan.total_km, lang), st.cell_center),
                para(duration(plan.total_drive_min), st.cell_center),
                para(clock(leave_time(plan)), st.cell_center),
                para(clock(plan.back_at), st.cell_center),
                para(first, st.cell_small),
                para(last, st.cell_small),
            ]
        )
    rows.append(
        [
            Paragraph(f"<b>{tr(lang, 'total')}</b>", st.cell),
            Paragraph(f"<b>{sum(p.visit_count for p in plans)}</b>", st.cell_center),
            Paragraph(f"<b>{number(sum(p.total_km for p in plans), lang)}</b>", st.cell_center),
            Paragraph(f"<b>{duration(sum(p.total_drive_min for p in plans))}</b>", st.cell_center),
            "",
            "",
            "",
            "",
        ]
    )
    width = frame_width()
    widths = [26 * mm, 16 * mm, 17 * mm, 19 * mm, 16 * mm, 16 * mm]
    rest = (width - sum(widths)) / 2
    table = Table(rows, colWidths=widths + [rest, rest], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("BACKGROUND", (0, -1), (-1, -1), ZEBRA),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 6 * mm))
    routes = [
        map_route(p, ROUTE_COLOURS[i % len(ROUTE_COLOURS)], numbered=False)
        for i, p in enumerate(plans)
    ]
    legend = [
        ("line", ROUTE_COLOURS[i % len(ROUTE_COLOURS)], day_and_month(p.day, lang))
        for i, p in enumerate(plans)
    ]
    # the map goes with its heading: a heading alone at the foot of the cover would be lost
    week_map = route_map(
        routes, basemap, width, 125 * mm, lang=lang, legend=legend, label_places=False
    )
    story.append(KeepTogether([Paragraph(tr(lang, "week_map"), st.heading), week_map]))
    return story


def render_week_pack(
    plans: Sequence[DayPlan],
    *,
    outlines: Outlines = None,
    lang: str = "fr",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> bytes:
    """One officer's week: a cover (summary per day and the week's map), then each day."""
    language = check_lang(lang)
    if not plans:
        raise ValidationError("plans", "a week pack needs at least one day")
    officers = {p.officer_id for p in plans}
    if len(officers) > 1:
        raise ValidationError(
            "plans", f"a week pack holds one officer's days, got {len(officers)} officers"
        )
    ordered = sorted(plans, key=lambda p: p.day)
    basemap = Basemap.from_outlines(outlines)
    story = _week_cover(ordered, basemap, language)
    for k, plan in enumerate(ordered, start=1):
        check(cancel, RENDER_CANCELLED)
        story.append(PageBreak())
        story += day_story(plan, basemap, language)
        report(progress, k, len(ordered))
    return build_pdf(story, Chrome(tr(language, "week_pack"), language), cancel=cancel)
