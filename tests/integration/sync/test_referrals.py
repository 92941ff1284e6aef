"""Referrals at the registry: officers send them, clusters answer through /api/referrals, the
answers come back to the officers' laptops, and a cluster account reaches nothing else."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hdf_field.cli.registry import load_reference_clusters
from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.registry.tables import AuditEntry
from hdf_field.services.reference import cluster_uuid
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import Registry
from tests.integration.sync.registry_http import Caller, caller, create, mutation

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC).isoformat()


def cluster_client(registry: Registry, email: str, cluster: str) -> httpx.Client:
    with UnitOfWork(registry.db) as uow:
        load_reference_clusters(uow.session)  # as `hdf-field registry user add` does
        service.add_user(uow.session, email, Role.CLUSTER, "pole-password", cluster=cluster)
        token = service.create_token(uow.session, email)
        uow.commit()
    return httpx.Client(
        transport=registry.transport(),
        base_url=registry.url,
        headers={"Authorization": f"Bearer {token}"},
    )


def referral_values(org: uuid.UUID, cluster: str, officer: Caller, **extra: Any) -> dict[str, Any]:
    return {
        "organisation_id": str(org),
        "cluster_id": str(cluster_uuid(cluster)),
        "officer_id": str(officer.officer_id),
        "sent_at": NOW,
        "message": "Équipementier ferroviaire, cherche des partenaires R&D",
        "consent_given_by": "Claire Quennehen",
        "consent_given_at": NOW,
        "consent_recorded_by": "Officer One",
        **extra,
    }


@dataclass
class World:
    chef: Caller
    officer: Caller
    itrans: httpx.Client
    aquimer: httpx.Client
    org: uuid.UUID
    other_org: uuid.UUID
    contact: uuid.UUID
    referral: uuid.UUID
    other_referral: uuid.UUID


@pytest.fixture
def world(registry: Registry) -> World:
    return make_world(registry)


def make_world(registry: Registry) -> World:
    """Two clusters' accounts, a manager, an officer of the Nord, two organisations, and one
    referral to each cluster."""
    itrans = cluster_client(registry, "pole@i-trans.eu", "i-trans")  # any case
    aquimer = cluster_client(registry, "pole@aquimer.fr", "Aquimer")
    chef = caller(registry, "chef@hdf.fr", Role.MANAGER)
    officer = caller(registry, "one@hdf.fr", territory=["59"])
    org = create(
        chef,
        "organisation",
        name="Ferroviaire du Nord",
        siret="73282932000074",
        street="12 rue de la Gare",
        postal_code="59300",
        city="Valenciennes",
        naf_label="Construction de locomotives et d'autre matériel ferroviaire roulant",
        website="https://ferroviaire-du-nord.example",
        departement="59",
        area="ex-Nord-Pas-de-Calais",
        status="interested",
        notes="confidential officer notes",
    )
    other_org = create(
        chef, "organisation", name="Poissons de Boulogne", departement="59", city="Dunkerque"
    )
    contact = create(
        chef,
        "contact",
        organisation_id=org,
        first_name="Claire",
        last_name="Quennehen",
        email="claire@fdn.fr",
        role="Directrice R&D",
        notes="private note",
    )
    referral = create(
        officer,
        "referral",
        **referral_values(org, "i-Trans", officer, contact_id=str(contact)),
    )
    other = create(officer, "referral", **referral_values(other_org, "Aquimer", officer))
    return World(chef, officer, itrans, aquimer, org, other_org, contact, referral, other)


def test_a_referral_without_consent_is_refused(registry: Registry, world: World) -> None:
    values = referral_values(world.org, "i-Trans", world.officer)
    del values["consent_given_by"]
    resp = world.officer.push(mutation("referral", uuid.uuid4(), **values))
    assert resp.status_code == 200
    result = resp.json()["results"][0]
    assert result["status"] == "rejected"
    assert "consent_given_by" in result["message"]
    blank = referral_values(world.org, "i-Trans", world.officer, consent_given_by="  ")
    resp = world.officer.push(mutation("referral", uuid.uuid4(), **blank))
    assert resp.status_code == 422
    assert "consent_given_by" in resp.json()["detail"]


def test_an_officer_cannot_answer_for_the_cluster(registry: Registry, world: World) -> None:
    faked = world.officer.push(mutation("referral", world.referral, 1, status=("sent", "member")))
    assert faked.status_code == 403
    born_member = referral_values(world.org, "i-Trans", world.officer, status="member")
    assert world.officer.push(mutation("referral", uuid.uuid4(), **born_member)).status_code == 403
    someone_else = referral_values(
        world.org, "i-Trans", world.officer, officer_id=str(world.chef.officer_id or uuid.uuid4())
    )
    resp = world.officer.push(mutation("referral", uuid.uuid4(), **someone_else))
    assert resp.status_code == 403


def test_each_cluster_lists_only_its_referrals_and_the_shared_fields(world: World) -> None:
    items = world.itrans.get("/api/referrals").json()
    assert [i["id"] for i in items] == [str(world.referral)]
    item = items[0]
    assert item["status"] == "sent"
    assert item["organisation"]["name"] == "Ferroviaire du Nord"
    assert item["organisation"]["siret"] == "73282932000074"
    assert item["message"].startswith("Équipementier")
    assert item["contact"]["last_name"] == "Quennehen"
    assert item["consent"]["given_by"] == "Claire Quennehen"
    text = world.itrans.get("/api/referrals").text
    assert "confidential officer notes" not in text and "private note" not in text
    assert [i["id"] for i in world.aquimer.get("/api/referrals").json()] == [
        str(world.other_referral)
    ]
    assert world.itrans.get(f"/api/referrals/{world.other_referral}").status_code == 404
    filtered = world.itrans.get("/api/referrals", params={"status": "member"}).json()
    assert filtered == []
    by_dept = world.itrans.get("/api/referrals", params={"departement": "62"}).json()
    assert by_dept == []


def test_the_cluster_moves_a_referral_to_member_and_the_officer_sees_it(
    registry: Registry, world: World
) -> None:
    url = f"/api/referrals/{world.referral}/status"
    ack = world.itrans.post(url, json={"status": "acknowledged", "comment": "Reçu, merci"})
    assert ack.status_code == 200, ack.text
    assert ack.json()["status"] == "acknowledged"
    assert ack.json()["comments"][0]["text"] == "Reçu, merci"
    # another cluster's referral, a move back, a decline without reason
    other = world.aquimer.post(url, json={"status": "member"})
    assert other.status_code == 404
    back = world.itrans.post(url, json={"status": "sent"})
    assert back.status_code == 409
    assert "back" in back.json()["detail"]
    no_date = world.itrans.post(url, json={"status": "meeting"})
    assert no_date.status_code == 422
    meeting = world.itrans.post(url, json={"status": "meeting", "meeting_on": "2026-12-15"})
    assert meeting.status_code == 200 and meeting.json()["meeting_on"] == "2026-12-15"
    member = world.itrans.post(url, json={"status": "member", "comment": "Adhésion signée"})
    assert member.status_code == 200, member.text
    assert [h["status"] for h in member.json()["history"]] == [
        "acknowledged",
        "meeting",
        "member",
    ]
    final = world.itrans.post(url, json={"status": "declined", "reason": "trop tard"})
    assert final.status_code == 409
    again = world.itrans.post(url, json={"status": "member"})  # a CRM retrying: no change
    assert again.status_code == 200
    assert len(again.json()["history"]) == 3
    # the organisation is a member at the registry, and the officer reads both records
    org = world.officer.read("organisation", world.org).json()
    assert org["data"]["status"] == "member"
    ref = world.officer.read("referral", world.referral).json()
    assert ref["data"]["status"] == "member"
    assert ref["data"]["comments"][-1]["text"] == "Adhésion signée"
    pulled = world.officer.pulled()
    assert world.referral in pulled["referral"]
    # audited like every other change, refusals included
    with registry.db.session() as s:
        actions = [
            (a.action, a.entity)
            for a in s.scalars(select(AuditEntry).where(AuditEntry.actor == "pole@i-trans.eu"))
        ]
    assert ("applied", "referral") in actions
    assert ("applied", "organisation") in actions
    assert ("referral.refused", None) in actions


def test_declined_needs_a_reason_and_keeps_it(world: World) -> None:
    url = f"/api/referrals/{world.other_referral}/status"
    assert world.aquimer.post(url, json={"status": "declined"}).status_code == 422
    resp = world.aquimer.post(url, json={"status": "declined", "comment": "hors filière"})
    assert resp.status_code == 200
    assert resp.json()["status_reason"] == "hors filière"


def test_a_concurrent_officer_edit_of_the_status_is_a_conflict(
    registry: Registry, world: World
) -> None:
    before = world.officer.read("organisation", world.org).json()
    url = f"/api/referrals/{world.referral}/status"
    assert world.itrans.post(url, json={"status": "member"}).status_code == 200
    # the officer's laptop changed the status offline, from what it last saw
    resp = world.officer.push(
        mutation(
            "organisation",
            world.org,
            before["version"],
            status=(before["data"]["status"], "visited"),
        )
    )
    assert resp.status_code == 200
    result = resp.json()["results"][0]
    assert result["status"] == "conflict"
    assert result["conflicts"][0]["theirs"] == "member"
    assert result["conflicts"][0]["mine"] == "visited"
    assert world.officer.read("organisation", world.org).json()["data"]["status"] == "member"


SYNC_ENDPOINTS = [
    ("GET", "/sync/pull", None),
    ("POST", "/sync/push", {"mutations": []}),
    ("GET", "/records/organisation/{org}", None),
    ("GET", "/records/referral/{ref}", None),
    ("GET", "/records/officer/{officer}", None),
    ("GET", "/conflicts", None),
    ("POST", f"/conflicts/{uuid.uuid4()}/resolve", {"value": 1}),
]


@pytest.mark.parametrize(("method", "path", "body"), SYNC_ENDPOINTS)
def test_a_cluster_account_reaches_nothing_through_the_sync_protocol(
    world: World, method: str, path: str, body: Any
) -> None:
    url = path.format(org=world.org, ref=world.referral, officer=world.officer.officer_id)
    resp = world.itrans.request(method, url, json=body)
    assert resp.status_code == 403, resp.text
    assert "cluster account" in resp.json()["detail"]


def test_the_referral_api_is_for_cluster_accounts_only(world: World) -> None:
    assert world.officer.http.get("/api/referrals").status_code == 403
    assert world.chef.http.get("/api/referrals").status_code == 403
    anonymous = httpx.Client(transport=world.itrans._transport, base_url="http://registry.test")
    assert anonymous.get("/api/referrals").status_code == 401


def test_the_api_is_in_the_openapi_schema(world: World) -> None:
    paths = world.itrans.get("/openapi.json").json()["paths"]
    assert "get" in paths["/api/referrals"]
    assert "post" in paths["/api/referrals/{referral_id}/status"]
