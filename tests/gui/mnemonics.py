"""Which Alt+letter shortcuts a window offers right now, and which letters are taken twice."""

from __future__ import annotations

import re
from collections import defaultdict

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

_MNEMONIC = re.compile(r"&(?!&)(\w)")


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` ("&&" is a literal ampersand), lower-cased."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """letter -> texts of the visible buttons, labels, group boxes and tabs that use it."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, widget: QWidget) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(f"{text!r} ({type(widget).__name__} {widget.objectName()})")

    for widget in window.findChildren(QWidget):
        # A widget deleted since the list was made (a page rebuilt) offers no shortcut.
        if not shiboken6.isValid(widget) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            add(widget.text(), widget)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), widget)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i):
                    add(widget.tabText(i), widget)
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}
