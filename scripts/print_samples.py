"""Render the printed documents of issue 12 item 10 on realistic inputs, as PDFs and PNG pages.

    python scripts/print_samples.py OUT_DIR [--png]

Writes the dashboard (every EPCI of the region, long names included), a day sheet in French
and English (lunch row, town labels on the map) and a 12-officer campaign summary. With
``--png`` each page is also rendered by ``pdftoppm`` (poppler-utils) at 80 dpi, to look at.
"""

from __future__ import annotations

import argparse
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

from hdf_field.domain.dashboard import CoverageRow, DashboardData, Kpis, OfficerWeeks
from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.planning.day_route import plan_day
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import DayPlan, Place
from hdf_field.planning.zones import PARIS
from hdf_field.reports.dashboard_pdf import render_dashboard_pdf
from hdf_field.reports.day_sheet import render_day_plan
from hdf_field.reports.manager_summary import render_manager_summary

TUESDAY = date(2030, 1, 8)
BASES = [
    ("Camille Lefèvre", 49.8941, 2.2958, "80"),
    ("Mehdi Ouali", 50.6292, 3.0573, "59"),
    ("Sophie Durand", 50.2910, 2.7775, "62"),
    ("Julien Caron", 49.5641, 3.6199, "02"),
    ("Nadia Benali", 50.7264, 1.6147, "62"),
    ("Thomas Petit", 49.4179, 2.8261, "60"),
    ("Claire Vasseur", 50.9513, 1.8587, "62"),
    ("Antoine Lemaire", 50.3570, 3.5230, "59"),
    ("Léa Fontaine", 49.8489, 3.2876, "02"),
    ("Hugo Marchand", 50.5240, 2.6350, "62"),
    ("Inès Roussel", 49.4320, 2.0823, "60"),
    ("Marc Delattre", 50.1050, 1.8350, "80"),
]


def _officer_day(k: int, name: str, lat: float, lon: float, dep: str) -> DayPlan:
    officer = OfficerSpec(f"o{k}", name, Place(f"Agence {k}", lat, lon))
    prospects = [
        Prospect(
            f"p{k}-{j}",
            f"Atelier {name.split()[1]} {j}",
            lat + 0.05 * ((j * 7 + k) % 5 - 2),
            lon + 0.07 * ((j * 3 + k) % 5 - 2),
            duration_min=60,
            address=f"{j} rue de la Gare",
            departement=dep,
            area="ex-Picardie" if dep in ("02", "60", "80") else "ex-Nord-Pas-de-Calais",
        )
        for j in range(1, 6)
    ]
    if k == 0:
        prospects.append(
            Prospect(
                "rdv",
                "Fonderie Picarde",
                49.95,
                2.35,
                fixed_time=datetime(2030, 1, 8, 9, 0, tzinfo=PARIS),
                address="2 rue des Forges, 80000 Amiens",
                departement="80",
                area="ex-Picardie",
            )
        )
    return plan_day(officer, TUESDAY, prospects)


def _dashboard() -> DashboardData:
    features = load_gazetteer().outlines("epci")["features"]
    epcis = tuple(
        CoverageRow(str(f["properties"]["code"]), str(f["properties"]["name"]), 40 + i % 17, i % 23)
        for i, f in enumerate(features)
    )
    monday = date(2026, 10, 5)
    return DashboardData(
        today=date(2026, 11, 25),
        kpis=Kpis(700, 6361, 312, 80, 41, 402, 37),
        funnel=(("identified", 5200), ("contacted", 620), ("visit_planned", 37),
                ("visited", 300), ("interested", 90), ("oriented", 80), ("member", 41)),
        weeks=tuple(monday + timedelta(weeks=i) for i in range(8)),
        officers=tuple(OfficerWeeks(n, tuple((i + j) % 6 for j in range(8)))
                       for i, (n, *_) in enumerate(BASES)),
        by_departement=(CoverageRow("02", "Aisne", 700, 30),
                        CoverageRow("59", "Nord", 2400, 120),
                        CoverageRow("60", "Oise", 900, 40),
                        CoverageRow("62", "Pas-de-Calais", 1500, 80),
                        CoverageRow("80", "Somme", 861, 42)),
        by_epci=epcis,
        by_area=(CoverageRow("ex-Nord-Pas-de-Calais", "ex-Nord-Pas-de-Calais", 3900, 200),
                 CoverageRow("ex-Picardie", "ex-Picardie", 2461, 112)),
        orientations=(("i-Trans", 30), ("Matikem", 20), ("Euramaterials", 18), ("Aquimer", 12)),
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--png", action="store_true")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    gazetteer = load_gazetteer()
    outlines = {level: gazetteer.outlines(level) for level in ("commune", "departement")}
    days = [_officer_day(k, *b) for k, b in enumerate(BASES)]
    files = {
        "dashboard_fr": render_dashboard_pdf(
            _dashboard(), epci_outlines=gazetteer.outlines("epci")
        ),
        "dashboard_en": render_dashboard_pdf(
            _dashboard(), epci_outlines=gazetteer.outlines("epci"), lang="en"
        ),
        "day_sheet_fr": render_day_plan(days[0], outlines=outlines),
        "day_sheet_en": render_day_plan(days[0], outlines=outlines, lang="en"),
        "campaign_fr": render_manager_summary(days, outlines=outlines),
        "campaign_en": render_manager_summary(days, outlines=outlines, lang="en"),
    }
    for stem, data in files.items():
        pdf = out / f"{stem}.pdf"
        pdf.write_bytes(data)
        if args.png:
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out / stem)], check=True)
        print(pdf)


if __name__ == "__main__":
    main()
