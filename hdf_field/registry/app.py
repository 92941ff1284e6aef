"""The registry's FastAPI application: ``create_app(db)`` builds it over an open database.

Route bodies only parse, authorise and hand over to :mod:`apply`, :mod:`feed` and
:mod:`hdf_field.registry.service`; every write happens in one transaction per request.
(No ``from __future__ import annotations`` here: FastAPI must see the dependency
annotations defined inside the factory.)
"""

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from sqlalchemy.orm import Session

from hdf_field import __version__
from hdf_field.domain.errors import HdfFieldError, NotFoundError, ValidationError
from hdf_field.registry import service
from hdf_field.registry.apply import audit_refusal, push
from hdf_field.registry.auth import (
    AccessDenied,
    AuthError,
    Principal,
    RateLimiter,
    normalise_email,
    principal_for_token,
)
from hdf_field.registry.erasure import checkpoint_after
from hdf_field.registry.feed import pull_json
from hdf_field.registry.http import BodyGuard, client_address, parse_proxies
from hdf_field.registry.portal.routes import install_portal
from hdf_field.registry.referral_api import install_referral_api
from hdf_field.storage.database import Database
from hdf_field.sync.protocol import (
    IMPLICIT,
    MAX_PROTOCOL,
    PROTOCOL,
    named_protocol,
    request_refused,
    request_refused_code,
)
from hdf_field.sync.schemas import (
    MAX_PAGE,
    ConflictOut,
    Health,
    LoginRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    RecordOut,
    ResolveIn,
    TokenOut,
    UnsafeJSON,
    WhoAmI,
)

log = logging.getLogger("hdf_field.registry")
bearer = HTTPBearer(auto_error=False, description="a token from `hdf-field registry token create`")


class TooManyAttempts(HdfFieldError):
    pass


class WrongProtocol(HdfFieldError):
    """A request of another sync protocol: answered 426 before anything is applied."""

    def __init__(self, theirs: int) -> None:
        code, params = request_refused_code(theirs, PROTOCOL)
        super().__init__(request_refused(theirs, PROTOCOL), code=code, params=params)


def coded(exc: BaseException) -> dict[str, Any]:
    """The ``code`` and ``params`` of a coded error, added beside its English ``detail`` so
    that the laptop says it in its user's language (``sync/client.relayed_error``). The
    answer's contract only grows: ``detail`` stays the sentence scripts already read."""
    code = getattr(exc, "code", None)
    if not code:
        return {}
    params = {
        key: value if value is None or isinstance(value, bool | int | float | str) else str(value)
        for key, value in getattr(exc, "params", {}).items()
    }
    return {"code": code, "params": params}


def release(session: Session) -> None:
    """End a read transaction now, so that its connection goes back to the pool at once
    rather than when the request's session is closed. That close runs after the answer, on
    a worker thread of its own: with a hundred laptops at once every worker thread waited
    for a connection while the connections waited for a worker thread to close their
    sessions, until the pool's 30 s timeout failed the requests (HTTP 500)."""
    session.rollback()


def _require_protocol(theirs: int) -> None:
    # PROTOCOL is read at call time, so a test can make this registry speak another one.
    if theirs != PROTOCOL:
        raise WrongProtocol(theirs)


UPGRADE: dict[int | str, dict[str, Any]] = {
    426: {
        "description": "the request is of another sync protocol; nothing was applied (the detail "
        "names the registry's)"
    }
}


