"""Render the map and the dashboard offscreen on a synthetic campaign and save PNGs.

A look at the real widgets without a desktop: 7,000 prospects placed in the region's
communes (weighted by population), a few officers and eight weeks of visits.

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \\
        python scripts/preview_views.py OUT_DIR [--prospects 7000]

The map PNG comes from Chromium's own PDF printing (a widget grab of a web view is blank
without a GPU), the dashboard PNG from a plain widget grab, as its export does.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from PySide6.QtCore import QEventLoop, QMarginsF, QSizeF, QTimer  # noqa: E402
from PySide6.QtGui import QPageLayout, QPageSize  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from hdf_field.domain.enums import ClusterKind, FunnelStatus, SiteKind, VisitStatus  # noqa: E402
from hdf_field.geo.gazetteer import load_gazetteer  # noqa: E402
from hdf_field.storage.database import Database, open_database  # noqa: E402
from hdf_field.storage.orm import (  # noqa: E402
    Cluster,
    ClusterSite,
    Officer,
    Organisation,
    Visit,
)
from hdf_field.storage.uow import UnitOfWork  # noqa: E402
from hdf_field.ui.dashboard_view import DashboardView  # noqa: E402
from hdf_field.ui.map_view import MapView  # noqa: E402
from hdf_field.ui.mbtiles_scheme import register_mbtiles_scheme  # noqa: E402

STATUS_WEIGHTS = {
    FunnelStatus.IDENTIFIED: 45,
    FunnelStatus.CONTACTED: 18,
    FunnelStatus.VISIT_PLANNED: 8,
    FunnelStatus.VISITED: 12,
    FunnelStatus.INTERESTED: 7,
    FunnelStatus.ORIENTED: 7,
    FunnelStatus.MEMBER: 3,
}
CLUSTERS = [
    ("i-Trans", "mobility", [("Valenciennes", 50.357, 3.523, True)]),
    ("Aquimer", "seafood", [("Boulogne-sur-Mer", 50.726, 1.613, True)]),
    (
        "Matikem",
        "materials",
        [("Villeneuve-d'Ascq", 50.623, 3.145, True), ("Compiègne", 49.418, 2.826, False)],
    ),
    ("Eurasanté", "health", [("Lille", 50.612, 3.035, True)]),
    (
        "Nutrition Santé Longévité",
        "food",
        [("Lille", 50.633, 3.060, True), ("Amiens", 49.894, 2.296, False)],
    ),
    ("Euramaterials", "textile", [("Tourcoing", 50.724, 3.161, True)]),
    ("IAR", "bioeconomy", [("Laon", 49.564, 3.620, True)]),
]


def seed(db: Database, n: int) -> None:
    rng = random.Random(42)
    gaz = load_gazetteer()
    communes = list(gaz.communes())
    weights = [max(c.population, 50) ** 0.8 for c in communes]
    today = date.today()
    with UnitOfWork(db, actor="preview") as uow:
        s = uow.session
        officers = [
            Officer(name=name, email=f"{name.split()[0].lower()}@hdf.example")
            for name in (
                "Camille Lefebvre",
                "Hugo Dubois",
                "Inès Caron",
                "Louis Vasseur",
                "Manon Delattre",
            )
        ]
        s.add_all(officers)
        clusters = []
        for name, domain, sites in CLUSTERS:
            c = Cluster(name=name, kind=ClusterKind.POLE, domain=domain)
            s.add(c)
            s.flush()
            clusters.append(c)
            for site, lat, lon, principal in sites:
                s.add(
                    ClusterSite(
                        cluster_id=c.id,
                        name=site,
                        lat=lat,
                        lon=lon,
                        kind=SiteKind.PRINCIPAL if principal else SiteKind.SECONDARY,
                        is_proposal=not principal,
                    )
                )
        s.flush()
        statuses = list(STATUS_WEIGHTS)
        for i in range(n):
            c = rng.choices(communes, weights)[0]
            status = rng.choices(statuses, list(STATUS_WEIGHTS.values()))[0]
            org = Organisation(
                name=f"{rng.choice(['Atelier', 'Société', 'Lycée', 'Coopérative', 'Labo'])} "
                f"{c.name} {i}",
                city=c.name,
                insee_code=c.insee,
                departement=c.departement,
                epci_code=c.epci_code,
                area=c.area,
                lat=c.lat + rng.gauss(0, 0.008),
                lon=c.lon + rng.gauss(0, 0.012),
                status=status,
            )
            s.add(org)
            if status.rank >= FunnelStatus.VISITED.rank:
                s.flush()
                day = today - timedelta(days=rng.randint(0, 70))
                recommended = (
                    [str(rng.choice(clusters).id)]
                    if status.rank >= FunnelStatus.ORIENTED.rank
                    else []
                )
                s.add(
                    Visit(
                        organisation_id=org.id,
                        officer_id=rng.choice(officers).id,
                        status=VisitStatus.DONE,
                        recommended_clusters=recommended,
                        actual_start=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                    )
                )
        uow.commit()


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab_web(view: MapView, out: Path) -> None:
    size = view.view.size()
    layout = QPageLayout(
        QPageSize(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize.Unit.Point, "view"),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )
    loop = QEventLoop()
    view.view.page().pdfPrintingFinished.connect(lambda *_: loop.quit())
    pdf = out.with_suffix(".pdf")
    view.view.page().printToPdf(str(pdf), layout)
    loop.exec()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "96", "-singlefile", str(pdf), str(out.with_suffix(""))],
        check=True,
    )
    pdf.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--prospects", type=int, default=7000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    register_mbtiles_scheme()
    app = QApplication(sys.argv)
    db = open_database(Path(tempfile.mkdtemp()) / "preview.sqlite3")
    seed(db, args.prospects)

    view = MapView(db)
    view.resize(1280, 860)
    view.show()
    loop = QEventLoop()
    view.mapReady.connect(lambda *_: loop.quit())
    view.reload()
    loop.exec()
    wait(800)
    grab_web(view, args.out / "map.png")
    with db.session() as session:
        some = [
            str(i)
            for i in session.scalars(
                select(Organisation.id).where(Organisation.departement == "80").limit(1)
            )
        ]
    view.select_radius(50.63, 3.06, km=12)
    if some:
        view.select_organisation(some[0])
    wait(1500)
    grab_web(view, args.out / "map_selection.png")

    dash = DashboardView(db)
    dash.resize(1400, 1000)
    dash.show()
    dash.refresh()
    wait(300)
    dash.export_png(args.out / "dashboard.png")
    dash.export_pdf(args.out / "dashboard.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            str(args.out / "dashboard.pdf"),
            str(args.out / "dashboard_pdf"),
        ],
        check=True,
    )
    print("\n".join(sorted(str(p) for p in args.out.iterdir())))
    del app


if __name__ == "__main__":
    main()
