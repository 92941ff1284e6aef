"""Where the project's files live: a checkout, an install or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "hdf-field"


def project_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return project_root() / "resources"


def migrations_dir() -> Path:
    return project_root() / "db"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "hdf-field.sqlite3"
