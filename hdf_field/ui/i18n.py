"""Loading translations; the French source strings need none, English needs a compiled .qm.

``.ts`` files live in resources/translations/. Builds compile them (scripts/
build_translations.py, called by build.spec); a checkout or ``pip install -e .`` compiles them
on first start into the user cache folder, again whenever the ``.ts`` is newer.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_path
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from hdf_field.paths import APP_NAME, resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")


def translations_dir() -> Path:
    return resources_dir() / "translations"


def lrelease_command() -> str | None:
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "lrelease"):
        candidate = here / name
        if candidate.exists():
            return str(candidate)
        found = shutil.which(name)
        if found:
            return found
    return None


def compiled_translation(lang: str) -> Path | None:
    """The .qm for ``lang``: the shipped one if fresh, else compiled into the cache folder."""
    ts = translations_dir() / f"hdf_field_{lang}.ts"
    shipped = translations_dir() / f"hdf_field_{lang}.qm"
    if not ts.exists():
        return shipped if shipped.exists() else None
    if shipped.exists() and shipped.stat().st_mtime >= ts.stat().st_mtime:
        return shipped
    cached = user_cache_path(APP_NAME, appauthor=False) / "translations" / f"hdf_field_{lang}.qm"
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    tool = lrelease_command()
    if tool is None:
        log.warning("pyside6-lrelease not found: %s stays untranslated", lang)
        return shipped if shipped.exists() else None
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".qm.tmp")
    result = subprocess.run([tool, str(ts), "-qm", str(tmp)], capture_output=True, text=True)
    if result.returncode != 0 or not tmp.exists():
        log.warning("compiling %s failed: %s", ts, result.stderr.strip())
        return shipped if shipped.exists() else None
    tmp.replace(cached)
    return cached


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
