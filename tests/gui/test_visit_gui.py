from __future__ import annotations

import json
import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer
from sqlalchemy import select

from hdf_field.domain.enums import FunnelStatus, VisitOutcome, VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import FollowUp, Organisation, Visit
from tests.gui.test_organisation_gui import open_org


def test_log_a_visit_with_the_keyboard(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    panel = open_org(qtbot, window, seeded["works"])
    dialog = window.open_visit(panel.card)
    qtbot.waitExposed(dialog)
    # Outcome by mnemonic-equivalent click, interest with the number key, a need with Space.
    dialog.outcome_buttons[list(VisitOutcome).index(VisitOutcome.INTERESTED)].setChecked(True)
    dialog.needs.setFocus()
    qtbot.keyClick(dialog.needs, Qt.Key.Key_3)  # not a text field: sets the interest
    assert dialog.interest == 3
    dialog.needs.setCurrentIndex(dialog.needs_model.index(0, 0))
    qtbot.keyClick(dialog.needs, Qt.Key.Key_Space)
    assert dialog.to_dict()["needs"] == ["innovation_funding"]
    qtbot.keyClicks(dialog.next_step, "Envoyer la plaquette")
    dialog.follow_up.setChecked(True)
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Dirigeant motive")
    with qtbot.waitSignal(dialog.logged, timeout=15000) as sig:
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    result = sig.args[0]
    assert (
        result.old_status is FunnelStatus.CONTACTED and result.new_status is FunnelStatus.INTERESTED
    )
    assert not dialog.isVisible()
    assert window.drafts.pending() == []
    with db.session() as s:
        visit = s.scalars(select(Visit)).one()
        assert visit.status is VisitStatus.DONE and visit.interest == 3
        assert visit.notes == "Dirigeant motive"
        assert s.get(Organisation, uuid.UUID(seeded["works"])).status is FunnelStatus.INTERESTED
        assert s.scalars(select(FollowUp.action)).one() == "Envoyer la plaquette"
    qtbot.waitUntil(lambda: panel.visits_model.rowCount() == 1, timeout=10000)
    row = window.prospects.model.row_of(seeded["works"])
    assert window.prospects.model.index(row, 4).data() == "Intéressé"


def test_a_draft_survives_and_is_recovered(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    panel = open_org(qtbot, window, seeded["bakery"])
    dialog = window.open_visit(panel.card)
    qtbot.keyClicks(dialog.notes, "Four a pain a remplacer")
    dialog.interest_buttons[2].setChecked(True)
    path = window.drafts.path_for(seeded["bakery"])
    qtbot.waitUntil(path.exists, timeout=10000)  # written shortly after the change
    qtbot.waitUntil(lambda: "remplacer" in path.read_text(encoding="utf-8"), timeout=10000)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["data"]["interest"] == 2
    # Simulate a crash: the dialog disappears without any cleanup.
    dialog._autosave.stop()
    dialog._on_change_timer.stop()
    dialog.hide()
    dialog.deleteLater()
    window.refresh_banners()
    assert window.draft_banner.isVisibleTo(window)
    assert "Boulangerie" in window.draft_banner.label.text()
    window.answers.append(True)  # "Le reprendre ?" → yes
    window.resume_draft()
    qtbot.waitUntil(
        lambda: window.visit_dialog is not dialog and window.visit_dialog is not None, timeout=10000
    )
    again = window.visit_dialog
    assert again.notes.toPlainText() == "Four a pain a remplacer"
    assert again.interest == 2
    window.answers.append(True)  # abandon? yes
    again.reject()
    assert not path.exists()
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []


def test_draft_write_is_atomic(tmp_path: Any) -> None:
    from hdf_field.ui.drafts import DraftStore

    store = DraftStore(tmp_path)
    store.save("abc", "Org", {"notes": "v1"})
    store.save("abc", "Org", {"notes": "v2"})
    assert [p.name for p in tmp_path.iterdir()] == ["visit-abc.json"]  # no temp file left
    assert store.load("abc").data == {"notes": "v2"}
    (tmp_path / "visit-broken.json").write_text("{not json")
    assert [d.organisation_id for d in store.pending()] == ["abc"]


def test_a_report_without_identity_asks_for_it_and_then_saves(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    """No dead end: the report opens the identity form itself, and saving it saves the visit."""
    window.settings.set("officer/email", "")
    panel = open_org(qtbot, window, seeded["lab"])
    dialog = window.open_visit(panel.card)
    qtbot.keyClicks(dialog.notes, "Visite rapide")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.identity_dialog is not None, timeout=5000)
    identity = dialog.identity_dialog
    qtbot.waitExposed(identity)
    assert dialog.isVisible() and window.drafts.load(seeded["lab"]) is not None
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []
    # A bad address is refused on the spot, naming it; nothing is stored.
    identity.email.setText("alice at example")
    assert not identity.save()
    assert "alice at example" in identity.error.text() and window.settings.officer_email == ""
    identity.email.setText("Claire.Dubois@Example.org")
    with qtbot.waitSignal(dialog.logged, timeout=15000):
        qtbot.mouseClick(
            identity.buttons.button(identity.buttons.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )
    assert window.settings.officer_email == "claire.dubois@example.org"
    assert window.settings_page.email.text() == "claire.dubois@example.org"
    assert window.drafts.pending() == []
    with db.session() as s:
        assert s.scalars(select(Visit.notes)).one() == "Visite rapide"


def test_declining_the_identity_form_keeps_the_report_and_the_way_back(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    """ "Plus tard" on the identity form: the report stays open with its draft, and the error
    offers the identity form again beside it."""
    window.settings.set("officer/email", "   ")  # spaces are no e-mail
    panel = open_org(qtbot, window, seeded["lab"])
    dialog = window.open_visit(panel.card)
    qtbot.keyClicks(dialog.notes, "Visite rapide")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.identity_dialog is not None, timeout=5000)
    first = dialog.identity_dialog
    first.reject()
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert dialog.identity_button.isVisible() and "brouillon" in dialog.error.text()
    assert dialog.isVisible() and window.drafts.load(seeded["lab"]) is not None
    qtbot.mouseClick(dialog.identity_button, Qt.MouseButton.LeftButton)
    assert dialog.identity_dialog is not first and dialog.identity_dialog.isVisible()
    dialog.identity_dialog.reject()
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []
    window.answers.append(True)
    dialog.reject()


def test_the_abandon_question_keeps_the_draft_on_return_and_escape(
    qtbot: Any, window: Any, seeded: dict[str, str]
) -> None:
    """Esc closes the report, then Return answers the question: the default is No."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from hdf_field.ui.visit_form import ask_with_message_box

    panel = open_org(qtbot, window, seeded["bakery"])
    dialog = window.open_visit(panel.card)
    dialog._ask = ask_with_message_box(dialog)
    qtbot.keyClicks(dialog.notes, "Four a pain")
    path = window.drafts.path_for(seeded["bakery"])
    qtbot.waitUntil(path.exists, timeout=10000)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        pressed: list[str] = []

        def answer(key: Qt.Key = key, pressed: list[str] = pressed) -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                pressed.append(box.text())
                qtbot.keyClick(box, key)
            else:
                QTimer.singleShot(50, answer)

        QTimer.singleShot(50, answer)
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
        assert pressed and "abandonner" in pressed[0].lower()
        assert dialog.isVisible() and path.exists()
    window.answers.append(True)
    dialog._ask = lambda _t, _q: True
    dialog.reject()
    assert not path.exists()


def test_a_visit_dated_in_the_future_is_refused_and_kept(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    panel = open_org(qtbot, window, seeded["works"])
    dialog = window.open_visit(panel.card)
    assert dialog.contact.currentData() == panel.card.contacts[0].id  # the only contact
    dialog.when.setDateTime(dialog.when.dateTime().addDays(30))
    dialog.save()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10000)
    assert "futur" in dialog.error.text() and dialog.isVisible()
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []
    window.answers.append(True)
    dialog.reject()


def test_any_cluster_can_be_recommended_not_only_the_ranked_ones(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    from hdf_field.services.reference import ensure_reference_data
    from hdf_field.storage.orm import Cluster

    ensure_reference_data(db)
    with db.session() as s:
        every = {str(k): v for k, v in s.execute(select(Cluster.id, Cluster.name)).all()}
    panel = open_org(qtbot, window, seeded["works"])
    dialog = window.open_visit(panel.card)
    qtbot.waitExposed(dialog)
    model = dialog.clusters_model
    listed = [model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert sorted(listed) == sorted(every) and dialog.clusters.isEnabled()
    ranked = [h.cluster_id for h in panel.card.orientation or ()]
    assert listed[: len(ranked)] == ranked  # the ranking first, with its scores
    last = model.item(model.rowCount() - 1)
    assert last.data(Qt.ItemDataRole.UserRole) not in ranked and "(" not in last.text()
    for r in range(model.rowCount()):
        model.item(r).setCheckState(Qt.CheckState.Unchecked)
    last.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.logged, timeout=15000):
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        visit = s.scalars(select(Visit)).one()
        assert [str(c) for c in visit.recommended_clusters] == [last.data(Qt.ItemDataRole.UserRole)]
