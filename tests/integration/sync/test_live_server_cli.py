"""The CLI contract against a real uvicorn server on loopback, and hostile payloads."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hdf_field.cli import main
from hdf_field.registry.app import create_app
from hdf_field.registry.service import open_registry
from hdf_field.registry.tables import AppliedMutation
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import LiveServer, Registry


def cli(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_end_to_end_over_uvicorn(
    tmp_path: Path,
    _template_db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reg_path = str(tmp_path / "registry.sqlite3")
    code, _, err = cli(
        capsys,
        "registry",
        "user",
        "add",
        "nord@hdf.fr",
        "--role",
        "officer",
        "--territory",
        "59",
        "--db",
        reg_path,
        stdin="s3cret-pass\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    code, out, _ = cli(capsys, "registry", "token", "create", "nord@hdf.fr", "--db", reg_path)
    token = out.strip().splitlines()[-1]
    assert code == 0 and token.startswith("hdf_")
    db = open_registry(reg_path)
    server = LiveServer(create_app(db)).start()
    try:
        laptop = tmp_path / "laptop.sqlite3"
        ldb = open_database(laptop)
        with UnitOfWork(ldb) as uow:
            uow.session.add(Organisation(name="Lille Textile", departement="59"))
            uow.commit()
        ldb.dispose()
        code, out, err = cli(
            capsys, "sync", "--db", str(laptop), "--server", server.url, "--token", token, "--json"
        )
        assert code == 0, err
        assert json.loads(out) == {
            "pushed": 1,
            "pulled": 2,
            "conflicts": 0,
            "pending": 0,
            "erased": 0,
            "dropped": 0,
        }
        # The token was kept (keyring or 0600 file): the next sync needs no --token.
        code, out, _ = cli(capsys, "sync", "--db", str(laptop), "--json")
        assert code == 0 and json.loads(out)["pushed"] == 0
        assert httpx.get(f"{server.url}/health").json()["status"] == "ok"
        assert "/sync/push" in httpx.get(f"{server.url}/openapi.json").json()["paths"]
        code, _, _ = cli(capsys, "conflicts", "list", "--db", str(laptop), "--json")
        assert code == 0
        # Bundle: laptop → office → laptop.
        ldb = open_database(laptop)
        with UnitOfWork(ldb) as uow:
            uow.session.add(Organisation(name="Roubaix Coop", departement="59"))
            uow.commit()
        ldb.dispose()
        out_bundle, reply = tmp_path / "out.hdfsync", tmp_path / "reply.hdfsync"
        code, _, err = cli(capsys, "bundle", "export", str(out_bundle), "--db", str(laptop))
        assert code == 0, err
        for _ in range(2):  # importing twice applies once
            code, out, err = cli(
                capsys,
                "registry",
                "import-bundle",
                str(out_bundle),
                "--db",
                reg_path,
                "--reply",
                str(reply),
                "--json",
            )
            assert code == 0, err
        assert json.loads(out)["duplicates"] == 1
        code, out, err = cli(capsys, "bundle", "import", str(reply), "--db", str(laptop), "--json")
        assert code == 0, err
        assert json.loads(out)["pending"] == 0
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Organisation)) == 2
        # Revoked → the sync fails with one line and a non-zero exit.
        code, _, _ = cli(capsys, "registry", "token", "revoke", token, "--db", reg_path)
        assert code == 0
        code, out, err = cli(capsys, "sync", "--db", str(laptop), "--json")
        assert code != 0 and "auth" in err and len(err.strip().splitlines()) == 1
    finally:
        server.stop()
        db.dispose()


def test_unreachable_server_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.integration.sync.conftest import free_port

    code, _, err = cli(
        capsys,
        "sync",
        "--db",
        str(tmp_path / "l.sqlite3"),
        "--server",
        f"http://127.0.0.1:{free_port()}",
        "--token",
        "x",
    )
    assert code != 0 and "network" in err


def test_login_is_rate_limited(sqlite_registry: Registry) -> None:
    from hdf_field.domain.enums import Role
    from hdf_field.registry import service

    with UnitOfWork(sqlite_registry.db) as uow:
        service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, "right-password")
        uow.commit()
    http = httpx.Client(transport=sqlite_registry.transport(), base_url=sqlite_registry.url)
    ok = http.post("/auth/login", json={"email": "chef@hdf.fr", "password": "right-password"})
    assert ok.status_code == 200 and ok.json()["token"]
    codes = [
        http.post("/auth/login", json={"email": "chef@hdf.fr", "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert codes[:4] == [401, 401, 401, 401] and codes[-1] == 429


def test_every_registry_process_counts_the_same_login_attempts(registry: Registry) -> None:
    """Two registry processes (two apps over one database) behind a load balancer: an
    attacker alternating between them gets no more tries than with one."""
    from hdf_field.domain.enums import Role
    from hdf_field.registry import service
    from hdf_field.registry.app import create_app

    with UnitOfWork(registry.db) as uow:
        service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, "right-password")
        uow.commit()
    other = Registry(registry.db, create_app(registry.db, login_limit=3, login_window=60))
    clients = [httpx.Client(transport=r.transport(), base_url=r.url) for r in (registry, other)]
    wrong = {"email": "chef@hdf.fr", "password": "wrong"}
    codes = [clients[i % 2].post("/auth/login", json=wrong).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]  # the limit is 3 in each process, and in total
    right = {"email": "chef@hdf.fr", "password": "right-password"}
    assert clients[1].post("/auth/login", json=right).status_code == 429


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    field=st.sampled_from(
        [
            "name",
            "priority",
            "lat",
            "founded_on",
            "status",
            "tags",
            "assigned_officer_id",
            "nope",
            "id",
            "version",
        ]
    ),
    old=json_values,
    new=json_values,
    entity=st.sampled_from(["organisation", "visit", "nothing"]),
)
def test_hostile_mutations_get_a_clear_4xx_and_change_nothing(
    sqlite_registry: Registry, field: str, old: Any, new: Any, entity: str
) -> None:
    reg = sqlite_registry
    if not hasattr(reg, "_token"):
        from hdf_field.domain.enums import Role

        reg._token = reg.user(f"{uuid.uuid4().hex}@hdf.fr", Role.MANAGER)  # type: ignore[attr-defined]
    http = httpx.Client(
        transport=reg.transport(),
        base_url=reg.url,
        headers={"Authorization": f"Bearer {reg._token}"},
    )  # type: ignore[attr-defined]
    with reg.db.session() as s:
        before = s.scalar(select(func.count()).select_from(AppliedMutation))
    body = {
        "mutations": [
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": entity,
                "record_id": str(uuid.uuid4()),
                "base_version": 1,
                "changes": {field: [old, new]},
            }
        ]
    }
    resp = http.post("/sync/push", json=body)
    if resp.status_code == 200:
        # Accepted as well-formed: a change to an unknown record is kept as a rejection.
        [result] = resp.json()["results"]
        assert result["status"] == "rejected" and result["message"]
    else:
        assert resp.status_code == 422, resp.text
        assert resp.json()["detail"]
        with reg.db.session() as s:
            assert s.scalar(select(func.count()).select_from(AppliedMutation)) == before
            assert s.scalar(select(func.count()).select_from(Organisation)) == 0


def test_openapi_contract_with_schemathesis(sqlite_registry: Registry) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hdf_field.domain.enums import Role

    token = sqlite_registry.user("chef@hdf.fr", Role.MANAGER)
    # Over real HTTP: schemathesis's in-process ASGI calls leave a non-daemon event-loop
    # thread behind, which keeps the test process from exiting.
    server = LiveServer(sqlite_registry.app).start()
    try:
        failures = _schemathesis_failures(schemathesis, server.url, token)
    finally:
        server.stop()
    assert failures == []


def _schemathesis_failures(schemathesis: Any, url: str, token: str) -> list[tuple[Any, ...]]:
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    failures: list[tuple[Any, ...]] = []
    for op in schema.get_all_operations():
        operation = op.ok()
        strategy = operation.as_strategy()

        @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def check(case: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call(base_url=url)
            if response.status_code >= 500:
                failures.append((case.method, case.path, response.status_code, response.text))

        check()
    return failures


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b'{"mutations": "nope"}',
        b'{"mutations": [{"mutation_id": "x"}]}',
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"tags": [null, [NaN]], "name": [null, "x"]}}]}',
        b'{"mutations": [{"mutation_id": "00000000-0000-4000-8000-000000000001", '
        b'"entity": "organisation", "record_id": "00000000-0000-4000-8000-000000000002", '
        b'"base_version": 0, "changes": {"name": [null, "' + b"x" * 400 + b'"]}}]}',
    ],
)
def test_malformed_bodies_are_422(sqlite_registry: Registry, body: bytes) -> None:
    from hdf_field.domain.enums import Role

    token = sqlite_registry.user("chef@hdf.fr", Role.MANAGER)
    http = httpx.Client(
        transport=sqlite_registry.transport(),
        base_url=sqlite_registry.url,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    resp = http.post("/sync/push", content=body)
    assert resp.status_code == 422 and resp.json()["detail"]
    with sqlite_registry.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0
