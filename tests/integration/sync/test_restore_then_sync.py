"""An encrypted laptop put back to an older backup syncs safely (issue 10, backups).

The backup holds an outbox entry the registry acknowledged after the backup was taken, and
a pull cursor from before records the registry received since: after the restore, the next
sync applies nothing twice (the registry answers the replayed mutation id with its stored
result) and loses nothing the registry has (it pulls again from the backup's cursor).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from hdf_field.registry.tables import AppliedMutation, AuditEntry
from hdf_field.services.backups import restore
from hdf_field.services.bootstrap import open_app_database
from hdf_field.services.contacts import add_contact
from hdf_field.storage import backup
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.sync.outbox import pending_count
from hdf_field.sync.service import SyncService
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.test_sync_protocol import add_org, edit, snapshot

HEX_KEY = "3c" * 32


def _registry_counts(registry: Registry) -> tuple[int, int]:
    with registry.db.session() as s:
        applied = s.scalar(select(func.count()).select_from(AppliedMutation)) or 0
        audited = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return int(applied), int(audited)


def _registry_org(registry: Registry, org_id: uuid.UUID) -> tuple[str, int]:
    with registry.db.session() as s:
        org = s.get(Organisation, org_id)
        assert org is not None
        return org.name, org.version


def _pending(db: Database) -> int:
    with db.session() as s:
        return pending_count(s)


def test_restore_then_sync_pushes_nothing_twice_and_loses_nothing(
    registry: Registry,
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HDF_FIELD_DB_KEY", HEX_KEY)
    token = registry.user("a@hdf.fr", territory=["59"])
    path = tmp_path / "encrypted-laptop.sqlite3"

    def laptop() -> Laptop:
        db = open_app_database(path)
        assert db.key is not None
        return Laptop(db, SyncService(db, registry.url, token, transport=registry.transport()))

    a = laptop()
    b = make_laptop(registry.user("b@hdf.fr", territory=["59"]))
    forges = add_org(a.db, name="Forges", lat=50.63, lon=3.06)
    add_contact(a.db, str(forges), {"last_name": "Michel", "first_name": "Louise"}, "a")
    a.sync.run()
    b.sync.run()

    # An edit waits in the outbox when the backup is taken; it is pushed right after.
    edit(a.db, Organisation, forges, name="Forges du Nord")
    assert _pending(a.db) == 1
    taken = backup.create_backup(a.db, "manual")
    assert a.sync.run().pushed == 1
    # Since the backup: laptop A adds an organisation, laptop B edits the first one.
    later = add_org(a.db, name="Filature", lat=50.7, lon=3.2)
    a.sync.run()
    b.sync.run()
    edit(b.db, Organisation, forges, phone="03 20 00 00 00")
    b.sync.run()
    name_before, version_before = _registry_org(registry, forges)
    counts_before = _registry_counts(registry)

    a.db.dispose()
    saved = restore(path, taken.path).saved_current
    assert saved is not None and saved.exists()
    a = laptop()
    with a.db.session() as s:
        assert s.get(Organisation, later) is None  # the backup is older than Filature
        assert s.get(Organisation, forges).phone is None  # type: ignore[union-attr]
    assert _pending(a.db) == 1  # the edit the registry already has

    report = a.sync.run()
    # The replayed mutation is answered from the registry's record of it: nothing new is
    # applied, audited or sequenced.
    assert _registry_counts(registry) == counts_before
    assert _registry_org(registry, forges) == (name_before, version_before)
    assert report.pending == 0 and report.conflicts == 0
    assert _pending(a.db) == 0
    # Nothing the registry has is missing: Filature and B's phone came back with the pull.
    with a.db.session() as s:
        assert s.get(Organisation, later) is not None
        org = s.get(Organisation, forges)
        assert org is not None and org.name == "Forges du Nord"
        assert org.phone == "03 20 00 00 00"
        assert org.version == version_before
        assert s.scalar(select(func.count()).select_from(Contact)) == 1
        assert s.execute(text("SELECT count(*) FROM sync_conflict")).scalar() == 0
    b.sync.run()
    assert snapshot(a.db) == snapshot(b.db)
    # And the next edit flows as usual.
    edit(a.db, Organisation, later, name="Filature de Roubaix")
    a.sync.run()
    b.sync.run()
    assert _registry_org(registry, later)[0] == "Filature de Roubaix"
    assert snapshot(a.db) == snapshot(b.db)
    a.db.dispose()
