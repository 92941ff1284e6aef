"""A sync cut at every step (network, lost answers, server restart) resumes without loss or
duplicates."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from hdf_field.domain.progress import Cancelled, CancelToken
from hdf_field.registry.app import create_app
from hdf_field.registry.apply import Applier
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import service as sync_service
from hdf_field.sync.client import SyncError, SyncErrorKind
from tests.integration.sync.conftest import Laptop, Registry, stop_orphaned_workers
from tests.progress_support import Recorder


class FaultyTransport(httpx.BaseTransport):
    """Breaks request number ``fail_at``: before it reaches the server, or after the server
    answered (the answer is lost on the way back)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.count = 0
        self.fail_at: int | None = None
        self.after = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.count == self.fail_at and not self.after:
            raise httpx.ConnectError("network cut", request=request)
        response = self.inner.handle_request(request)
        if self.count == self.fail_at:
            raise httpx.ReadError("connection reset while reading the answer", request=request)
        return response


def names(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return sorted(s.scalars(select(Organisation.name).where(Organisation.deleted_at.is_(None))))


@pytest.mark.parametrize("after", [False, True], ids=["request-lost", "answer-lost"])
def test_cut_at_every_step_then_retry(
    sqlite_registry: Registry,
    tmp_path: Path,
    _template_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    after: bool,
) -> None:
    monkeypatch.setattr(sync_service, "PUSH_BATCH", 2)
    monkeypatch.setattr(sync_service, "PULL_PAGE", 3)
    reg = sqlite_registry
    faulty = FaultyTransport(reg.transport())
    a = reg.laptop(
        reg.user("a@hdf.fr", territory=["59"]), tmp_path / "a.sqlite3", _template_db, faulty
    )
    b = reg.laptop(reg.user("b@hdf.fr", territory=["59"]), tmp_path / "b.sqlite3", _template_db)
    created: list[str] = []
    step = 0
    while True:
        step += 1
        # New work on both laptops, then A's sync is cut at request number `step`.
        with UnitOfWork(a.db) as uow:
            for i in range(3):
                created.append(f"A{step}-{i}")
                uow.session.add(Organisation(name=created[-1], departement="59"))
            uow.commit()
        with UnitOfWork(b.db) as uow:
            created.append(f"B{step}")
            uow.session.add(Organisation(name=created[-1], departement="59"))
            uow.commit()
        b.sync.run()
        faulty.count, faulty.fail_at, faulty.after = 0, step, after
        try:
            a.sync.run()
            cut = False
        except SyncError as exc:
            assert exc.kind is SyncErrorKind.NETWORK
            cut = True
        faulty.fail_at = None
        a.sync.run()  # the retry
        b.sync.run()
        with reg.db.session() as s:
            stored = sorted(s.scalars(select(Organisation.name)))
        assert stored == sorted(created)  # nothing lost, nothing doubled
        assert names(a.db) == names(b.db) == sorted(created)
        assert a.sync.pending_count() == 0
        if not cut:
            break
    assert step > 5  # every request of a multi-batch push and multi-page pull was cut


def test_server_restarted_mid_batch(
    sqlite_registry: Registry, tmp_path: Path, _template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = sqlite_registry
    token = reg.user("a@hdf.fr", territory=["59"])
    a = reg.laptop(token, tmp_path / "a.sqlite3", _template_db)
    with UnitOfWork(a.db) as uow:
        uow.session.add_all([Organisation(name=f"O{i}", departement="59") for i in range(5)])
        uow.commit()
    real_one = Applier._one
    calls = {"n": 0}

    def dying(self, d):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("registry process killed")  # mid-batch, before the commit
        return real_one(self, d)

    monkeypatch.setattr(Applier, "_one", dying)
    threads_before = set(threading.enumerate())
    with pytest.raises(BaseException):  # noqa: B017 - the process "dies"
        a.sync.run()
    stop_orphaned_workers(threads_before)
    monkeypatch.setattr(Applier, "_one", real_one)
    with reg.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0  # rolled back
    # "Restart": a new application over the same database.
    restarted = Registry(reg.db, create_app(reg.db))
    a.sync.transport = restarted.transport()
    report = a.sync.run()
    assert report.pushed == 5 and report.pending == 0
    with reg.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 5


def test_cancel_during_push_then_resume(
    sqlite_registry: Registry, tmp_path: Path, _template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer presses Cancel while a push batch is on its way: that batch still counts
    (the registry applied it, the laptop records the answer), the rest waits; the next sync
    sends only the rest."""
    monkeypatch.setattr(sync_service, "PUSH_BATCH", 2)
    reg = sqlite_registry
    cancel = CancelToken()
    pushes = {"n": 0}

    class CancelInFlight(httpx.BaseTransport):
        def __init__(self, inner: httpx.BaseTransport) -> None:
            self.inner = inner

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/sync/push":
                pushes["n"] += 1
                if pushes["n"] == 2:
                    cancel.cancel()  # pressed while the second batch is being applied
            return self.inner.handle_request(request)

    a = reg.laptop(
        reg.user("a@hdf.fr", territory=["59"]),
        tmp_path / "a.sqlite3",
        _template_db,
        CancelInFlight(reg.transport()),
    )
    created = [f"O{i}" for i in range(5)]
    with UnitOfWork(a.db) as uow:
        uow.session.add_all([Organisation(name=n, departement="59") for n in created])
        uow.commit()
    seen = Recorder()
    with pytest.raises(Cancelled):
        a.sync.run(progress=seen, cancel=cancel)
    assert [p.done for p in seen.updates if p.label == "push"] == [2, 4]
    assert not [p for p in seen.updates if p.label == "pull"]
    assert a.sync.pending_count() == 1
    with reg.db.session() as s:
        assert len(list(s.scalars(select(Organisation.name)))) == 4

    report = a.sync.run(cancel=CancelToken())
    assert (report.pushed, report.pending) == (1, 0)
    with reg.db.session() as s:
        assert sorted(s.scalars(select(Organisation.name))) == created  # none doubled
    assert names(a.db) == created


def test_concurrent_pushes_to_a_sqlite_registry(
    sqlite_registry: Registry, tmp_path: Path, _template_db: Path
) -> None:
    """Officers syncing at the same moment against a SQLite registry all get through: each
    push waits for the write lock instead of failing with "database is locked"."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.integration.sync.conftest import LiveServer

    reg = sqlite_registry
    laptops: list[Laptop] = []
    server = LiveServer(reg.app).start()
    try:
        for i in range(8):
            lap = reg.laptop(
                reg.user(f"o{i}@hdf.fr", territory=["59"]), tmp_path / f"o{i}.sqlite3", _template_db
            )
            lap.sync.server_url, lap.sync.transport = server.url, None
            with UnitOfWork(lap.db) as uow:
                uow.session.add_all(
                    [Organisation(name=f"O{i}-{k}", departement="59") for k in range(5)]
                )
                uow.commit()
            lap.sync.run()  # registry and laptop know each other; the next runs race
            with UnitOfWork(lap.db) as uow:
                for org in uow.session.scalars(
                    select(Organisation).where(Organisation.name.like(f"O{i}-%"))
                ):
                    org.notes = f"edited by o{i}"
                uow.commit()
            laptops.append(lap)
        with ThreadPoolExecutor(max_workers=len(laptops)) as pool:
            reports = list(pool.map(lambda lap: lap.sync.run(), laptops))
        assert [r.pushed for r in reports] == [5] * 8
        with reg.db.session() as s:
            notes = list(s.scalars(select(Organisation.notes)))
        assert len(notes) == 40 and all(n and n.startswith("edited by") for n in notes)
    finally:
        server.stop()
        for lap in laptops:
            lap.db.dispose()
