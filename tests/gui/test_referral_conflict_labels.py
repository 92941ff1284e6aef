"""A referral's conflicts read in words, as the other entities' do: its fields named as the
form and the portal name them (French and English), its status and comments not as codes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hdf_field.domain.enums import ClusterKind, ReferralStatus
from hdf_field.services.sync_conflicts import open_conflicts
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.tables import LocalConflict
from hdf_field.ui.sync.conflicts import ConflictPanel

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIELDS = {
    "status": ("sent", "acknowledged", "declined"),
    "message": ("Bonjour", "Bonjour, voici", "Bonjour, merci"),
    "consent_given_by": ("Hélène Dupré", "H. Dupré", "Hélène D."),
    "cluster_id": (None, None, None),
    "comments": (
        [],
        [],
        [{"at": "2026-11-03T10:00:00+00:00", "by": "contact@i-trans.eu", "text": "Reçu, merci"}],
    ),
}


@pytest.fixture
def panel(qtbot: Any, db: Database) -> ConflictPanel:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        officer = Officer(name="Alice Martin", email="alice@example.org")
        cluster = Cluster(name="i-Trans", kind=ClusterKind.POLE, domain="mobility")
        org = Organisation(name="Fonderie de Douai")
        s.add_all([officer, cluster, org])
        s.flush()
        ref = Referral(
            organisation_id=org.id,
            cluster_id=cluster.id,
            officer_id=officer.id,
            sent_at=T0,
            consent_given_by="Hélène Dupré",
            consent_given_at=T0,
            consent_recorded_by="alice@example.org",
            status=ReferralStatus.SENT,
        )
        s.add(ref)
        s.flush()
        for i, (field, (base, mine, theirs)) in enumerate(FIELDS.items()):
            s.add(
                LocalConflict(
                    id=uuid.uuid4(),
                    entity="referral",
                    record_id=ref.id,
                    field=field,
                    base=base,
                    mine=mine,
                    theirs=theirs,
                    author="contact@i-trans.eu",
                    status="open",
                    created_at=T0.replace(minute=i),
                )
            )
        uow.commit()
    widget = ConflictPanel()
    qtbot.addWidget(widget)
    widget.set_items(open_conflicts(db))
    widget.show()
    return widget


def _column(panel: ConflictPanel, col: int) -> list[str]:
    m = panel.model
    return [m.index(r, col).data() for r in range(m.rowCount())]


def _select(panel: ConflictPanel, field: str, qtbot: Any) -> None:
    row = next(r for r in range(panel.model.rowCount()) if panel.model.item(r).field == field)
    panel.table.selectRow(row)
    qtbot.waitUntil(lambda: panel.current() is not None and panel.current().field == field)


def test_referral_fields_have_french_labels(panel: ConflictPanel, qtbot: Any) -> None:
    assert _column(panel, 0) == ["Fonderie de Douai → i-Trans"] * len(FIELDS)
    assert _column(panel, 1) == [
        "Statut de la transmission",
        "Message au pôle",
        "Consentement donné par",
        "Pôle",
        "Commentaires du pôle",
    ]
    _select(panel, "status", qtbot)
    assert panel.heading.text() == "Fonderie de Douai → i-Trans — Statut de la transmission"
    assert panel.base_box.value.text() == "Transmise"
    assert panel.mine_box.value.text() == "Prise en compte par le pôle"
    assert panel.theirs_box.value.text() == "Déclinée"
    _select(panel, "comments", qtbot)
    shown = panel.theirs_box.value.text()
    assert "contact@i-trans.eu : Reçu, merci" in shown and "{" not in shown
    tip = panel.model.index(4, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Commentaires du pôle" in tip


def test_referral_fields_in_english(panel: ConflictPanel, qtbot: Any) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    translations = Translations()
    try:
        translations.apply("en")
        panel.model.retranslate()
        qtbot.waitUntil(lambda: _column(panel, 1)[0] == "Referral status", timeout=3000)
        assert _column(panel, 1) == [
            "Referral status",
            "Message to the cluster",
            "Consent given by",
            "Cluster",
            "Cluster's comments",
        ]
        _select(panel, "message", qtbot)
        _select(panel, "status", qtbot)
        assert panel.theirs_box.value.text() == "Declined"
        _select(panel, "comments", qtbot)
        shown = panel.theirs_box.value.text()
        assert "contact@i-trans.eu: Reçu, merci" in shown, shown  # English typography
    finally:
        translations.apply("fr")
