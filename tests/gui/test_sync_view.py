"""The Sync screen against a real registry under uvicorn on loopback."""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt
from sqlalchemy import select

from hdf_field.domain.enums import Role
from hdf_field.registry import service as registry_service
from hdf_field.registry.app import create_app
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.credentials import load_token, save_token
from hdf_field.sync.service import SyncService
from hdf_field.sync.tables import LocalConflict
from hdf_field.ui.sync import SyncStatusWidget, SyncView
from tests.integration.sync.conftest import LiveServer, Registry, free_port

PASSWORD = "correct horse battery"
WAIT = 30_000


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    """Tokens go to the 0600 file under the test's XDG_CONFIG_HOME, never a real keyring."""
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def live(tmp_path: Path, _template_db: Path) -> Iterator[Registry]:
    target = tmp_path / "registry.sqlite3"
    shutil.copyfile(_template_db, target)
    rdb = registry_service.open_registry(target)
    app = create_app(rdb)
    server = LiveServer(app).start()
    yield Registry(rdb, app, server.url)
    server.stop()
    rdb.dispose()


@pytest.fixture
def other_laptop(tmp_path: Path, _template_db: Path) -> Iterator[Database]:
    path = tmp_path / "colleague.sqlite3"
    shutil.copyfile(_template_db, path)
    db = open_database(path)
    yield db
    db.dispose()


def add_org(db: Database, name: str = "Acme", **kw: Any) -> uuid.UUID:
    with UnitOfWork(db, actor="test") as uow:
        org = Organisation(name=name, departement="59", city="Lille", **kw)
        uow.session.add(org)
        uow.commit()
        return org.id


def edit(db: Database, org_id: uuid.UUID, **values: Any) -> None:
    with UnitOfWork(db, actor="test") as uow:
        obj = uow.session.get(Organisation, org_id)
        for k, v in values.items():
            setattr(obj, k, v)
        uow.commit()


def make_view(
    qtbot: Any, db: Database, runner: Any, settings: Any, url: str, **kw: Any
) -> SyncView:
    settings.set("sync/registry_url", url)
    view = SyncView(db, runner, settings=settings, **kw)
    qtbot.addWidget(view)
    view.resize(1200, 820)
    view.show()
    qtbot.waitUntil(lambda: view.controller.snapshot is not None, timeout=WAIT)
    return view


