"""Wire values: what a laptop stores from a pulled record is what the ORM would have stored."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hdf_field.domain.enums import FunnelStatus
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import engine
from hdf_field.sync.records import ENTITIES, to_wire
from hdf_field.sync.schemas import RecordOut


def test_raw_upsert_matches_the_orm(db_path: Path, tmp_path: Path) -> None:
    db = open_database(db_path)
    values = dict(
        id=uuid.uuid4(),
        name="Ébénisterie Dupont",
        departement="80",
        head_office=True,
        founded_on=date(1999, 12, 31),
        opening_hours={"1": [["08:30", "12:00"]]},
        tags=["bois", "export"],
        lat=49.894,
        lon=2.302,
        status=FunnelStatus.VISITED,
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # no microseconds
        updated_at=datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
        deleted_at=datetime(2026, 1, 3, 12, 0, tzinfo=timezone(timedelta(hours=2))),
        version=4,
    )
    with UnitOfWork(db) as uow:
        engine.mark_pulled_session(uow.session)
        org = Organisation(**values)
        uow.session.add(org)
        uow.commit()
    with db.session() as s:
        wire = ENTITIES["organisation"].encode_row(
            {
                c.name: getattr(s.get(Organisation, values["id"]), c.name)
                for c in Organisation.__table__.columns
            }
        )
    other = open_database(tmp_path / "other.sqlite3")
    with UnitOfWork(other) as uow:
        engine.mark_pulled_session(uow.session)
        engine.apply_records(
            uow.session,
            [RecordOut(entity="organisation", id=values["id"], version=4, deleted=True, data=wire)],
        )
        uow.commit()
    with db.session() as a, other.session() as b:
        left = a.get(Organisation, values["id"])
        right = b.get(Organisation, values["id"])
        for col in Organisation.__table__.columns:
            assert to_wire(getattr(left, col.name)) == to_wire(getattr(right, col.name)), col.name
    assert right.deleted_at == datetime(2026, 1, 3, 10, 0, tzinfo=UTC)
    db.dispose()
    other.dispose()


def test_a_required_text_field_may_not_be_blank_on_the_wire() -> None:
    """A pushed organisation named "" would be a nameless prospect on every laptop."""
    import pytest

    from hdf_field.domain.errors import ValidationError

    org = ENTITIES["organisation"]
    assert "name" in org.required
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match="blank"):
            org.decode("name", blank)
    assert org.decode("name", "Atelier") == "Atelier"
    assert org.decode("trade_name", "") == ""  # optional text may be empty
