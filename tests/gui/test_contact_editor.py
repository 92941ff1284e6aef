"""The contact editor shows and edits the GDPR facts; a person who objected is greyed on the
organisation page and never offered as the contact of a new visit report."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from sqlalchemy import select

from hdf_field.domain.enums import ContactSource, LegalBasis
from hdf_field.services.contacts import add_contact, update_contact
from hdf_field.services.org_card import load_card
from hdf_field.services.protected_files import open_protected
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact
from tests.gui.test_organisation_gui import open_org


def card_of(db: Database, org_id: str) -> Any:
    with db.session() as s:
        return load_card(s, org_id, with_orientation=False)


def test_the_editor_saves_every_legal_field(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any
) -> None:
    from hdf_field.ui.organisation.dialogs import ContactDialog

    dialog = ContactDialog(db, runner, seeded["bakery"], "alice@example.org")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["last_name"].setText("Lefèvre")
    assert dialog.value("legal_basis") == "legitimate_interest"
    assert dialog.value("consent_date") is None and dialog.value("objection") is False
    dialog.legal_basis.setCurrentIndex(dialog.legal_basis.findData("consent"))
    assert dialog.value("consent_date") == date.today()  # consent is dated as it is chosen
    dialog.source.setCurrentIndex(dialog.source.findData("other"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=3000)
    assert "border" in dialog.source_detail.styleSheet()
    assert "origine" in dialog.error.text()
    dialog.source_detail.setText("Annuaire des adhérents")
    dialog.informed_at.setDate(QDate(2026, 11, 2))
    dialog.objection.setChecked(True)
    assert dialog.value("objection_date") == date.today()
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.save()
    [row] = card_of(db, seeded["bakery"]).contacts
    assert (row.legal_basis, row.consent_date) == (LegalBasis.CONSENT, date.today())
    assert (row.source, row.source_detail) == (ContactSource.OTHER, "Annuaire des adhérents")
    assert row.informed_at == date(2026, 11, 2)
    assert row.objection is True and row.objection_date == date.today()

    again = ContactDialog(db, runner, seeded["bakery"], "alice@example.org", row)
    qtbot.addWidget(again)
    assert again.value("source") == "other" and again.value("informed_at") == date(2026, 11, 2)
    again.objection.setChecked(False)  # lifting the objection clears its date
    assert again.value("objection_date") is None
    with qtbot.waitSignal(again.accepted, timeout=3000):
        again.save()
    with db.session() as s:
        stored = s.get(Contact, uuid.UUID(row.id))
        assert stored is not None and stored.objection is False
        assert stored.objection_date is None


def test_objecting_contact_greyed_and_not_offered_for_a_visit(
    qtbot: Any,
    window: Any,
    db: Database,
    seeded: dict[str, str],
    tmp_path: Path,
    runner: Any,
    settings: Any,
) -> None:
    from hdf_field.ui.drafts import DraftStore
    from hdf_field.ui.visit_form import VisitDialog

    org = seeded["bakery"]
    gone = add_contact(db, org, {"last_name": "Lefèvre"}, "t")["id"]
    add_contact(db, org, {"last_name": "Morel"}, "t")
    update_contact(db, gone, {"objection": "oui"}, "t")
    panel = open_org(qtbot, window, org)
    qtbot.waitUntil(lambda: panel.contacts_model.rowCount() == 2, timeout=3000)
    names = {
        panel.contacts_model.item(r, 0).text(): panel.contacts_model.item(r, 0) for r in range(2)
    }
    assert set(names) == {"Lefèvre — ne plus contacter", "Morel"}
    greyed = names["Lefèvre — ne plus contacter"].foreground().color().name()
    assert greyed != names["Morel"].foreground().color().name()
    assert (
        "ne plus contacter"
        in names["Lefèvre — ne plus contacter"].data(Qt.ItemDataRole.ToolTipRole).lower()
    )

    dialog = VisitDialog(db, runner, settings, card_of(db, org), DraftStore(tmp_path / "d"))
    qtbot.addWidget(dialog)
    offered = [dialog.contact.itemData(i) for i in range(dialog.contact.count())]
    assert gone not in offered and len(offered) == 2  # "—" and Morel
    dialog.reject()


def test_the_editor_exports_then_erases_after_a_confirmation_naming_the_person(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from hdf_field.sync.tables import OutboxEntry
    from hdf_field.ui.organisation.dialogs import ContactDialog

    org = seeded["bakery"]
    cid = add_contact(
        db, org, {"last_name": "Quenouillard", "first_name": "Zoé", "phone": "06 47 58 69 70"}, "t"
    )["id"]
    [row] = [c for c in card_of(db, org).contacts if c.id == cid]
    asked: list[tuple[str, str]] = []
    answers = [False, True]
    out = tmp_path / "zoe.zip"
    suggested: list[str] = []

    def choose(_parent: Any, _title: str, name: str) -> Path:
        suggested.append(name)
        return out

    def confirm(_parent: Any, title: str, text: str, _button: str) -> bool:
        asked.append((title, text))
        return answers.pop(0)

    dialog = ContactDialog(
        db,
        runner,
        org,
        "alice@example.org",
        row,
        confirm=confirm,
        choose_file=choose,
        drafts_dir=tmp_path / "drafts",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.export_button is not None and dialog.erase_button is not None
    assert dialog.export_pdf()
    # The file is encrypted; its passphrase is shown once, in a dialog that can copy it.
    qtbot.waitUntil(
        lambda: dialog.passphrase_dialog is not None and dialog.passphrase_dialog.isVisible(),
        timeout=5000,
    )
    assert out.exists() and dialog.error.isVisible() and str(out) in dialog.error.text()
    assert "Quenouillard" not in suggested[0] and suggested[0].endswith(".zip")
    shown = dialog.passphrase_dialog
    field = shown.findChild(QLineEdit, "passphrase")
    passphrase = field.text()
    assert field.isReadOnly() and len(passphrase) == 23
    assert out.name in shown.findChild(QLabel).text()
    shown.findChild(QPushButton, "copyPassphrase").click()
    assert QGuiApplication.clipboard().text() == passphrase
    QGuiApplication.clipboard().clear()
    raw = out.read_bytes()
    assert b"Quenouillard" not in raw and b"06 47 58 69 70" not in raw
    inside = open_protected(out, passphrase)
    assert json.loads(inside["zoe.json"])["contact"]["last_name"] == "Quenouillard"
    (tmp_path / "zoe.pdf").write_bytes(inside["zoe.pdf"])
    pages = PdfReader(tmp_path / "zoe.pdf").pages
    assert "Quenouillard" in "".join(p.extract_text() for p in pages)
    shown.reject()

    assert not dialog.erase()  # the first answer is no: nothing happens
    with db.session() as s:
        assert s.get(Contact, uuid.UUID(cid)) is not None
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        assert dialog.erase()
    assert dialog.erased
    assert all("Zoé Quenouillard" in title + text for title, text in asked)
    with db.session() as s:
        assert s.get(Contact, uuid.UUID(cid)) is None
        [entry] = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == uuid.UUID(cid)))
        assert entry.erase and entry.changes == {}
    assert [c.id for c in card_of(db, org).contacts if c.id == cid] == []


def test_a_new_contact_offers_no_erase(
    qtbot: Any, db: Database, seeded: dict[str, str], runner: Any
) -> None:
    from hdf_field.ui.organisation.dialogs import ContactDialog

    dialog = ContactDialog(db, runner, seeded["bakery"], "alice@example.org")
    qtbot.addWidget(dialog)
    assert dialog.erase_button is None and dialog.export_button is None
    assert not dialog.erase()
