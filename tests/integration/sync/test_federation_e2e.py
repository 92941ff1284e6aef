"""The federation loop with real processes: a registry server (``hdf-field registry serve``
in a subprocess, SQLite or PostgreSQL), an officer's laptop driven through the CLI, one
cluster answering through the JSON API and another through the portal's forms.

officer → registry → cluster (API / portal) → registry → laptop: the organisations end
"Adhérent" on the laptop, with the referrals' statuses and the clusters' comments.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from hdf_field.cli import main
from hdf_field.domain.enums import FunnelStatus
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
SIRET_RAIL = "73282932000074"
SIRET_FISH = "55208131766522"


def cli(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None
) -> tuple[int, str, str]:
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


class RegistryProcess:
    """``python -m hdf_field registry serve`` on a free loopback port."""

    def __init__(self, db_url: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hdf_field", "registry", "serve", "--db", db_url]
            + ["--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the registry exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the registry did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "registry.sqlite3")
    else:
        yield request.getfixturevalue("pg_url")


class PortalBrowser:
    """A browser's cookie handling, by hand: the portal's cookies are ``Secure`` and a
    browser still sends them to a loopback address, which httpx's cookie jar does not."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=False)
        self.cookies: dict[str, str] = {}

    def _keep(self, resp: httpx.Response) -> httpx.Response:
        for header in resp.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if "max-age=0" in header.lower() or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def _header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, path: str) -> httpx.Response:
        return self._keep(self.http.get(path, headers=self._header()))

    def post(self, path: str, data: dict[str, str]) -> httpx.Response:
        return self._keep(self.http.post(path, data=data, headers=self._header()))


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, html[:400]
    return found.group(1)


