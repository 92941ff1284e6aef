"""HTTP client of the registry; every transport failure becomes a typed :class:`SyncError`.

Every answer comes back as the model the registry declares for it (:mod:`hdf_field.sync.schemas`,
one definition for both ends), checked on arrival: a registry answering something else is a
``SERVER`` error naming the first bad field, one of another protocol a ``PROTOCOL`` error.
"""

from __future__ import annotations

import enum
import functools
import json
import os
import ssl
import uuid
from collections.abc import Mapping
from typing import Any, NoReturn, TypeVar

import httpx
import pydantic

from hdf_field.domain.error_messages import TEMPLATES, render, template_text
from hdf_field.domain.errors import HdfFieldError, ValidationError
from hdf_field.domain.glossary import LANGUAGES
from hdf_field.sync import protocol
from hdf_field.sync.schemas import (
    ConflictOut,
    Health,
    MutationIn,
    MutationResult,
    PullResponse,
    PushRequest,
    PushResponse,
    TokenOut,
    WhoAmI,
)

M = TypeVar("M", bound=pydantic.BaseModel)
_CONFLICTS: pydantic.TypeAdapter[list[ConflictOut]] = pydantic.TypeAdapter(list[ConflictOut])

# What a caller may pass to reach a registry without the network (tests drive one in-process).
Transport = httpx.BaseTransport


class SyncErrorKind(enum.StrEnum):
    AUTH = "auth"  # 401: missing, unknown or revoked token
    FORBIDDEN = "forbidden"  # 403: outside the caller's scope
    NETWORK = "network"  # could not reach the registry or the connection broke
    SERVER = "server"  # 5xx, or an answer that is not what the protocol says
    INVALID = "invalid"  # 4xx: the registry refused what we sent
    CONFLICT = "conflict"  # 409
    ACCOUNT = "account"  # the token is another account's than the one the database belongs to
    PROTOCOL = "protocol"  # 426, or an answer: the registry speaks another sync protocol


