"""Typed user settings over QSettings, with a version key and migrations.

Tests point QSettings at a temporary folder (see tests/gui/conftest.py); nothing here reads
settings at import time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

SETTINGS_VERSION = 1

DEFAULTS: dict[str, Any] = {
    "officer/name": "",
    "officer/email": "",
    "officer/home_commune": "",
    "hours/day_start": "08:30",
    "hours/day_end": "17:30",
    "hours/lunch_minutes": 45,
    "hours/early_departure_min": 60,  # "départ au plus tôt" for a fixed first appointment
    "sync/registry_url": "",
    "ui/language": "fr",
    "map/mbtiles": "",  # the MBTiles basemap last chosen on the map ("" = outlines only)
    "import/last_folder": "",  # where the import screen's file dialogs open
    "ui/card_collapsed": 0,  # 1 = the organisation card beside the list is folded away
    "ui/card_width": 0,  # the card's width when last shown (0 = the default share)
}


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self._s = store if store is not None else QSettings()
        self._migrate()

    def _migrate(self) -> None:
        # No name is guessed from the system login: "Root" or "Jdupont" on a visit report is
        # worse than a blank the first-run step asks the officer to fill in.
        self._s.setValue("meta/version", SETTINGS_VERSION)

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self._s.value(key, default)
        if isinstance(default, int):
            return _as_int(value, default)
        return "" if value is None else str(value)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self._s.setValue(key, value)

    def sync(self) -> None:
        self._s.sync()

    @property
    def language(self) -> str:
        lang = self.get("ui/language")
        return lang if lang in ("fr", "en") else "fr"

    @property
    def officer_name(self) -> str:
        return self.get("officer/name")

    @property
    def officer_email(self) -> str:
        return self.get("officer/email")

    @property
    def identity_complete(self) -> bool:
        """A visit can be signed: the first-run step is shown until this holds."""
        return bool(self.officer_name.strip() and self.officer_email.strip())

    @property
    def actor(self) -> str:
        """Who the bookkeeping says made a change."""
        return self.officer_email or self.officer_name or "local"

    def raw(self) -> QSettings:
        return self._s


def _as_int(value: object, default: int) -> int:
    """QSettings gives back what the backend stored: an int, or its text in an INI file."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default