def drain(qtbot: Any, runner: Any) -> None:
    """Let queued refreshes finish: the runner's shutdown would cancel them mid-flight."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)


def sync_and_wait(qtbot: Any, view: SyncView) -> None:
    with qtbot.waitSignal(view.controller.syncFinished, timeout=WAIT):
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            view.controller.snapshot is not None
            and view.controller.snapshot.last_sync_at is not None
        ),
        timeout=WAIT,
    )


def test_sync_button_sends_pending_changes(
    qtbot: Any, db: Database, runner: Any, settings: Any, live: Registry
) -> None:
    token = live.user("nord@hdf.fr", territory=["59"])
    save_token(live.url, token)
    for name in ("Lille Textile", "Acme Nord", "Fonderie de Douai"):
        add_org(db, name)
    view = make_view(qtbot, db, runner, settings, live.url)
    status = SyncStatusWidget(view.controller)
    qtbot.addWidget(status)
    qtbot.waitUntil(lambda: view.pending_badge.text() == "3", timeout=WAIT)
    assert status.pending_badge.text() == "3" and not status.pending_badge.isHidden()
    assert "jamais" in view.last_label.text()
    assert status.last_label.text() == "jamais synchronisé"

    sync_and_wait(qtbot, view)

    qtbot.waitUntil(lambda: view.pending_badge.text() == "0", timeout=WAIT)
    assert "à l'instant" in view.last_label.text()
    assert status.last_label.text() == "dernière synchro : à l'instant"
    assert status.pending_badge.isHidden()
    assert view.message.text().startswith("Synchronisation terminée : 3 envoyées")
    assert "nord@hdf.fr" in view.account_label.text()
    with live.db.session() as s:
        names = set(s.scalars(select(Organisation.name)))
    assert {"Lille Textile", "Acme Nord", "Fonderie de Douai"} <= names


def _conflicting_edits(
    qtbot: Any, view: SyncView, db: Database, other: Database, live: Registry
) -> tuple[uuid.UUID, SyncService]:
    """Both laptops hold the organisation; then each changes its name, priority and
    foundation date."""
    colleague = SyncService(other, live.url, live.user("sud@hdf.fr", territory=["59"]))
    org = add_org(other, "Acme", priority=1)
    colleague.run()
    sync_and_wait(qtbot, view)
    edit(other, org, name="Acme Nord", priority=2, founded_on=date(1990, 5, 1))
    colleague.run()
    edit(db, org, name="ACME SAS", priority=3, founded_on=date(1991, 6, 2))
    with qtbot.waitSignal(view.controller.syncFinished, timeout=WAIT):
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.conflicts.model.rowCount() == 3, timeout=WAIT)
    return org, colleague


def test_conflicts_listed_side_by_side_and_resolved(
    qtbot: Any,
    qtmodeltester: Any,
    db: Database,
    runner: Any,
    settings: Any,
    live: Registry,
    other_laptop: Database,
) -> None:
    save_token(live.url, live.user("nord@hdf.fr", territory=["59"]))
    view = make_view(qtbot, db, runner, settings, live.url)
    org, colleague = _conflicting_edits(qtbot, view, db, other_laptop, live)
    model = view.conflicts.model
    qtmodeltester.check(model)
    assert "3 nouveaux conflits" in view.message.text()
    assert view.conflict_badge.text() == "3" and not view.conflict_badge.isHidden()
    fields = {model.item(r).field: r for r in range(model.rowCount())}
    assert set(fields) == {"name", "priority", "founded_on"}
    row = fields["name"]
    assert model.index(row, 1).data() == "Nom"
    assert model.index(row, 3).data() == "nord@hdf.fr"  # whose change collided
    # The registry kept the first writer's value, so the laptop now shows it.
    assert model.index(row, 0).data() == "Acme Nord (Lille)"
    panel = view.conflicts

    def settle(button: Any) -> None:
        with qtbot.waitSignal(view.controller.conflictsChanged, timeout=WAIT):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtmodeltester.check(model)

    def pick(field: str) -> None:
        row = next(r for r in range(model.rowCount()) if model.item(r).field == field)
        panel.table.selectRow(row)
        assert panel.current() is not None and panel.current().field == field

    # Name: base / mine / theirs side by side; keep theirs.
    pick("name")
    assert (
        panel.base_box.value.text(),
        panel.mine_box.value.text(),
        panel.theirs_box.value.text(),
    ) == ("Acme", "ACME SAS", "Acme Nord")
    assert panel.heading.text() == "Acme Nord (Lille) — Nom"
    settle(panel.keep_theirs)
    assert model.rowCount() == 2 and view.conflict_badge.text() == "2"
    with db.session() as s:
        assert s.get(Organisation, org).name == "Acme Nord"
        statuses = dict(s.execute(select(LocalConflict.field, LocalConflict.status)).all())
    assert statuses == {"name": "resolved", "priority": "open", "founded_on": "open"}

    # Priority: named values, picked from a list (here neither side's).
    pick("priority")
    assert (panel.mine_box.value.text(), panel.theirs_box.value.text()) == ("Urgente", "Haute")
    assert panel.editors.currentWidget() is panel.choice_editor
    panel.choice_editor.setCurrentIndex(panel.choice_editor.findText("Basse"))
    settle(panel.keep_merged)

    # Foundation date: a typed value is checked, then kept.
    pick("founded_on")
    assert (panel.mine_box.value.text(), panel.theirs_box.value.text()) == (
        "02/06/1991",
        "01/05/1990",
    )
    panel.text_editor.setPlainText("31/02/1991")
    qtbot.mouseClick(panel.keep_merged, Qt.MouseButton.LeftButton)
    assert panel.error.text() == "Date de création : saisissez une date valide (JJ/MM/AAAA)."
    assert model.rowCount() == 1
    panel.text_editor.setPlainText("01/06/1991")
    settle(panel.keep_merged)
    assert model.rowCount() == 0 and view.conflict_badge.isHidden()
    assert panel.pages.currentWidget() is panel.empty
    with db.session() as s:
        got = s.get(Organisation, org)
        assert (got.name, got.priority, got.founded_on) == ("Acme Nord", 0, date(1991, 6, 1))

    # The choices travel: after the next sync the colleague holds them too.
    sync_and_wait(qtbot, view)
    colleague.run()
    with other_laptop.session() as s:
        got = s.get(Organisation, org)
        assert (got.name, got.priority, got.founded_on) == ("Acme Nord", 0, date(1991, 6, 1))
    drain(qtbot, runner)


def test_unreachable_server_keeps_changes_pending(
    qtbot: Any, db: Database, runner: Any, settings: Any
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    save_token(url, "hdf_unused")
    add_org(db, "Lille Textile")
    view = make_view(qtbot, db, runner, settings, url)
    status = SyncStatusWidget(view.controller)
    qtbot.addWidget(status)
    qtbot.waitUntil(lambda: view.pending_badge.text() == "1", timeout=WAIT)
    with qtbot.waitSignal(view.controller.syncFailed, timeout=WAIT) as failed:
        qtbot.mouseClick(status.button, Qt.MouseButton.LeftButton)
    text = "Serveur injoignable — vos modifications restent en attente (1)."
    assert failed.args == [text]
    assert view.message.text() == text and view.message.property("kind") == "error"
    qtbot.waitUntil(lambda: view.sync_button.isEnabled(), timeout=WAIT)
    assert view.pending_badge.text() == "1" and status.pending_badge.text() == "1"
    assert "jamais" in view.last_label.text()
    drain(qtbot, runner)


def test_refused_token_asks_to_log_in_then_syncs(
    qtbot: Any, db: Database, runner: Any, settings: Any, live: Registry, tmp_path: Path
) -> None:
    with UnitOfWork(live.db) as uow:
        registry_service.add_user(
            uow.session, "nord@hdf.fr", Role.OFFICER, PASSWORD, territory=["59"]
        )
        uow.commit()
    add_org(db, "Lille Textile")
    view = make_view(qtbot, db, runner, settings, live.url)
    assert load_token(live.url) is None
    with qtbot.waitSignal(view.controller.loginRequired, timeout=WAIT):
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    dialog = view.login_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.email.setText("nord@hdf.fr")
    dialog.password.setText("wrong password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.error.text() == "E-mail ou mot de passe incorrect.", timeout=WAIT
    )
    assert dialog.isVisible() and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(view.controller.syncFinished, timeout=WAIT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    token = load_token(live.url)
    assert token and token.startswith("hdf_")
    stored = b"".join(p.read_bytes() for p in tmp_path.parent.rglob("tokens.json"))
    assert PASSWORD.encode() not in stored
    qtbot.waitUntil(lambda: view.pending_badge.text() == "0", timeout=WAIT)
    drain(qtbot, runner)


def test_bundle_export_then_reply_import(
    qtbot: Any, db: Database, runner: Any, settings: Any, live: Registry, tmp_path: Path
) -> None:
    token = live.user("alice@example.org", territory=["59"])
    add_org(db, "Lille Textile")
    out, reply = tmp_path / "out.hdfsync", tmp_path / "reply.hdfsync"
    answers = [out]
    asked: list[tuple[str, bool]] = []

    def ask(title: str, suggested: str, save: bool) -> Path | None:
        asked.append((title, save))
        return answers.pop(0)

    view = make_view(qtbot, db, runner, settings, live.url, ask_path=ask)
    qtbot.waitUntil(lambda: view.pending_badge.text() == "1", timeout=WAIT)
    # No token on this laptop yet: the bundle could not be sealed, so none is written.
    with qtbot.waitSignal(view.controller.bundleFailed, timeout=WAIT) as failed:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert "jeton" in failed.args[0] and not out.exists()
    save_token(live.url, token)
    answers.extend([out, reply])
    with qtbot.waitSignal(view.controller.bundleDone, timeout=WAIT):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert out.exists() and view.message.text().startswith("1 modification écrite")
    registry_service.import_bundle(live.db, out, reply)
    with qtbot.waitSignal(view.controller.bundleDone, timeout=WAIT):
        qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    assert view.message.text().startswith("Réponse importée : 1 modification confirmée")
    qtbot.waitUntil(lambda: view.pending_badge.text() == "0", timeout=WAIT)
    assert [save for _t, save in asked] == [True, True, False]
    # A file that is not a bundle: one clear message naming it, nothing changed.
    junk = tmp_path / "junk.hdfsync"
    junk.write_text("not a bundle")
    answers.append(junk)
    with qtbot.waitSignal(view.controller.bundleFailed, timeout=WAIT) as failed:
        qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    assert failed.args[0].startswith("Import impossible") and "junk.hdfsync" in failed.args[0]
    drain(qtbot, runner)


def test_cancel_before_anything_is_sent(
    qtbot: Any, db: Database, runner: Any, settings: Any, live: Registry
) -> None:
    save_token(live.url, live.user("nord@hdf.fr", territory=["59"]))
    add_org(db, "Lille Textile")
    view = make_view(qtbot, db, runner, settings, live.url)
    qtbot.waitUntil(lambda: view.pending_badge.text() == "1", timeout=WAIT)
    gate = threading.Event()
    runner.run(gate.wait)  # the database thread is busy: the sync waits its turn
    qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert view.progress.cancel_button.isVisible() and not view.sync_button.isEnabled()
    with qtbot.waitSignal(view.controller.syncCancelled, timeout=WAIT):
        qtbot.mouseClick(view.progress.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert "annulée" in view.message.text()
    qtbot.waitUntil(lambda: view.sync_button.isEnabled(), timeout=WAIT)
    assert view.pending_badge.text() == "1"
    with httpx.Client(base_url=live.url) as http:
        assert http.get("/health").status_code == 200
    with live.db.session() as s:
        assert "Lille Textile" not in set(s.scalars(select(Organisation.name)))
    drain(qtbot, runner)


def test_main_window_has_the_sync_page_and_status(qtbot: Any, window: Any) -> None:
    assert "sync" in window.page_keys()
    status = window.sync_status
    qtbot.waitUntil(lambda: status.last_label.text() == "jamais synchronisé", timeout=WAIT)
    # The seeded 33 organisations and their contact wait to be sent.
    qtbot.waitUntil(lambda: status.pending_badge.text() == "34", timeout=WAIT)
    with qtbot.waitSignal(window.sync_view.controller.syncFailed, timeout=WAIT) as failed:
        qtbot.mouseClick(status.button, Qt.MouseButton.LeftButton)
    assert failed.args == ["Indiquez d'abord l'adresse du registre dans les Paramètres."]
    assert window.sync_view.message.text() == failed.args[0]
    drain(qtbot, window.runner)


def test_sync_screens_switch_to_english(qtbot: Any, window: Any) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    view, status = window.sync_view, window.sync_status
    qtbot.waitUntil(lambda: status.last_label.text() == "jamais synchronisé", timeout=WAIT)
    translations = Translations()
    try:
        translations.apply("en")
        qtbot.waitUntil(lambda: view.sync_button.text() == "Sync now", timeout=WAIT)
        assert status.button.text() == "Sync now"
        assert status.last_label.text() == "never synced"
        assert view.pending_label.text() == "34 changes waiting to be sent"
        assert view.conflicts.model.headerData(0, Qt.Orientation.Horizontal) == "Record"
        assert view.conflicts.keep_mine.text() == "Keep mine"
        translations.apply("fr")
        qtbot.waitUntil(lambda: view.sync_button.text() == "Synchroniser", timeout=WAIT)
    finally:
        translations.apply("fr")
    drain(qtbot, window.runner)


def test_refused_change_can_only_be_dropped(
    qtbot: Any, qtmodeltester: Any, db: Database, runner: Any, settings: Any
) -> None:
    from datetime import UTC, datetime

    from hdf_field.sync.tables import OutboxEntry

    org = add_org(db, "Ferme du Vimeu")
    with UnitOfWork(db) as uow:
        uow.session.add(
            LocalConflict(
                id=uuid.uuid4(),
                entity="organisation",
                record_id=org,
                field="*",
                base=None,
                mine={"name": "Ferme du Vimeu", "departement": "80"},
                theirs="HTTP 403: outside your territory",
                author=None,
                status="open",
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()
    view = make_view(qtbot, db, runner, settings, "http://127.0.0.1:9")
    panel = view.conflicts
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT)
    qtmodeltester.check(panel.model)
    assert panel.model.index(0, 1).data() == "Fiche entière"
    assert panel.mine_box.title.text() == "Ma modification"
    assert panel.mine_box.value.text() == "Nom : Ferme du Vimeu\nDépartement : 80"
    assert panel.theirs_box.value.text() == "outside your territory"
    assert panel.base_box.isHidden() and "refusé" in panel.subheading.text()
    assert not panel.keep_mine.isEnabled() and panel.editors.isHidden()
    assert panel.keep_theirs.text() == "Abandonner ma modification"
    with qtbot.waitSignal(view.controller.conflictsChanged, timeout=WAIT):
        qtbot.mouseClick(panel.keep_theirs, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    with db.session() as s:
        assert s.scalar(select(LocalConflict.status)) == "resolved"
        resolving = [e.resolves for e in s.scalars(select(OutboxEntry)) if e.resolves]
    assert len(resolving) == 1  # the registry learns it at the next sync
    drain(qtbot, runner)


def test_registry_of_another_protocol_says_to_update(
    qtbot: Any,
    db: Database,
    runner: Any,
    settings: Any,
    live: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A registry already on the next protocol: one French sentence, the changes kept."""
    from hdf_field.registry import app as registry_app

    token = live.user("nord@hdf.fr", territory=["59"])
    save_token(live.url, token)
    add_org(db, "Lille Textile")
    monkeypatch.setattr(registry_app, "PROTOCOL", 2)  # the registry only: in-process
    view = make_view(qtbot, db, runner, settings, live.url)
    qtbot.waitUntil(lambda: view.pending_badge.text() == "1", timeout=WAIT)
    with qtbot.waitSignal(view.controller.syncFailed, timeout=WAIT) as failed:
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert failed.args[0].startswith(
        "Le registre et cette application ne parlent pas la même version du protocole"
    )
    assert failed.args[0].endswith("Vos modifications restent en attente (1).")
    qtbot.waitUntil(lambda: view.sync_button.isEnabled(), timeout=WAIT)
    assert view.pending_badge.text() == "1"
    drain(qtbot, runner)


