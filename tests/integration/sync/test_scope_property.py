"""Property: whatever an officer pushes, what they can read afterwards is exactly what their
assignment, their territory and a manager's plans allow — through a pull from cursor 0 and
through GET /records alike — and nothing outside it changed.

Each example gets a fresh officer and fresh records on one registry per test (a registry per
example would cost a migration each); the universe of an example is its own records only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hdf_field.domain.enums import Role
from hdf_field.sync.records import ENTITIES, to_wire
from tests.integration.sync.conftest import Registry
from tests.integration.sync.registry_http import Caller, caller, create, mutation

TERRITORY = ["59", "62"]
DEPTS = ["59", "62", "80", "02", None]

# An operation: (kind, a département or None, index of a target, index of a second target,
# whether to assign the officer).
ops = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "org",
                "org_dept",
                "org_assign",
                "org_name",
                "contact",
                "contact_move",
                "contact_edit",
                "visit",
                "visit_move",
                "follow_up",
            ]
        ),
        st.sampled_from(DEPTS),
        st.integers(0, 50),
        st.integers(0, 50),
        st.booleans(),
    ),
    max_size=10,
)


@dataclass
class World:
    """One example's records, as the manager seeded them and the officer added to them."""

    orgs: list[uuid.UUID] = field(default_factory=list)
    contacts: list[uuid.UUID] = field(default_factory=list)
    visits: list[uuid.UUID] = field(default_factory=list)
    follow_ups: list[uuid.UUID] = field(default_factory=list)
    planned: set[uuid.UUID] = field(default_factory=set)  # orgs of a manager's visit plan


def row(registry: Registry, entity: str, rid: uuid.UUID) -> dict[str, Any] | None:
    table = ENTITIES[entity].table
    with registry.db.session() as s:
        found = s.execute(select(table).where(table.c.id == rid)).mappings().one_or_none()
    return dict(found) if found is not None else None


def edit(officer: Caller, registry: Registry, entity: str, rid: uuid.UUID, **new: Any) -> int:
    """Push a change as a laptop that knows the record's current values would."""
    current = row(registry, entity, rid)
    assert current is not None
    changes = {k: (to_wire(current[k]), to_wire(v)) for k, v in new.items()}
    resp = officer.push(mutation(entity, rid, current["version"], **changes))
    assert resp.status_code in (200, 403), resp.text
    return resp.status_code


def seed(registry: Registry, chef: Caller, officer: Caller) -> World:
    w = World()
    for dept in DEPTS:
        w.orgs.append(create(chef, "organisation", name=f"Org {dept}", departement=dept))
    w.orgs.append(
        create(
            chef,
            "organisation",
            name="Assigned 80",
            departement="80",
            assigned_officer_id=officer.officer_id,
        )
    )
    planned = create(chef, "organisation", name="Planned 02", departement="02")
    w.orgs.append(planned)
    w.visits.append(create(chef, "visit", organisation_id=planned, officer_id=officer.officer_id))
    w.planned.add(planned)
    for org in list(w.orgs):
        w.contacts.append(create(chef, "contact", organisation_id=org, last_name="C"))
    return w


