"""Where a laptop keeps its registry token: the system keyring, else a 0600 file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_config_path

from hdf_field.paths import APP_NAME

SERVICE = "hdf-field-registry"


def _file() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "tokens.json"


def _read_file() -> dict[str, str]:
    try:
        return dict(json.loads(_file().read_text()))
    except (OSError, ValueError):
        return {}


def save_token(server_url: str, token: str) -> str:
    """Returns where it went ("keyring" or the file path)."""
    try:
        import keyring

        keyring.set_password(SERVICE, server_url, token)
        return "keyring"
    except Exception:  # no usable keyring backend (headless laptop, CI)
        path = _file()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _read_file()
        data[server_url] = token
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh)
        os.chmod(path, 0o600)
        return str(path)


def load_token(server_url: str) -> str | None:
    try:
        import keyring

        token = keyring.get_password(SERVICE, server_url)
        if token:
            return token
    except Exception:
        pass
    return _read_file().get(server_url)
