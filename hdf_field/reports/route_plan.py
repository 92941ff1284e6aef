"""Printed route plans: an officer's day, an officer's week, and the managers' campaign summary.

The day plan is what the officer takes in the car: a map of the day, then one row per visit in
driving order with everything needed at the door (who, where, why, what happened last time) and
tick boxes plus room for notes, then the day's totals and what could not be fitted in.
Pure functions of the planning dataclasses: PDF bytes out, no database, no Qt.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hdf_field.domain import glossary
from hdf_field.domain.enums import Area, OrgKind, VisitOutcome
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.regions import AREA_BY_DEPARTEMENT, DEPARTEMENTS
from hdf_field.planning.model import CampaignPlan, DayPlan, PlannedStop, Unserved
from hdf_field.reports.messages import (
    Lang,
    check_lang,
    clock,
    count,
    day_and_month,
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
    FIXED,
    HEAD_BG,
    INK,
    MUTED,
    RULE,
    ZEBRA,
    Chrome,
    HeaderMark,
    OutcomeBoxes,
    RenderCancelled,
    build_pdf,
    fonts,
    frame_width,
    para,
    styles,
)
from hdf_field.reports.plan_map import ROUTE_COLOURS, Basemap, MapRoute, MapStop, route_map

Outlines = Mapping[str, Any] | Basemap | None
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

FIXED_TINT = colors.HexColor("#fbe9e7")
GRID = colors.HexColor("#c5ccd3")
LUNCH_BG = colors.HexColor("#e8f5e9")  # the lunch break row, on the programme and the table


def _esc(text: str | None) -> str:
    return escape(text or "").replace("\n", "<br/>")


def _leave_time(plan: DayPlan) -> datetime | None:
    """When the officer leaves: the planner's own figure (an earlier departure for a fixed
    first appointment included), else worked back from the first arrival."""
    if not plan.stops:
        return None
    if plan.leave_at is not None:
        return plan.leave_at
    first = plan.stops[0]
    return first.arrival - timedelta(minutes=first.drive_min_from_prev)


def _same_place(plan: DayPlan) -> bool:
    return abs(plan.start.lat - plan.end.lat) < 1e-3 and abs(plan.start.lon - plan.end.lon) < 1e-3


def _map_route(plan: DayPlan, colour: colors.Color = ACCENT, numbered: bool = True) -> MapRoute:
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
        line, stops, (plan.start.lat, plan.start.lon), (plan.end.lat, plan.end.lon), colour
    )


def _unbroken(text: str) -> str:
    """Keep '4,6 km' and '1 h 05' whole when a narrow cell wraps."""
    return text.replace(" ", "\u00a0")


def _time_cell(stop: PlannedStop, lang: Lang) -> list[Flowable]:
    st = styles()
    # the visit's start in large (a fixed appointment's time, as on screen); the arrival
    # below it when the officer waits
    parts = [f'<font size="11"><b>{clock(stop.start)}</b></font>']
    if stop.fixed:
        parts.append(f'<font color="{FIXED.hexval()}"><b>{tr(lang, "fixed")}</b></font>')
    if stop.wait_min >= 1:
        parts.append(tr(lang, "arrives_at", t=clock(stop.arrival)))
        parts.append(tr(lang, "wait", d=duration(stop.wait_min)))
    parts.append(tr(lang, "leaves_at", t=clock(stop.departure)))
    drive = tr(
        lang,
        "drive",
        km=_unbroken(km(stop.km_from_prev, lang)),
        d=_unbroken(duration(stop.drive_min_from_prev)),
    )
    parts.append(f'<font size="7" color="{MUTED.hexval()}">{drive}</font>')
    return [Paragraph("<br/>".join(parts), st.cell_small)]


def _org_cell(stop: PlannedStop, lang: Lang) -> list[Flowable]:
    st = styles()
    lines = [f'<font size="9.5"><b>{_esc(stop.name)}</b></font>', _esc(stop.address)]
    if stop.contact_name:
        lines.append(f"{tr(lang, 'contact')} : {_esc(stop.contact_name)}")
    if stop.contact_phone:
        lines.append(f"{tr(lang, 'phone')} : <b>{_esc(stop.contact_phone)}</b>")
    return [Paragraph("<br/>".join(lines), st.cell)]


def _about_cell(stop: PlannedStop, lang: Lang) -> list[Flowable]:
    st = styles()
    colon = " :" if lang == "fr" else ":"
    out: list[Flowable] = []
    if stop.purpose:
        out.append(Paragraph(f"<b>{tr(lang, 'purpose')}{colon}</b> {_esc(stop.purpose)}", st.cell))
    if stop.orientation_hint:
        out.append(
            Paragraph(
                f"<b>{tr(lang, 'orientation')}{colon}</b> {_esc(stop.orientation_hint)}", st.cell
            )
        )
    if stop.last_visit_summary:
        out.append(
            Paragraph(
                f'<font color="{MUTED.hexval()}"><i>{tr(lang, "last_visit")}{colon}</i> '
                f"{_esc(stop.last_visit_summary)}</font>",
                st.cell_small,
            )
        )
    return out or [Paragraph("–", st.cell)]


def _visit_table(plan: DayPlan, lang: Lang) -> Table:
    st = styles()
    width = frame_width()
    widths = [8 * mm, 25 * mm, 54 * mm, 47 * mm]
    widths.append(width - sum(widths))
    header = [
        Paragraph(tr(lang, key), st.cell_head)
        for key in ("col_no", "col_time", "col_org", "col_about", "col_outcome")
    ]
    outcome_labels = [
        glossary.label(o, lang).lower()
        for o in (
            VisitOutcome.MET,
            VisitOutcome.INTERESTED,
            VisitOutcome.NOT_INTERESTED,
            VisitOutcome.TO_RECONTACT,
        )
    ]
    colon = " :" if lang == "fr" else ":"
    start_row = [
        "",
        Paragraph(f"<b>{clock(_leave_time(plan))}</b>", st.cell),
        Paragraph(f"<b>{tr(lang, 'start_place')}{colon}</b> {_esc(plan.start.label)}", st.cell),
        "",
        "",
    ]
    back_leg = ""
    back_km = plan.total_km - sum(s.km_from_prev for s in plan.stops)
    back_min = plan.total_drive_min - sum(s.drive_min_from_prev for s in plan.stops)
    if back_km >= 0 and back_min >= 0:
        back_leg = " · " + tr(lang, "drive", km=km(back_km, lang), d=duration(back_min))
    end_row = [
        "",
        Paragraph(f"<b>{_back_text(plan)}</b>", st.cell),
        Paragraph(
            f"<b>{tr(lang, 'end_place')}{colon}</b> {_esc(plan.end.label)}"
            f'<font color="{MUTED.hexval()}">{back_leg}</font>',
            st.cell,
        ),
        "",
        "",
    ]
    rows: list[list[Any]] = [header, start_row]
    lunch_after = _lunch_after(plan)
    lunch_row: int | None = None
    if lunch_after == 0:
        lunch_row = len(rows)
        rows.append(_lunch_row(plan, lang))
    for k, stop in enumerate(plan.stops, start=1):
        rows.append(
            [
                Paragraph(f'<font size="11"><b>{stop.order}</b></font>', st.cell_center),
                _time_cell(stop, lang),
                _org_cell(stop, lang),
                _about_cell(stop, lang),
                OutcomeBoxes(outcome_labels, tr(lang, "notes") + " :", note_lines=3),
            ]
        )
        if lunch_after == k:
            lunch_row = len(rows)
            rows.append(_lunch_row(plan, lang))
    rows.append(end_row)
    last = len(rows) - 1
    table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1)
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 2), (-1, last - 1), 4),
        ("BOTTOMPADDING", (0, 2), (-1, last - 1), 5),
        # the itinerary's two ends: one line each, shaded like the header
        ("SPAN", (2, 1), (4, 1)),
        ("SPAN", (2, last), (4, last)),
        ("BACKGROUND", (0, 1), (-1, 1), ZEBRA),
        ("BACKGROUND", (0, last), (-1, last), ZEBRA),
    ]
    if lunch_row is not None:
        commands += [
            ("SPAN", (2, lunch_row), (4, lunch_row)),
            ("BACKGROUND", (0, lunch_row), (-1, lunch_row), LUNCH_BG),
        ]
    stop_rows = [r for r in range(2, last) if r != lunch_row]
    for i, stop in zip(stop_rows, plan.stops, strict=True):
        if stop.fixed:
            commands.append(("BACKGROUND", (0, i), (1, i), FIXED_TINT))
            commands.append(("LINEBEFORE", (0, i), (0, i), 2.2, FIXED))
        elif i % 2 == 1:
            commands.append(("BACKGROUND", (0, i), (1, i), ZEBRA))
    table.setStyle(TableStyle(commands))
    return table


def _lunch_after(plan: DayPlan) -> int | None:
    """How many stops come before the lunch break (None: no break during the round).

    The break sits after the last stop left before it starts; a break taken while waiting
    for a visit's opening still comes before that visit.
    """
    if plan.lunch_at is None:
        return None
    return sum(1 for s in plan.stops if s.departure <= plan.lunch_at)


def _lunch_text(plan: DayPlan, lang: Lang) -> str:
    until = f"–{clock(plan.lunch_until)}" if plan.lunch_until is not None else ""
    return f"{clock(plan.lunch_at)}{until}"


def _lunch_row(plan: DayPlan, lang: Lang) -> list[Any]:
    st = styles()
    return [
        "",
        Paragraph(f"<b>{_lunch_text(plan, lang)}</b>", st.cell),
        Paragraph(f"<b>{tr(lang, 'lunch_break')}</b>", st.cell),
        "",
        "",
    ]


def _programme(plan: DayPlan, lang: Lang) -> list[Any]:
    """The whole day in one line per event, on the first page above the map: departure,
    each stop with fixed appointments flagged, the lunch break, the return.

    The detailed table with note boxes follows and may run over; this one never does, so a
    09:00 appointment is never first seen on page 2.
    """
    st = styles()
    colon = " :" if lang == "fr" else ":"
    rows: list[list[Any]] = [
        [
            Paragraph(f"<b>{clock(_leave_time(plan))}</b>", st.cell_small),
            Paragraph(f"{tr(lang, 'start_place')}{colon} {_esc(plan.start.label)}", st.cell_small),
        ]
    ]
    fixed_rows: list[int] = []
    lunch_rows: list[int] = []
    lunch_after = _lunch_after(plan)

    def lunch() -> None:
        lunch_rows.append(len(rows))
        rows.append(
            [
                Paragraph(f"<b>{_lunch_text(plan, lang)}</b>", st.cell_small),
                Paragraph(f"<b>{tr(lang, 'lunch_break')}</b>", st.cell_small),
            ]
        )

    if lunch_after == 0:
        lunch()
    for k, stop in enumerate(plan.stops, start=1):
        flag = (
            f' <font color="{FIXED.hexval()}"><b>{tr(lang, "fixed")}</b></font>'
            if stop.fixed
            else ""
        )
        if stop.fixed:
            fixed_rows.append(len(rows))
        rows.append(
            [
                Paragraph(f"<b>{clock(stop.start)}</b>–{clock(stop.departure)}", st.cell_small),
                Paragraph(f"{stop.order}. <b>{_esc(stop.name)}</b>{flag}", st.cell_small),
            ]
        )
        if lunch_after == k:
            lunch()
    rows.append(
        [
            Paragraph(f"<b>{_back_text(plan)}</b>", st.cell_small),
            Paragraph(f"{tr(lang, 'end_place')}{colon} {_esc(plan.end.label)}", st.cell_small),
        ]
    )
    width = frame_width()
    table = Table(rows, colWidths=[28 * mm, width - 28 * mm], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), ZEBRA),
        ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), ZEBRA),
    ]
    for r in fixed_rows:
        commands += [
            ("BACKGROUND", (0, r), (-1, r), FIXED_TINT),
            ("LINEBEFORE", (0, r), (0, r), 2.2, FIXED),
        ]
    for r in lunch_rows:
        commands.append(("BACKGROUND", (0, r), (-1, r), LUNCH_BG))
    table.setStyle(TableStyle(commands))
    return [KeepTogether([Paragraph(tr(lang, "programme"), st.heading), table])]


def _key_values(items: Sequence[tuple[str, str]], columns: int = 2) -> Table:
    """Label/value pairs laid out in `columns` pairs per row."""
    st = styles()
    rows: list[list[Any]] = []
    for k in range(0, len(items), columns):
        row: list[Any] = []
        for label, value in items[k : k + columns]:
            row += [Paragraph(_esc(label), st.cell), Paragraph(f"<b>{value}</b>", st.cell)]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    width = frame_width()
    label_w = width / columns * 0.58
    value_w = width / columns - label_w
    table = Table(rows, colWidths=[label_w, value_w] * columns)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *[("BACKGROUND", (2 * c, 0), (2 * c, -1), ZEBRA) for c in range(columns)],
            ]
        )
    )
    return table


def _back_text(plan: DayPlan) -> str:
    """'17:45', or '00:14 (+1)' when the day runs past midnight."""
    if plan.back_at is None:
        return clock(None)
    extra = (plan.back_at.date() - plan.day).days
    return clock(plan.back_at) + (f" (+{extra})" if extra > 0 else "")


def _totals(plan: DayPlan, lang: Lang) -> list[Flowable]:
    st = styles()
    wait = sum(s.wait_min for s in plan.stops)
    leave = _leave_time(plan)
    items = [
        (tr(lang, "visits"), str(plan.visit_count)),
        (tr(lang, "total_km"), km(plan.total_km, lang)),
        (tr(lang, "total_drive"), duration(plan.total_drive_min)),
        (tr(lang, "leave_at"), clock(leave)),
        (tr(lang, "back_at"), _back_text(plan)),
        (tr(lang, "total_wait"), duration(wait) if wait >= 1 else "–"),
    ]
    return [
        KeepTogether([Paragraph(tr(lang, "day_totals"), st.heading), _key_values(items, columns=3)])
    ]


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


def _unserved_table(
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
                f'{_esc(u.name)}<br/><font color="{FIXED.hexval()}"><b>'
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


def _day_story(plan: DayPlan, basemap: Basemap, lang: Lang) -> list[Any]:
    st = styles()
    date_text = long_date(plan.day, lang)
    leave = _leave_time(plan)
    summary = tr(
        lang,
        "summary_line",
        visits=count(plan.visit_count, "visit", lang),
        km=km(plan.total_km, lang),
        drive=duration(plan.total_drive_min),
        leave=clock(leave),
        back=_back_text(plan),
    )
    colon = " :" if lang == "fr" else ":"
    if _same_place(plan):
        places = f"<b>{tr(lang, 'start_end_place')}{colon}</b> {_esc(plan.start.label)}"
    else:
        places = (
            f"<b>{tr(lang, 'start_place')}{colon}</b> {_esc(plan.start.label)} &nbsp;·&nbsp; "
            f"<b>{tr(lang, 'end_place')}{colon}</b> {_esc(plan.end.label)}"
        )
    story: list[Any] = [
        HeaderMark(plan.officer_name, date_text),
        Paragraph(_esc(date_text[:1].upper() + date_text[1:]), st.title),
        Paragraph(f"<b>{_esc(plan.officer_name)}</b> · {_esc(summary)}", st.subtitle),
        Paragraph(places, st.body),
        Spacer(1, 2 * mm),
    ]
    if plan.stops:
        story += _programme(plan, lang)
        story.append(Spacer(1, 2 * mm))
    # the programme takes room: the map shrinks so a three-visit day still fits on one page
    stops = len(plan.stops)
    map_h = (85.0 if stops <= 2 else max(40.0, 48.0 - 4.0 * (stops - 3))) * mm
    story += [
        route_map([_map_route(plan)], basemap, frame_width(), map_h, lang=lang),
        Spacer(1, 4 * mm),
    ]
    if plan.stops:
        story.append(_visit_table(plan, lang))
    else:
        story.append(Paragraph(tr(lang, "no_stop"), st.body))
    story += _totals(plan, lang)
    story += _unserved_table(plan.unserved, lang, title="not_kept")
    return story


def render_day_plan(plan: DayPlan, *, outlines: Outlines = None, lang: str = "fr") -> bytes:
    """The officer's printed day: map, visits in order with tick boxes, totals, left-overs."""
    language = check_lang(lang)
    basemap = Basemap.from_outlines(outlines)
    story = _day_story(plan, basemap, language)
    return build_pdf(story, Chrome(tr(language, "route_plan"), language))


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
        Paragraph(f"<b>{_esc(officer)}</b> · {_esc(span)}", st.subtitle),
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
                para(clock(_leave_time(plan)), st.cell_center),
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
    story.append(Paragraph(tr(lang, "week_map"), st.heading))
    routes = [
        _map_route(p, ROUTE_COLOURS[i % len(ROUTE_COLOURS)], numbered=False)
        for i, p in enumerate(plans)
    ]
    legend = [
        ("line", ROUTE_COLOURS[i % len(ROUTE_COLOURS)], day_and_month(p.day, lang))
        for i, p in enumerate(plans)
    ]
    story.append(
        route_map(routes, basemap, width, 125 * mm, lang=lang, legend=legend, label_places=False)
    )
    return story


