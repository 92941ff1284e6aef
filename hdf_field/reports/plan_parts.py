"""What the printed plans share: the day's departure and return as printed, a day drawn on the
map, the list of organisations left out, the plans' extra colours and callback types.

The day sheet, the week pack and the manager summary all print these; one definition keeps the
three documents saying the same thing about the same day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Table, TableStyle

from hdf_field.planning.model import DayPlan
from hdf_field.reports.messages import Lang, clock, tr
from hdf_field.reports.pdf_base import ACCENT, FIXED, HEAD_BG, RULE, frame_width, para, styles
from hdf_field.reports.plan_map import Basemap, MapRoute, MapStop

Outlines = Mapping[str, Any] | Basemap | None

FIXED_TINT = colors.HexColor("#fbe9e7")  # a fixed appointment's row
GRID = colors.HexColor("#c5ccd3")
LUNCH_BG = colors.HexColor("#e8f5e9")  # the lunch break row, on the programme and the table


def esc(text: str | None) -> str:
    return escape(text or "").replace("\n", "<br/>")


def leave_time(plan: DayPlan) -> datetime | None:
    """When the officer leaves: the planner's own figure (an earlier departure for a fixed
    first appointment included), else worked back from the first arrival."""
    if not plan.stops:
        return None
    if plan.leave_at is not None:
        return plan.leave_at
    first = plan.stops[0]
    return first.arrival - timedelta(minutes=first.drive_min_from_prev)


def back_text(plan: DayPlan) -> str:
    """'17:45', or '00:14 (+1)' when the day runs past midnight."""
    if plan.back_at is None:
        return clock(None)
    extra = (plan.back_at.date() - plan.day).days
    return clock(plan.back_at) + (f" (+{extra})" if extra > 0 else "")


def map_route(
    plan: DayPlan,
    colour: colors.Color = ACCENT,
    numbered: bool = True,
    dash: tuple[float, float] | None = None,
) -> MapRoute:
    if plan.route:
        line = tuple(plan.route)
    else:
        line = (
            ((plan.start.lat, plan.start.lon),)
            + tuple((s.lat, s.lon) for s in plan.stops)
            + ((plan.end.lat, plan.end.lon),)
        )
    stops = tuple(
        MapStop(s.lat, s.lon, str(s.order) if numbered else "", s.fixed) for s in plan.stops
    )
    return MapRoute(
        line, stops, (plan.start.lat, plan.start.lon), (plan.end.lat, plan.end.lon), colour, dash
    )


def unserved_table(
    unserved: Sequence[Any], lang: Lang, width: float | None = None, title: str = "unserved"
) -> list[Any]:
    if not unserved:
        return []
    st = styles()
    width = width or frame_width()
    rows: list[list[Any]] = [
        [
            Paragraph(tr(lang, "organisation"), st.cell_head),
            Paragraph(tr(lang, "reason"), st.cell_head),
        ]
    ]
    # booked appointments that did not fit come first: someone must call to move them
    ordered = sorted(unserved, key=lambda u: not getattr(u, "fixed", False))
    fixed_rows: list[int] = []
    for u in ordered:
        name = para(u.name, st.cell)
        if getattr(u, "fixed", False):
            fixed_rows.append(len(rows))
            name = Paragraph(
                f'{esc(u.name)}<br/><font color="{FIXED.hexval()}"><b>'
                f"{tr(lang, 'fixed_left_out')}</b></font>",
                st.cell,
            )
        rows.append([name, para(u.reason, st.cell)])
    table = Table(rows, colWidths=[0.45 * width, 0.55 * width], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[("LINEBEFORE", (0, r), (0, r), 2.2, FIXED) for r in fixed_rows],
                *[("BACKGROUND", (0, r), (-1, r), FIXED_TINT) for r in fixed_rows],
            ]
        )
    )
    heading = Paragraph(f"{tr(lang, title)} ({len(unserved)})", st.heading)
    return [CondPageBreak(30 * mm), heading, table]
