"""``hdf-field contact erase ID --yes``: the documented contract, through ``main``."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Contact
from hdf_field.sync.tables import OutboxEntry
from tests.unit.cli.test_contact_cli import SIRET, org_db, run  # noqa: F401  (fixture)


def test_erase_needs_yes_then_erases_and_queues_one_erasure(
    org_db: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    db = str(org_db)
    code, out, _ = run(
        capsys, "contact", "add", SIRET, "--db", db, "--last-name", "Lefèvre",
        "--first-name", "Anne", "--phone", "06 11 22 33 44", "--json",
    )  # fmt: skip
    cid = json.loads(out)["id"]
    run(capsys, "contact", "set", cid, "role=DAF", "--db", db)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "visit-x.json").write_text(
        json.dumps({"data": {"contact_id": cid, "notes": "Anne Lefèvre: 06 11 22 33 44"}}),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "contact", "erase", cid, "--db", db)
    assert code == 2 and "Anne Lefèvre" in err and "--yes" in err
    code, out, _ = run(
        capsys, "contact", "erase", cid, "--db", db, "--yes", "--drafts", str(drafts), "--json"
    )
    assert code == 0
    result = json.loads(out)
    assert result["erased"] and result["drafts_scrubbed"] == ["visit-x.json"]
    assert "Lefèvre" not in out
    draft = json.loads((drafts / "visit-x.json").read_text(encoding="utf-8"))
    assert draft == {"data": {"contact_id": None, "notes": "[effacé]: [effacé]"}}
    database = open_database(db)
    try:
        with database.session() as s:
            assert s.get(Contact, uuid.UUID(cid)) is None
            entries = s.scalars(
                select(OutboxEntry).where(OutboxEntry.record_id == uuid.UUID(cid))
            ).all()
            assert [(e.record_id, e.erase, e.changes) for e in entries] == [
                (uuid.UUID(cid), True, {})
            ]  # the creation and the edit were replaced by the erasure
    finally:
        database.dispose()
    code, _, err = run(capsys, "contact", "erase", cid, "--db", db, "--yes")
    assert code == 1 and "no contact" in err


def test_an_officer_cannot_erase_out_of_their_territory(
    org_db: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hdf_field.storage.orm import AppMeta
    from hdf_field.storage.uow import UnitOfWork
    from hdf_field.sync.service import SCOPE_KEY

    db = str(org_db)
    _, out, _ = run(capsys, "contact", "add", SIRET, "--db", db, "--last-name", "Morel", "--json")
    cid = json.loads(out)["id"]
    database = open_database(db)
    try:
        with UnitOfWork(database) as uow:  # as the registry last described this account
            uow.session.add(
                AppMeta(
                    key=SCOPE_KEY,
                    value={"role": "officer", "officer_id": None, "territory": ["80"]},
                )
            )
            uow.commit()
    finally:
        database.dispose()
    code, _, err = run(capsys, "contact", "erase", cid, "--db", db, "--yes")
    assert code == 2 and "outside your territory" in err
    database = open_database(db)
    try:
        with UnitOfWork(database) as uow:
            meta = uow.session.get(AppMeta, SCOPE_KEY)
            assert meta is not None
            meta.value = {"role": "officer", "officer_id": None, "territory": ["59"]}
            uow.commit()
    finally:
        database.dispose()
    code, _, _ = run(capsys, "contact", "erase", cid, "--db", db, "--yes")
    assert code == 0
