"""Where a laptop keeps its registry tokens: the system keyring, else a 0600 file.

A token is kept under its registry URL *and* its account: two people syncing from one
laptop (a manager helping an officer) each keep their own, and a database synced without a
token uses the one of the account it belongs to (``sync.service.SyncService.binding``). The
URL alone also keeps the latest token saved for it, for callers that know no account yet
(the first sync after a login in the GUI); the account check of the sync refuses it if it is
not the database's own.
"""

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
        data = json.loads(_file().read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def token_key(server_url: str, account: str | None = None) -> str:
    """The keyring user name of a token: the URL, or ``email`` + space + URL (an e-mail
    holds no space, so two accounts never share a key)."""
    if not account:
        return server_url
    return f"{account.strip().lower()} {server_url}"


def _save(key: str, token: str) -> str:
    try:
        import keyring

        keyring.set_password(SERVICE, key, token)
        return "keyring"
    except Exception:  # no usable keyring backend (headless laptop, CI)
        path = _file()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _read_file()
        data[key] = token
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh)
        os.chmod(path, 0o600)
        return str(path)


def _load(key: str) -> str | None:
    try:
        import keyring

        token = keyring.get_password(SERVICE, key)
        if token:
            return str(token)
    except Exception:
        pass
    return _read_file().get(key)


def save_token(server_url: str, token: str, account: str | None = None) -> str:
    """Keep ``token`` for ``server_url`` (and ``account`` when known); returns where it went
    ("keyring" or the file path)."""
    where = _save(token_key(server_url), token)
    if account:
        where = _save(token_key(server_url, account), token)
    return where


def load_token(server_url: str, account: str | None = None) -> str | None:
    """The token of ``account`` at ``server_url``; without an account, the latest saved for
    the URL. A database's own account also falls back to the URL's latest token (tokens
    saved before accounts were kept): the sync's account check refuses it if it is not
    that account's."""
    if account:
        found = _load(token_key(server_url, account))
        if found:
            return found
    return _load(token_key(server_url))
