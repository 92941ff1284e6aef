"""Erasing a person (GDPR art. 17) end to end: a registry (SQLite, and PostgreSQL when it is
reachable) and two laptops. After the erasure and the syncs, the bytes of every laptop file —
database, WAL, shared memory, drafts, bundles — and of the SQLite registry hold nothing of
the person: name, e-mail, phone."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from hdf_field.domain.enums import Role
from hdf_field.registry.tables import AppliedMutation, AuditEntry, Change, Conflict, Erasure
from hdf_field.services.contact_erasure import erase_contact
from hdf_field.services.contacts import add_contact, update_contact
from hdf_field.storage.orm import Contact, Officer, Organisation, Visit
from hdf_field.storage.search_index import FTS_TABLE
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.bundle import export_outbox
from hdf_field.sync.tables import LocalConflict, OutboxEntry
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.registry_http import caller, mutation
from tests.integration.sync.test_sync_protocol import add_org

FIRST, LAST = "Zéphyrine", "Quenouillard"
EMAIL = "zephyrine.quenouillard@exemple-rgpd.fr"
PHONE = "06 47 58 69 70"
# What must be found nowhere, compared with the lower-cased bytes of each file: the name as
# stored (UTF-8) and as the search index folds it, the e-mail, the phone with and without
# its spaces, and the name as JSON escapes it.
NEEDLES = (
    b"quenouillard",
    "zéphyrine".encode(),
    b"zephyrine",
    b"z\\u00e9phyrine",
    EMAIL.encode(),
    PHONE.encode(),
    PHONE.replace(" ", "").encode(),
)


def files_with_person(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes().lower()
        found += [f"{path.name}: {n!r}" for n in NEEDLES if n in data]
    return found


def officer_id(lap: Laptop, email: str) -> uuid.UUID:
    with lap.db.session() as s:
        oid = s.scalar(select(Officer.id).where(Officer.email == email))
    assert oid is not None
    return oid


def write_draft(folder: Path, org: uuid.UUID, contact: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"visit-{org}.json"
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "organisation_id": str(org),
                "organisation_name": "Forges",
                "data": {
                    "contact_id": contact,
                    "notes": f"Appeler {FIRST} {LAST} ({EMAIL}) au {PHONE}; bon accueil.",
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def search_terms(lap: Laptop) -> set[str]:
    """Every word the laptop's full-text index holds."""
    with lap.db.engine.connect() as conn:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, {FTS_TABLE}, row)"
        )
        return {t for (t,) in conn.exec_driver_sql("SELECT term FROM temp.vocab")}


def registry_text(registry: Registry) -> str:
    """Every row of every registry table, as text (for PostgreSQL, whose files are not ours)."""
    out = []
    with registry.db.engine.connect() as conn:
        tables = [
            t
            for (t,) in conn.execute(
                text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            )
        ]
        for t in tables:
            out += [str(r) for (r,) in conn.execute(text(f'SELECT row_to_json(x) FROM "{t}" x'))]
    return "\n".join(out).lower()