def test_officer_to_clusters_and_back_with_real_processes(
    registry_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = ["--db", registry_url]
    # The agency's setup: an officer of the Nord, two clusters' accounts.
    code, _, err = cli(
        capsys, "registry", "user", "add", "nord@hdf.fr", "--role", "officer",
        "--territory", "59,62", "--name", "Nadia Nord", *reg, stdin="officer-pass\n",
    )  # fmt: skip
    assert code == 0, err
    for email, cluster in (("crm@i-trans.eu", "i-Trans"), ("accueil@aquimer.fr", "Aquimer")):
        code, out, err = cli(
            capsys, "registry", "user", "add", email, "--role", "cluster", "--cluster", cluster,
            *reg, stdin="pole-password\n",
        )  # fmt: skip
        assert code == 0, err
        assert cluster in out
    code, out, err = cli(
        capsys, "registry", "user", "add", "x@pole.fr", "--role", "cluster", "--cluster",
        "Pôle Imaginaire", *reg, stdin="pole-password\n",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "unknown cluster" in err
    tokens = {}
    for email in ("nord@hdf.fr", "crm@i-trans.eu"):
        code, out, err = cli(capsys, "registry", "token", "create", email, *reg)
        assert code == 0, err
        tokens[email] = out.strip().splitlines()[-1]

    server = RegistryProcess(registry_url, tmp_path / "registry.log")
    try:
        # The laptop: two prospects met this week, one contact person; first sync.
        laptop = tmp_path / "laptop.sqlite3"
        ldb = open_database(laptop)
        with UnitOfWork(ldb) as uow:
            rail = Organisation(name="Ferroviaire du Nord", siret=SIRET_RAIL, departement="59")
            fish = Organisation(name="Marée de Boulogne", siret=SIRET_FISH, departement="62")
            uow.session.add_all([rail, fish])
            uow.session.flush()
            person = Contact(organisation_id=rail.id, first_name="Claire", last_name="Quennehen")
            uow.session.add(person)
            uow.commit()
            contact_id = str(person.id)
        ldb.dispose()
        lap = ["--db", str(laptop)]
        sync = ["sync", *lap, "--json"]
        code, out, err = cli(
            capsys, *sync, "--server", server.url, "--token", tokens["nord@hdf.fr"]
        )
        assert code == 0, err

        # Without consent: nothing is sent, one line, exit 1.
        code, out, err = cli(capsys, "referral", "send", SIRET_RAIL, "--cluster", "i-Trans", *lap)
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
        assert "consent" in err
        code, out, err = cli(
            capsys, "referral", "send", SIRET_RAIL, "--cluster", "i-Trans", "--consent",
            "--contact", contact_id, "--note", "Cherche des partenaires R&D", "--json", *lap,
        )  # fmt: skip
        assert code == 0, err
        sent = json.loads(out)
        assert sent["status"] == "sent" and sent["consent_given_by"] == "Claire Quennehen"
        code, out, err = cli(
            capsys, "referral", "send", SIRET_FISH, "--cluster", "aquimer", "--consent", *lap
        )
        assert code == 0, err
        ldb = open_database(laptop)
        with ldb.session() as s:
            statuses = {o.siret: o.status for o in s.scalars(select(Organisation))}
        ldb.dispose()
        assert statuses == {SIRET_RAIL: FunnelStatus.ORIENTED, SIRET_FISH: FunnelStatus.ORIENTED}
        code, out, err = cli(capsys, *sync)
        assert code == 0, err
        assert json.loads(out)["pending"] == 0

        # i-Trans answers through its CRM: the API with its token.
        api = httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {tokens['crm@i-trans.eu']}"}
        )
        items = api.get("/api/referrals").json()
        assert [(i["organisation"]["siret"], i["status"]) for i in items] == [(SIRET_RAIL, "sent")]
        assert items[0]["message"] == "Cherche des partenaires R&D"
        assert items[0]["contact"]["last_name"] == "Quennehen"
        rid = items[0]["id"]
        resp = api.post(f"/api/referrals/{rid}/status", json={"status": "acknowledged"})
        assert resp.status_code == 200, resp.text
        resp = api.post(
            f"/api/referrals/{rid}/status", json={"status": "member", "comment": "Adhésion signée"}
        )
        assert resp.status_code == 200, resp.text

        # Aquimer answers on the portal.
        web = PortalBrowser(server.url)
        page = web.get("/portal/login")
        resp = web.post(
            "/portal/login",
            {
                "email": "accueil@aquimer.fr",
                "password": "pole-password",
                "csrf": csrf_of(page.text),
            },
        )
        assert resp.status_code == 303, resp.text
        listing = web.get("/portal/referrals")
        assert "Marée de Boulogne" in listing.text and "Ferroviaire" not in listing.text
        link = re.search(r'href="(/portal/referrals/[0-9a-f-]{36})"', listing.text)
        assert link is not None
        page = web.get(link.group(1))
        token = csrf_of(page.text)
        resp = web.post(link.group(1), {"csrf": token, "status": "acknowledged"})
        assert resp.status_code == 303
        resp = web.post(
            link.group(1), {"csrf": token, "status": "member", "comment": "Bienvenue au pôle"}
        )
        assert resp.status_code == 303
        other = web.get(f"/portal/referrals/{rid}")  # i-Trans's referral
        assert other.status_code == 404 and "Ferroviaire" not in other.text

        # The laptop's next sync brings both answers back.
        code, out, err = cli(capsys, *sync)
        assert code == 0, err
        code, out, err = cli(capsys, "referral", "list", "--json", *lap)
        assert code == 0, err
        listed = {r["siret"]: r for r in json.loads(out)}
        assert listed[SIRET_RAIL]["status"] == "member"
        assert listed[SIRET_RAIL]["last_comment"] == "Adhésion signée"
        assert listed[SIRET_FISH]["status"] == "member"
        assert listed[SIRET_FISH]["last_comment"] == "Bienvenue au pôle"
        ldb = open_database(laptop)
        with ldb.session() as s:
            statuses = {o.siret: o.status for o in s.scalars(select(Organisation))}
        ldb.dispose()
        assert statuses == {SIRET_RAIL: FunnelStatus.MEMBER, SIRET_FISH: FunnelStatus.MEMBER}
        code, out, _ = cli(capsys, "referral", "list", *lap)
        assert code == 0 and "adhérent" in out
    finally:
        server.stop()