def create_app(
    db: Database,
    *,
    login_limit: int = 5,
    login_window: float = 60.0,
    trusted_proxies: Iterable[str] = (),
    portal_secure_cookies: bool = True,
) -> FastAPI:
    """Build the application; ``db`` must already be migrated (see ``service.open_registry``).

    ``trusted_proxies``: addresses of the reverse proxies whose ``X-Forwarded-For`` names the
    real client (``hdf-field registry serve --trusted-proxy``); from anyone else it is ignored.
    ``portal_secure_cookies``: the clusters' portal sets its cookies ``Secure`` (browsers send
    them over HTTPS and to ``localhost`` only); off only for a plain-HTTP test on another host.
    """
    proxies = parse_proxies(trusted_proxies)
    service.prepare_registry(db)
    app = FastAPI(
        title="HDF Field registry",
        version=__version__,
        description="Central registry of the Hauts-de-France cluster campaign: laptops push "
        "their outbox and pull what changed (see docs/sync.md).",
    )
    limiter = RateLimiter(db, login_limit, login_window)
    app.state.db = db
    app.add_middleware(BodyGuard)  # outermost: nothing is parsed before it counted the bytes

    def session_dep() -> Iterator[Session]:
        with db.session_factory() as s:
            yield s

    SessionDep = Annotated[Session, Depends(session_dep)]

    def principal_dep(
        request: Request,
        session: SessionDep,
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
            raise AuthError(code="auth.token_required")
        principal = principal_for_token(session, creds.credentials)
        release(session)
        request.state.user = principal.email
        return principal

    Me = Annotated[Principal, Depends(principal_dep)]

    def sync_principal_dep(principal: Me) -> Principal:
        # Cluster accounts reach their referrals through /api/referrals and the portal only.
        if principal.is_cluster:
            refused = AccessDenied(
                "a cluster account does not use the sync protocol: see /api/referrals"
            )
            audit_refusal(db, principal, "sync.refused", [], refused)
            raise refused
        return principal

    SyncMe = Annotated[Principal, Depends(sync_principal_dep)]

    def _error(status: int, message: str, **extra: Any) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": message, **extra}, status_code=status, headers=headers)

    @app.exception_handler(AuthError)
    def _auth(_r: Request, exc: AuthError) -> JSONResponse:
        return _error(401, str(exc), **coded(exc))

    @app.exception_handler(AccessDenied)
    def _forbidden(_r: Request, exc: AccessDenied) -> JSONResponse:
        ids = [str(m) for m in getattr(exc, "mutation_ids", [])]
        return _error(403, str(exc), mutation_ids=ids, **coded(exc))

    @app.exception_handler(NotFoundError)
    def _not_found(_r: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc), **coded(exc))

    @app.exception_handler(ValidationError)
    def _invalid(_r: Request, exc: ValidationError) -> JSONResponse:
        return _error(422, str(exc), field=exc.field, **coded(exc))

    def _audit_malformed_push(request: Request, reason: str) -> None:
        """A push refused before its route ran (malformed body) is audited too, when the
        caller's token says who they are."""
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if request.url.path != "/sync/push" or scheme.lower() != "bearer" or not token:
            return
        with db.session_factory() as session:
            try:
                principal = principal_for_token(session, token.strip())
            except AuthError:
                return
        audit_refusal(db, principal, "push.refused", [], ValidationError("body", reason))

    @app.exception_handler(WrongProtocol)
    def _wrong_protocol(_r: Request, exc: WrongProtocol) -> JSONResponse:
        return _error(426, str(exc), protocol=PROTOCOL, **coded(exc))

    @app.exception_handler(RequestValidationError)
    def _malformed(request: Request, exc: RequestValidationError) -> JSONResponse:
        # A push of another protocol need not fit this one's shapes: say so, not which field.
        theirs = named_protocol(exc.body) if request.url.path == "/sync/push" else None
        if theirs is not None and theirs != PROTOCOL:
            return _wrong_protocol(request, WrongProtocol(theirs))
        # FastAPI's own answer echoes the input, which may hold the very lone surrogate that
        # made it invalid (and then fails to encode: a 500). Name the field, nothing more.
        errors = exc.errors()
        first = errors[0] if errors else {}
        cause = (first.get("ctx") or {}).get("error")
        if isinstance(cause, UnsafeJSON):
            where, message = cause.path, cause.problem
        else:
            where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
            message = str(first.get("msg", "malformed request"))
        message = message.encode("utf-8", "replace").decode("utf-8")[:300]
        _audit_malformed_push(request, f"{where}: {message}")
        return _error(422, f"{where}: {message}", field=where)

    @app.exception_handler(TooManyAttempts)
    def _slow_down(_r: Request, exc: TooManyAttempts) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), **coded(exc)}, status_code=429, headers={"Retry-After": "60"}
        )

    @app.middleware("http")
    async def _access_log(request: Request, call_next: Callable[[Request], Any]) -> Response:
        start = time.perf_counter()
        request.state.user = None
        response: Response = await call_next(request)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "user": request.state.user,
                "ms": round((time.perf_counter() - start) * 1000, 1),
            },
        )
        return response

    @app.get("/health", response_model=Health, tags=["ops"])
    def health(session: SessionDep) -> Health:
        session.execute(text("SELECT 1"))
        release(session)
        return Health(
            status="ok", database=db.engine.dialect.name, version=__version__, protocol=PROTOCOL
        )

    @app.post(
        "/auth/login",
        response_model=TokenOut,
        tags=["auth"],
        responses={
            401: {"description": "wrong e-mail or password"},
            429: {"description": "too many attempts"},
        },
    )
    def login(body: LoginRequest, request: Request, session: SessionDep) -> TokenOut:
        host = client_address(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-for"),
            proxies,
        )
        # Both keys count every attempt: a padded or re-cased e-mail is the same account.
        by_email = limiter.allow(f"email:{normalise_email(body.email)}")
        by_address = limiter.allow(f"ip:{host}")
        if not (by_email and by_address):
            raise TooManyAttempts(code="auth.too_many_attempts")
        token = service.login(session, body.email, body.password)
        session.commit()
        return TokenOut(token=token)

    @app.get(
        "/me",
        response_model=WhoAmI,
        tags=["auth"],
        responses={401: {"description": "missing, unknown or revoked token"}},
    )
    def me(principal: Me) -> WhoAmI:
        return WhoAmI(
            email=principal.email,
            role=principal.role.value,
            officer_id=principal.officer_id,
            territory=sorted(principal.territory),
        )

    @app.post(
        "/sync/push",
        response_model=PushResponse,
        tags=["sync"],
        responses={
            401: {"description": "missing, unknown or revoked token"},
            403: {"description": "a mutation is outside the caller's scope"},
            422: {"description": "a malformed mutation; nothing was applied"},
            **UPGRADE,
        },
    )
    def sync_push(body: PushRequest, principal: SyncMe, session: SessionDep) -> PushResponse:
        _require_protocol(body.protocol)
        # End the read transaction the token lookup opened, so the batch's first statement
        # is its write: SQLite cannot upgrade a read transaction once another writer has
        # committed (immediate "database is locked", no busy wait), which failed concurrent
        # pushes on a SQLite registry.
        session.rollback()
        try:
            results = push(session, principal, body.mutations)
            session.commit()
        except (AccessDenied, ValidationError) as exc:
            session.rollback()
            audit_refusal(db, principal, "push.refused", body.mutations, exc)
            raise
        except BaseException:
            session.rollback()
            raise
        checkpoint_after(db, results)  # an erased person leaves no page image in the WAL
        return PushResponse(protocol=PROTOCOL, results=results)

    @app.get(
        "/sync/pull",
        response_model=PullResponse,
        tags=["sync"],
        responses={401: {"description": "missing, unknown or revoked token"}, **UPGRADE},
    )
    def sync_pull(
        principal: SyncMe,
        session: SessionDep,
        cursor: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 2000,
        protocol: Annotated[int, Query(ge=0, le=MAX_PROTOCOL)] = IMPLICIT,
    ) -> Response:
        _require_protocol(protocol)
        # Built straight from the rows, without re-validation: the hot path of a first sync.
        page = pull_json(session, principal, cursor, limit, PROTOCOL)
        release(session)
        return Response(page, media_type="application/json")

    @app.get(
        "/records/{entity}/{record_id}",
        response_model=RecordOut,
        tags=["records"],
        responses={
            403: {"description": "outside the caller's scope"},
            404: {"description": "no such record"},
        },
    )
    def get_record(
        entity: str, record_id: uuid.UUID, principal: SyncMe, session: SessionDep
    ) -> RecordOut:
        return service.read_record(session, principal, entity, record_id)

    @app.get("/conflicts", response_model=list[ConflictOut], tags=["conflicts"])
    def list_conflicts(
        principal: SyncMe,
        session: SessionDep,
        status: Annotated[str, Query(pattern="^(open|resolved|all)$")] = "open",
    ) -> list[ConflictOut]:
        return service.list_conflicts(session, principal, status)

    @app.post(
        "/conflicts/{conflict_id}/resolve",
        response_model=ConflictOut,
        tags=["conflicts"],
        responses={
            403: {"description": "not yours to resolve"},
            404: {"description": "no such conflict"},
        },
    )
    def resolve_conflict(
        conflict_id: uuid.UUID, body: ResolveIn, principal: SyncMe, session: SessionDep
    ) -> ConflictOut:
        session.rollback()  # as in sync_push: the write must open the transaction
        try:
            out = service.resolve_conflict(session, principal, conflict_id, body.value)
            session.commit()
        except (AccessDenied, ValidationError) as exc:
            session.rollback()
            audit_refusal(db, principal, "resolve.refused", [], exc, conflict_id=str(conflict_id))
            raise
        except BaseException:
            session.rollback()
            raise
        return out

    install_referral_api(app, db, session_dep, principal_dep)
    install_portal(app, db, session_dep, limiter, proxies, secure_cookies=portal_secure_cookies)
    return app