def render_week_pack(
    plans: Sequence[DayPlan],
    *,
    outlines: Outlines = None,
    lang: str = "fr",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
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
        if cancel is not None and cancel():
            raise RenderCancelled("rendering cancelled")
        story.append(PageBreak())
        story += _day_story(plan, basemap, language)
        if progress is not None:
            progress(k, len(ordered))
    return build_pdf(story, Chrome(tr(language, "week_pack"), language), cancel=cancel)


_POSTCODE = re.compile(r"\b(\d{5})\b")
_BE_POSTCODE = re.compile(r"\b(?:B-?)?(\d{4})\b")


def departement_of_address(address: str) -> str | None:
    """'12 rue X, 80000 Amiens' → '80'; a Belgian 4-digit postcode → 'BE'. Only a fallback for
    stops that do not carry their organisation's département (plans built by hand or by older
    versions): a postcode is not a département (Corsica's 20xxx, CEDEX and border communes)."""
    match = _POSTCODE.search(address)
    if match:
        return match.group(1)[:2]
    if _BE_POSTCODE.search(address) and re.search(r"belgi|belgië|belgique", address, re.I):
        return "BE"
    return None


def stop_departement(stop: PlannedStop) -> str:
    """The coverage key of a stop: its organisation's département, 'BE' for Belgium."""
    if stop.departement:
        return stop.departement
    if stop.area == Area.BELGIUM.value:
        return "BE"
    return departement_of_address(stop.address) or "?"


def _area_of(code: str) -> str:
    area = AREA_BY_DEPARTEMENT.get(code) or (Area.BELGIUM if code == "BE" else None)
    return str(area) if area else "?"


def stop_area(stop: PlannedStop) -> str:
    """The historical area of a stop: carried by the stop, else derived from its département."""
    return stop.area or _area_of(stop_departement(stop))


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
            counts[dep_area.get(dep) or _area_of(dep)] += n
        by_area = dict(counts)
    else:
        by_area = dict(Counter(stop_area(s) for s in stops))
    return by_dep, by_area, {dep: dep_area.get(dep) or _area_of(dep) for dep in by_dep}


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
                Paragraph(f"<b>{_esc(_area_label(key, lang))}</b>", st.cell),
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
    cancel: Cancel | None = None,
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
        if cancel is not None and cancel():
            raise RenderCancelled("rendering cancelled")
        step += 1
        if progress is not None:
            progress(step, steps)

    story: list[Any] = [
        HeaderMark("", f"{long_date(first, language)} – {long_date(last, language)}"),
        Paragraph(tr(language, "manager_summary"), st.title),
        Paragraph(
            f"{_esc(period)} · {len(officers)} "
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
    story += _unserved_table(unserved, language, frame_width(landscape_pages=True))
    tick()
    story.append(PageBreak())
    story.append(Paragraph(tr(language, "overview_map"), st.heading))
    colour_of = {oid: ROUTE_COLOURS[i % len(ROUTE_COLOURS)] for i, oid in enumerate(officers)}
    routes = [_map_route(d, colour_of[d.officer_id], numbered=False) for d in days]
    legend = [("line", colour_of[oid], name) for oid, name in officers.items()]
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
