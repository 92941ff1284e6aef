"""The laptop's registry client answers with the registry's own schemas, not dicts, and
refuses an answer of another shape naming where it differs."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.client import RegistryClient, SyncError, SyncErrorKind
from hdf_field.sync.protocol import PROTOCOL
from hdf_field.sync.schemas import (
    ConflictOut,
    Health,
    MutationIn,
    PullResponse,
    PushResponse,
    TokenOut,
    WhoAmI,
)
from tests.integration.sync.conftest import PASSWORD, Registry
from tests.integration.sync.registry_http import mutation
from tests.integration.sync.test_protocol_version import Rewriting


def _client(registry: Registry, token: str | None = None, transport: Any = None) -> RegistryClient:
    return RegistryClient(registry.url, token, transport=transport or registry.transport())


def test_every_answer_is_the_registry_schema(registry: Registry) -> None:
    with UnitOfWork(registry.db) as uow:
        service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, PASSWORD)
        uow.commit()
    with _client(registry) as anonymous:
        health = anonymous.health()
        assert isinstance(health, Health) and health.protocol == PROTOCOL
        assert anonymous.check_protocol() == PROTOCOL
        login = anonymous.login("chef@hdf.fr", PASSWORD)
        assert isinstance(login, TokenOut) and login.token
    nord = registry.user("nord@hdf.fr", territory=["59"])
    with _client(registry, login.token) as chef, _client(registry, nord) as officer:
        me = officer.me()
        assert isinstance(me, WhoAmI)
        assert me.email == "nord@hdf.fr" and me.territory == ["59"] and me.officer_id
        org = uuid.uuid4()
        created = MutationIn.model_validate(
            mutation("organisation", org, name="Lille SA", departement="59")
        )
        pushed = chef.push([created])
        assert isinstance(pushed, PushResponse) and pushed.results[0].status == "applied"
        page = officer.pull(0, 100)
        assert isinstance(page, PullResponse) and org in {r.id for r in page.records}
        # Both change the name from the same base: the second is a conflict.
        for who, name in ((chef, "Lille Textile"), (officer, "Lille Tissage")):
            who.push(
                [
                    MutationIn.model_validate(
                        mutation("organisation", org, 1, name=("Lille SA", name))
                    )
                ]
            )
        conflicts = chef.conflicts()
        assert conflicts and all(isinstance(c, ConflictOut) for c in conflicts)
        assert {c.field for c in conflicts} == {"name"}
        settled = chef.resolve(conflicts[0].id, "Lille Textile et Tissage")
        assert isinstance(settled, ConflictOut) and settled.status == "resolved"
        assert chef.conflicts() == []
        assert [c.id for c in chef.conflicts("resolved")] == [settled.id]


def test_an_answer_of_another_shape_is_refused_naming_the_field(registry: Registry) -> None:
    token = registry.user("nord@hdf.fr", territory=["59"])

    def odd(path: str, body: dict[str, Any]) -> None:
        if path == "/me":
            body["territory"] = "59"  # a string, not a list
        if path == "/sync/pull":
            body["cursor"] = "far"

    with _client(registry, token, Rewriting(registry.transport(), odd)) as client:
        with pytest.raises(SyncError) as caught:
            client.me()
        assert caught.value.kind is SyncErrorKind.SERVER
        assert "/me: territory:" in str(caught.value)
        with pytest.raises(SyncError) as caught:
            client.pull(0, 10)
        assert caught.value.kind is SyncErrorKind.SERVER
        assert "/sync/pull: cursor:" in str(caught.value)


def test_health_of_a_registry_that_is_no_registry(registry: Registry) -> None:
    def teapot(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=["not", "health"], request=request)

    with (
        _client(registry, transport=httpx.MockTransport(teapot)) as client,
        pytest.raises(SyncError) as caught,
    ):
        client.health()
    assert caught.value.kind is SyncErrorKind.SERVER and "/health" in str(caught.value)
