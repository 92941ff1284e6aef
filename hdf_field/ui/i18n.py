"""Loading translations; the French source strings need none, English needs a compiled .qm.

``.ts`` files live in resources/translations/. Builds compile them (scripts/
build_translations.py, called by build.spec) and record the source's hash beside each ``.qm``;
a checkout whose ``.qm`` is missing or was compiled from another ``.ts`` compiles one into the
user cache folder on start. A frozen bundle never compiles.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_path
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from hdf_field.paths import APP_NAME, resources_dir
from hdf_field.ui.qm_files import find_translation, lrelease_command, lrelease_compiler

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")


def translations_dir() -> Path:
    return resources_dir() / "translations"


def compiled_translation(lang: str) -> Path | None:
    """The .qm for ``lang``; the rule (content hash, never compiling when frozen) is in
    :mod:`hdf_field.ui.qm_files`."""
    tool = lrelease_command()
    return find_translation(
        lang,
        translations_dir(),
        user_cache_path(APP_NAME, appauthor=False) / "translations",
        frozen=bool(getattr(sys, "frozen", False)),
        compiler=lrelease_compiler(tool) if tool else None,
    )


class Translations:
    """Owns the installed translators; switching language re-translates open windows
    (installing a translator sends every widget a LanguageChange event)."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "fr"

    def apply(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QApplication")
        for tr in self._installed:
            app.removeTranslator(tr)
        self._installed.clear()
        lang = lang if lang in LANGUAGES else "fr"
        self.language = lang
        QLocale.setDefault(
            QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English)
        )
        qt_tr = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_tr.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(qt_tr)
            self._installed.append(qt_tr)
        if lang != "fr":
            qm = compiled_translation(lang)
            ours = QTranslator(app)
            if qm is not None and ours.load(str(qm)):
                app.installTranslator(ours)
                self._installed.append(ours)
            elif qm is not None:
                log.warning("cannot load %s", qm)
        if not self._installed:
            # No translator changed: still tell widgets, so a switch back to French re-renders.
            from PySide6.QtCore import QEvent

            for widget in _top_level_widgets():
                QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def _top_level_widgets() -> list[QWidget]:
    from PySide6.QtWidgets import QApplication

    return list(QApplication.topLevelWidgets())
