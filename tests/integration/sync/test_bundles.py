"""Sealed bundles against a real registry (SQLite and PostgreSQL): each attack of the
security review is replayed and refused whole, and the honest path applies all or nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hdf_field.domain.enums import Role
from hdf_field.domain.errors import InputFileError
from hdf_field.registry.service import import_bundle
from hdf_field.registry.tables import ApiToken, AppliedMutation, AuditEntry, Change, Conflict
from hdf_field.services.sync_conflicts import open_conflicts
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import sealed
from hdf_field.sync.bundle import export_outbox, import_reply
from hdf_field.sync.client import SyncError, SyncErrorKind
from hdf_field.sync.outbox import pending_count
from hdf_field.sync.tables import LocalConflict, OutboxEntry
from tests.integration.sync.conftest import Laptop, Registry


def add_org(db: Database, **kw: Any) -> uuid.UUID:
    with UnitOfWork(db) as uow:
        org = Organisation(**{"name": "Acme", "departement": "59", **kw})
        uow.session.add(org)
        uow.commit()
        return org.id


def registry_state(db: Database) -> dict[str, Any]:
    """Everything a bundle import may change on the registry (not the audit log)."""
    with db.session() as s:
        return {
            "orgs": sorted(
                (str(o.id), o.name, o.version, o.updated_by)
                for o in s.scalars(select(Organisation))
            ),
            "applied": s.scalar(select(func.count()).select_from(AppliedMutation)),
            "conflicts": s.scalar(select(func.count()).select_from(Conflict)),
            "feed": s.scalar(select(func.max(Change.seq))),
        }


def audit(db: Database, action: str) -> list[AuditEntry]:
    with db.session() as s:
        return list(
            s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        )


def open_payload(path: Path, token: str) -> dict[str, Any]:
    data = path.read_bytes()
    header = sealed.read_header(path, data)
    raw = sealed.open_sealed(path, data, header, sealed.bundle_key(token))
    return dict(json.loads(raw))


def reseal(path: Path, token: str, payload: dict[str, Any], kind: str = "mutations") -> None:
    """What an attacker holding ``token`` can do: write any payload under its key."""
    path.write_bytes(
        sealed.seal(
            json.dumps(payload).encode(), sealed.bundle_key(token), sealed.key_id(token), kind
        )
    )


@pytest.fixture
def world(registry: Registry, make_laptop: Callable[..., Laptop]) -> dict[str, Any]:
    """An officer of the Nord, a manager, and an organisation of the Pas-de-Calais that only
    the manager may change."""
    officer = registry.user("nord@hdf.fr", territory=["59"])
    manager = registry.user("chef@hdf.fr", role=Role.MANAGER)
    boss = make_laptop(manager)
    foreign = add_org(boss.db, name="Arras Méca", departement="62")
    boss.sync.run()
    lap = make_laptop(officer)
    lap.sync.run()
    return {"officer": officer, "manager": manager, "laptop": lap, "foreign": foreign}


def refused(registry: Registry, path: Path, reply: Path, match: str) -> None:
    before = registry_state(registry.db)
    n_audit = len(audit(registry.db, "bundle.refused"))
    with pytest.raises(InputFileError, match=match) as caught:
        import_bundle(registry.db, path, reply)
    assert "\n" not in str(caught.value)
    assert registry_state(registry.db) == before
    assert not reply.exists()
    assert len(audit(registry.db, "bundle.refused")) == n_audit + 1


def test_honest_bundle_applies_as_the_sealing_account(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    lap = world["laptop"]
    org = add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    assert export_outbox(lap.db, out, world["officer"]) == 1
    assert b"Lille Textile" not in out.read_bytes()  # encrypted, not only signed
    summary = import_bundle(registry.db, out, reply)
    assert summary["account"] == summary["author"] == "nord@hdf.fr"
    with registry.db.session() as s:
        assert s.get(Organisation, org).updated_by == "nord@hdf.fr"  # type: ignore[union-attr]
    got = import_reply(lap.db, reply, world["officer"])
    assert got["pending"] == 0 and got["pushed"] == 1 and got["account"] == "nord@hdf.fr"


def test_author_edited_to_a_manager_is_refused_whole(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, world["officer"])
    payload = open_payload(out, world["officer"])
    first = payload["mutations"][0]
    payload["author"] = "chef@hdf.fr"
    payload["mutations"].append(
        {
            **first,
            "mutation_id": str(uuid.uuid4()),
            "entity": "organisation",
            "record_id": str(world["foreign"]),
            "base_version": 1,
            "changes": {"name": ["Arras Méca", "x"]},
        }
    )
    reseal(out, world["officer"], payload)
    refused(
        registry,
        out,
        reply,
        "names 'chef@hdf.fr' as its author but was sealed with the token of nord@hdf.fr",
    )
    # Without the forged author, the extra mutation is refused alone, as the officer.
    payload["author"] = "nord@hdf.fr"
    reseal(out, world["officer"], payload)
    summary = import_bundle(registry.db, out, reply)
    assert summary["refused"] == 1 and summary["mutations"] == 2
    with registry.db.session() as s:
        assert s.get(Organisation, world["foreign"]).name == "Arras Méca"  # type: ignore
    rows = audit(registry.db, "bundle.refused-mutation")
    assert [r.record_id for r in rows] == [world["foreign"]] and rows[0].actor == "nord@hdf.fr"
    # The reply carries the officer's scope, not the region.
    answer = open_payload(reply, world["officer"])
    assert {
        r["data"].get("departement") for r in answer["records"] if r["entity"] == "organisation"
    } == {"59"}


@pytest.mark.parametrize("where", ["header", "body", "tag"])
def test_a_flipped_byte_is_refused_whole(
    registry: Registry, world: dict[str, Any], tmp_path: Path, where: str
) -> None:
    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, world["officer"])
    data = bytearray(out.read_bytes())
    at = {"header": 40, "body": sealed.HEADER.size + 3, "tag": len(data) - 1}[where]
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    refused(registry, out, reply, "refused|not a sync bundle|does not know")


def test_truncated_bundle_is_refused_whole(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, world["officer"])
    whole = out.read_bytes()
    for cut in (len(whole) - 1, len(whole) // 2, sealed.HEADER.size + 10, 10):
        out.write_bytes(whole[:cut])
        refused(registry, out, reply, "refused|cut short|too short")


def test_bundle_replayed_under_another_accounts_key_id(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, world["officer"])
    data = bytearray(out.read_bytes())
    kid_at = 4 + 1 + 1
    data[kid_at : kid_at + 32] = sealed.key_id(world["manager"])
    out.write_bytes(bytes(data))
    refused(registry, out, reply, "fails authentication")


def test_revoked_or_pre_bundle_token_is_refused(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    from hdf_field.registry import service

    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, world["officer"])
    with UnitOfWork(registry.db) as uow:
        service.revoke_token(uow.session, world["officer"])
        uow.commit()
    refused(registry, out, reply, "revoked token of nord@hdf.fr")
    # A token made before bundles were sealed has no key: the message says what to do.
    fresh = registry.user("sud@hdf.fr", territory=["80"])
    with UnitOfWork(registry.db) as uow:
        row = uow.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == sealed.key_id(fresh).hex())
        )
        assert row is not None and row.bundle_key == sealed.bundle_key(fresh).hex()
        row.bundle_key = None
        uow.commit()
    reseal(out, fresh, {"cursor": 0, "created_at": "2026-01-01T00:00:00Z", "mutations": []})
    refused(registry, out, reply, "registry token create sud@hdf.fr")
    # A key id nobody has.
    reseal(
        out, "hdf_" + "x" * 43, {"cursor": 0, "created_at": "2026-01-01T00:00:00Z", "mutations": []}
    )
    refused(registry, out, reply, "does not know")


def test_forged_or_foreign_reply_is_refused_on_the_laptop(
    registry: Registry, world: dict[str, Any], make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(lap.db, out, world["officer"])
    import_bundle(registry.db, out, reply)
    good = reply.read_bytes()

    def untouched() -> tuple[int, int]:
        with lap.db.session() as s:
            return pending_count(s), s.scalar(select(func.count()).select_from(Organisation)) or 0

    before = untouched()
    reply.write_bytes(good[:-20] + bytes(b ^ 0xFF for b in good[-20:]))
    with pytest.raises(InputFileError, match="fails authentication"):
        import_reply(lap.db, reply, world["officer"])
    assert untouched() == before
    # A reply sealed for another account (the manager's, carrying the whole region).
    other = make_laptop(world["manager"])
    add_org(other.db, name="Douai Forge")
    export_outbox(other.db, out, world["manager"])
    import_bundle(registry.db, out, reply)
    with pytest.raises(InputFileError, match="not made for this laptop"):
        import_reply(lap.db, reply, world["officer"])
    assert untouched() == before
    # The same file with the officer's key id swapped in still fails its tags.
    data = bytearray(reply.read_bytes())
    data[6:38] = sealed.key_id(world["officer"])
    reply.write_bytes(bytes(data))
    with pytest.raises(InputFileError, match="fails authentication"):
        import_reply(lap.db, reply, world["officer"])
    # A bundle meant for the registry is not a reply.
    export_outbox(lap.db, out, world["officer"])
    with pytest.raises(InputFileError, match="goes to the registry"):
        import_reply(lap.db, out, world["officer"])
    assert untouched() == before


def test_gzip_bomb_is_refused_before_parsing(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    """An officer seals, with their own valid key, a file that decompresses past the limit."""
    import zlib

    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    packed = [comp.compress(b'{"cursor": 0, "mutations": [], "x": "')]
    packed += [comp.compress(zeros) for _ in range(sealed.MAX_PAYLOAD // len(zeros) + 1)]
    packed.append(comp.flush())
    bomb = b"".join(packed)
    assert len(bomb) < 2 * 1024 * 1024
    out, reply = tmp_path / "bomb.hdfb", tmp_path / "reply.hdfb"
    officer = world["officer"]
    out.write_bytes(
        sealed.seal_packed(bomb, sealed.bundle_key(officer), sealed.key_id(officer), "mutations")
    )
    refused(registry, out, reply, f"more than the limit of {sealed.MAX_PAYLOAD} bytes")


def test_oversized_file_is_refused_before_reading(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    out, reply = tmp_path / "big.hdfb", tmp_path / "reply.hdfb"
    with out.open("wb") as fh:
        fh.truncate(sealed.MAX_FILE + 1)  # sparse: no disk, no memory
    refused(registry, out, reply, f"over the limit of {sealed.MAX_FILE} bytes")


def test_one_out_of_scope_among_1001_applies_the_rest_once(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    lap = world["laptop"]
    with UnitOfWork(lap.db) as uow:
        uow.session.add_all([Organisation(name=f"Org {i}", departement="59") for i in range(1000)])
        uow.commit()
    outside = add_org(lap.db, name="Hors zone", departement="62")  # refused: not the Nord
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    assert export_outbox(lap.db, out, world["officer"]) == 1001
    first = import_bundle(registry.db, out, reply)
    assert (first["mutations"], first["refused"], first["duplicates"]) == (1001, 1, 0)
    answer = open_payload(reply, world["officer"])
    rejected = [r for r in answer["results"] if r["status"] == "rejected"]
    assert len(rejected) == 1 and rejected[0]["message"] == "outside your scope"
    assert (rejected[0]["code"], rejected[0]["params"]) == ("push.out_of_scope", {})
    with registry.db.session() as s:
        names = set(s.scalars(select(Organisation.name)))
    assert {f"Org {i}" for i in range(1000)} <= names and "Hors zone" not in names
    state = registry_state(registry.db)
    # Importing the same bundle again applies nothing more and answers the same.
    again = import_bundle(registry.db, out, reply)
    assert (again["duplicates"], again["refused"]) == (1001, 0)
    assert registry_state(registry.db) == state
    second = open_payload(reply, world["officer"])
    strip = [{k: v for k, v in r.items() if k != "duplicate"} for r in second["results"]]
    assert strip == [{k: v for k, v in r.items() if k != "duplicate"} for r in answer["results"]]
    assert len(audit(registry.db, "bundle.refused-mutation")) == 1
    # The laptop: outbox empty, the refused creation kept as a conflict on field "*".
    got = import_reply(lap.db, reply, world["officer"])
    assert got["pending"] == 0 and got["refused"] == 1
    with lap.db.session() as s:
        kept = s.scalars(select(LocalConflict).where(LocalConflict.field == "*")).all()
        assert [(c.record_id, c.theirs) for c in kept] == [
            (outside, {"reason": "outside your scope", "code": "push.out_of_scope", "params": {}})
        ]
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    # The conflicts screen says the registry's reason in the user's language.
    [item] = [i for i in open_conflicts(lap.db, "fr") if i.whole_record]
    assert item.theirs == "hors de votre périmètre"
    assert [i.theirs for i in open_conflicts(lap.db, "en") if i.whole_record] == [
        "outside your scope"
    ]
    assert import_reply(lap.db, reply, world["officer"])["pending"] == 0  # harmless twice
    # Once the laptop has synced past it, the old reply would bring older records back.
    add_org(world["laptop"].db, name="Après")
    lap.sync.run()
    with pytest.raises(InputFileError, match="older than this laptop's last sync"):
        import_reply(lap.db, reply, world["officer"])


def test_reply_that_cannot_be_written_leaves_nothing_applied(
    registry: Registry, world: dict[str, Any], tmp_path: Path
) -> None:
    lap = world["laptop"]
    add_org(lap.db, name="Lille Textile")
    out = tmp_path / "out.hdfb"
    export_outbox(lap.db, out, world["officer"])
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("x")
    refused(registry, out, blocked / "reply.hdfb", "refused")
    assert import_bundle(registry.db, out, tmp_path / "reply.hdfb")["duplicates"] == 0


def test_cli_export_needs_the_laptops_own_token(
    sqlite_registry: Registry,
    tmp_path: Path,
    _template_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    from hdf_field.cli import main
    from hdf_field.storage.database import open_database

    token = sqlite_registry.user("nord@hdf.fr", territory=["59"])
    laptop = tmp_path / "laptop.sqlite3"
    shutil.copyfile(_template_db, laptop)
    ldb = open_database(laptop)
    add_org(ldb, name="Lille Textile")
    ldb.dispose()
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    # No token: one line saying to ask the office (in the CLI's language), and no file.
    assert main(["bundle", "export", str(out), "--db", str(laptop)]) != 0
    err = capsys.readouterr().err.strip()
    assert "demandez-en un au bureau" in err and len(err.splitlines()) == 1 and not out.exists()
    assert main(["bundle", "export", str(out), "--db", str(laptop), "--lang", "en"]) != 0
    assert "ask the office" in capsys.readouterr().err
    # Nobody chooses an identity any more.
    with pytest.raises(SystemExit):
        main(["bundle", "export", str(out), "--db", str(laptop), "--author", "chef@hdf.fr"])
    capsys.readouterr()
    # Given once with its registry, the token is kept for the next exports.
    assert (
        main(
            [
                "bundle",
                "export",
                str(out),
                "--db",
                str(laptop),
                "--server",
                sqlite_registry.url,
                "--token",
                token,
                "--json",
            ]
        )
        == 0
    )
    exported = json.loads(capsys.readouterr().out)
    assert exported["mutations"] == 1 and exported["key_id"] == sealed.key_id(token).hex()[:12]
    assert main(["bundle", "export", str(out), "--db", str(laptop), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) >= {"mutations", "file", "author"}
    reg = str(tmp_path / "registry.sqlite3")
    assert (
        main(["registry", "import-bundle", str(out), "--db", reg, "--reply", str(reply), "--json"])
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["account"] == "nord@hdf.fr" and summary["mutations"] == 1
    assert {"author", "mutations", "conflicts", "duplicates", "reply", "records"} <= set(summary)
    assert main(["bundle", "import", str(reply), "--db", str(laptop), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 0
    # A refused bundle: one line on stderr, non-zero exit.
    out.write_bytes(out.read_bytes()[:-1])
    assert main(["registry", "import-bundle", str(out), "--db", reg]) != 0
    err = capsys.readouterr().err.strip()
    assert "refusé" in err and len(err.splitlines()) == 1


def test_reply_for_another_account_is_refused_on_a_bound_laptop(
    registry: Registry, world: dict[str, Any], make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    """The officer's laptop belongs to nord@hdf.fr since its first sync: a genuine reply made
    with the manager's token (and opened with it) would pour the whole region into it."""
    lap = world["laptop"]
    other = make_laptop(world["manager"])
    add_org(other.db, name="Douai Forge")
    out, reply = tmp_path / "out.hdfb", tmp_path / "reply.hdfb"
    export_outbox(other.db, out, world["manager"])
    import_bundle(registry.db, out, reply)
    with lap.db.session() as s:
        before = s.scalar(select(func.count()).select_from(Organisation))
    with pytest.raises(SyncError, match="belongs to nord@hdf.fr") as caught:
        import_reply(lap.db, reply, world["manager"])
    assert caught.value.kind is SyncErrorKind.ACCOUNT and "\n" not in str(caught.value)
    with lap.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == before
