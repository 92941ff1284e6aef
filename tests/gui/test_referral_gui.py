"""« Transmettre au pôle… » from the organisation card: the recommended clusters ticked, the
person who objected not offered, nothing sent until the consent is ticked; the referral and the
cluster's answers then show in the card's history, and the badge counts new answers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from hdf_field.domain.enums import FunnelStatus, ReferralStatus
from hdf_field.services.contacts import add_contact
from hdf_field.services.reference import ensure_reference_data
from hdf_field.services.referrals import new_answers, remember_before_sync
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.engine import get_state
from tests.gui.test_organisation_gui import open_org


def prepare(db: Database, org_id: str) -> str:
    """Clusters, the officer, a visit that recommended i-Trans, and a person who objected."""
    ensure_reference_data(db)
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        officer = Officer(name="Alice Martin", email="alice@example.org")
        s.add(officer)
        s.flush()
        cluster = s.scalar(select(Cluster.id).where(Cluster.name == "i-Trans"))
        s.add(
            Visit(
                organisation_id=uuid.UUID(org_id),
                officer_id=officer.id,
                planned_start=datetime(2026, 11, 20, 9, tzinfo=UTC),
                recommended_clusters=[str(cluster)],
            )
        )
        uow.commit()
    add_contact(db, org_id, {"last_name": "Refus", "objection": True}, "test")
    return str(cluster)


def test_refer_from_the_card_needs_the_consent_and_shows_in_the_history(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    org_id = seeded["works"]
    prepare(db, org_id)
    panel = open_org(qtbot, window, org_id)
    assert panel.refer_button.text() == "Transmettre au pôle…"
    panel.refer_button.click()
    qtbot.waitUntil(lambda: panel.referral_dialog is not None, timeout=5000)
    dialog = panel.referral_dialog
    assert dialog.chosen_clusters() == ["i-Trans"]  # the visit's recommendation, pre-ticked
    offered = [dialog.contact.itemText(i) for i in range(dialog.contact.count())]
    assert offered == ["—", "Hélène Dupré"]  # the person who objected is not offered
    assert dialog.contact.currentText() == "Hélène Dupré"  # the only one: chosen
    assert dialog.given_by.text() == "Hélène Dupré"
    assert "Hélène Dupré a donné son accord" in dialog.consent.text()
    assert not dialog.send_button.isEnabled()  # no consent yet
    dialog.message.setPlainText("Cherche un partenaire pour un projet d'usinage")
    dialog.send()  # refused while the box is unticked: nothing is written
    with db.session() as s:
        assert s.scalar(select(Referral.id)) is None
    dialog.consent.setChecked(True)
    assert dialog.send_button.isEnabled()
    dialog.given_by.setText("  ")
    assert not dialog.send_button.isEnabled()  # someone must be named
    dialog.given_by.setText("Hélène Dupré")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    with db.session() as s:
        [ref] = s.scalars(select(Referral)).all()
        assert ref.consent_given_by == "Hélène Dupré"
        assert ref.consent_recorded_by == "Alice Martin"
        assert ref.contact_id is not None
        assert ref.message == "Cherche un partenaire pour un projet d'usinage"
        org = s.get(Organisation, uuid.UUID(org_id))
        assert org is not None and org.status == FunnelStatus.ORIENTED
    qtbot.waitUntil(lambda: panel.referrals_model.rowCount() == 1, timeout=5000)
    assert panel.referrals_model.item(0, 1).text() == "i-Trans"
    assert panel.referrals_model.item(0, 2).text() == "Transmise"
    assert panel.tabs.tabText(5) == "Tra&nsmissions (1)"

    # The cluster answers (as a pull brings it): status in words, the comment in the history.
    remember_before_sync(db)  # never synced before: every answer is new
    with UnitOfWork(db, actor="sync") as uow:
        r = uow.session.scalars(select(Referral)).one()
        r.status = ReferralStatus.MEETING
        r.meeting_on = datetime(2026, 12, 10).date()
        r.status_changed_at = datetime.now(UTC)
        r.comments = [{"at": "2026-12-01T10:00:00+00:00", "by": "i-Trans", "text": "RDV pris"}]
        uow.commit()
    assert new_answers(db) == 1
    panel.reload()
    qtbot.waitUntil(
        lambda: (
            panel.referrals_model.rowCount() == 1
            and panel.referrals_model.item(0, 2).text() == "Rendez-vous prévu"
        ),
        timeout=5000,
    )
    answers = panel.referrals_model.item(0, 3).text()
    assert "Rendez-vous le 10/12/2026" in answers and "01/12/2026 — i-Trans : RDV pris" in answers

    # The next sync starts after this answer arrived: it is no longer new.
    with UnitOfWork(db, actor="sync") as uow:
        get_state(uow.session).last_sync_at = datetime.now(UTC) + timedelta(seconds=1)
        uow.commit()
    remember_before_sync(db)
    assert new_answers(db) == 0


def test_the_dialog_in_english(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any
) -> None:
    from hdf_field.services.referrals import referral_form
    from hdf_field.ui.organisation.referral_dialog import ReferralDialog

    prepare(db, seeded["works"])
    form = referral_form(db, seeded["works"], recommended=("Aquimer",))
    assert form.recommended == ("Aquimer",)  # the visit just logged wins over older ones
    dialog = ReferralDialog(db, runner, form, "alice@example.org", "Alice Martin")
    qtbot.addWidget(dialog)
    assert dialog.chosen_clusters() == ["Aquimer"]
    dialog.contact.setCurrentIndex(0)  # nobody shared: someone still gives the consent
    assert dialog.given_by.text() == "Hélène Dupré" and not dialog.consent.isChecked()


def test_the_visit_report_offers_the_referral_once_a_cluster_is_ticked(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    org_id = seeded["works"]
    prepare(db, org_id)
    panel = open_org(qtbot, window, org_id)
    dialog = window.open_visit(panel.card)
    model = dialog.clusters_model
    for r in range(model.rowCount()):
        model.item(r).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.refer_after.isEnabled()  # no orientation: nothing to hand over
    row = next(r for r in range(model.rowCount()) if model.item(r).text().startswith("Aquimer"))
    model.item(row).setCheckState(Qt.CheckState.Checked)
    assert dialog.refer_after.isEnabled() and not dialog.refer_after.isChecked()
    dialog.refer_after.setChecked(True)
    with qtbot.waitSignal(dialog.referRequested, timeout=15000):
        dialog.save()
    qtbot.waitUntil(lambda: panel.referral_dialog is not None, timeout=5000)
    assert panel.referral_dialog.chosen_clusters() == ["Aquimer"]  # the visit's choice
    assert not panel.referral_dialog.send_button.isEnabled()  # the consent is still to tick
