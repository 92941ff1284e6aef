"""A registry per test (SQLite, or a PostgreSQL schema), laptops, and transports to reach it.

Most tests drive the real FastAPI application in-process through :class:`ASGISyncTransport`;
a few run it under a real uvicorn server on a free loopback port.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.registry.app import create_app
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.service import SyncService
from tests.imports_support import places, write_sirene  # noqa: F401  (import fixtures)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "correct horse battery"


class ASGISyncTransport(httpx.BaseTransport):
    """Drive an ASGI app from a synchronous httpx client (httpx only ships an async one)."""

    def __init__(self, app: FastAPI) -> None:
        self._inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def go() -> httpx.Response:
            response = await self._inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(
                response.status_code, headers=response.headers, content=content, request=request
            )

        return asyncio.run(go())


def stop_orphaned_workers(before: set[threading.Thread]) -> None:
    """Stop the AnyIO worker threads a simulated process death left behind.

    A ``SystemExit`` raised in a sync endpoint unwinds ``asyncio.run`` before the root
    task's done callbacks run, so the worker that ran the endpoint is never told to stop;
    a real dead process takes its threads with it, a test must do it by hand.
    """
    for thread in set(threading.enumerate()) - before:
        stop = getattr(thread, "stop", None)
        if thread.name == "AnyIO worker thread" and callable(stop):
            stop()
            thread.join(5)


@dataclass
class Registry:
    db: Database
    app: FastAPI
    url: str = "http://registry.test"

    def transport(self) -> httpx.BaseTransport:
        return ASGISyncTransport(self.app)

    def user(
        self, email: str, role: Role = Role.OFFICER, territory: list[str] | None = None
    ) -> str:
        """Create an account and return a token for it."""
        with UnitOfWork(self.db) as uow:
            service.add_user(uow.session, email, role, None, territory=territory)
            token = service.create_token(uow.session, email)
            uow.commit()
        return token

    def laptop(
        self, token: str, path: Path, template: Path, transport: httpx.BaseTransport | None = None
    ) -> Laptop:
        shutil.copyfile(template, path)
        db = open_database(path)
        return Laptop(db, SyncService(db, self.url, token, transport=transport or self.transport()))


@dataclass
class Laptop:
    db: Database
    sync: SyncService


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # pragma: no cover - depends on the machine
        return f"PostgreSQL not reachable at 127.0.0.1:5432 ({type(exc).__name__})"
    return None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throw-away schema on the local PostgreSQL, dropped afterwards."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    schema = f"sync_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def registry(
    request: pytest.FixtureRequest, tmp_path: Path, _template_db: Path
) -> Iterator[Registry]:
    if request.param == "sqlite":
        target = tmp_path / "registry.sqlite3"
        shutil.copyfile(_template_db, target)
        db = service.open_registry(target)
    else:
        db = service.open_registry(request.getfixturevalue("pg_url"))
    app = create_app(db, login_limit=3, login_window=60)
    yield Registry(db, app)
    db.dispose()


@pytest.fixture
def sqlite_registry(tmp_path: Path, _template_db: Path) -> Iterator[Registry]:
    target = tmp_path / "registry.sqlite3"
    shutil.copyfile(_template_db, target)
    db = service.open_registry(target)
    yield Registry(db, create_app(db))
    db.dispose()


@pytest.fixture
def make_laptop(
    registry: Registry, tmp_path: Path, _template_db: Path
) -> Iterator[Callable[..., Laptop]]:
    made: list[Laptop] = []

    def make(token: str, transport: httpx.BaseTransport | None = None) -> Laptop:
        lap = registry.laptop(
            token, tmp_path / f"laptop{len(made)}.sqlite3", _template_db, transport
        )
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.db.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app under a real uvicorn server in a thread, on a free loopback port."""

    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_config=None, access_log=False, lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
