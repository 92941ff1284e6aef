"""The review's payload and HTTP attacks on SQLite and PostgreSQL registries: the registry
runs the laptop's validation, bounds bodies before parsing, never answers 500 to malformed
text, and counts login attempts by the real account and the real address."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from hdf_field.domain.enums import Role
from hdf_field.domain.limits import NOTES_MAX
from hdf_field.registry.app import create_app
from hdf_field.registry.tables import Conflict, LoginAttempt
from hdf_field.storage.orm import Organisation
from hdf_field.sync.schemas import MAX_BODY_BYTES, MAX_PUSH_BYTES
from tests.integration.sync.conftest import ASGISyncTransport, Registry
from tests.integration.sync.registry_http import Caller, caller, create, mutation, refusals


@pytest.fixture
def nord(registry: Registry) -> Caller:
    return caller(registry, "nord@hdf.fr", territory=["59"])


def stored_orgs(registry: Registry) -> list[dict[str, Any]]:
    with registry.db.session() as s:
        return [
            {"name": o.name, "notes": o.notes, "website": o.website, "tags": o.tags}
            for o in s.scalars(select(Organisation).order_by(Organisation.name))
        ]


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("lat", 1000, "lat"),
        ("lon", -181.5, "lon"),
        ("email", "<script>alert(1)</script>", "email"),
        ("website", "javascript:alert(document.cookie)", "website"),
        ("website", "data:text/html,<script>x</script>", "website"),
        ("tags", {"admin": True}, "tags"),
        ("tags", [1, 2], "tags"),
        ("tags", ["t"] * 51, "tags"),
        ("notes", "x" * (NOTES_MAX + 1), "notes"),
        ("trade_name", "a\u0007b", "trade_name"),
        ("siret", "12345678901234", "siret"),
        ("status", "owned", "status"),
        ("founded_on", "2024-02-30", "founded_on"),
        ("opening_hours", {"9": [["08:00", "12:00"]]}, "opening_hours"),
    ],
)
def test_values_the_laptop_refuses_are_refused_by_the_registry(
    registry: Registry, nord: Caller, field: str, value: Any, named: str
) -> None:
    org = create(nord, "organisation", name="Lille SA", departement="59")
    before = stored_orgs(registry)
    # As a change of a known record, and inside a whole new record.
    for m in (
        mutation("organisation", org, 1, **{field: (None, value)}),
        mutation("organisation", uuid.uuid4(), name="New", departement="59", **{field: value}),
    ):
        resp = nord.push(m)
        assert resp.status_code == 422, resp.text
        assert resp.json()["field"] == f"mutations[0].changes.{named}"
        assert stored_orgs(registry) == before
        audit = refusals(registry)[-1]
        assert audit.detail is not None and audit.detail["status"] == 422
        assert audit.detail["mutation_ids"] == [m["mutation_id"]]


def test_the_same_values_within_the_limits_are_accepted(registry: Registry, nord: Caller) -> None:
    create(
        nord,
        "organisation",
        name="Roubaix",
        departement="59",
        lat=50.69,
        lon=3.18,
        email="contact@roubaix.fr",
        website="https://roubaix.fr",
        tags=["textile"],
        notes="n" * NOTES_MAX,
        siret="73282932000074",
    )
    [org] = stored_orgs(registry)
    assert len(org["notes"]) == NOTES_MAX and org["website"] == "https://roubaix.fr"


def test_a_conflict_cannot_smuggle_an_oversized_value(registry: Registry, nord: Caller) -> None:
    chef = caller(registry, "chef@hdf.fr", Role.MANAGER)
    org = create(chef, "organisation", name="Lille SA", departement="59", notes="base")
    assert chef.push(mutation("organisation", org, 1, notes=("base", "theirs"))).status_code == 200
    resp = nord.push(mutation("organisation", org, 1, notes=("base", "m" * 50_000)))
    assert resp.status_code == 422
    with registry.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict)) == 0


@pytest.mark.parametrize(
    "raw",
    [
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"name": [null, "x\\ud800y"]}}]}',
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"name": [null, "x"], "notes": [null, "a\\u0000b"]}}]}',
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"na\\u0000me": [null, "x"]}}]}',
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"tags": [null, ' + b"[" * 40 + b"]" * 40 + b"]}}]}",
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"name": [null, "\xff\xfe"]}}]}',
    ],
)
def test_malformed_text_is_422_naming_the_field_never_500(
    registry: Registry, nord: Caller, raw: bytes
) -> None:
    resp = nord.http.post("/sync/push", content=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert isinstance(body["detail"], str) and body["field"]
    assert stored_orgs(registry) == []
    assert refusals(registry) or body["field"] == "body"


@pytest.mark.parametrize("email", ["nord\u0000@hdf.fr", "nord\udfff@hdf.fr"])
def test_malformed_login_is_422(registry: Registry, email: str) -> None:
    http = httpx.Client(transport=registry.transport(), base_url=registry.url)
    raw = json.dumps({"email": email, "password": "whatever1"}).encode()
    resp = http.post("/auth/login", content=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == 422 and resp.json()["field"] == "email"


# -- bodies bounded before parsing --------------------------------------------------------


def raw_call(
    app: Any, path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[int, bytes, int]:
    """Send a body in chunks straight over ASGI (as a server streams a chunked upload);
    returns the status, the body and how many chunks the application pulled."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled < len(chunks):
            pulled += 1
            return {
                "type": "http.request",
                "body": chunks[pulled - 1],
                "more_body": pulled < len(chunks),
            }
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("registry.test", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, pulled


def test_an_unannounced_oversized_body_stops_at_the_limit(registry: Registry, nord: Caller) -> None:
    """The 50-million-character note, streamed without a Content-Length: refused after the
    first chunk past the limit, not after reading (or parsing) it all."""
    token = nord.http.headers["Authorization"].encode()
    chunk = b"x" * (1024 * 1024)
    chunks = [b'{"mutations": [{"changes": {"notes": [null, "'] + [chunk] * 48 + [b'"]}}]}']
    status, body, pulled = raw_call(
        registry.app,
        "/sync/push",
        chunks,
        [(b"authorization", token), (b"content-type", b"application/json")],
    )
    assert status == 413 and "larger than" in json.loads(body)["detail"]
    assert pulled == MAX_PUSH_BYTES // len(chunk) + 1 < len(chunks)
    assert stored_orgs(registry) == []


def test_a_lying_content_length_does_not_help(registry: Registry, nord: Caller) -> None:
    token = nord.http.headers["Authorization"].encode()
    chunks = [b'{"email": "', b"a" * MAX_BODY_BYTES, b'", "password": "x"}']
    status, _body, _pulled = raw_call(
        registry.app,
        "/auth/login",
        chunks,
        [
            (b"authorization", token),
            (b"content-type", b"application/json"),
            (b"content-length", b"20"),
        ],
    )
    assert status == 413


def test_an_announced_oversized_body_is_refused_unread(registry: Registry) -> None:
    status, _body, pulled = raw_call(
        registry.app,
        "/sync/push",
        [b"{}"] * 3,
        [
            (b"content-type", b"application/json"),
            (b"content-length", str(MAX_PUSH_BYTES + 1).encode()),
        ],
    )
    assert status == 413 and pulled == 0


def test_the_fifty_megabyte_note_over_http(registry: Registry, nord: Caller) -> None:
    org = create(nord, "organisation", name="Lille SA", departement="59")
    resp = nord.push(mutation("organisation", org, 1, notes=(None, "n" * 50_000_000)))
    assert resp.status_code == 413 and resp.json()["detail"].startswith("request body")
    assert stored_orgs(registry)[0]["notes"] is None


# -- the login limit ----------------------------------------------------------------------


def login(
    registry: Registry, email: str, transport: httpx.BaseTransport | None = None, **headers: str
) -> int:
    http = httpx.Client(transport=transport or registry.transport(), base_url=registry.url)
    return http.post(
        "/auth/login", json={"email": email, "password": "wrong password"}, headers=headers
    ).status_code


def test_padding_or_recasing_the_email_shares_one_limit(registry: Registry) -> None:
    """The fixture's registry allows 3 attempts a minute per key."""
    caller(registry, "nord@hdf.fr", territory=["59"])
    variants = ["nord@hdf.fr", "  nord@hdf.fr", "NORD@HDF.FR ", "Nord@Hdf.Fr"]
    statuses = [
        login(registry, v, **{"X-Forwarded-For": f"10.0.0.{i}"}) for i, v in enumerate(variants)
    ]
    assert statuses == [401, 401, 401, 429]
    with registry.db.session() as s:
        keys = set(s.scalars(select(LoginAttempt.key)))
    assert "email:nord@hdf.fr" in keys


def test_a_forged_forwarded_for_is_ignored(registry: Registry) -> None:
    """Without a trusted proxy, every attempt from one peer counts against that peer,
    whatever X-Forwarded-For claims."""
    statuses = [
        login(registry, f"user{i}@hdf.fr", **{"X-Forwarded-For": f"203.0.113.{i}"})
        for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_a_trusted_proxy_names_the_client(registry: Registry) -> None:
    """Behind a trusted proxy (the in-process transport's peer is 127.0.0.1), each client
    address has its own count, and a client cannot pass for another by prepending one."""
    app = create_app(
        registry.db, login_limit=2, login_window=60, trusted_proxies=["127.0.0.1, ::1"]
    )
    transport = ASGISyncTransport(app)
    a = [
        login(registry, f"a{i}@hdf.fr", transport, **{"X-Forwarded-For": "198.51.100.7"})
        for i in range(3)
    ]
    b = [
        login(
            registry, f"b{i}@hdf.fr", transport, **{"X-Forwarded-For": "198.51.100.7, 198.51.100.8"}
        )
        for i in range(2)
    ]
    assert a == [401, 401, 429] and b == [401, 401]
    with registry.db.session() as s:
        keys = set(s.scalars(select(LoginAttempt.key)))
    assert {"ip:198.51.100.7", "ip:198.51.100.8"} <= keys and "ip:127.0.0.1" not in keys


def test_serve_refuses_a_trusted_proxy_that_is_not_an_address(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from hdf_field.cli import main

    code = main(
        [
            "registry",
            "serve",
            "--db",
            str(tmp_path / "r.sqlite3"),
            "--trusted-proxy",
            "10.0.0.1,proxy.local",
            "--lang",
            "en",
        ]
    )
    err = capsys.readouterr().err
    assert code != 0 and "--trusted-proxy: not an IP address: 'proxy.local'" in err
    assert not (tmp_path / "r.sqlite3").exists()  # refused before opening anything
