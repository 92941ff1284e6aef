"""Shared pieces of the printed documents: fonts, paragraph styles, page chrome, tick boxes.

Every page carries the same header (document title, officer, date) and footer ("HDF Field",
page X/Y). The total page count is only known at the end, so the canvas keeps each page's state
and draws the chrome when the document is saved (the usual reportlab two-pass recipe).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from hdf_field.domain.progress import CancelToken
from hdf_field.reports.messages import Lang, tr

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
MARGIN = 14 * mm
HEADER_H = 11 * mm
FOOTER_H = 9 * mm

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#9aa5b1")
ACCENT = colors.HexColor("#1d4e89")  # the campaign's blue: titles, route, numbered stops
FIXED = colors.HexColor("#b3261e")  # fixed appointments stand out in red
HEAD_BG = colors.HexColor("#dde5ee")
ZEBRA = colors.HexColor("#f4f6f8")
RENDER_CANCELLED = "rendering cancelled"


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """DejaVu Sans Condensed when the system has it (full accents, arrows, narrow enough for dense
    tables); otherwise the PDF core Helvetica, which covers French through WinAnsi."""
    files = {
        "HdfSans": "DejaVuSansCondensed.ttf",
        "HdfSans-Bold": "DejaVuSansCondensed-Bold.ttf",
        "HdfSans-Oblique": "DejaVuSansCondensed-Oblique.ttf",
        "HdfSans-BoldOblique": "DejaVuSansCondensed-BoldOblique.ttf",
    }
    try:
        for name, file in files.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(DEJAVU_DIR / file)))
        pdfmetrics.registerFontFamily(
            "HdfSans",
            normal="HdfSans",
            bold="HdfSans-Bold",
            italic="HdfSans-Oblique",
            boldItalic="HdfSans-BoldOblique",
        )
        return Fonts("HdfSans", "HdfSans-Bold", "HdfSans-Oblique", "HdfSans-BoldOblique")
    except Exception:  # any unreadable font file means: use the core font
        return Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    f = fonts()
    body = ParagraphStyle("body", fontName=f.regular, fontSize=9.5, leading=12, textColor=INK)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=cell,
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7.5, leading=9.2),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=f.bold, fontSize=8, leading=10, textColor=INK
        ),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=f.bold,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceAfter=2,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, textColor=INK, spaceAfter=4
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=f.bold,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
    )


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: organisation names contain '&' and '<')."""
    return Paragraph(escape(text or ""), style)


