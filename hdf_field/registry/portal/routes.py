"""The clusters' portal under ``/portal/``: server-rendered pages (Jinja2), no script, no CDN.

Same accounts, passwords (argon2) and login rate limit as the API; only ``cluster`` accounts
get in. Sessions are opaque cookies checked against the database (:mod:`.sessions`), every
form carries a CSRF token (bound to the session; the login form's is a double-submit cookie),
and every page goes out with a strict Content-Security-Policy. Answers are written by
:func:`hdf_field.registry.referrals.answer`, as the API's are.
(No ``from __future__ import annotations``: FastAPI reads these annotations at run time.)
"""

import csv
import io
import secrets
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, ReferralStatus, Role
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.referrals import TransitionRefused, next_statuses
from hdf_field.registry import referrals
from hdf_field.registry.apply import audit_refusal
from hdf_field.registry.auth import (
    AccessDenied,
    AuthError,
    Principal,
    RateLimiter,
    check_password,
    normalise_email,
    principal_of_account,
)
from hdf_field.registry.http import client_address
from hdf_field.registry.portal import sessions
from hdf_field.registry.portal.i18n import pick_lang, translate
from hdf_field.registry.tables import Account, AuditEntry, PortalSession
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster

ROOT = "/portal/"
HERE = Path(__file__).parent
DEPARTEMENTS = ("02", "59", "60", "62", "80")
MAX_FORM_FIELDS = 20
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _day(value: Any, lang: str = "fr") -> str:
    """A date, a date-time or their ISO text as the reader writes days."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    day: date = value
    return day.strftime("%Y-%m-%d" if lang == "en" else "%d/%m/%Y")


_env.filters["day"] = _day


async def form_dep(request: Request) -> dict[str, str]:
    """The posted form (URL-encoded), a bounded number of fields; the body itself is bounded
    by the registry's body guard."""
    body = (await request.body()).decode("utf-8", "replace")
    try:
        parsed = parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        return {}
    return {k[:50]: v[0] for k, v in parsed.items()}


Form = Annotated[dict[str, str], Depends(form_dep)]


