"""Visit drafts on disk, so a crash or a flat battery never loses a visit report.

One file per organisation in the user data folder, written atomically and readable by this
user only, in the format of :mod:`hdf_field.storage.draft_files`: encrypted with a key derived
from the database's when the database is encrypted (a draft names the person met, their
phone, notes), plain JSON otherwise. A draft an earlier version left in plain JSON is read,
and written encrypted at its next save. A draft that cannot be read is never deleted: it is
set aside (``….unreadable``) and listed in ``set_aside`` for the form to tell the officer.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from hdf_field.paths import APP_NAME
from hdf_field.storage.database import Database
from hdf_field.storage.draft_files import (
    DraftUnreadable,
    draft_files,
    draft_path,
    holds_plain_text,
    read_draft,
    rewrite_draft,
    set_aside,
    write_draft,
)

# More drafts than this in the folder are not the visit form's: the rest are not listed.
MAX_PENDING = 1_000


def default_drafts_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "drafts"


@dataclass(frozen=True, slots=True)
class Draft:
    organisation_id: str
    organisation_name: str
    data: dict[str, Any]
    path: Path


class DraftStore:
    """``key`` is the database's draft key (:func:`draft_store` passes it); without one,
    drafts are plain JSON, as with a plain database."""

    def __init__(self, folder: Path | None = None, key: bytes | None = None) -> None:
        self.folder = folder or default_drafts_dir()
        self._key = key
        # Drafts that could not be read and were renamed, in order, for the officer to hear of.
        self.set_aside: list[Path] = []

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def path_for(self, organisation_id: str) -> Path:
        return draft_path(self.folder, organisation_id)

    def save(self, organisation_id: str, organisation_name: str, data: dict[str, Any]) -> Path:
        payload = {
            "format": 1,
            "organisation_id": organisation_id,
            "organisation_name": organisation_name,
            "data": data,
        }
        path = self.path_for(organisation_id)
        if self._key is not None and holds_plain_text(path):
            # An earlier version's plain draft: encrypted now, its old bytes zeroed.
            rewrite_draft(path, payload, self._key, was_plain=True)
            return path
        return write_draft(path, payload, self._key)

    def load(self, organisation_id: str) -> Draft | None:
        path = self.path_for(organisation_id)
        return self._read(path) if path.exists() else None

    def _read(self, path: Path) -> Draft | None:
        try:
            payload, _encrypted = read_draft(path, self._key)
            return Draft(
                organisation_id=str(payload["organisation_id"]),
                organisation_name=str(payload.get("organisation_name", "")),
                data=dict(payload["data"]),
                path=path,
            )
        except OSError:
            return None  # not there any more, or not readable now: left as it is
        except (DraftUnreadable, ValueError, KeyError, TypeError):
            pass
        # One that cannot even be renamed is left where it is: never deleted.
        with contextlib.suppress(OSError):
            self.set_aside.append(set_aside(path))
        return None

    def take_set_aside(self) -> list[Path]:
        """The drafts set aside since the last call (each is told once)."""
        found, self.set_aside = self.set_aside, []
        return found

    def discard(self, organisation_id: str) -> None:
        self.path_for(organisation_id).unlink(missing_ok=True)

    def pending(self) -> list[Draft]:
        drafts = [self._read(p) for p in draft_files(self.folder, MAX_PENDING)]
        return [d for d in drafts if d is not None]


def draft_store(db: Database, folder: Path | None = None) -> DraftStore:
    """The drafts of this database's user, encrypted when the database is."""
    return DraftStore(folder, db.draft_key)


__all__ = ["Draft", "DraftStore", "default_drafts_dir", "draft_store"]
