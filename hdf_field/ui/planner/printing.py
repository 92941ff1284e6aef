"""Print and preview the PDFs the reports module makes, page by page, as images.

The printed plan is the reportlab PDF (one layout for paper, file and preview); Qt only has
to put its pages on a printer. PySide6's wheels do not ship QtPdf, so pages are rasterised
with pdfium (pypdfium2) at the printer's resolution.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from hdf_field.ui.common import size_to_screen

MAX_DPI = 300  # enough for text and maps on paper; more only costs memory


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page as an RGB image at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images: list[QImage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # own the pixels: pdfium frees its buffer
            images.append(image)
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of ``pdf`` on ``printer``, scaled to the printable area; returns the
    number of pages printed."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dpi = min(float(printer.resolution()), MAX_DPI)
    images = render_pages(pdf, dpi)
    painter = QPainter()
    if not images or not painter.begin(printer):
        return 0
    try:
        for k, image in enumerate(images):
            if k:
                printer.newPage()
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            target = QSizeF(image.size()).scaled(
                QSizeF(area.size()), Qt.AspectRatioMode.KeepAspectRatio
            )
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
    finally:
        painter.end()
    return len(images)


class PdfPreviewDialog(QPrintPreviewDialog):
    """A print preview of a PDF; printing from it prints the same pages.

    The dialog keeps its printer: QPrintPreviewDialog only borrows it, and a printer freed
    by Python while the dialog paints is a crash.
    """

    def __init__(self, pdf: bytes, parent: QWidget | None = None) -> None:
        self._owned_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self._owned_printer, parent)
        self.pdf = pdf
        self.pages_printed = 0
        self.paintRequested.connect(self._paint)
        size_to_screen(self, QSize(900, 1000))  # 1000 px tall is off a 768-pixel screen

    def _paint(self, printer: QPrinter) -> None:
        self.pages_printed = print_pdf(self.pdf, printer)


def preview_dialog(pdf: bytes, parent: QWidget | None = None) -> PdfPreviewDialog:
    return PdfPreviewDialog(pdf, parent)
