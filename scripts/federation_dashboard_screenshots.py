"""Screenshots of the dashboard's « Fédération des pôles » section (issue 13, item 6), in French
and English, as on a 1366×768 screen; run it again with ``QT_SCALE_FACTOR=1.5`` for a laptop
at 150 % (the files then end in ``-150``).

    export QT_QPA_PLATFORM=offscreen OUT=docs/screenshots/federation
    python scripts/federation_dashboard_screenshots.py $OUT
    QT_SCALE_FACTOR=1.5 python scripts/federation_dashboard_screenshots.py $OUT

A throwaway database: the reference clusters, organisations in the three historical areas, and
referrals at every stage, some answered, some waiting for weeks.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from hdf_field.domain.enums import Area, FunnelStatus, ReferralStatus
from hdf_field.services.reference import ensure_reference_data
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral
from hdf_field.storage.uow import UnitOfWork
from hdf_field.ui.dashboard_view import DashboardView
from hdf_field.ui.i18n import Translations
from hdf_field.ui.tasks import TaskRunner

ORGS = [
    ("Ferroviaire du Nord", "59", Area.NPDC),
    ("Plasturgie de l'Artois", "62", Area.NPDC),
    ("Bio Picardie Ingrédients", "80", Area.PICARDIE),
    ("Métallerie de l'Oise", "60", Area.PICARDIE),
    ("Verrerie de l'Aisne", "02", Area.PICARDIE),
    ("Tournai Textiles", None, Area.BELGIUM),
    ("Mouscron Logistique", None, Area.BELGIUM),
    ("Boulogne Marée", "62", Area.NPDC),
    ("Lens Numérique", "62", Area.NPDC),
    ("Amiens Santé", "80", Area.PICARDIE),
]
# (organisation, cluster, status, days since sent, days to the first answer or None)
REFERRALS = [
    (0, "i-Trans", ReferralStatus.MEMBER, 60, 3),
    (1, "i-Trans", ReferralStatus.MEETING, 25, 6),
    (5, "i-Trans", ReferralStatus.MEMBER, 45, 2),
    (3, "i-Trans", ReferralStatus.SENT, 21, None),
    (7, "Aquimer", ReferralStatus.MEMBER, 50, 1),
    (2, "Aquimer", ReferralStatus.DECLINED, 40, 9),
    (2, "Bioeconomy For Change", ReferralStatus.MEMBER, 38, 4),
    (9, "Eurasanté", ReferralStatus.ACKNOWLEDGED, 12, 1),
    (8, "Cap Digital", ReferralStatus.SENT, 30, None),
    (6, "Euramaterials", ReferralStatus.SENT, 5, None),
    (4, "Euramaterials", ReferralStatus.MEMBER, 70, 12),
    (6, "Clubster NSL", ReferralStatus.MEMBER, 33, 5),
]


def seed(db: Database) -> None:
    ensure_reference_data(db)
    now = datetime.now(UTC)
    with UnitOfWork(db, actor="demo") as uow:
        s = uow.session
        officers = [
            Officer(name="Alice Martin", email="alice@hdf.fr"),
            Officer(name="Karim Benali", email="karim@hdf.fr"),
        ]
        s.add_all(officers)
        orgs = [
            Organisation(
                name=name,
                departement=dep,
                area=area,
                country="BE" if area is Area.BELGIUM else "FR",
                status=FunnelStatus.ORIENTED,
            )
            for name, dep, area in ORGS
        ]
        s.add_all(orgs)
        s.flush()
        clusters = {name: cid for name, cid in s.execute(select(Cluster.name, Cluster.id))}
        for k, (o, cluster, status, days, answered) in enumerate(REFERRALS):
            sent = now - timedelta(days=days, hours=3)
            history = []
            if answered is not None and status is not ReferralStatus.SENT:
                at = (sent + timedelta(days=answered)).isoformat()
                history = [{"at": at, "by": "pole", "status": status.value}]
            s.add(
                Referral(
                    organisation_id=orgs[o].id,
                    cluster_id=clusters[cluster],
                    officer_id=officers[k % 2].id,
                    sent_at=sent,
                    consent_given_by="Le dirigeant",
                    consent_given_at=sent,
                    consent_recorded_by=officers[k % 2].email,
                    status=status,
                    status_reason="Hors du champ du pôle"
                    if status is ReferralStatus.DECLINED
                    else None,
                    history=history,
                    comments=[],
                )
            )
        uow.commit()


def settle(app: QApplication, runner: TaskRunner) -> None:
    for _ in range(200):
        app.processEvents()
        if not runner.busy:
            break
        QCoreApplication.processEvents()
        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    suffix = "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "demo.sqlite3")
    seed(db)
    runner = TaskRunner()
    translations = Translations()
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
    size = (round(1366 / scale), round(768 / scale))
    for lang in ("fr", "en"):
        translations.apply(lang)
        view = DashboardView(db, runner=runner)
        view.resize(*size)
        view.show()
        view.refresh()
        settle(app, runner)
        section = view.federation
        view.scroll_area.verticalScrollBar().setValue(section.y() - 8)
        settle(app, runner)
        view.grab().save(str(out / f"dashboard-{lang}{suffix}.png"))
        section.tabs.setCurrentIndex(1)
        settle(app, runner)
        view.grab().save(str(out / f"dashboard-chase-{lang}{suffix}.png"))
        section.tabs.setCurrentIndex(2)
        settle(app, runner)
        view.grab().save(str(out / f"dashboard-members-{lang}{suffix}.png"))
        view.close()
    translations.apply("fr")
    runner.shutdown(wait=True)
    db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/federation"))
