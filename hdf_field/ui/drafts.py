"""Visit drafts on disk, so a crash or a flat battery never loses a visit report.

One JSON file per organisation in the user data folder, written through
``files.write_atomically`` (readable by this user only): at any instant the file holds either
the old draft or the new one, never half of each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from hdf_field.files import write_atomically
from hdf_field.paths import APP_NAME


def default_drafts_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "drafts"


@dataclass(frozen=True, slots=True)
class Draft:
    organisation_id: str
    organisation_name: str
    data: dict[str, Any]
    path: Path


class DraftStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_drafts_dir()

    def path_for(self, organisation_id: str) -> Path:
        safe = "".join(ch for ch in organisation_id if ch.isalnum() or ch == "-")
        return self.folder / f"visit-{safe}.json"

    def save(self, organisation_id: str, organisation_name: str, data: dict[str, Any]) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(organisation_id)
        payload = {
            "format": 1,
            "organisation_id": organisation_id,
            "organisation_name": organisation_name,
            "data": data,
        }
        text = json.dumps(payload, ensure_ascii=False, indent=1)
        return write_atomically(target, text, mode=0o600)

    def load(self, organisation_id: str) -> Draft | None:
        return self._read(self.path_for(organisation_id))

    def _read(self, path: Path) -> Draft | None:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            return Draft(
                organisation_id=str(payload["organisation_id"]),
                organisation_name=str(payload.get("organisation_name", "")),
                data=dict(payload["data"]),
                path=path,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable: ignored, never deleted (a person may want to look at it)

    def discard(self, organisation_id: str) -> None:
        self.path_for(organisation_id).unlink(missing_ok=True)

    def pending(self) -> list[Draft]:
        if not self.folder.is_dir():
            return []
        drafts = [self._read(p) for p in sorted(self.folder.glob("visit-*.json"))]
        return [d for d in drafts if d is not None]