class HeaderMark(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Zero-size marker: the pages from here on carry this title/officer/date in their header."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__()
        self.left = left
        self.right = right
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv._hdf_header = (self.left, self.right)


class OutcomeBoxes(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Real drawn tick boxes (not glyphs a font may lack) and ruled lines for notes."""

    def __init__(self, labels: Sequence[str], notes_label: str, note_lines: int = 3) -> None:
        super().__init__()
        self.labels = list(labels)
        self.notes_label = notes_label
        self.note_lines = note_lines
        self.row_h = 4.6 * mm
        self.line_gap = 5.0 * mm

    def _layout(self, width: float) -> tuple[int, float]:
        """Two columns of boxes when the labels fit side by side, else one column."""
        f = fonts()
        box = 2.8 * mm
        first = max((stringWidth(t, f.regular, 7.3) for t in self.labels[::2]), default=0.0)
        second = max((stringWidth(t, f.regular, 7.3) for t in self.labels[1::2]), default=0.0)
        col2 = max(width / 2, box + 1.2 * mm + first + 2.5 * mm)
        if col2 + box + 1.2 * mm + second <= width:
            return 2, col2
        return 1, 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.columns, self.col2 = self._layout(availWidth)
        rows = -(-len(self.labels) // self.columns)
        self.height = rows * self.row_h + 1.2 * mm + self.note_lines * self.line_gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        f = fonts()
        box = 2.8 * mm
        top = self.height
        c.setLineWidth(0.6)
        c.setStrokeColor(INK)
        c.setFillColor(INK)
        c.setFont(f.regular, 7.3)
        for i, label in enumerate(self.labels):
            x = (i % self.columns) * self.col2
            y = top - (i // self.columns + 1) * self.row_h + 0.8 * mm
            c.rect(x, y, box, box, stroke=1, fill=0)
            c.drawString(x + box + 1.2 * mm, y + 0.55 * mm, label)
        rows = -(-len(self.labels) // self.columns)
        y = top - rows * self.row_h - 1.2 * mm
        c.setFillColor(MUTED)
        c.setFont(f.italic, 6.5)
        c.drawString(0, y - 2.6 * mm, self.notes_label)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.setDash(1, 1.5)
        for k in range(self.note_lines):
            ly = y - (k + 1) * self.line_gap + 0.6 * mm
            start = c.stringWidth(self.notes_label, f.italic, 6.5) + 1.5 * mm if k == 0 else 0
            c.line(start, ly, self.width, ly)
        c.setDash()


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every page shows besides the content."""

    title: str
    lang: Lang


class _ChromeCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    def __init__(self, *args: Any, chrome: Chrome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hdf_chrome = chrome
        self._hdf_header: tuple[str, str] = ("", "")
        self._hdf_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._hdf_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._hdf_pages)
        for state in self._hdf_pages:
            self.__dict__.update(state)
            self._draw_chrome(total)
            super().showPage()
        super().save()

    def _draw_chrome(self, total: int) -> None:
        chrome = self._hdf_chrome
        f = fonts()
        width, height = self._pagesize
        left, right = self._hdf_header
        self.saveState()
        top = height - MARGIN + 2 * mm
        self.setFillColor(ACCENT)
        self.setFont(f.bold, 9.5)
        self.drawString(MARGIN, top, chrome.title)
        title_w = self.stringWidth(chrome.title, f.bold, 9.5)
        self.setFillColor(INK)
        self.setFont(f.regular, 9.5)
        if left:
            self.drawString(MARGIN + title_w + 1.5 * mm, top, f"· {left}")
        self.drawRightString(width - MARGIN, top, right)
        self.setStrokeColor(ACCENT)
        self.setLineWidth(0.8)
        self.line(MARGIN, top - 2.2 * mm, width - MARGIN, top - 2.2 * mm)
        bottom = MARGIN - 5 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(MARGIN, bottom + 3.6 * mm, width - MARGIN, bottom + 3.6 * mm)
        self.setFillColor(MUTED)
        self.setFont(f.regular, 8)
        self.drawString(MARGIN, bottom, tr(chrome.lang, "app"))
        page_no = tr(chrome.lang, "page", n=self._pageNumber, total=total)
        self.drawRightString(width - MARGIN, bottom, page_no)
        self.restoreState()


def build_pdf(
    story: list[Flowable],
    chrome: Chrome,
    *,
    landscape_pages: bool = False,
    cancel: CancelToken | None = None,
) -> bytes:
    """Lay out the story on A4 with the chrome; `cancel` is polled as pages are laid out
    (a cancel raises :class:`~hdf_field.domain.progress.Cancelled`)."""
    buffer = io.BytesIO()
    pagesize = landscape(A4) if landscape_pages else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H - 4 * mm,
        bottomMargin=MARGIN + FOOTER_H - 5 * mm,
        title=chrome.title,
        author=tr(chrome.lang, "app"),
        creator=tr(chrome.lang, "app"),
        invariant=True,
    )
    if cancel is not None:

        def check(kind: str, value: int) -> None:
            if kind == "PAGE":
                cancel.raise_if_cancelled(RENDER_CANCELLED)

        doc.setProgressCallBack(check)

    def canvasmaker(*args: Any, **kwargs: Any) -> _ChromeCanvas:
        return _ChromeCanvas(*args, chrome=chrome, **kwargs)

    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def frame_width(landscape_pages: bool = False) -> float:
    """Usable width: the page less the margins and the frame's own 6 pt paddings."""
    pagesize = landscape(A4) if landscape_pages else A4
    return float(pagesize[0] - 2 * MARGIN - 12)