class SyncError(HdfFieldError):
    """``str(exc)`` is "sync failed (kind): the English reason" for logs and the sync state;
    a ``code`` (with ``params``) gives the reason in the user's language."""

    def __init__(
        self,
        kind: SyncErrorKind,
        message: str | None = None,
        detail: Any = None,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        if message is None:
            if code is None:
                raise TypeError("SyncError needs a message or a code")
            message = template_text(code, params or {}, "en")
        # The reason alone, in the user's language, for a screen that says "sync failed" in
        # its own words; the whole error renders as "échec de la synchronisation (kind) : …".
        self.reason: HdfFieldError | None = None
        if code is None:
            super().__init__(f"sync failed ({kind.value}): {message}")
        else:
            self.reason = HdfFieldError(message, code=code, params=params)
            super().__init__(
                f"sync failed ({kind.value}): {message}",
                code="sync.failed",
                params={"kind": kind.value, "error": self.reason},
            )
        self.kind = kind
        self.detail = detail


# What a registry's coded answer may hold before it is trusted with a sentence: a few short
# plain values (the answer crossed the network; it fills one of our templates or is ignored).
MAX_PARAMS = 12
MAX_PARAM_TEXT = 500


def relayed_error(body: Any) -> HdfFieldError | None:
    """The registry's refusal as a coded error of this application, or None when the answer
    names no code this version knows, or parameters that do not fill it: the English
    ``detail`` is then shown as it is (a newer registry may have words this laptop lacks)."""
    if not isinstance(body, dict):
        return None
    code, params, field = body.get("code"), body.get("params", {}), body.get("field")
    if not isinstance(code, str) or code not in TEMPLATES or not isinstance(params, dict):
        return None
    if len(params) > MAX_PARAMS or not all(
        isinstance(k, str)
        and (
            v is None
            or isinstance(v, bool | int | float)
            or (isinstance(v, str) and len(v) <= MAX_PARAM_TEXT)
        )
        for k, v in params.items()
    ):
        return None
    error: HdfFieldError
    try:
        if isinstance(field, str) and 0 < len(field) <= MAX_PARAM_TEXT:
            error = ValidationError(field, code=code, params=params)
        else:
            error = HdfFieldError(code=code, params=params)
        for lang in LANGUAGES:
            render(error, lang)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None  # a template this answer's parameters do not fill
    return error


def coded_message(message: str | None, code: Any, params: Any, lang: str) -> str | None:
    """Words the registry sent in ``lang``: their code when this version knows it and the
    parameters fill it (the same rule as :func:`relayed_error`), else the English
    ``message`` as sent (an older registry sends no code, a newer one may send one this
    laptop lacks, a hostile one anything)."""
    if code is None:
        return message
    error = relayed_error({"code": code, "params": {} if params is None else params})
    return message if error is None else render(error, lang)


def mutation_message(result: MutationResult, lang: str) -> str | None:
    """The registry's words on one pushed change in ``lang`` (see :func:`coded_message`)."""
    return coded_message(result.message, result.code, result.params, lang)


def refusal_text(theirs: Any, lang: str) -> Any:
    """The registry's reason for refusing a change kept as a conflict on field "*", in
    ``lang``: ``{"reason": <English>, "code": ..., "params": {...}}`` as
    :func:`hdf_field.sync.engine.keep_refused` stores it, or a plain English string in a
    row kept before codes (shown as it is, as is any other shape)."""
    if isinstance(theirs, dict) and isinstance(theirs.get("reason"), str):
        return coded_message(theirs["reason"], theirs.get("code"), theirs.get("params"), lang)
    return theirs


@functools.lru_cache(maxsize=4)
def _tls_context(_cert_file: str | None, _cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=True)


def tls_context() -> ssl.SSLContext:
    """The verifying TLS context of every client of this process, as httpx builds it by
    default (system CAs, or ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``), built once per value of
    those: building one reads the whole CA bundle, tens of milliseconds of CPU that every
    sync paid, even over plain HTTP (a hundred laptops' syncs in one test, the bench)."""
    return _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


class RegistryClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            transport=transport,
            timeout=timeout,
            verify=tls_context(),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            resp = self._http.request(method, url, **kw)
        except httpx.TransportError as exc:
            raise SyncError(
                SyncErrorKind.NETWORK,
                code="sync.network",
                params={"detail": f"{type(exc).__name__}: {exc}"},
            ) from exc
        if resp.status_code < 400:
            return resp
        try:
            body = resp.json()
        except ValueError:
            body = {"detail": resp.text[:200]}
        detail = body.get("detail") if isinstance(body, dict) else body
        message = detail if isinstance(detail, str) else str(detail)[:300]
        code = resp.status_code
        if code == 401:
            kind = SyncErrorKind.AUTH
        elif code == 403:
            kind = SyncErrorKind.FORBIDDEN
        elif code == 409:
            kind = SyncErrorKind.CONFLICT
        elif code == 426:
            relayed = relayed_error(body)
            if relayed is not None:
                raise SyncError(
                    SyncErrorKind.PROTOCOL, message, body, code=relayed.code, params=relayed.params
                )
            raise SyncError(SyncErrorKind.PROTOCOL, message, body)
        elif code >= 500:
            kind = SyncErrorKind.SERVER
        else:
            kind = SyncErrorKind.INVALID
        # A registry that names no code we know (an older or newer one) still gets its
        # English ``detail`` shown, behind words in the user's language.
        relayed = relayed_error(body)
        raise SyncError(
            kind,
            f"HTTP {code}: {message}",
            body,
            code="sync.http",
            params={"status": str(code), "error": message if relayed is None else relayed},
        )

    def _parse(self, model: type[M], resp: httpx.Response) -> M:
        """The answer as ``model``, refused whole when it names another protocol. Checked
        after parsing (pull pages are the hot path, parsed once), and before reporting a
        parse failure: an answer of another protocol may well not fit this one's shapes."""
        try:
            result = model.model_validate_json(resp.content)
        except pydantic.ValidationError as exc:
            self._refuse_answer(resp, exc)
        self._check_protocol(getattr(result, "protocol", protocol.IMPLICIT))
        return result

    def _refuse_answer(self, resp: httpx.Response, exc: pydantic.ValidationError) -> NoReturn:
        try:
            named = protocol.named_protocol(json.loads(resp.content))
        except ValueError:
            named = None
        if named is not None:
            self._check_protocol(named)
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "body"
        raise SyncError(
            SyncErrorKind.SERVER,
            code="sync.bad_answer",
            params={"path": resp.request.url.path, "where": where, "detail": err["msg"]},
        ) from exc

    @staticmethod
    def _check_protocol(theirs: int) -> None:
        if theirs != protocol.PROTOCOL:
            code, params = protocol.registry_refused_code(theirs, protocol.PROTOCOL)
            raise SyncError(SyncErrorKind.PROTOCOL, code=code, params=params)

    def check_protocol(self) -> int:
        """Ask ``/health`` which protocol the registry speaks and refuse another one, before
        anything is sent: a registry from before versioning names none and speaks 1."""
        return self.health().protocol

    def health(self) -> Health:
        """The registry's health; its protocol is checked before its shape, so a registry of
        another protocol is named as such even when its answer looks different."""
        resp = self._request("GET", "/health")
        try:
            named = protocol.named_protocol(resp.json())
        except ValueError:
            named = None
        if named is None:
            raise SyncError(SyncErrorKind.SERVER, code="sync.bad_health")
        self._check_protocol(named)
        return self._parse(Health, resp)

    def me(self) -> WhoAmI:
        return self._parse(WhoAmI, self._request("GET", "/me"))

    def login(self, email: str, password: str) -> TokenOut:
        resp = self._request("POST", "/auth/login", json={"email": email, "password": password})
        return self._parse(TokenOut, resp)

    def conflicts(self, status: str = "open") -> list[ConflictOut]:
        """The registry's conflicts this account may see ("open", "resolved" or "all")."""
        resp = self._request("GET", "/conflicts", params={"status": status})
        try:
            return _CONFLICTS.validate_json(resp.content)
        except pydantic.ValidationError as exc:
            self._refuse_answer(resp, exc)

    def resolve(self, conflict_id: uuid.UUID, value: Any) -> ConflictOut:
        """Settle a conflict at the registry with ``value`` (a wire value)."""
        resp = self._request("POST", f"/conflicts/{conflict_id}/resolve", json={"value": value})
        return self._parse(ConflictOut, resp)

    def push(self, mutations: list[MutationIn]) -> PushResponse:
        body = PushRequest(protocol=protocol.PROTOCOL, mutations=mutations).model_dump_json()
        resp = self._request(
            "POST", "/sync/push", content=body, headers={"Content-Type": "application/json"}
        )
        return self._parse(PushResponse, resp)

    def pull(self, cursor: int, limit: int) -> PullResponse:
        resp = self._request(
            "GET",
            "/sync/pull",
            params={"cursor": cursor, "limit": limit, "protocol": protocol.PROTOCOL},
        )
        return self._parse(PullResponse, resp)
