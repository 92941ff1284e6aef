"""The clusters' portal, route by route, through the in-process ASGI transport over HTTPS (the
cookies are ``Secure``; Starlette's TestClient is the same mechanism, deprecated over httpx):
login and its guards, the list and its filters, a referral's page and forms, the CSV export,
sessions that end on the server's clock, security headers."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from hdf_field.registry.tables import PortalSession
from hdf_field.storage.types import utcnow
from tests.integration.sync.conftest import PASSWORD, Registry
from tests.integration.sync.test_referrals import World, make_world


@pytest.fixture
def world(registry: Registry) -> World:
    return make_world(registry)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def browser(registry: Registry) -> httpx.Client:
    return httpx.Client(
        transport=registry.transport(), base_url="https://registry.test", follow_redirects=False
    )


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, html[:500]
    return found.group(1)


def login(client: httpx.Client, email: str, password: str = "pole-password") -> int:
    page = client.get("/portal/login")
    resp = client.post(
        "/portal/login",
        data={"email": email, "password": password, "csrf": csrf_of(page.text)},
    )
    return resp.status_code


def test_login_page_headers_and_cookie_flags(registry: Registry) -> None:
    client = browser(registry)
    resp = client.get("/portal/login")
    assert resp.status_code == 200
    assert "Connexion" in resp.text
    csp = resp.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert resp.headers["x-frame-options"] == "DENY"
    assert resp.headers["x-content-type-options"] == "nosniff"
    cookie = resp.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    assert client.get("/portal/login?lang=en").text.count("Sign in") >= 1
    css = client.get("/portal/static/portal.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert client.get("/portal/").headers["location"] == "/portal/login"


def test_login_guards(registry: Registry, world: World) -> None:
    client = browser(registry)
    client.get("/portal/login")
    no_csrf = client.post("/portal/login", data={"email": "pole@i-trans.eu", "password": "x"})
    assert no_csrf.status_code == 403
    assert login(client, "pole@i-trans.eu", "wrong password") == 401
    # an account without a password (the officer's here) never signs in
    assert login(browser(registry), "one@hdf.fr", PASSWORD) == 401
    # the registry of these tests allows 3 attempts a minute per e-mail
    client.get("/portal/login")
    assert login(client, "pole@i-trans.eu", "wrong again") == 401
    assert login(client, "pole@i-trans.eu", "pole-password") == 429


def test_a_non_cluster_account_is_refused(registry: Registry) -> None:
    from hdf_field.domain.enums import Role
    from hdf_field.registry import service
    from hdf_field.storage.uow import UnitOfWork

    with UnitOfWork(registry.db) as uow:
        service.add_user(uow.session, "boss@hdf.fr", Role.MANAGER, "boss-password")
        uow.commit()
    client = browser(registry)
    assert login(client, "boss@hdf.fr", "boss-password") == 403


def test_list_filters_page_answers_csv_and_logout(registry: Registry, world: World) -> None:
    client = browser(registry)
    assert login(client, "pole@i-trans.eu") == 303
    cookie = [c for c in client.cookies.jar if c.name == "hdf_portal"][0]
    assert cookie.secure and cookie.path == "/portal/"
    listing = client.get("/portal/referrals")
    assert listing.status_code == 200
    assert "Ferroviaire du Nord" in listing.text
    assert "Poissons de Boulogne" not in listing.text  # Aquimer's
    assert "Ferroviaire" not in client.get("/portal/referrals?status=member").text
    assert "Ferroviaire" in client.get("/portal/referrals?area=ex-Nord-Pas-de-Calais").text
    assert "Ferroviaire" not in client.get("/portal/referrals?area=ex-Picardie").text
    assert "Ferroviaire" not in client.get("/portal/referrals?departement=80").text
    assert "Referrals received by" in client.get("/portal/referrals?lang=en").text
    assert "Referrals received by" in client.get("/portal/referrals").text  # kept in a cookie
    client.get("/portal/referrals?lang=fr")

    page = client.get(f"/portal/referrals/{world.referral}")
    assert page.status_code == 200
    assert "Équipementier ferroviaire" in page.text and "Quennehen" in page.text
    assert "confidential officer notes" not in page.text
    other = client.get(f"/portal/referrals/{world.other_referral}")
    assert other.status_code == 404
    assert "Poissons" not in other.text
    token = csrf_of(page.text)
    url = f"/portal/referrals/{world.referral}"

    forged = client.post(url, data={"status": "member"})
    assert forged.status_code == 403
    assert client.get(f"/api/referrals/{world.referral}").status_code == 401  # no cookie auth
    ack = client.post(url, data={"csrf": token, "status": "acknowledged", "comment": "Reçu"})
    assert ack.status_code == 303
    shown = client.get(ack.headers["location"])
    assert "Pris en compte" in shown.text and "Reçu" in shown.text and "Enregistré" in shown.text
    no_date = client.post(url, data={"csrf": token, "status": "meeting", "meeting_on": ""})
    assert no_date.status_code == 422
    meeting = client.post(
        url, data={"csrf": token, "status": "meeting", "meeting_on": "2026-12-15"}
    )
    assert meeting.status_code == 303
    no_reason = client.post(url, data={"csrf": token, "status": "declined", "reason": ""})
    assert no_reason.status_code == 422
    member = client.post(url, data={"csrf": token, "status": "member", "comment": ""})
    assert member.status_code == 303
    back = client.post(url, data={"csrf": token, "status": "acknowledged"})
    assert back.status_code == 409
    assert world.officer.read("organisation", world.org).json()["data"]["status"] == "member"
    other_post = client.post(
        f"/portal/referrals/{world.other_referral}", data={"csrf": token, "status": "member"}
    )
    assert other_post.status_code == 404

    csv = client.get("/portal/referrals.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id;transmis_le;statut;organisation;siret")
    assert len(lines) == 2 and ";member;Ferroviaire du Nord;73282932000074;" in lines[1]

    logout = client.post("/portal/logout", data={"csrf": token})
    assert logout.status_code == 303
    assert client.get("/portal/referrals").headers["location"] == "/portal/login"


def test_csv_cells_are_never_formulas(registry: Registry, world: World) -> None:
    world.itrans.post(
        f"/api/referrals/{world.referral}/status",
        json={"status": "declined", "reason": '=HYPERLINK("http://x")'},
    )
    client = browser(registry)
    login(client, "pole@i-trans.eu")
    row = client.get("/portal/referrals.csv").text.splitlines()[1]
    assert "'=HYPERLINK" in row and ";=HYPERLINK" not in row and '"=HYPERLINK' not in row


def test_sessions_end_on_the_servers_clock(registry: Registry, world: World) -> None:
    client = browser(registry)
    login(client, "pole@i-trans.eu")
    assert client.get("/portal/referrals").status_code == 200
    with registry.db.session() as s:
        s.execute(update(PortalSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        s.commit()
    assert client.get("/portal/referrals").status_code == 303


@pytest.mark.parametrize(
    "path", ["/portal", "/portal/referrals", "/portal/referrals.csv", "/portal/referrals/x"]
)
def test_pages_need_a_session(registry: Registry, path: str) -> None:
    resp = browser(registry).get(path)
    assert resp.status_code == 303 and resp.headers["location"] == "/portal/login"
