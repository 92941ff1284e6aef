"""``hdf-field stats``."""

from __future__ import annotations

import argparse
from typing import Any

from hdf_field.cli.common import emit, open_db
from hdf_field.domain.labels import AREA_FR, KIND_FR, STATUS_FR
from hdf_field.domain.regions import DEPARTEMENTS


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[parent], help="counts by kind, status, département, area")
    p.set_defaults(func=run)


def _table(
    title: str, counts: dict[str, int], labels: dict[str, str] | None = None, *, code: bool = False
) -> list[str]:
    lines = [title]
    for key, n in counts.items():
        name = labels.get(key, key) if labels else key
        label = f"{key} {name}" if code and labels and key in labels else name
        lines.append(f"  {label:<32} {n:>8,}".replace(",", " "))
    return lines


def run(args: argparse.Namespace) -> int:
    from hdf_field.services.backups import encryption_json
    from hdf_field.services.stats import campaign_stats

    db = open_db(args, existing=True)
    try:
        with db.session() as session:
            data = campaign_stats(session)
        # How the laptop's data is protected at rest (issue 10): a key file is worth a warning.
        data["encryption"] = encryption_json(db)
    finally:
        db.dispose()
    lines = [
        f"Organisations {data['organisations']:>8}",
        f"Visites       {data['visits']:>8}",
        f"Chargés       {data['officers']:>8}",
        "",
        *_table("Par type", data["by_kind"], KIND_FR),
        *_table("Par statut", data["by_status"], STATUS_FR),
        *_table("Par département", data["by_departement"], DEPARTEMENTS, code=True),
        *_table("Par zone historique", data["by_area"], AREA_FR),
    ]
    if data["encryption"]["warning"]:
        lines += ["", f"Attention : {data['encryption']['warning']}"]
    emit(args, data, "\n".join(lines))
    return 0
