"""The sync contract, shared by the laptop client and the registry server.

Layered as in FastAPI's full-stack template: what a client sends (``MutationIn``), what the
registry answers (``MutationResult``, ``RecordOut``, ``ConflictOut``). Ids are made by
clients (UUIDs); timestamps are timezone-aware UTC. Record values travel in their wire form
(see :mod:`hdf_field.sync.records`) and are checked field by field on arrival.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

EntityName = Literal[
    "officer", "cluster", "cluster_site", "organisation", "contact", "visit", "follow_up"
]
MutationStatus = Literal["applied", "merged", "conflict", "rejected"]

MAX_BATCH = 1000
MAX_PAGE = 5000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class PushRequest(Strict):
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
    conflicts: list[ConflictOut] = Field(default_factory=list)
    # Set when the registry already had this record under another id (same SIRET): the
    # laptop re-keys its row, and its children, to this id.
    canonical_id: uuid.UUID | None = None


class PushResponse(Strict):
    results: list[MutationResult]


class RecordOut(Strict):
    """A record as the registry holds it now; ``deleted`` marks a tombstone."""

    entity: str
    id: uuid.UUID
    version: int
    deleted: bool
    data: dict[str, Any]


class PullResponse(Strict):
    records: list[RecordOut]
    conflicts: list[ConflictOut]
    cursor: int
    more: bool


class LoginRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


class TokenOut(Strict):
    token: str


class ResolveIn(Strict):
    value: Any = None


class Health(Strict):
    status: Literal["ok"]
    database: str
    version: str


class WhoAmI(Strict):
    email: str
    role: str
    officer_id: uuid.UUID | None
    territory: list[str]
