"""``hdf-field stats``."""

from __future__ import annotations

import argparse
from typing import Any

from hdf_field.cli.common import cli_language, emit, open_db
from hdf_field.domain.enums import Area, FunnelStatus, OrgKind
from hdf_field.domain.formatting import number
from hdf_field.domain.glossary import label
from hdf_field.domain.regions import DEPARTEMENTS


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[parent], help="counts by kind, status, département, area")
    p.set_defaults(func=run)


def _table(
    title: str,
    counts: dict[str, int],
    labels: dict[str, str] | None = None,
    *,
    code: bool = False,
    lang: str = "fr",
) -> list[str]:
    lines = [title]
    for key, n in counts.items():
        name = labels.get(key, key) if labels else key
        label = f"{key} {name}" if code and labels and key in labels else name
        lines.append(f"  {label:<32} {number(n, lang):>8}")
    return lines


_FR = (
    "Organisations",
    "Visites",
    "Chargés de mission",
    "Par type",
    "Par statut",
    "Par département",
    "Par zone historique",
)
_EN = (
    "Organisations",
    "Visits",
    "Field officers",
    "By kind",
    "By status",
    "By department",
    "By historical area",
)


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
    lang = cli_language(args)
    en = lang == "en"
    words = _EN if en else _FR
    kinds = {k.value: label(k, lang) for k in OrgKind}
    statuses = {s.value: label(s, lang) for s in FunnelStatus}
    areas = {a.value: label(a, lang) for a in Area}
    lines = [
        f"{words[0]:<20} {number(data['organisations'], lang):>8}",
        f"{words[1]:<20} {number(data['visits'], lang):>8}",
        f"{words[2]:<20} {number(data['officers'], lang):>8}",
        "",
        *_table(words[3], data["by_kind"], kinds, lang=lang),
        *_table(words[4], data["by_status"], statuses, lang=lang),
        *_table(words[5], data["by_departement"], DEPARTEMENTS, code=True, lang=lang),
        *_table(words[6], data["by_area"], areas, lang=lang),
    ]
    if data["encryption"]["warning"]:
        lines += ["", f"Attention : {data['encryption']['warning']}"]
    emit(args, data, "\n".join(lines))
    return 0
