"""Schemathesis against the registry's own OpenAPI schema, in process, as an officer and as a
manager: whatever it generates, the registry answers without a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from hdf_field.domain.enums import Role
from tests.integration.sync.conftest import Registry
from tests.integration.sync.registry_http import caller, create

EXAMPLES_PER_OPERATION = 12  # x operations x 2 roles: a few hundred requests in all


def test_no_generated_request_gets_a_5xx(registry: Registry) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    chef = caller(registry, "chef@hdf.fr", Role.MANAGER)
    nord = caller(registry, "nord@hdf.fr", territory=["59"])
    # Something to find: generated ids rarely hit, but the schema's paths get exercised.
    create(chef, "organisation", name="Lille SA", departement="59")
    schema = schemathesis.openapi.from_asgi("/openapi.json", registry.app)
    failures: list[tuple[Any, ...]] = []
    for who in (chef, nord):
        for op in schema.get_all_operations():
            fuzz(op.ok(), who.http.headers["Authorization"], who.email, failures)
    assert failures == []


def fuzz(operation: Any, token: str, email: str, failures: list[tuple[Any, ...]]) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": token}
        response = case.call()
        if response.status_code >= 500:
            failures.append(
                (email, case.method, case.path, response.status_code, response.text[:300])
            )

    check()
