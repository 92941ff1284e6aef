"""The badge « N réponses des pôles »: a real registry under uvicorn, a cluster's account
answering through /api/referrals, the laptop syncing from the status widget."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import Qt

from hdf_field.cli.registry import load_reference_clusters
from hdf_field.domain.enums import Role
from hdf_field.registry import service as registry_service
from hdf_field.services.organisations import find_organisation
from hdf_field.services.referrals import SendReferral, send_referral
from hdf_field.storage.database import Database
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.credentials import save_token
from hdf_field.ui.sync import SyncStatusWidget
from tests.gui.test_sync_view import WAIT, _no_keyring, add_org, live, make_view  # noqa: F401
from tests.integration.sync.conftest import Registry


def test_the_badge_counts_the_answers_the_last_sync_brought(
    qtbot: Any,
    db: Database,
    runner: Any,
    settings: Any,
    live: Registry,  # noqa: F811
) -> None:
    save_token(live.url, live.user("alice@example.org", territory=["59"]))
    with UnitOfWork(live.db) as uow:
        load_reference_clusters(uow.session)
        registry_service.add_user(
            uow.session, "pole@i-trans.eu", Role.CLUSTER, "pw-pole-1234", cluster="i-Trans"
        )
        cluster_token = registry_service.create_token(uow.session, "pole@i-trans.eu")
        uow.commit()
    org = add_org(db, "Forges de Denain")
    view = make_view(qtbot, db, runner, settings, live.url)
    status = SyncStatusWidget(view.controller)
    qtbot.addWidget(status)

    def sync() -> None:
        with qtbot.waitSignal(view.controller.syncFinished, timeout=WAIT):
            qtbot.mouseClick(status.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)

    sync()  # the officer and the clusters arrive
    with db.session() as s:
        org_id = str(find_organisation(s, str(org)).id)
    send_referral(
        db,
        SendReferral(org_id, "i-Trans", "alice@example.org", message="À rencontrer"),
        consent_now_by=True,
    )
    sync()
    assert status.answers_badge.isHidden()  # sent, nobody answered yet
    with httpx.Client(
        base_url=live.url, headers={"Authorization": f"Bearer {cluster_token}"}
    ) as pole:
        [item] = pole.get("/api/referrals").json()
        resp = pole.post(
            f"/api/referrals/{item['id']}/status",
            json={"status": "acknowledged", "comment": "Merci, nous appelons lundi"},
        )
        assert resp.status_code == 200, resp.text
    sync()
    qtbot.waitUntil(lambda: not status.answers_badge.isHidden(), timeout=WAIT)
    assert status.answers_badge.text() == "1 réponse des pôles"
    sync()  # nothing new since: the badge goes
    qtbot.waitUntil(lambda: status.answers_badge.isHidden(), timeout=WAIT)
