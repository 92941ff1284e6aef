"""The printed day plan: what the officer takes in the car.

A map of the day, then one row per visit in driving order with everything needed at the door
(who, where, why, what happened last time) and tick boxes plus room for notes, then the day's
totals and what could not be fitted in. The week pack prints the same pages for each day.
Pure functions of the planning dataclasses: PDF bytes out, no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hdf_field.domain import glossary
from hdf_field.domain.enums import VisitOutcome
from hdf_field.planning.model import DayPlan, PlannedStop
from hdf_field.reports.messages import (
    Lang,
    check_lang,
    clock,
    count,
    duration,
    km,
    long_date,
    tr,
)
from hdf_field.reports.pdf_base import (
    ACCENT,
    FIXED,
    HEAD_BG,
    MUTED,
    RULE,
    ZEBRA,
    Chrome,
    HeaderMark,
    OutcomeBoxes,
    build_pdf,
    frame_width,
    styles,
)
from hdf_field.reports.plan_map import Basemap, route_map
from hdf_field.reports.plan_parts import (
    FIXED_TINT,
    GRID,
    LUNCH_BG,
    Outlines,
    back_text,
    esc,
    leave_time,
    map_route,
    unserved_table,
)


def _same_place(plan: DayPlan) -> bool:
    return abs(plan.start.lat - plan.end.lat) < 1e-3 and abs(plan.start.lon - plan.end.lon) < 1e-3


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
    lines = [f'<font size="9.5"><b>{esc(stop.name)}</b></font>', esc(stop.address)]
    if stop.contact_name:
        lines.append(f"{tr(lang, 'contact')} : {esc(stop.contact_name)}")
    if stop.contact_phone:
        lines.append(f"{tr(lang, 'phone')} : <b>{esc(stop.contact_phone)}</b>")
    return [Paragraph("<br/>".join(lines), st.cell)]


def _about_cell(stop: PlannedStop, lang: Lang) -> list[Flowable]:
    st = styles()
    colon = " :" if lang == "fr" else ":"
    out: list[Flowable] = []
    if stop.purpose:
        out.append(Paragraph(f"<b>{tr(lang, 'purpose')}{colon}</b> {esc(stop.purpose)}", st.cell))
    if stop.orientation_hint:
        out.append(
            Paragraph(
                f"<b>{tr(lang, 'orientation')}{colon}</b> {esc(stop.orientation_hint)}", st.cell
            )
        )
    if stop.last_visit_summary:
        out.append(
            Paragraph(
                f'<font color="{MUTED.hexval()}"><i>{tr(lang, "last_visit")}{colon}</i> '
                f"{esc(stop.last_visit_summary)}</font>",
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
        Paragraph(f"<b>{clock(leave_time(plan))}</b>", st.cell),
        Paragraph(f"<b>{tr(lang, 'start_place')}{colon}</b> {esc(plan.start.label)}", st.cell),
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
        Paragraph(f"<b>{back_text(plan)}</b>", st.cell),
        Paragraph(
            f"<b>{tr(lang, 'end_place')}{colon}</b> {esc(plan.end.label)}"
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
            Paragraph(f"<b>{clock(leave_time(plan))}</b>", st.cell_small),
            Paragraph(f"{tr(lang, 'start_place')}{colon} {esc(plan.start.label)}", st.cell_small),
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
                Paragraph(f"{stop.order}. <b>{esc(stop.name)}</b>{flag}", st.cell_small),
            ]
        )
        if lunch_after == k:
            lunch()
    rows.append(
        [
            Paragraph(f"<b>{back_text(plan)}</b>", st.cell_small),
            Paragraph(f"{tr(lang, 'end_place')}{colon} {esc(plan.end.label)}", st.cell_small),
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
            row += [Paragraph(esc(label), st.cell), Paragraph(f"<b>{value}</b>", st.cell)]
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


def _totals(plan: DayPlan, lang: Lang) -> list[Flowable]:
    st = styles()
    wait = sum(s.wait_min for s in plan.stops)
    leave = leave_time(plan)
    items = [
        (tr(lang, "visits"), str(plan.visit_count)),
        (tr(lang, "total_km"), km(plan.total_km, lang)),
        (tr(lang, "total_drive"), duration(plan.total_drive_min)),
        (tr(lang, "leave_at"), clock(leave)),
        (tr(lang, "back_at"), back_text(plan)),
        (tr(lang, "total_wait"), duration(wait) if wait >= 1 else "–"),
    ]
    return [
        KeepTogether([Paragraph(tr(lang, "day_totals"), st.heading), _key_values(items, columns=3)])
    ]


def day_story(plan: DayPlan, basemap: Basemap, lang: Lang) -> list[Any]:
    st = styles()
    date_text = long_date(plan.day, lang)
    leave = leave_time(plan)
    summary = tr(
        lang,
        "summary_line",
        visits=count(plan.visit_count, "visit", lang),
        km=km(plan.total_km, lang),
        drive=duration(plan.total_drive_min),
        leave=clock(leave),
        back=back_text(plan),
    )
    colon = " :" if lang == "fr" else ":"
    if _same_place(plan):
        places = f"<b>{tr(lang, 'start_end_place')}{colon}</b> {esc(plan.start.label)}"
    else:
        places = (
            f"<b>{tr(lang, 'start_place')}{colon}</b> {esc(plan.start.label)} &nbsp;·&nbsp; "
            f"<b>{tr(lang, 'end_place')}{colon}</b> {esc(plan.end.label)}"
        )
    story: list[Any] = [
        HeaderMark(plan.officer_name, date_text),
        Paragraph(esc(date_text[:1].upper() + date_text[1:]), st.title),
        Paragraph(f"<b>{esc(plan.officer_name)}</b> · {esc(summary)}", st.subtitle),
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
        route_map([map_route(plan)], basemap, frame_width(), map_h, lang=lang),
        Spacer(1, 4 * mm),
    ]
    if plan.stops:
        story.append(_visit_table(plan, lang))
    else:
        story.append(Paragraph(tr(lang, "no_stop"), st.body))
    story += _totals(plan, lang)
    story += unserved_table(plan.unserved, lang, title="not_kept")
    return story


def render_day_plan(plan: DayPlan, *, outlines: Outlines = None, lang: str = "fr") -> bytes:
    """The officer's printed day: map, visits in order with tick boxes, totals, left-overs."""
    language = check_lang(lang)
    basemap = Basemap.from_outlines(outlines)
    story = day_story(plan, basemap, language)
    return build_pdf(story, Chrome(tr(language, "route_plan"), language))
