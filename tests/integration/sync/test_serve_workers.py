"""`hdf-field registry serve --workers N` runs N server processes over one database (the
option was accepted and ignored before issue 15)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import free_port


def server_processes(children: Path) -> list[str]:
    """The uvicorn workers among a process's children (not multiprocessing's tracker)."""
    found = []
    for pid in children.read_text().split():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.append(pid)
    return found


def test_serve_with_two_workers_answers_from_two_processes(
    tmp_path: Path, _template_db: Path
) -> None:
    target = tmp_path / "registry.sqlite3"
    shutil.copyfile(_template_db, target)
    db = service.open_registry(target)
    with UnitOfWork(db) as uow:
        service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, None)
        token = service.create_token(uow.session, "chef@hdf.fr")
        uow.commit()
    db.dispose()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hdf_field", "registry", "serve", "--db", str(target)]
        + ["--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, "the registry stopped"
            assert time.monotonic() < deadline, "the registry did not start"
            time.sleep(0.3)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        if children.exists():  # Linux: the parent supervises two server processes
            deadline = time.monotonic() + 120
            while len(server_processes(children)) < 2 and time.monotonic() < deadline:
                time.sleep(0.3)
            assert len(server_processes(children)) == 2
        headers = {"Authorization": f"Bearer {token}"}
        answers = [httpx.get(f"{base}/me", headers=headers, timeout=30) for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 6
        assert {a.json()["email"] for a in answers} == {"chef@hdf.fr"}
    finally:
        proc.terminate()
        proc.wait(60)
