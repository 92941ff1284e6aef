"""Visit drafts at rest: encrypted when the database is, through every reader and writer
(the visit form's store, the right-of-access export, erasure), and never lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdf_field.services.contact_erasure import erase_contact
from hdf_field.services.contacts import add_contact, export_contact
from hdf_field.services.visit_drafts import DraftStore, draft_store
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.draft_files import MAGIC, draft_key, read_draft
from hdf_field.storage.encryption import DatabaseKey
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

FIRST, LAST = "Zéphyrine", "Quenouillard"
PHONE = "06 47 58 69 70"
NOTES = f"Vu {FIRST} {LAST}, rappeler au {PHONE}"


@pytest.fixture
def encrypted_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "enc.db", key=DatabaseKey(bytes(range(32))))
    yield db
    db.dispose()


def _org_and_contact(db: Database) -> tuple[str, str]:
    with UnitOfWork(db) as uow:
        org = Organisation(name="Forges du Nord", lat=50.63, lon=3.06, departement="59")
        uow.session.add(org)
        uow.session.flush()
        org_id = str(org.id)
        uow.commit()
    out = add_contact(db, org_id, {"last_name": LAST, "first_name": FIRST, "phone": PHONE}, "test")
    return org_id, str(out["id"])


def test_the_store_of_an_encrypted_database_encrypts(
    encrypted_db: Database, tmp_path: Path
) -> None:
    store = draft_store(encrypted_db, tmp_path / "drafts")
    assert store.encrypted and encrypted_db.draft_key is not None
    path = store.save("org-1", "Forges", {"notes": NOTES})
    raw = path.read_bytes()
    assert raw.startswith(MAGIC)
    for secret in (LAST, FIRST, PHONE, "Forges"):
        assert secret.encode() not in raw
    draft = store.load("org-1")
    assert draft is not None and draft.data == {"notes": NOTES}
    assert [d.organisation_id for d in store.pending()] == ["org-1"]


def test_a_plain_database_keeps_plain_drafts(db: Database, tmp_path: Path) -> None:
    store = draft_store(db, tmp_path)
    assert db.draft_key is None and not store.encrypted
    path = store.save("org-1", "Forges", {"notes": NOTES})
    assert json.loads(path.read_text(encoding="utf-8"))["data"]["notes"] == NOTES


def test_a_legacy_plain_draft_is_read_then_written_encrypted(tmp_path: Path) -> None:
    key = draft_key(DatabaseKey(bytes(range(32))))
    DraftStore(tmp_path).save("org-1", "Forges", {"notes": NOTES})  # the previous version
    store = DraftStore(tmp_path, key)
    draft = store.load("org-1")
    assert draft is not None and draft.data == {"notes": NOTES}
    assert store.take_set_aside() == []
    with store.path_for("org-1").open("rb") as old:  # the legacy file's blocks
        store.save("org-1", "Forges", {**draft.data, "interest": 2})
        assert old.read().strip(b"\0") == b""  # zeroed, not left in clear on the disk
    raw = store.path_for("org-1").read_bytes()
    assert raw.startswith(MAGIC) and LAST.encode() not in raw
    assert read_draft(store.path_for("org-1"), key)[0]["data"]["interest"] == 2


def test_a_draft_under_another_key_is_set_aside_not_deleted(tmp_path: Path) -> None:
    other = DraftStore(tmp_path, draft_key(DatabaseKey(bytes(32))))
    path = other.save("org-1", "Forges", {"notes": NOTES})
    before = path.read_bytes()
    (tmp_path / "visit-org-2.json").write_bytes(b"{damaged")
    store = DraftStore(tmp_path, draft_key(DatabaseKey(bytes(range(32)))))
    assert store.load("org-1") is None
    assert store.pending() == []
    aside = store.take_set_aside()
    assert sorted(p.name for p in aside) == [
        "visit-org-1.json.unreadable",
        "visit-org-2.json.unreadable",
    ]
    assert (tmp_path / "visit-org-1.json.unreadable").read_bytes() == before
    assert store.take_set_aside() == []  # told once
    # The officer can start again: a new draft takes the name, the old one stays aside.
    store.save("org-1", "Forges", {"notes": "nouveau"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "visit-org-1.json",
        "visit-org-1.json.unreadable",
        "visit-org-2.json.unreadable",
    ]


def test_access_export_lists_an_encrypted_draft(encrypted_db: Database, tmp_path: Path) -> None:
    org_id, cid = _org_and_contact(encrypted_db)
    drafts = tmp_path / "drafts"
    store = draft_store(encrypted_db, drafts)
    store.save(org_id, "Forges du Nord", {"contact_id": cid, "notes": "brouillon"})
    store.save("org-2", "Autre", {"notes": f"appeler {FIRST} {LAST}"})
    store.save("org-3", "Autre", {"notes": "rien à voir"})
    data = export_contact(encrypted_db, cid, drafts_dir=drafts)
    assert sorted(d["draft"]["organisation_id"] for d in data["drafts"]) == [org_id, "org-2"]
    assert {d["draft"]["data"]["notes"] for d in data["drafts"]} == {
        "brouillon",
        f"appeler {FIRST} {LAST}",
    }


def test_erasure_scrubs_an_encrypted_draft_and_keeps_it_encrypted(
    encrypted_db: Database, tmp_path: Path
) -> None:
    org_id, cid = _org_and_contact(encrypted_db)
    drafts = tmp_path / "drafts"
    store = draft_store(encrypted_db, drafts)
    store.save(org_id, "Forges du Nord", {"contact_id": cid, "notes": NOTES})
    # And one an earlier version left in plain JSON: it comes back scrubbed and encrypted.
    DraftStore(drafts).save("org-2", "Autre", {"notes": NOTES})
    out = erase_contact(encrypted_db, cid, "test", drafts_dir=drafts)
    assert sorted(out["drafts_scrubbed"]) == sorted(
        [store.path_for(org_id).name, store.path_for("org-2").name]
    )
    for org in (org_id, "org-2"):
        raw = store.path_for(org).read_bytes()
        assert raw.startswith(MAGIC)
        draft = store.load(org)
        assert draft is not None
        assert LAST not in json.dumps(draft.data, ensure_ascii=False)
        assert "[effacé]" in draft.data["notes"]
    assert store.load(org_id).data["contact_id"] is None  # type: ignore[union-attr]
    assert sorted(p.name for p in drafts.iterdir()) == sorted(
        [store.path_for(org_id).name, store.path_for("org-2").name]
    )
