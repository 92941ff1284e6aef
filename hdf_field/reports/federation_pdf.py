"""The federation of the clusters, printed in the managers' dashboard PDF: referrals per cluster
by status with conversion and the median delay of the first answer, the referrals to chase, and
the members the clusters took in by historical area (definitions in
:mod:`hdf_field.domain.federation`). Flowables only: the dashboard PDF lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from hdf_field.domain.enums import Area, ReferralStatus
from hdf_field.domain.federation import AREA_COLUMNS, FederationData
from hdf_field.domain.formatting import number, percent
from hdf_field.domain.glossary import Lang, label_of
from hdf_field.reports.messages import tr

__all__ = ["federation_flowables"]

INK = colors.HexColor("#0f172a")
MUTED = colors.HexColor("#64748b")
STRIPES = [colors.white, colors.HexColor("#f1f5f9")]
HEADING_ROOM = 40 * mm


def _core(text: str) -> str:
    """Helvetica has no narrow no-break space (see dashboard_pdf._core)."""
    return text.replace("\u202f", "\xa0")


def _int(value: int, lang: Lang) -> str:
    return _core(number(value, lang))


def _rate(value: float | None, lang: Lang) -> str:
    return tr(lang, "fed_none") if value is None else _core(percent(value, lang, 0))


def _days(value: float | None, lang: Lang) -> str:
    if value is None:
        return tr(lang, "fed_none")
    return tr(lang, "fed_days", n=_core(number(value, lang, 1)))


def _area_name(area: Area | None, lang: Lang) -> str:
    return tr(lang, "fed_unknown_area") if area is None else label_of(Area, area, lang)


def _table(
    body: list[list[Any]], widths: Sequence[float], *, total_row: bool, text_columns: int = 1
) -> Table:
    """Text in the first ``text_columns`` columns (left), figures in the others (right)."""
    table = Table(body, colWidths=list(widths), repeatRows=1)
    style: list[Any] = [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("ALIGN", (text_columns, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), STRIPES),
    ]
    if total_row:
        style += [
            ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, INK),
        ]
    table.setStyle(TableStyle(style))
    return table


def federation_flowables(
    data: FederationData, lang: Lang = "fr", *, width: float = 273 * mm
) -> list[Any]:
    """The federation section: a heading, three tables and their footnotes, ``width`` wide
    (landscape A4 between the dashboard's margins by default)."""
    styles = getSampleStyleSheet()
    head = styles["Normal"].clone("fedhead", fontName="Helvetica-Bold", fontSize=8, leading=9.5)
    # A figure's column heading sits over its figures, on the right.
    num_head = head.clone("fednumhead", alignment=2)
    cell = styles["Normal"].clone("fedcell", fontSize=8, leading=9.5)
    note = styles["Normal"].clone("fednote", fontSize=7.5, leading=9.5, textColor=MUTED)
    h3 = styles["Heading3"]

    def p(text: str, style: Any = cell) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[Any] = [
        Paragraph(escape(tr(lang, "fed_title")), styles["Heading2"]),
        p(
            tr(
                lang,
                "fed_intro",
                day=data.today.strftime("%d/%m/%Y"),
                total=_int(data.total, lang),
                conversion=_rate(data.conversion, lang),
                median=_days(data.median_days_to_answer, lang),
            ),
            styles["Normal"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(escape(tr(lang, "fed_by_cluster")), h3),
    ]

    # Referrals per cluster and status.
    statuses = list(ReferralStatus)
    header = [
        p(tr(lang, "fed_cluster"), head),
        *(p(label_of(ReferralStatus, s, lang), num_head) for s in statuses),
        p(tr(lang, "fed_total"), num_head),
        p(tr(lang, "fed_conversion"), num_head),
        p(tr(lang, "fed_median"), num_head),
        p(tr(lang, "fed_to_chase"), num_head),
    ]
    body: list[list[Any]] = [header]
    for c in data.clusters:
        body.append(
            [
                p(c.cluster),
                *(_int(n, lang) for n in c.by_status),
                _int(c.total, lang),
                _rate(c.conversion, lang),
                _days(c.median_days_to_answer, lang),
                _int(c.to_chase, lang),
            ]
        )
    body.append(
        [
            p(tr(lang, "fed_all_clusters"), head),
            *(_int(n, lang) for n in data.by_status),
            _int(data.total, lang),
            _rate(data.conversion, lang),
            _days(data.median_days_to_answer, lang),
            _int(len(data.chase), lang),
        ]
    )
    first = width - 9 * 25 * mm
    story += [
        _table(body, [first] + [25 * mm] * 9, total_row=True),
        Spacer(1, 1.5 * mm),
        p(tr(lang, "fed_conversion_note"), note),
        Spacer(1, 6 * mm),
    ]

    # The referrals to chase.
    story += [
        CondPageBreak(HEADING_ROOM),
        Paragraph(escape(tr(lang, "fed_chase_title", n=data.chase_after_days)), h3),
    ]
    if data.chase:
        chase: list[list[Any]] = [
            [
                tr(lang, "organisation"),
                tr(lang, "fed_cluster"),
                tr(lang, "officer"),
                tr(lang, "fed_sent_on"),
                tr(lang, "fed_days_waiting"),
            ]
        ]
        chase += [
            [
                p(r.organisation),
                p(r.cluster),
                p(r.officer),
                r.sent_on.strftime("%d/%m/%Y"),
                _int(r.days_waiting, lang),
            ]
            for r in data.chase
        ]
        rest = width - 2 * 28 * mm
        story.append(
            _table(
                chase,
                [rest * 0.4, rest * 0.35, rest * 0.25, 28 * mm, 28 * mm],
                total_row=False,
                text_columns=3,
            )
        )
    else:
        story.append(p(tr(lang, "fed_chase_none", n=data.chase_after_days), styles["Normal"]))
    story.append(Spacer(1, 6 * mm))

    # Members by historical area.
    members: list[list[Any]] = [
        [
            p(tr(lang, "fed_cluster"), head),
            *(p(_area_name(a, lang), num_head) for a in AREA_COLUMNS),
            p(tr(lang, "fed_total"), num_head),
        ]
    ]
    members += [
        [p(c.cluster), *(_int(n, lang) for n in c.members_by_area), _int(c.members, lang)]
        for c in data.clusters
    ]
    members.append(
        [
            p(tr(lang, "fed_all_clusters"), head),
            *(_int(n, lang) for n in data.members_by_area),
            _int(sum(data.members_by_area), lang),
        ]
    )
    n_cols = len(AREA_COLUMNS) + 1
    story += [
        CondPageBreak(HEADING_ROOM),
        Paragraph(escape(tr(lang, "fed_members_title")), h3),
        _table(members, [width - n_cols * 42 * mm] + [42 * mm] * n_cols, total_row=True),
        Spacer(1, 1.5 * mm),
        p(tr(lang, "fed_members_note"), note),
    ]
    return story
