"""Asking where to save an export; injectable so tests answer without a native dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

# (parent, title, suggested file name, filter) → chosen path or None
AskSavePath = Callable[[QWidget, str, str, str], str | None]


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


# (parent, title) → chosen folder or None
AskFolder = Callable[[QWidget, str], str | None]


def ask_folder(parent: QWidget, title: str) -> str | None:
    path = QFileDialog.getExistingDirectory(parent, title)
    return path or None
