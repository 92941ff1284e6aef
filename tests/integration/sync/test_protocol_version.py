"""The sync protocol's number on every envelope: a peer speaking another one is refused whole,
in one line naming both numbers, and nothing is applied on either side."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from hdf_field.domain.errors import InputFileError
from hdf_field.registry import app as registry_app
from hdf_field.registry.service import import_bundle
from hdf_field.registry.tables import AppliedMutation
from hdf_field.storage.orm import Organisation
from hdf_field.sync.bundle import export_outbox, import_reply
from hdf_field.sync.client import SyncError, SyncErrorKind
from hdf_field.sync.outbox import pending_count
from hdf_field.sync.protocol import PROTOCOL
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.registry_http import caller, mutation
from tests.integration.sync.test_bundles import add_org, open_payload, refused, reseal

NEWER = PROTOCOL + 1


def applied(registry: Registry) -> int:
    with registry.db.session() as s:
        return s.scalar(select(func.count()).select_from(AppliedMutation)) or 0


def registry_orgs(registry: Registry) -> set[str]:
    with registry.db.session() as s:
        return set(s.scalars(select(Organisation.name)))


def test_health_names_the_protocol(registry: Registry) -> None:
    body = httpx.Client(transport=registry.transport(), base_url=registry.url).get("/health").json()
    assert body["protocol"] == PROTOCOL == 1
    assert body["status"] == "ok" and body["version"] and body["database"]


def test_push_and_pull_name_the_protocol_and_old_requests_still_work(registry: Registry) -> None:
    nord = caller(registry, "nord@hdf.fr", territory=["59"])
    org = uuid.uuid4()
    # A request without the field is from before versioning: protocol 1.
    resp = nord.push(mutation("organisation", org, name="Lille SA", departement="59"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["protocol"] == PROTOCOL
    page = nord.http.get("/sync/pull", params={"cursor": 0}).json()
    assert page["protocol"] == PROTOCOL
    assert str(org) in {r["id"] for r in page["records"]}


def test_push_of_another_protocol_is_refused_and_nothing_applied(registry: Registry) -> None:
    nord = caller(registry, "nord@hdf.fr", territory=["59"])
    org = mutation("organisation", uuid.uuid4(), name="Lille SA", departement="59")
    resp = nord.http.post("/sync/push", json={"protocol": NEWER, "mutations": [org]})
    assert resp.status_code == 426
    assert resp.json()["detail"] == (
        f"this registry speaks sync protocol {PROTOCOL} only, the request protocol {NEWER}: "
        f"the registry must be updated first"
    )
    # A body of another protocol need not fit this one's shapes: still named as such.
    odd = {"protocol": NEWER, "mutations": [{**org, "new_field": 1}], "envelope": "v2"}
    resp = nord.http.post("/sync/push", json=odd)
    assert resp.status_code == 426 and "protocol 2" in resp.json()["detail"]
    resp = nord.http.post("/sync/push", json={"protocol": 0, "mutations": [org]})
    assert resp.status_code == 426 and resp.json()["detail"].endswith("update the application")
    assert applied(registry) == 0 and registry_orgs(registry) == set()
    resp = nord.http.get("/sync/pull", params={"cursor": 0, "protocol": NEWER})
    assert resp.status_code == 426 and "\n" not in resp.json()["detail"]


def test_laptop_meeting_a_newer_registry_stops_before_anything_moves(
    registry: Registry, make_laptop: Callable[..., Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    lap = make_laptop(registry.user("nord@hdf.fr", territory=["59"]))
    add_org(lap.db, name="Lille Textile")
    monkeypatch.setattr(registry_app, "PROTOCOL", NEWER)  # the registry only: in-process
    with pytest.raises(SyncError) as caught:
        lap.sync.run()
    assert caught.value.kind is SyncErrorKind.PROTOCOL
    assert str(caught.value) == (
        f"sync failed (protocol): the registry speaks sync protocol {NEWER}, this "
        f"application protocol {PROTOCOL}: update the application"
    )
    with lap.db.session() as s:
        assert pending_count(s) == 1
    assert registry_orgs(registry) == set() and applied(registry) == 0
    monkeypatch.undo()
    assert lap.sync.run().pushed == 1  # the same laptop, once the versions agree


class Rewriting(httpx.BaseTransport):
    """The registry seen through ``edit``, which rewrites each JSON answer of a path."""

    def __init__(
        self, inner: httpx.BaseTransport, edit: Callable[[str, dict[str, Any]], None]
    ) -> None:
        self.inner = inner
        self.edit = edit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self.inner.handle_request(request)
        if resp.status_code != 200:
            return resp
        body = json.loads(resp.content)
        if isinstance(body, dict):
            self.edit(request.url.path, body)
        return httpx.Response(200, json=body, request=request)


def test_an_answer_of_another_protocol_keeps_the_outbox(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    """A registry whose /health says nothing (older proxy, say) but whose push answer is of
    another protocol: the answer is not applied, the change stays to be sent again."""

    def edit(path: str, body: dict[str, Any]) -> None:
        if path == "/health":
            del body["protocol"]
        elif path == "/sync/push":
            body["protocol"] = NEWER
            body["results"] = [{"shape": "of protocol 2"}]

    token = registry.user("nord@hdf.fr", territory=["59"])
    lap = make_laptop(token, Rewriting(registry.transport(), edit))
    add_org(lap.db, name="Lille Textile")
    with pytest.raises(SyncError, match=f"registry speaks sync protocol {NEWER}") as caught:
        lap.sync.run()
    assert caught.value.kind is SyncErrorKind.PROTOCOL
    with lap.db.session() as s:
        assert pending_count(s) == 1


def test_a_registry_from_before_versioning_is_protocol_1(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    def edit(_path: str, body: dict[str, Any]) -> None:
        body.pop("protocol", None)

    lap = make_laptop(
        registry.user("nord@hdf.fr", territory=["59"]), Rewriting(registry.transport(), edit)
    )
    add_org(lap.db, name="Lille Textile")
    report = lap.sync.run()
    assert report.pushed == 1 and report.pending == 0


@pytest.fixture
def officer(registry: Registry, make_laptop: Callable[..., Laptop]) -> tuple[str, Laptop]:
    token = registry.user("nord@hdf.fr", territory=["59"])
    lap = make_laptop(token)
    lap.sync.run()
    return token, lap


def test_bundle_of_another_protocol_is_refused_whole(
    registry: Registry, officer: tuple[str, Laptop], tmp_path: Path
) -> None:
    token, lap = officer
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, token)
    payload = open_payload(out, token)
    assert payload["protocol"] == PROTOCOL
    payload["protocol"] = NEWER
    payload["mutations"][0]["shape"] = "of protocol 2"
    reseal(out, token, payload)
    refused(
        registry,
        out,
        reply,
        f"sync bundle of protocol {NEWER}, this registry speaks "
        f"protocol {PROTOCOL}: update the registry; nothing was "
        f"applied",
    )
    # The header says the protocol too, before anything is decrypted.
    export_outbox(lap.db, out, token)
    data = bytearray(out.read_bytes())
    data[4] = NEWER
    out.write_bytes(bytes(data))
    refused(registry, out, reply, f"sync bundle of protocol {NEWER}, this registry")
    # A bundle from before versioning names none: protocol 1, applied.
    del payload["protocol"]
    del payload["mutations"][0]["shape"]
    reseal(out, token, payload)
    assert import_bundle(registry.db, out, reply)["mutations"] == 1


def test_reply_of_another_protocol_is_refused_on_the_laptop(
    registry: Registry, officer: tuple[str, Laptop], tmp_path: Path
) -> None:
    token, lap = officer
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, token)
    import_bundle(registry.db, out, reply)
    answer = open_payload(reply, token)
    assert answer["protocol"] == PROTOCOL
    answer["protocol"] = NEWER
    reseal(reply, token, answer, kind="reply")
    with pytest.raises(
        InputFileError,
        match=f"sync bundle of protocol {NEWER}, this "
        f"application speaks protocol {PROTOCOL}: update the application; "
        f"nothing was applied",
    ) as caught:
        import_reply(lap.db, reply, token)
    assert "\n" not in str(caught.value)
    with lap.db.session() as s:
        assert pending_count(s) == 1
    answer["protocol"] = PROTOCOL
    reseal(reply, token, answer, kind="reply")
    assert import_reply(lap.db, reply, token)["pending"] == 0