def test_erasure_reaches_every_copy_and_leaves_no_byte(
    registry: Registry, make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    a, b = (make_laptop(registry.user(f"{n}@hdf.fr", territory=["59"])) for n in "ab")
    drafts_a, drafts_b = tmp_path / "drafts-a", tmp_path / "drafts-b"
    b.sync.drafts_dir = drafts_b
    a.sync.run()  # officers arrive
    org = add_org(a.db, name="Forges", notes=f"Interlocutrice : {LAST}, {PHONE}")
    cid = add_contact(
        a.db,
        str(org),
        {"last_name": LAST, "first_name": FIRST, "email": EMAIL, "phone": PHONE, "role": "DAF"},
        "a@hdf.fr",
    )["id"]
    with UnitOfWork(a.db) as uow:
        visit = Visit(
            organisation_id=org,
            officer_id=officer_id(a, "a@hdf.fr"),
            contact_id=uuid.UUID(cid),
            notes=f"Vu {FIRST} {LAST} ; écrire à {EMAIL.upper()} ou appeler le +33 6 47 58 69 70.",
            next_step="Envoyer la plaquette",
        )
        uow.session.add(visit)
        uow.commit()
        visit_id = visit.id
    a.sync.run()
    b.sync.run()
    with b.db.session() as s:
        assert s.get(Contact, uuid.UUID(cid)) is not None  # both laptops hold the person
    assert LAST.lower() in search_terms(b)

    # B edits the person offline and carries a bundle of it; both laptops keep a draft.
    update_contact(b.db, cid, {"role": f"Directrice, ligne {PHONE}"}, "b@hdf.fr")
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    export_outbox(b.db, bundles / "b-outbox.hdfsync", b.sync.token or "")
    write_draft(drafts_a, org, cid)
    write_draft(drafts_b, org, cid)

    out = erase_contact(a.db, cid, "a@hdf.fr", drafts_dir=drafts_a)
    assert out["erased"] and out["drafts_scrubbed"] == [f"visit-{org}.json"]
    report_a = a.sync.run()
    assert report_a.pending == 0
    report_b = b.sync.run()
    # B's waiting edit was the erased person's: dropped, and said so.
    assert (report_b.erased, report_b.dropped) == (1, 1)
    assert report_b.pending == 0

    for lap in (a, b):
        with lap.db.session() as s:
            assert s.get(Contact, uuid.UUID(cid)) is None
            v = s.get(Visit, visit_id)
            assert v is not None and v.contact_id is None
            assert v.notes is not None and "[effacé]" in v.notes and "Vu " in v.notes
            assert v.next_step == "Envoyer la plaquette"
            o = s.get(Organisation, org)
            assert o is not None and o.notes == "Interlocutrice : [effacé], [effacé]"
            assert s.scalar(select(OutboxEntry.seq)) is None
            assert s.scalar(select(LocalConflict.id)) is None
        assert not {"quenouillard", "zephyrine"} & search_terms(lap)
    with registry.db.session() as s:
        assert s.get(Contact, uuid.UUID(cid)) is None
        assert s.get(Change, uuid.UUID(cid)) is None
        tomb = s.get(Erasure, uuid.UUID(cid))
        assert tomb is not None and tomb.erased_by == "a@hdf.fr"
        assert s.scalar(select(Conflict.id).where(Conflict.record_id == uuid.UUID(cid))) is None
        audit = s.scalars(select(AuditEntry).where(AuditEntry.record_id == uuid.UUID(cid))).all()
        assert {a.action for a in audit} >= {"create", "erase", "dropped"}
        stored = s.scalars(
            select(AppliedMutation.result).where(AppliedMutation.record_id == uuid.UUID(cid))
        ).all()
        # Results stored before the erasure kept only their status; later ones carry none.
        assert stored and not [r for r in stored if r.get("conflicts")]
        rv = s.get(Visit, visit_id)
        assert rv is not None and rv.contact_id is None and rv.version >= 2

    draft = json.loads((drafts_b / f"visit-{org}.json").read_text(encoding="utf-8"))
    assert draft["data"]["contact_id"] is None
    assert draft["data"]["notes"] == "Appeler [effacé] ([effacé]) au [effacé]; bon accueil."

    if registry.db.engine.dialect.name == "postgresql":
        dump = registry_text(registry)
        assert not [n for n in NEEDLES if n.decode() in dump]
    # While the programs run (WAL and shared memory present), then once they closed.
    assert files_with_person(tmp_path) == []
    for lap in (a, b):
        lap.db.dispose()
    registry.db.dispose()
    assert files_with_person(tmp_path) == []


def test_an_officer_cannot_erase_a_contact_out_of_reach(registry: Registry) -> None:
    north = caller(registry, "nord@hdf.fr", territory=["59"])
    south = caller(registry, "sud@hdf.fr", territory=["80"])
    org, person = uuid.uuid4(), uuid.uuid4()
    for m in (
        mutation("organisation", org, name="Forges", departement="59"),
        mutation("contact", person, organisation_id=str(org), last_name=LAST, email=EMAIL),
    ):
        assert north.push(m).status_code == 200
    erase = {**mutation("contact", person, 1), "erase": True}
    resp = south.push(erase)
    assert resp.status_code == 403, resp.text
    with registry.db.session() as s:
        assert s.get(Contact, person) is not None and s.get(Erasure, person) is None
    # The officer of the territory may; and once erased, a change naming it is dropped.
    erase = {**mutation("contact", person, 1), "erase": True}
    resp = north.push(erase)
    assert resp.json()["results"][0] == {**resp.json()["results"][0], "status": "applied"}
    late = north.push(mutation("contact", person, 1, role="DAF", phone=PHONE))
    result = late.json()["results"][0]
    assert result["status"] == "rejected" and result["conflicts"] == []
    with registry.db.session() as s:
        assert s.get(Contact, person) is None
        assert s.scalar(select(Conflict.id).where(Conflict.record_id == person)) is None


def test_a_manager_erases_at_the_registry_and_laptops_follow(
    registry: Registry, make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    from hdf_field.registry.erasure import erase_contacts

    lap = make_laptop(registry.user("a@hdf.fr", territory=["59"]))
    boss = caller(registry, "chef@hdf.fr", Role.MANAGER)
    org, person = uuid.uuid4(), uuid.uuid4()
    for m in (
        mutation("organisation", org, name="Forges", departement="59"),
        mutation("contact", person, organisation_id=str(org), last_name=LAST, phone=PHONE),
    ):
        assert boss.push(m).status_code == 200
    lap.sync.run()
    with lap.db.session() as s:
        assert s.get(Contact, person) is not None
    [outcome] = erase_contacts(registry.db, [person], "chef@hdf.fr")
    assert outcome.known and not outcome.already
    report = lap.sync.run()
    assert (report.erased, report.dropped) == (1, 0)
    with lap.db.session() as s:
        assert s.get(Contact, person) is None
    # Erasing again is harmless and says so.
    [again] = erase_contacts(registry.db, [person], "chef@hdf.fr")
    assert again.already


def payload(**kw: Any) -> dict[str, Any]:
    return kw


@pytest.mark.parametrize("entity", ["organisation", "visit"])
def test_only_a_contact_is_erased(registry: Registry, entity: str) -> None:
    boss = caller(registry, "chef@hdf.fr", Role.MANAGER)
    resp = boss.push({**mutation(entity, uuid.uuid4(), 1), "erase": True})
    assert resp.status_code == 422 and "erase" in resp.text


def test_an_erasure_travels_by_bundle_both_ways(
    sqlite_registry: Registry, tmp_path: Path, _template_db: Path
) -> None:
    """Offline: the erasure leaves in a sealed bundle, the reply tells the laptop what else
    was erased at the registry, and a later edit of the person on another laptop is dropped."""
    from hdf_field.registry.service import import_bundle
    from hdf_field.sync.bundle import import_reply

    registry = sqlite_registry
    token_a = registry.user("a@hdf.fr", territory=["59"])
    a = registry.laptop(token_a, tmp_path / "a.sqlite3", _template_db)
    boss = caller(registry, "chef@hdf.fr", Role.MANAGER)
    org, anne, paul = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for m in (
        mutation("organisation", org, name="Forges", departement="59"),
        mutation("contact", anne, organisation_id=str(org), last_name=LAST, email=EMAIL),
        mutation("contact", paul, organisation_id=str(org), last_name="Durand-Vasseur"),
    ):
        assert boss.push(m).status_code == 200
    a.sync.run()
    # Offline from here: A erases Anne and edits Paul; the office erases Paul meanwhile.
    erase_contact(a.db, str(anne), "a@hdf.fr")
    update_contact(a.db, str(paul), {"role": "DAF"}, "a@hdf.fr")
    assert boss.push({**mutation("contact", paul, 1), "erase": True}).status_code == 200
    out, reply = tmp_path / "a.hdfsync", tmp_path / "a-reply.hdfsync"
    assert export_outbox(a.db, out, token_a) == 2
    summary = import_bundle(registry.db, out, reply)
    assert summary["mutations"] == 2
    got = import_reply(a.db, reply, token_a)
    assert (got["erased"], got["dropped"], got["pending"]) == (1, 1, 0)
    with a.db.session() as s:
        assert s.get(Contact, anne) is None and s.get(Contact, paul) is None
        assert s.scalar(select(LocalConflict.id)) is None
    with registry.db.session() as s:
        assert set(s.scalars(select(Erasure.record_id))) == {anne, paul}
        assert s.scalar(select(Contact.id)) is None
    a.db.dispose()


def test_scrub_drafts_decrypts_scrubs_and_re_encrypts(tmp_path: Path) -> None:
    """An erasure pulled from the registry reaches encrypted drafts too; a draft it cannot
    decrypt is left exactly as it was (never deleted), for the visit form to set aside."""
    from hdf_field.domain.erasure import person_marks
    from hdf_field.storage import draft_files
    from hdf_field.storage.encryption import DatabaseKey
    from hdf_field.sync.erasure import scrub_drafts

    key = draft_files.draft_key(DatabaseKey(bytes(range(32))))
    org, cid = uuid.uuid4(), str(uuid.uuid4())
    draft = json.loads(write_draft(tmp_path / "plain", org, cid).read_text(encoding="utf-8"))
    folder = tmp_path / "drafts"
    path = draft_files.write_draft(folder / f"visit-{org}.json", draft, key)
    other_key = draft_files.draft_key(DatabaseKey(bytes(32)))
    foreign = draft_files.write_draft(folder / f"visit-{uuid.uuid4()}.json", draft, other_key)
    foreign_bytes = foreign.read_bytes()
    marks = person_marks(FIRST, LAST, EMAIL, PHONE)
    assert scrub_drafts(folder, [(uuid.UUID(cid), marks)], key) == [path.name]
    raw = path.read_bytes()
    assert raw.startswith(draft_files.MAGIC) and not [n for n in NEEDLES if n in raw.lower()]
    data, encrypted = draft_files.read_draft(path, key)
    assert encrypted and data["data"]["contact_id"] is None
    assert data["data"]["notes"] == "Appeler [effacé] ([effacé]) au [effacé]; bon accueil."
    assert foreign.read_bytes() == foreign_bytes