def _csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def install_portal(
    app: FastAPI,
    db: Database,
    session_dep: Callable[[], Iterator[Session]],
    limiter: RateLimiter,
    proxies: Any,
    *,
    secure_cookies: bool = True,
) -> None:
    SessionDep = Annotated[Session, Depends(session_dep)]
    app.mount(ROOT + "static", StaticFiles(directory=HERE / "static"), name="portal-static")

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        if request.url.path.startswith(ROOT) or request.url.path == ROOT.rstrip("/"):
            for key, value in SECURITY_HEADERS.items():
                response.headers.setdefault(key, value)
        return response

    def lang_of(request: Request) -> str:
        return pick_lang(
            request.query_params.get("lang"), request.cookies.get(sessions.LANG_COOKIE)
        )

    def set_cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path=ROOT,
            secure=secure_cookies,
            httponly=True,
            samesite="strict",
        )

    def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = lang_of(request)
        other = "en" if lang == "fr" else "fr"
        query = {k: v for k, v in request.query_params.items() if k not in ("lang", "saved")}
        query["lang"] = other
        html = _env.get_template(template).render(
            lang=lang,
            t=lambda key, **v: translate(lang, key, **v),
            root=ROOT,
            static_url=ROOT + "static/portal.css",
            other_lang_url=f"{request.url.path}?{urlencode(query)}",
            **ctx,
        )
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") == lang:
            set_cookie(response, sessions.LANG_COOKIE, lang, 365 * 24 * 3600)
        return response

    def signed_in(
        request: Request, session: Session
    ) -> tuple[PortalSession, Account, Principal, str] | None:
        found = sessions.find_session(session, request.cookies.get(sessions.COOKIE))
        if found is None:
            return None
        portal, account = found
        principal = principal_of_account(session, account)
        if not principal.is_cluster or principal.cluster_id is None:
            return None
        cluster = session.get(Cluster, principal.cluster_id)
        request.state.user = account.email
        return portal, account, principal, cluster.name if cluster else "?"

    def to_login() -> RedirectResponse:
        return RedirectResponse(ROOT + "login", status_code=303)

    def login_page(
        request: Request, status: int = 200, error: str | None = None, email: str = ""
    ) -> HTMLResponse:
        token = secrets.token_urlsafe(32)
        response = render(
            request, "login.html", status, csrf=token, error=error, email=email, user=None
        )
        set_cookie(response, sessions.LOGIN_CSRF_COOKIE, token, 3600)
        return response

    @app.get(ROOT.rstrip("/"), include_in_schema=False)
    @app.get(ROOT, include_in_schema=False)
    def portal_home(request: Request, session: SessionDep) -> Response:
        if signed_in(request, session) is None:
            return to_login()
        return RedirectResponse(ROOT + "referrals", status_code=303)

    @app.get(ROOT + "login", include_in_schema=False)
    def login_form(request: Request, session: SessionDep) -> Response:
        if signed_in(request, session) is not None:
            return RedirectResponse(ROOT + "referrals", status_code=303)
        return login_page(request)

    @app.post(ROOT + "login", include_in_schema=False)
    def login_post(request: Request, session: SessionDep, form: Form) -> Response:
        lang = lang_of(request)
        email = form.get("email", "").strip()[:254]
        if not sessions.same_token(
            request.cookies.get(sessions.LOGIN_CSRF_COOKIE), form.get("csrf")
        ):
            return login_page(request, 403, translate(lang, "expired"), email)
        host = client_address(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-for"),
            proxies,
        )
        by_email = limiter.allow(f"email:{normalise_email(email)}")
        by_address = limiter.allow(f"ip:{host}")
        if not (by_email and by_address):
            return login_page(request, 429, translate(lang, "too_many"), email)
        try:
            account = check_password(session, email, form.get("password", "")[:200])
        except AuthError:
            session.add(AuditEntry(actor=email or "?", action="portal.login.failed"))
            session.commit()
            return login_page(request, 401, translate(lang, "wrong_login"), email)
        if account.role is not Role.CLUSTER or account.cluster_id is None:
            session.add(AuditEntry(actor=account.email, action="portal.login.refused"))
            session.commit()
            return login_page(request, 403, translate(lang, "not_cluster"), email)
        token = sessions.open_session(session, account.id)
        session.add(AuditEntry(actor=account.email, action="portal.login"))
        session.commit()
        response = RedirectResponse(ROOT + "referrals", status_code=303)
        set_cookie(response, sessions.COOKIE, token, int(sessions.LIFETIME.total_seconds()))
        response.delete_cookie(sessions.LOGIN_CSRF_COOKIE, path=ROOT)
        return response

    @app.post(ROOT + "logout", include_in_schema=False)
    def logout(request: Request, session: SessionDep, form: Form) -> Response:
        me = signed_in(request, session)
        if me is not None and sessions.same_token(me[0].csrf, form.get("csrf")):
            sessions.close_session(session, request.cookies.get(sessions.COOKIE))
            session.add(AuditEntry(actor=me[1].email, action="portal.logout"))
            session.commit()
        response = to_login()
        response.delete_cookie(sessions.COOKIE, path=ROOT)
        return response

    def filters_of(request: Request) -> referrals.Filters:
        q = request.query_params
        status = q.get("status") or None
        area = q.get("area") or None
        dept = q.get("departement") or None
        return referrals.Filters(
            status=ReferralStatus(status) if status in set(ReferralStatus) else None,
            area=Area(area) if area in {a.value for a in Area} else None,
            departement=dept if dept in DEPARTEMENTS else None,
        )

    @app.get(ROOT + "referrals", include_in_schema=False)
    def referral_list(request: Request, session: SessionDep) -> Response:
        me = signed_in(request, session)
        if me is None:
            return to_login()
        portal, account, principal, cluster = me
        f = filters_of(request)
        items = referrals.list_referrals(session, principal, f)
        query = {
            k: v
            for k, v in (
                ("status", f.status.value if f.status else None),
                ("area", f.area.value if f.area else None),
                ("departement", f.departement),
            )
            if v
        }
        return render(
            request,
            "list.html",
            items=items,
            user=account.email,
            cluster=cluster,
            csrf=portal.csrf,
            statuses=[s.value for s in ReferralStatus],
            areas=[a.value for a in Area],
            departements=DEPARTEMENTS,
            f_status=query.get("status"),
            f_area=query.get("area"),
            f_departement=query.get("departement"),
            csv_url=ROOT + "referrals.csv" + (f"?{urlencode(query)}" if query else ""),
        )

    @app.get(ROOT + "referrals.csv", include_in_schema=False)
    def referral_csv(request: Request, session: SessionDep) -> Response:
        me = signed_in(request, session)
        if me is None:
            return to_login()
        _portal, _account, principal, cluster = me
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "id",
                "transmis_le",
                "statut",
                "organisation",
                "siret",
                "code_postal",
                "commune",
                "departement",
                "territoire",
                "charge_de_mission",
                "contact",
                "contact_email",
                "contact_telephone",
                "rendez_vous",
                "motif",
                "message",
            ]
        )
        for r in referrals.list_referrals(session, principal, filters_of(request)):
            o, c = r.organisation, r.contact
            writer.writerow(
                [
                    _csv_cell(v)
                    for v in (
                        r.id,
                        r.sent_at.date().isoformat(),
                        r.status.value,
                        o.name,
                        o.siret,
                        o.postal_code,
                        o.city,
                        o.departement,
                        o.area,
                        r.officer,
                        f"{c.first_name or ''} {c.last_name}".strip() if c else "",
                        c.email if c else "",
                        c.phone if c else "",
                        r.meeting_on.isoformat() if r.meeting_on else "",
                        r.status_reason,
                        r.message,
                    )
                ]
            )
        name = f"transmissions-{cluster}-{date.today().isoformat()}.csv".replace(" ", "_")
        safe = (
            "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "-_.")) or "x.csv"
        )
        return Response(
            "\ufeff" + out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{safe}"'},
        )

    def referral_page(
        request: Request,
        session: Session,
        me: tuple[PortalSession, Account, Principal, str],
        referral_id: uuid.UUID,
        status: int = 200,
        error: str | None = None,
    ) -> Response:
        portal, account, principal, cluster = me
        lang = lang_of(request)
        try:
            r = referrals.get_referral(session, principal, referral_id)
        except NotFoundError:
            return render(
                request,
                "list.html",
                404,
                items=referrals.list_referrals(session, principal),
                user=account.email,
                cluster=cluster,
                csrf=portal.csrf,
                error=translate(lang, "not_found"),
                statuses=[s.value for s in ReferralStatus],
                areas=[a.value for a in Area],
                departements=DEPARTEMENTS,
                f_status=None,
                f_area=None,
                f_departement=None,
                csv_url=ROOT + "referrals.csv",
            )
        notice = translate(lang, "saved") if request.query_params.get("saved") else None
        return render(
            request,
            "referral.html",
            status,
            r=r,
            next=[s.value for s in next_statuses(r.status)],
            user=account.email,
            cluster=cluster,
            csrf=portal.csrf,
            error=error,
            notice=notice,
        )

    @app.get(ROOT + "referrals/{referral_id}", include_in_schema=False)
    def referral_view(referral_id: str, request: Request, session: SessionDep) -> Response:
        me = signed_in(request, session)
        if me is None:
            return to_login()
        try:
            rid = uuid.UUID(referral_id)
        except ValueError:
            rid = uuid.UUID(int=0)
        return referral_page(request, session, me, rid)

    @app.post(ROOT + "referrals/{referral_id}", include_in_schema=False)
    def referral_answer(
        referral_id: str, request: Request, session: SessionDep, form: Form
    ) -> Response:
        me = signed_in(request, session)
        if me is None:
            return to_login()
        portal, _account, principal, _cluster = me
        lang = lang_of(request)
        try:
            rid = uuid.UUID(referral_id)
        except ValueError:
            rid = uuid.UUID(int=0)
        if not sessions.same_token(portal.csrf, form.get("csrf")):
            return referral_page(request, session, me, rid, 403, translate(lang, "expired"))
        raw_status = form.get("status", "")
        try:
            status = ReferralStatus(raw_status) if raw_status else None
            meeting = form.get("meeting_on", "").strip()
            meeting_on = date.fromisoformat(meeting) if meeting else None
        except ValueError:
            return referral_page(request, session, me, rid, 422, f"{raw_status!r} ?")
        try:
            referrals.answer(
                session,
                principal,
                rid,
                status,
                comment=form.get("comment"),
                reason=form.get("reason"),
                meeting_on=meeting_on,
            )
            session.commit()
        except (AccessDenied, ValidationError, NotFoundError) as exc:
            session.rollback()
            code = 409 if isinstance(exc, TransitionRefused) else 422
            if isinstance(exc, NotFoundError):
                code = 404
            audit_refusal(
                db,
                principal,
                "referral.refused",
                [],
                exc,
                referral_id=str(rid),
                status=code,
                via="portal",
            )
            return referral_page(request, session, me, rid, code, str(exc))
        return RedirectResponse(f"{ROOT}referrals/{rid}?saved=1", status_code=303)
