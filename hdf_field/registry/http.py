"""The registry's guards below FastAPI: request bodies bounded before parsing, and the
client's real address behind a reverse proxy.

The body guard is a plain ASGI middleware rather than a FastAPI dependency because a
dependency runs after FastAPI has already read and parsed the whole body: a 50 MB note would
have been decoded (and held several times over) before anyone counted it.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from hdf_field.sync.schemas import MAX_BODY_BYTES, MAX_PUSH_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Per path, the most bytes a request body may have; anything else gets MAX_BODY_BYTES.
BODY_LIMITS: dict[str, int] = {"/sync/push": MAX_PUSH_BYTES}


def body_limit(path: str) -> int:
    return BODY_LIMITS.get(path, MAX_BODY_BYTES)


async def _reply(send: Send, status: int, detail: str, field: str | None = None) -> None:
    payload: dict[str, Any] = {"detail": detail}
    if field is not None:
        payload["field"] = field
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """Read the whole body first, counting its bytes as they stream in, whatever the
    Content-Length says (or whether there is one): past the path's limit the request is
    answered 413 and never reaches FastAPI. A JSON body must also be valid UTF-8 (422 naming
    the byte), which the JSON parser would otherwise report as a vague 400.

    Bodies within the limit are replayed to the application as one message."""

    def __init__(self, app: ASGIApp, limit: Callable[[str], int] = body_limit) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope.get("path", ""))
        too_big = f"request body larger than {limit} bytes"
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                if int(declared) > limit:
                    await _reply(send, 413, too_big)
                    return
            except ValueError:
                await _reply(send, 400, "Content-Length is not a number")
                return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _reply(send, 413, too_big)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        if body and b"json" in headers.get(b"content-type", b"").lower():
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                await _reply(send, 422, f"body: not valid UTF-8 at byte {exc.start}", "body")
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class ProxyAddressError(ValueError):
    """A ``--trusted-proxy`` that is not an IP address; ``value`` is what was given."""

    def __init__(self, value: str) -> None:
        super().__init__(f"--trusted-proxy: not an IP address: {value!r}")
        self.value = value


def parse_proxies(values: Iterable[str]) -> frozenset[str]:
    """``--trusted-proxy`` values (repeated, or comma-separated) as normalised addresses;
    a value that is not an IP address is refused rather than silently never matching."""
    out: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                out.add(str(ipaddress.ip_address(part)))
            except ValueError as exc:
                raise ProxyAddressError(part) from exc
    return frozenset(out)


def client_address(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The address to count login attempts against. ``X-Forwarded-For`` is anyone's to
    write, so it is read only when the direct peer is a proxy we trust; then the address is
    the last one in the chain that is not itself a trusted proxy (each proxy appends the
    peer it saw, so earlier entries are the client's own claims)."""
    peer = peer or "?"
    if not forwarded_for or _normal(peer) not in trusted:
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        address = _normal(hop)
        if address is None:
            return peer  # garbage in the header: fall back to the proxy itself
        if address not in trusted:
            return address
    return peer


def _normal(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