def play(
    registry: Registry,
    officer: Caller,
    w: World,
    steps: list[tuple[str, str | None, int, int, bool]],
) -> None:
    me = str(officer.officer_id)
    for kind, dept, i, j, assign in steps:
        org = w.orgs[i % len(w.orgs)]
        other = w.orgs[j % len(w.orgs)]
        if kind == "org":
            rid = uuid.uuid4()
            values: dict[str, Any] = {"name": "Mine", "departement": dept}
            if assign:
                values["assigned_officer_id"] = me
            if officer.push(mutation("organisation", rid, **values)).status_code == 200:
                w.orgs.append(rid)
        elif kind == "org_dept":
            edit(officer, registry, "organisation", org, departement=dept)
        elif kind == "org_assign":
            edit(
                officer,
                registry,
                "organisation",
                org,
                assigned_officer_id=officer.officer_id if assign else None,
            )
        elif kind == "org_name":
            edit(officer, registry, "organisation", org, name="Renamed")
        elif kind == "contact":
            rid = uuid.uuid4()
            resp = officer.push(
                mutation("contact", rid, organisation_id=str(org), last_name="Mine")
            )
            if resp.status_code == 200:
                w.contacts.append(rid)
        elif kind == "contact_move":
            edit(officer, registry, "contact", w.contacts[j % len(w.contacts)], organisation_id=org)
        elif kind == "contact_edit":
            edit(
                officer,
                registry,
                "contact",
                w.contacts[j % len(w.contacts)],
                phone="03 20 00 00 00",
            )
        elif kind == "visit":
            rid = uuid.uuid4()
            resp = officer.push(mutation("visit", rid, organisation_id=str(org), officer_id=me))
            if resp.status_code == 200:
                w.visits.append(rid)
        elif kind == "visit_move":
            edit(officer, registry, "visit", w.visits[j % len(w.visits)], organisation_id=other)
        else:
            rid = uuid.uuid4()
            resp = officer.push(
                mutation(
                    "follow_up",
                    rid,
                    organisation_id=str(org),
                    due_date="2027-03-01",
                    action="call back",
                )
            )
            if resp.status_code == 200:
                w.follow_ups.append(rid)


def allowed_orgs(registry: Registry, officer: Caller, w: World) -> set[uuid.UUID]:
    """Computed from the stored rows, independently of the registry's scope code."""
    out = set()
    for org in w.orgs:
        r = row(registry, "organisation", org)
        assert r is not None
        if r["assigned_officer_id"] == officer.officer_id or r["departement"] in TERRITORY:
            out.add(org)
    planned = {
        r["organisation_id"]
        for v in w.visits
        if (r := row(registry, "visit", v)) is not None and v == w.visits[0]
    }  # the manager's plan; the officer's own visits grant none
    return out | planned


def check(
    registry: Registry, officer: Caller, w: World, seeded: dict[uuid.UUID, dict[str, Any]]
) -> None:
    allowed = allowed_orgs(registry, officer, w)
    children = {"contact": w.contacts, "visit": w.visits, "follow_up": w.follow_ups}
    expected = {"organisation": allowed}
    for entity, ids in children.items():
        expected[entity] = {
            c
            for c in ids
            if (r := row(registry, entity, c)) is not None and r["organisation_id"] in allowed
        }
    pulled = officer.pulled()
    universe = {"organisation": set(w.orgs), **{e: set(ids) for e, ids in children.items()}}
    for entity, ids in universe.items():
        readable = {rid for rid in ids if officer.read(entity, rid).status_code == 200}
        assert readable == expected[entity], entity
        assert pulled.get(entity, set()) & ids == expected[entity], entity
    # Nothing a manager seeded outside the officer's reach was touched.
    for org, before in seeded.items():
        if org not in allowed:
            assert row(registry, "organisation", org) == before
    # The officer's reach only ever holds the territory, a manager's assignment or plan.
    for org in allowed:
        r = row(registry, "organisation", org)
        assert r is not None
        assert (
            r["departement"] in TERRITORY
            or org in w.planned
            or (org in seeded and seeded[org]["assigned_officer_id"] == officer.officer_id)
        )


def test_an_officers_pushes_never_widen_their_reach(registry: Registry) -> None:
    chef = caller(registry, "chef@hdf.fr", Role.MANAGER)

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(steps=ops)
    def run(steps: list[tuple[str, str | None, int, int, bool]]) -> None:
        officer = caller(registry, f"o{uuid.uuid4().hex[:12]}@hdf.fr", territory=TERRITORY)
        w = seed(registry, chef, officer)
        seeded = {org: row(registry, "organisation", org) for org in w.orgs}
        play(registry, officer, w, steps)
        check(registry, officer, w, {k: v for k, v in seeded.items() if v is not None})

    run()
