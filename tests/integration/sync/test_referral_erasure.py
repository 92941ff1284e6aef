"""Erasing the person a referral shared: the referral stays (the organisation was handed to the
cluster), but it no longer points at the person nor names who gave the consent — on the laptop
that erased, at the registry, and on the cluster's side of the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdf_field.domain.erasure import ERASED_TEXT
from hdf_field.registry import service
from hdf_field.registry.erasure import erase_contacts as registry_erase
from hdf_field.registry.erasure import export_contact as registry_export
from hdf_field.reports.contact_export import contact_export_pdf
from hdf_field.services.contact_erasure import erase_contact
from hdf_field.services.contacts import export_contact
from hdf_field.storage.orm import Contact, Referral
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.test_referrals import make_world


def test_erasing_the_shared_person_blanks_the_referral_everywhere(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    world = make_world(registry)
    with UnitOfWork(registry.db) as uow:
        token = service.create_token(uow.session, "one@hdf.fr")
        uow.commit()
    lap = make_laptop(token)
    lap.sync.run()
    with lap.db.session() as s:
        ref = s.get(Referral, world.referral)
        assert ref is not None and ref.contact_id == world.contact
        assert ref.consent_given_by == "Claire Quennehen"
        other = s.get(Referral, world.other_referral)
        assert other is not None

    # Right of access: the export lists who received the person's data, and the PDF says so.
    data = export_contact(lap.db, str(world.contact))
    assert [(r["id"], r["cluster"], r["consent_given_by"]) for r in data["referrals"]] == [
        (str(world.referral), "i-Trans", "Claire Quennehen")
    ]
    pdf = contact_export_pdf(data)
    assert pdf.startswith(b"%PDF")
    with registry.db.session() as s:
        held = registry_export(s, world.contact)
    assert [(r["id"], r["cluster"]) for r in held["referrals"]] == [
        (str(world.referral), "i-Trans")
    ]
    assert contact_export_pdf(held).startswith(b"%PDF")

    erase_contact(lap.db, str(world.contact), "one@hdf.fr")
    with lap.db.session() as s:
        assert s.get(Contact, world.contact) is None
        ref = s.get(Referral, world.referral)
        assert ref is not None and ref.contact_id is None
        assert ref.consent_given_by == ERASED_TEXT
        assert ref.message == "Équipementier ferroviaire, cherche des partenaires R&D"
    report = lap.sync.run()
    assert report.pending == 0

    with registry.db.session() as s:
        assert s.get(Contact, world.contact) is None
        ref = s.get(Referral, world.referral)
        assert ref is not None and ref.contact_id is None
        assert ref.consent_given_by == ERASED_TEXT and ref.version >= 2
    with registry.db.session() as s:
        assert registry_export(s, world.contact)["referrals"] == []
    item = world.itrans.get(f"/api/referrals/{world.referral}").json()
    assert "Quennehen" not in str(item)
    # The laptop pulled the registry's scrubbed copy: same values, same version.
    lap.sync.run()
    with lap.db.session() as s, registry.db.session() as r:
        mine, theirs = s.get(Referral, world.referral), r.get(Referral, world.referral)
        assert mine is not None and theirs is not None
        assert (mine.contact_id, mine.consent_given_by, mine.version) == (
            theirs.contact_id,
            theirs.consent_given_by,
            theirs.version,
        )


def _cluster_writes_about_the_person(world: Any) -> None:
    url = f"/api/referrals/{world.referral}/status"
    meeting = world.itrans.post(
        url,
        json={
            "status": "meeting",
            "meeting_on": "2026-12-12",
            "comment": "RDV avec Mme Quennehen le 12, écrire à claire@fdn.fr",
        },
    )
    assert meeting.status_code == 200, meeting.text
    declined = world.itrans.post(
        url, json={"status": "declined", "reason": "Claire Quennehen préfère attendre 2027"}
    )
    assert declined.status_code == 200, declined.text
    # Another cluster's referral, about another organisation, names nobody erased.
    other = f"/api/referrals/{world.other_referral}/status"
    kept = world.aquimer.post(other, json={"comment": "Rencontré M. Quennehen-Durand"})
    assert kept.status_code == 200, kept.text


def _assert_scrubbed(comments: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
    assert [c["text"] for c in comments] == [
        f"RDV avec Mme {ERASED_TEXT} le 12, écrire à {ERASED_TEXT}"
    ]
    assert [(h["status"], h.get("reason")) for h in history] == [
        ("meeting", None),
        ("declined", f"{ERASED_TEXT} préfère attendre 2027"),
    ]
    # Who answered and when are the cluster's, not the person's: kept.
    assert comments[0]["by"] == "pole@i-trans.eu" and comments[0]["at"]
    assert all(h["by"] == "pole@i-trans.eu" and h["at"] for h in history)
    assert history[0]["meeting_on"] == "2026-12-12"


def test_erasing_at_the_registry_scrubs_the_clusters_comments_and_history(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    world = make_world(registry)
    _cluster_writes_about_the_person(world)
    with UnitOfWork(registry.db) as uow:
        token = service.create_token(uow.session, "one@hdf.fr")
        uow.commit()
    lap = make_laptop(token)
    lap.sync.run()
    with registry.db.session() as s:
        before = s.get(Referral, world.referral)
        assert before is not None
        version = before.version

    registry_erase(registry.db, [world.contact], "chef@hdf.fr")

    with registry.db.session() as s:
        ref = s.get(Referral, world.referral)
        assert ref is not None and ref.version == version + 1
        _assert_scrubbed(ref.comments, ref.history)
        assert ref.status_reason == f"{ERASED_TEXT} préfère attendre 2027"
        other = s.get(Referral, world.other_referral)
        assert other is not None
        assert other.comments[0]["text"] == "Rencontré M. Quennehen-Durand"
    item = world.itrans.get(f"/api/referrals/{world.referral}").json()
    assert "Quennehen" not in str(item["comments"]) and "Quennehen" not in str(item["history"])
    assert "claire@fdn.fr" not in str(item)
    # The officer's laptop pulls the scrubbed referral.
    lap.sync.run()
    with lap.db.session() as s:
        ref = s.get(Referral, world.referral)
        assert ref is not None and ref.version == version + 1
        _assert_scrubbed(ref.comments, ref.history)


def test_erasing_on_the_laptop_scrubs_its_copy_of_the_clusters_comments(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    world = make_world(registry)
    _cluster_writes_about_the_person(world)
    with UnitOfWork(registry.db) as uow:
        token = service.create_token(uow.session, "one@hdf.fr")
        uow.commit()
    lap = make_laptop(token)
    lap.sync.run()
    erase_contact(lap.db, str(world.contact), "one@hdf.fr")
    with lap.db.session() as s:
        ref = s.get(Referral, world.referral)
        assert ref is not None
        _assert_scrubbed(ref.comments, ref.history)
        assert ref.status_reason == f"{ERASED_TEXT} préfère attendre 2027"
    report = lap.sync.run()
    assert report.pending == 0 and report.conflicts == 0
    with registry.db.session() as s:
        ref = s.get(Referral, world.referral)
        assert ref is not None
        _assert_scrubbed(ref.comments, ref.history)
        assert ref.status_reason == f"{ERASED_TEXT} préfère attendre 2027"
