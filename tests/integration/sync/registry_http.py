"""Speaking to a registry the way a hostile client would: raw pushes, reads and pulls."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select

from hdf_field.domain.enums import Role
from hdf_field.registry.tables import AuditEntry
from hdf_field.storage.orm import Officer
from tests.integration.sync.conftest import Registry


@dataclass
class Caller:
    """One account of the registry and an HTTP client carrying its token."""

    registry: Registry
    http: httpx.Client
    email: str
    officer_id: uuid.UUID | None

    def push(self, *mutations: dict[str, Any]) -> httpx.Response:
        return self.http.post("/sync/push", json={"mutations": list(mutations)})

    def read(self, entity: str, record_id: uuid.UUID) -> httpx.Response:
        return self.http.get(f"/records/{entity}/{record_id}")

    def pulled(self) -> dict[str, set[uuid.UUID]]:
        """Every record a pull from cursor 0 hands this caller, by entity."""
        out: dict[str, set[uuid.UUID]] = {}
        cursor, more = 0, True
        while more:
            resp = self.http.get("/sync/pull", params={"cursor": cursor, "limit": 5000})
            assert resp.status_code == 200, resp.text
            page = resp.json()
            for rec in page["records"]:
                out.setdefault(rec["entity"], set()).add(uuid.UUID(rec["id"]))
            cursor, more = page["cursor"], page["more"]
        return out


def caller(
    registry: Registry, email: str, role: Role = Role.OFFICER, territory: list[str] | None = None
) -> Caller:
    token = registry.user(email, role, territory=territory)
    http = httpx.Client(
        transport=registry.transport(),
        base_url=registry.url,
        headers={"Authorization": f"Bearer {token}"},
    )
    with registry.db.session() as s:
        officer = s.scalar(select(Officer.id).where(Officer.email == email))
    return Caller(registry, http, email, officer)


def mutation(
    entity: str, record_id: uuid.UUID, base_version: int = 0, **changes: Any
) -> dict[str, Any]:
    """A mutation; each change is a new value (old None) or an ``(old, new)`` pair."""
    return {
        "mutation_id": str(uuid.uuid4()),
        "entity": entity,
        "record_id": str(record_id),
        "base_version": base_version,
        "changes": {k: list(v) if isinstance(v, tuple) else [None, v] for k, v in changes.items()},
    }


def create(who: Caller, entity: str, **values: Any) -> uuid.UUID:
    """A new record pushed by ``who``, which must be accepted."""
    rid = uuid.uuid4()
    wire = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in values.items()}
    resp = who.push(mutation(entity, rid, **wire))
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"][0]["status"] == "applied", resp.text
    return rid


def refusals(registry: Registry) -> list[AuditEntry]:
    with registry.db.session() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.like("%.refused"))
                .order_by(AuditEntry.id)
            )
        )
