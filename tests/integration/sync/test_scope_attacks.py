"""The security review's scope attacks, replayed on SQLite and PostgreSQL registries: an
officer's own writes never widen what they read or write, and each refusal is audited."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from hdf_field.domain.enums import Role
from hdf_field.registry.tables import AuditEntry, Conflict
from hdf_field.storage.orm import Contact, FollowUp, Organisation, Visit
from tests.integration.sync.conftest import Registry
from tests.integration.sync.registry_http import Caller, caller, create, mutation, refusals


@pytest.fixture
def cast(registry: Registry) -> tuple[Caller, Caller, dict[str, uuid.UUID]]:
    """A manager, an officer of the Nord (59), and records on both sides of the border."""
    chef = caller(registry, "chef@hdf.fr", Role.MANAGER)
    nord = caller(registry, "nord@hdf.fr", territory=["59"])
    ids: dict[str, uuid.UUID] = {}
    ids["org59"] = create(chef, "organisation", name="Lille SA", departement="59")
    ids["org80"] = create(chef, "organisation", name="Amiens SA", departement="80")
    ids["contact80"] = create(
        chef,
        "contact",
        organisation_id=ids["org80"],
        last_name="Secret",
        phone="03 22 00 00 00",
        email="secret@amiens.fr",
    )
    ids["contact59"] = create(chef, "contact", organisation_id=ids["org59"], last_name="Nord")
    return chef, nord, ids


def counts(registry: Registry) -> dict[str, int]:
    with registry.db.session() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Organisation, Contact, Visit, FollowUp, Conflict)
        }


def assert_refused(registry: Registry, resp: object, before: dict[str, int]) -> None:
    import httpx

    assert isinstance(resp, httpx.Response)
    assert resp.status_code == 403, resp.text
    refused = resp.json()["mutation_ids"]
    assert refused and "outside your scope" in resp.json()["detail"]
    assert counts(registry) == before
    audit = refusals(registry)[-1]
    assert audit.action == "push.refused" and audit.detail is not None
    assert audit.detail["mutation_ids"] == refused and audit.detail["status"] == 403


def test_a_visit_on_a_foreign_organisation_is_refused_and_reveals_nothing(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    _chef, nord, ids = cast
    before = counts(registry)
    resp = nord.push(
        mutation(
            "visit",
            uuid.uuid4(),
            organisation_id=str(ids["org80"]),
            officer_id=str(nord.officer_id),
        )
    )
    assert_refused(registry, resp, before)
    # Nothing became readable: not the organisation, not its contact, by no route.
    assert nord.read("organisation", ids["org80"]).status_code == 403
    assert nord.read("contact", ids["contact80"]).status_code == 403
    pulled = nord.pulled()
    assert ids["org80"] not in pulled.get("organisation", set())
    assert ids["contact80"] not in pulled.get("contact", set())
    assert ids["org59"] in pulled["organisation"] and ids["contact59"] in pulled["contact"]


def test_the_officers_old_visits_no_longer_open_an_organisation(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    """A visit made while the organisation was in the territory (or pushed before this fix)
    does not keep it visible once a manager moves it out."""
    chef, nord, ids = cast
    create(nord, "visit", organisation_id=ids["org59"], officer_id=nord.officer_id)
    with registry.db.session() as s:
        version = s.get(Organisation, ids["org59"]).version
    assert (
        chef.push(
            mutation("organisation", ids["org59"], version, departement=("59", "80"))
        ).status_code
        == 200
    )
    assert nord.read("organisation", ids["org59"]).status_code == 403
    assert nord.read("contact", ids["contact59"]).status_code == 403
    assert ids["org59"] not in nord.pulled().get("organisation", set())


def test_children_cannot_cross_the_border_either_way(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    _chef, nord, ids = cast
    mine = create(nord, "contact", organisation_id=ids["org59"], last_name="Mine")
    before = counts(registry)
    out = nord.push(
        mutation("contact", mine, 1, organisation_id=(str(ids["org59"]), str(ids["org80"])))
    )
    assert_refused(registry, out, before)
    back = nord.push(
        mutation(
            "contact", ids["contact80"], 1, organisation_id=(str(ids["org80"]), str(ids["org59"]))
        )
    )
    assert_refused(registry, back, before)
    edit = nord.push(mutation("contact", ids["contact80"], 1, phone=("03 22 00 00 00", "0")))
    assert_refused(registry, edit, before)
    # A visit on an organisation in reach, naming a contact out of reach: every laptop of
    # the territory would pull a reference it cannot follow.
    smuggled = nord.push(
        mutation(
            "visit",
            uuid.uuid4(),
            organisation_id=str(ids["org59"]),
            officer_id=str(nord.officer_id),
            contact_id=str(ids["contact80"]),
        )
    )
    assert_refused(registry, smuggled, before)
    follow = nord.push(
        mutation(
            "follow_up",
            uuid.uuid4(),
            organisation_id=str(ids["org80"]),
            due_date="2027-01-04",
            action="call",
        )
    )
    assert_refused(registry, follow, before)
    with registry.db.session() as s:
        assert s.get(Contact, mine).organisation_id == ids["org59"]
        assert s.get(Contact, ids["contact80"]).organisation_id == ids["org80"]
        assert s.get(Contact, ids["contact80"]).phone == "03 22 00 00 00"


def test_an_officer_neither_creates_nor_moves_organisations_out_of_the_territory(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    _chef, nord, ids = cast
    before = counts(registry)
    assert_refused(
        registry,
        nord.push(
            mutation(
                "organisation",
                uuid.uuid4(),
                name="Mine",
                departement="80",
                assigned_officer_id=str(nord.officer_id),
            )
        ),
        before,
    )
    assert_refused(
        registry,
        nord.push(mutation("organisation", ids["org59"], 1, departement=("59", "80"))),
        before,
    )
    assert_refused(
        registry,
        nord.push(
            mutation(
                "organisation", ids["org80"], 1, assigned_officer_id=(None, str(nord.officer_id))
            )
        ),
        before,
    )
    # Within the territory, both remain possible.
    assert (
        nord.push(
            mutation(
                "organisation",
                ids["org59"],
                1,
                departement=("59", "59"),
                assigned_officer_id=(None, str(nord.officer_id)),
            )
        ).status_code
        == 200
    )
    create(nord, "organisation", name="New in 59", departement="59")


def test_a_visit_a_manager_plans_shows_its_organisation_without_opening_it(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    chef, nord, ids = cast
    visit = create(chef, "visit", organisation_id=ids["org80"], officer_id=nord.officer_id)
    assert nord.read("organisation", ids["org80"]).status_code == 200
    assert nord.read("visit", visit).status_code == 200
    pulled = nord.pulled()
    assert ids["org80"] in pulled["organisation"] and visit in pulled["visit"]
    # The officer reports on the visit...
    assert nord.push(mutation("visit", visit, 1, status=("planned", "done"))).status_code == 200
    # ...but writes nothing else there, and cannot move the plan elsewhere.
    other = create(chef, "organisation", name="Abbeville", departement="80")
    before = counts(registry)
    assert_refused(
        registry,
        nord.push(mutation("organisation", ids["org80"], 1, name=("Amiens SA", "x"))),
        before,
    )
    assert_refused(
        registry,
        nord.push(mutation("contact", ids["contact80"], 1, last_name=("Secret", "x"))),
        before,
    )
    assert_refused(
        registry,
        nord.push(mutation("visit", visit, 2, organisation_id=(str(ids["org80"]), str(other)))),
        before,
    )
    assert_refused(
        registry,
        nord.push(
            mutation(
                "visit",
                uuid.uuid4(),
                organisation_id=str(ids["org80"]),
                officer_id=str(nord.officer_id),
            )
        ),
        before,
    )


def test_conflicts_follow_the_record_out_of_reach(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    chef, nord, ids = cast
    # Both change the same field: the officer's push leaves a conflict keeping both.
    assert (
        chef.push(
            mutation("organisation", ids["org59"], 1, name=("Lille SA", "Lille SAS"))
        ).status_code
        == 200
    )
    resp = nord.push(mutation("organisation", ids["org59"], 1, name=("Lille SA", "Lille")))
    assert resp.json()["results"][0]["status"] == "conflict"
    assert len(nord.http.get("/conflicts").json()) == 1
    assert (
        chef.push(mutation("organisation", ids["org59"], 2, departement=("59", "80"))).status_code
        == 200
    )
    # The conflict holds the registry's value: it leaves with the record.
    assert nord.http.get("/conflicts").json() == []
    page = nord.http.get("/sync/pull", params={"cursor": 0}).json()
    assert page["conflicts"] == []


def test_a_refused_push_is_audited_although_rolled_back(
    registry: Registry, cast: tuple[Caller, Caller, dict[str, uuid.UUID]]
) -> None:
    _chef, nord, ids = cast
    good = mutation("contact", uuid.uuid4(), organisation_id=str(ids["org59"]), last_name="A")
    bad = mutation("contact", ids["contact80"], 1, last_name=("Secret", "pwned"))
    before = counts(registry)
    resp = nord.push(good, bad)
    assert resp.status_code == 403 and resp.json()["mutation_ids"] == [bad["mutation_id"]]
    assert counts(registry) == before  # the good one was rolled back with the batch
    [entry] = refusals(registry)
    assert entry.actor == "nord@hdf.fr" and entry.mutation_id == uuid.UUID(bad["mutation_id"])
    assert entry.detail is not None and "outside your scope" in entry.detail["reason"]
    with registry.db.session() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.mutation_id == uuid.UUID(good["mutation_id"]))
            )
            == 0
        )
