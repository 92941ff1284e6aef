"""Laptops and a real registry (SQLite and PostgreSQL): convergence, conflicts, exactly-once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import permutations
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hdf_field.domain.enums import Role
from hdf_field.registry.tables import AuditEntry
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.client import SyncError, SyncErrorKind
from tests.integration.sync.conftest import Laptop, Registry


def add_org(db: Database, **kw: Any) -> uuid.UUID:
    with UnitOfWork(db) as uow:
        org = Organisation(**{"name": "Acme", "departement": "59", **kw})
        uow.session.add(org)
        uow.commit()
        return org.id


def edit(db: Database, model: type, rid: uuid.UUID, **values: Any) -> None:
    with UnitOfWork(db) as uow:
        obj = uow.session.get(model, rid)
        for k, v in values.items():
            setattr(obj, k, v)
        uow.commit()


def snapshot(db: Database) -> dict[str, Any]:
    """Everything synchronised, without the laptop-local bookkeeping."""
    out = {}
    with db.session() as s:
        for model in (Organisation, Contact, Visit):
            for obj in s.scalars(select(model)):
                out[str(obj.id)] = {
                    c.name: getattr(obj, c.name)
                    for c in model.__table__.columns
                    if c.name not in {"created_at", "updated_at"}
                }
    return out


def test_offline_edits_converge_in_every_order(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    tokens = [registry.user(f"o{i}@hdf.fr", territory=["59"]) for i in range(3)]
    laptops = [make_laptop(t) for t in tokens]
    org = add_org(laptops[0].db, name="Base")
    laptops[0].sync.run()
    for lap in laptops[1:]:
        lap.sync.run()
    # Offline: each edits different fields, and two of them the same field.
    edit(laptops[0].db, Organisation, org, phone="0320000000", notes="A")
    edit(laptops[1].db, Organisation, org, website="https://b.example", notes="B")
    edit(laptops[2].db, Organisation, org, email="c@example.org")
    with UnitOfWork(laptops[2].db) as uow:
        uow.session.add(Contact(organisation_id=org, last_name="Durand"))
        uow.commit()
    for order in permutations(range(3)):
        for i in order:
            laptops[i].sync.run()
    for lap in laptops:
        lap.sync.run()
    states = [snapshot(lap.db) for lap in laptops]
    assert states[0] == states[1] == states[2]
    o = states[0][str(org)]
    assert (o["phone"], o["website"], o["email"]) == (
        "0320000000",
        "https://b.example",
        "c@example.org",
    )
    assert o["notes"] == "A"  # the first to reach the registry holds the field...
    conflicts = laptops[1].sync.list_conflicts()
    assert [(c.field, c.mine, c.theirs, c.base) for c in conflicts] == [
        ("notes", "B", "A", None)
    ]  # ...and B's value is kept in the conflict
    assert all(lap.sync.pending_count() == 0 for lap in laptops)


def test_same_field_conflict_keeps_both_values_and_resolves(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    a = make_laptop(registry.user("a@hdf.fr", territory=["59"]))
    b = make_laptop(registry.user("b@hdf.fr", territory=["59"]))
    manager_token = registry.user("chef@hdf.fr", Role.MANAGER)
    org = add_org(a.db)
    a.sync.run()
    b.sync.run()
    edit(a.db, Organisation, org, name="Acme Nord")
    edit(b.db, Organisation, org, name="ACME SAS")
    a.sync.run()
    report = b.sync.run()
    assert report.conflicts == 1
    [c] = b.sync.list_conflicts()
    assert (str(c.record), c.field, c.base, c.mine, c.theirs) == (
        str(org),
        "name",
        "Acme",
        "ACME SAS",
        "Acme Nord",
    )
    # The manager sees it too.
    http = httpx.Client(
        transport=registry.transport(),
        base_url=registry.url,
        headers={"Authorization": f"Bearer {manager_token}"},
    )
    open_ = http.get("/conflicts").json()
    assert [(x["field"], x["mine"], x["theirs"]) for x in open_] == [
        ("name", "ACME SAS", "Acme Nord")
    ]
    # B keeps its own value; the choice travels and closes the conflict at the registry.
    b.sync.resolve_conflict(org, "name", "ACME SAS")
    b.sync.run()
    a.sync.run()
    with a.db.session() as s:
        assert s.get(Organisation, org).name == "ACME SAS"
    assert http.get("/conflicts").json() == []
    assert b.sync.list_conflicts() == []


def test_clock_skew_does_not_change_the_outcome(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    a = make_laptop(registry.user("a@hdf.fr", territory=["59"]))
    b = make_laptop(registry.user("b@hdf.fr", territory=["59"]))
    org = add_org(a.db)
    a.sync.run()
    b.sync.run()
    # A's clock is a year ahead, B's a year behind; B pushes first and so holds the field.
    edit(
        a.db, Organisation, org, notes="from A", updated_at=datetime.now(UTC) + timedelta(days=365)
    )
    edit(
        b.db, Organisation, org, notes="from B", updated_at=datetime.now(UTC) - timedelta(days=365)
    )
    b.sync.run()
    a.sync.run()
    b.sync.run()
    for lap in (a, b):
        with lap.db.session() as s:
            assert s.get(Organisation, org).notes == "from B"
    assert [c.mine for c in a.sync.list_conflicts()] == ["from A"]


def test_duplicate_push_is_a_no_op(registry: Registry, make_laptop: Callable[..., Laptop]) -> None:
    token = registry.user("a@hdf.fr", territory=["59"])
    a = make_laptop(token)
    add_org(a.db)
    http = httpx.Client(
        transport=registry.transport(),
        base_url=registry.url,
        headers={"Authorization": f"Bearer {token}"},
    )
    from hdf_field.sync.outbox import pending_batch
    from hdf_field.sync.service import to_mutation

    with a.db.session() as s:
        body = {"mutations": [to_mutation(e).model_dump(mode="json") for e in pending_batch(s, 10)]}
    first = http.post("/sync/push", json=body).json()["results"]
    again = http.post("/sync/push", json=body).json()["results"]
    assert [r["status"] for r in first] == ["applied"]
    assert [r["duplicate"] for r in again] == [True]
    with registry.db.session() as s:
        assert len(s.scalars(select(Organisation)).all()) == 1
        actions = [
            e.action
            for e in s.scalars(select(AuditEntry).where(AuditEntry.mutation_id.is_not(None)))
        ]
    assert actions == ["create"]  # attributed once, in the audit log


def test_officer_scope_and_revoked_token(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    nord = registry.user("nord@hdf.fr", territory=["59"])
    somme = registry.user("somme@hdf.fr", territory=["80"])
    a = make_laptop(nord)
    b = make_laptop(somme)
    org59 = add_org(a.db, name="Lille SA")
    a.sync.run()
    b.sync.run()
    with b.db.session() as s:
        assert s.get(Organisation, org59) is None  # not pulled outside the territory
    http = httpx.Client(
        transport=registry.transport(),
        base_url=registry.url,
        headers={"Authorization": f"Bearer {somme}"},
    )
    assert http.get(f"/records/organisation/{org59}").status_code == 403
    # A forged write outside the territory is refused whole, and changes nothing.
    bad = {
        "mutations": [
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "organisation",
                "record_id": str(org59),
                "base_version": 1,
                "changes": {"name": ["Lille SA", "pirate"]},
            }
        ]
    }
    resp = http.post("/sync/push", json=bad)
    assert resp.status_code == 403 and "outside your scope" in resp.json()["detail"]
    with registry.db.session() as s:
        assert s.get(Organisation, org59).name == "Lille SA"
    # A change the laptop made to a record that left its scope stays on the laptop.
    edit(a.db, Organisation, org59, departement="80")
    a.sync.run()
    edit(a.db, Organisation, org59, name="too late")
    report = a.sync.run()
    assert report.pending == 0
    assert [c.field for c in a.sync.list_conflicts()] == ["*"]
    # Revoked token → 401.
    from hdf_field.registry import service

    with UnitOfWork(registry.db) as uow:
        service.revoke_token(uow.session, somme)
        uow.commit()
    with pytest.raises(SyncError) as err:
        b.sync.run()
    assert err.value.kind is SyncErrorKind.AUTH
    assert http.get("/me").status_code == 401


def test_deletions_travel_as_tombstones(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    a = make_laptop(registry.user("a@hdf.fr", territory=["59"]))
    b = make_laptop(registry.user("b@hdf.fr", territory=["59"]))
    org = add_org(a.db)
    a.sync.run()
    b.sync.run()
    edit(a.db, Organisation, org, deleted_at=datetime.now(UTC))
    a.sync.run()
    b.sync.run()
    with b.db.session() as s:
        assert s.get(Organisation, org).is_deleted
