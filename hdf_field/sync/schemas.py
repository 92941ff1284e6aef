"""The sync contract, shared by the laptop client and the registry server.

Layered as in FastAPI's full-stack template: what a client sends (``MutationIn``), what the
registry answers (``MutationResult``, ``RecordOut``, ``ConflictOut``). Ids are made by
clients (UUIDs); timestamps are timezone-aware UTC. Record values travel in their wire form
(see :mod:`hdf_field.sync.records`) and are checked field by field on arrival.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from hdf_field.sync.protocol import IMPLICIT, MAX_PROTOCOL
from hdf_field.sync.records import ENTITY_ORDER

# The synchronised entities, from their one list (``SYNCED_MODELS``, see records.py); a
# Literal so that the OpenAPI schema lists them and a wrong name is refused on parsing.
EntityName = Literal[ENTITY_ORDER]  # type: ignore[valid-type]
MutationStatus = Literal["applied", "merged", "conflict", "rejected"]

MAX_BATCH = 1000
MAX_PAGE = 5000
# Request bodies, counted in bytes before they are parsed. A push carries at most MAX_BATCH
# mutations, but the laptop also splits its batches so that one never exceeds
# MAX_PUSH_BYTES; a single mutation at the field limits (hdf_field.domain.limits: 20 000
# characters of notes, old and new value, up to 4 UTF-8 bytes each) is far below it.
MAX_PUSH_BYTES = 16 * 1024 * 1024
MAX_BODY_BYTES = 1024 * 1024  # every other request: a login, a conflict's resolution
MAX_JSON_DEPTH = 16  # arrays and objects within each other in one request


_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def _unsafe_text(text: str) -> str | None:
    """Why a JSON string can be neither stored nor compared safely, or None."""
    bad = _UNSAFE.search(text)
    if bad is None:
        return None
    what = "a NUL character" if bad.group() == "\x00" else "a lone UTF-16 surrogate"
    return f"contains {what} at {bad.start()}"


class UnsafeJSON(ValueError):
    """A request's JSON holds text no database can store; ``path`` names where."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def check_json_text(data: Any, where: str = "") -> None:
    """Refuse NUL characters and lone surrogates anywhere in parsed JSON (keys included), and
    nesting deeper than MAX_JSON_DEPTH: either would surface as a database or encoder error
    (HTTP 500) long after parsing. Iterative, so a deep document cannot exhaust the stack."""
    stack: list[tuple[Any, str, int]] = [(data, where, 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            problem = _unsafe_text(value)
            if problem:
                raise UnsafeJSON(path or "body", problem)
        elif isinstance(value, dict | list | tuple):
            if depth >= MAX_JSON_DEPTH:
                raise UnsafeJSON(path or "body", f"nested deeper than {MAX_JSON_DEPTH} levels")
            if isinstance(value, dict):
                for k, v in value.items():
                    key = str(k)
                    problem = _unsafe_text(key)
                    if problem:
                        raise UnsafeJSON(path or "body", f"a key {problem}")
                    stack.append((v, _join(path, key), depth + 1))
            else:
                stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Incoming(Strict):
    """A request body: checked whole, once, before any field is."""

    @model_validator(mode="before")
    @classmethod
    def _safe_text(cls, data: Any) -> Any:
        check_json_text(data)
        return data


class MutationIn(Strict):
    """One change of one record, as the laptop made it (the outbox row)."""

    mutation_id: uuid.UUID
    entity: EntityName
    record_id: uuid.UUID
    base_version: int = Field(ge=0, le=2**31 - 1)
    # field → [old, new]; the old value is the base of the three-way merge.
    changes: dict[str, tuple[Any, Any]] = Field(max_length=100)
    resolves: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    made_at: AwareDatetime | None = None
    # Erase the record everywhere (GDPR art. 17); ``changes`` is then empty. Sent only when
    # true, so that an ordinary push reads the same to a registry from before erasure (one
    # that does not know it refuses an erasure whole, 422, rather than drop it).
    erase: bool = False

    @model_serializer(mode="wrap")
    def _omit_no_erase(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if not self.erase:
            data.pop("erase", None)
        return data


def protocol_field() -> Any:
    """An envelope's protocol number: absent means a peer from before versioning (1)."""
    return Field(default=IMPLICIT, ge=0, le=MAX_PROTOCOL)


class PushRequest(Incoming):
    protocol: int = protocol_field()
    mutations: list[MutationIn] = Field(max_length=MAX_BATCH)


class ConflictOut(Strict):
    id: uuid.UUID
    entity: str
    record_id: uuid.UUID
    field: str
    base: Any = None
    mine: Any = None
    theirs: Any = None
    author: str
    status: str
    created_at: datetime
    resolved_value: Any = None


class MutationResult(Strict):
    mutation_id: uuid.UUID
    status: MutationStatus
    version: int | None = None
    duplicate: bool = False
    message: str | None = None
    # ``message``'s words as a code of domain/error_messages.py and its parameters, so that
    # the laptop says them in its language; absent from a registry from before codes, and
    # a laptop that does not know the code shows ``message`` (sync/client.relayed_error).
    code: str | None = None
    params: dict[str, Any] | None = None
    conflicts: list[ConflictOut] = Field(default_factory=list)
    # Set when the registry already had this record under another id (same SIRET): the
    # laptop re-keys its row, and its children, to this id.
    canonical_id: uuid.UUID | None = None


class PushResponse(Strict):
    protocol: int = protocol_field()
    results: list[MutationResult]


class RecordOut(Strict):
    """A record as the registry holds it now; ``deleted`` marks a tombstone."""

    entity: str
    id: uuid.UUID
    version: int
    deleted: bool
    data: dict[str, Any]


class ErasedOut(Strict):
    """A record erased at the registry: the laptop erases its copy. No personal data."""

    entity: EntityName
    id: uuid.UUID
    erased_at: datetime
    erased_by: str


# The message of a mutation the registry dropped because its record was erased (status
# "rejected", no conflict kept: what it carried is the erased person's data).
ERASED = "erased at the registry: the change was dropped"


class PullResponse(Strict):
    protocol: int = protocol_field()
    records: list[RecordOut]
    conflicts: list[ConflictOut]
    cursor: int
    more: bool
    # Only present when the page carries erasures (a registry from before erasure sends none).
    erased: list[ErasedOut] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _omit_no_erasure(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return omit_empty_erased(handler(self))


def omit_empty_erased(data: dict[str, Any]) -> dict[str, Any]:
    """An envelope without erasures reads as before erasure existed (peers refuse unknown
    fields): the key is left out when empty."""
    if not data.get("erased"):
        data.pop("erased", None)
    return data


class LoginRequest(Incoming):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


class TokenOut(Strict):
    token: str


class ResolveIn(Incoming):
    value: Any = None


class Health(Strict):
    status: Literal["ok"]
    database: str
    version: str
    protocol: int = protocol_field()


class WhoAmI(Strict):
    email: str
    role: str
    officer_id: uuid.UUID | None
    territory: list[str]
