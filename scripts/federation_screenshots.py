"""Screenshots of the desktop side of referrals (issue 13): the « Transmettre au pôle » dialog
and an organisation's Transmissions tab with a cluster's answer, in French and English.

    QT_QPA_PLATFORM=offscreen python scripts/federation_screenshots.py docs/screenshots/federation

A throwaway database with one organisation, its contact, the clusters and one answered
referral; the organisation card at 1366x768 and the dialog over it.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from hdf_field.domain.enums import ReferralStatus
from hdf_field.services.contacts import add_contact
from hdf_field.services.reference import ensure_reference_data
from hdf_field.services.referrals import SendReferral, referral_form, send_referral
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Officer, Organisation, Referral
from hdf_field.storage.uow import UnitOfWork
from hdf_field.ui.i18n import Translations
from hdf_field.ui.organisation.panel import OrganisationPanel
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import TaskRunner


def settle(app: QApplication, runner: TaskRunner) -> None:
    for _ in range(60):
        app.processEvents()
        if not runner.busy:
            break
        QCoreApplication.processEvents()
        import time

        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "demo.sqlite3")
    ensure_reference_data(db)
    with UnitOfWork(db, actor="demo") as uow:
        uow.session.add(Officer(name="Alice Martin", email="alice@hdf.fr"))
        org = Organisation(
            name="Ferroviaire du Nord",
            city="Valenciennes",
            postal_code="59300",
            departement="59",
            naf_code="30.20Z",
            siret="73282932000074",
        )
        uow.session.add(org)
        uow.commit()
        org_id = str(org.id)
    cid = add_contact(
        db,
        org_id,
        {"first_name": "Claire", "last_name": "Quennehen", "role": "Directrice R&D"},
        "demo",
    )["id"]
    row = send_referral(
        db,
        SendReferral(
            org_id,
            "i-Trans",
            "alice@hdf.fr",
            message="Équipementier ferroviaire : cherche des partenaires R&D.",
            contact_id=cid,
        ),
        consent_now_by=True,
    )
    with UnitOfWork(db, actor="sync") as uow:
        import uuid

        ref = uow.session.get(Referral, uuid.UUID(row.id))
        assert ref is not None
        ref.status = ReferralStatus.MEETING
        ref.meeting_on = date(2026, 12, 10)
        ref.status_changed_at = datetime.now(UTC)
        ref.comments = [
            {
                "at": "2026-12-01T10:00:00+00:00",
                "by": "i-Trans",
                "text": "Rendez-vous pris avec la directrice R&D.",
            }
        ]
        uow.commit()
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    settings.set("officer/name", "Alice Martin")
    settings.set("officer/email", "alice@hdf.fr")
    runner = TaskRunner()
    translations = Translations()
    for lang in ("fr", "en"):
        translations.apply(lang)
        settings.set("ui/language", lang)
        panel = OrganisationPanel(db, runner, settings)
        panel.resize(1366, 768)
        panel.show()
        panel.show_organisation(org_id)
        settle(app, runner)
        panel.tabs.setCurrentIndex(5)
        settle(app, runner)
        panel.grab().save(str(out / f"history-{lang}.png"))
        dialog = panel.open_referral_dialog(referral_form(db, org_id))
        dialog.message.setPlainText("Équipementier ferroviaire : cherche des partenaires R&D.")
        dialog.consent.setChecked(True)
        dialog.resize(640, 520)
        settle(app, runner)
        dialog.grab().save(str(out / f"dialog-{lang}.png"))
        dialog.done(0)
        panel.close()
    runner.shutdown(wait=True)
    db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/federation"))
