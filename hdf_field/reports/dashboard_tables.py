"""The dashboard's tables as rows of text, and their CSV export (one file per table)."""

from __future__ import annotations

import csv
from pathlib import Path

from hdf_field.domain.dashboard import CoverageRow, DashboardData
from hdf_field.domain.enums import FunnelStatus
from hdf_field.domain.glossary import label_of

Table = list[list[str]]


def _coverage(rows: tuple[CoverageRow, ...], first: str) -> Table:
    head = [first, "code", "prospects", "visités", "taux de couverture"]
    return [head] + [
        [r.label, r.code, str(r.prospects), str(r.visited), f"{r.rate:.4f}"] for r in rows
    ]


def dashboard_tables(data: DashboardData) -> dict[str, Table]:
    """Table name (also the CSV file stem) → header row + rows."""
    k = data.kpis
    return {
        "indicateurs": [
            ["indicateur", "valeur"],
            ["objectif de la campagne", str(k.target)],
            ["organisations", str(k.organisations)],
            ["organisations visitées au moins une fois", str(k.visited)],
            ["progression vers l'objectif", f"{k.progress:.4f}"],
            ["organisations orientées vers un pôle", str(k.oriented)],
            ["adhérents", str(k.members)],
            ["visites réalisées", str(k.visits_done)],
            ["visites planifiées", str(k.visits_planned)],
        ],
        "entonnoir": [["statut", "code", "organisations"]]
        + [[label_of(FunnelStatus, s), s, str(n)] for s, n in data.funnel],
        "visites_par_chargé": [
            ["chargé de mission"] + [w.isoformat() for w in data.weeks] + ["total"]
        ]
        + [[o.officer] + [str(n) for n in o.visits] + [str(o.total)] for o in data.officers],
        "couverture_departements": _coverage(data.by_departement, "département"),
        "couverture_epci": _coverage(data.by_epci, "EPCI"),
        "couverture_territoires": _coverage(data.by_area, "territoire"),
        "orientations_par_pole": [["pôle", "organisations orientées"]]
        + [[name, str(n)] for name, n in data.orientations],
    }


def write_dashboard_csv(data: DashboardData, folder: Path) -> list[Path]:
    """One UTF-8 CSV (with BOM, so spreadsheet software reads the accents) per table."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in dashboard_tables(data).items():
        path = folder / f"tableau_de_bord_{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(rows)
        written.append(path)
    return written