def test_a_sync_says_who_was_erased_and_what_was_dropped(
    qtbot: Any, db: Database, runner: Any, settings: Any
) -> None:
    from hdf_field.sync.service import SyncReport

    view = make_view(qtbot, db, runner, settings, "http://registry.test")
    view._finished(SyncReport(pushed=1, pulled=3, conflicts=0, pending=0, erased=1, dropped=2))
    text = view.message.text()
    assert "1 contact effacé" in text and "2 modifications" in text
    assert view.message.property("kind") == "info"  # dropped work is worth reading
    view._finished(SyncReport(pushed=0, pulled=0, conflicts=0, pending=0))
    assert "effac" not in view.message.text() and view.message.property("kind") == "ok"
    drain(qtbot, runner)


def test_refused_change_says_why_in_french(
    qtbot: Any, db: Database, runner: Any, settings: Any
) -> None:
    """The registry's reason kept with its code reads in French on the French screen."""
    from datetime import UTC, datetime

    org = add_org(db, "Ferme du Vimeu")
    with UnitOfWork(db) as uow:
        uow.session.add(
            LocalConflict(
                id=uuid.uuid4(),
                entity="organisation",
                record_id=org,
                field="*",
                base=None,
                mine={"name": "Ferme du Vimeu", "departement": "80"},
                theirs={
                    "reason": "sync failed (forbidden): HTTP 403: outside your scope",
                    "code": "push.out_of_scope",
                    "params": {},
                },
                author=None,
                status="open",
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()
    view = make_view(qtbot, db, runner, settings, "http://127.0.0.1:9")
    panel = view.conflicts
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.theirs_box.value.text() != "", timeout=WAIT)
    assert panel.theirs_box.value.text() == "hors de votre périmètre"
    tip = panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "« hors de votre périmètre » au registre" in tip and "outside" not in tip
    drain(qtbot, runner)
