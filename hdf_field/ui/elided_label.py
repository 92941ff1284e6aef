"""A one-line label for values that cannot wrap (an e-mail, a web address, a SIRET).

A word-wrapped QLabel breaks only between words, so a long single token was simply cut at the
card's edge ("contact@armementblanchardviis.exa") with nothing to say it was cut. This label
shows "…" where it cuts, keeps the whole value in its tooltip, and copies the whole value.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Shows as much of its value as fits on one line; the tooltip always holds all of it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        # Never widens its column: the layout gives it what room there is and it elides.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        """The value to show; the tooltip carries it whole even when nothing is cut, so the
        officer finds it in the same place on every row."""
        self._full = text
        self.setToolTip(text)
        self._elide()

    def is_elided(self) -> bool:
        return self.text() != self._full

    def minimumSizeHint(self) -> QSize:
        # One "…" wide: the width is the layout's to choose, not the value's.
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…"), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copying the selection of an elided text would copy the "…": copy the value."""
        menu = QMenu(self)
        menu.addAction(self.tr("Copier"), self.copy_full_text)
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_full_text()
            return
        super().keyPressEvent(event)

    def copy_full_text(self) -> None:
        QGuiApplication.clipboard().setText(self._full)

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self._full
        if width > 0 and self.fontMetrics().horizontalAdvance(self._full) > width:
            shown = self.fontMetrics().elidedText(self._full, self._mode, width)
        if shown != self.text():
            super().setText(shown)
