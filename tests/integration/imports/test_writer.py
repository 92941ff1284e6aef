"""The bulk writer stores values exactly as the ORM would (it bypasses SQLAlchemy per row)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, text

from hdf_field.domain.enums import GeoPrecision, OrgKind
from hdf_field.imports.writer import OrganisationWriter
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

COLUMNS = "kind, founded_on, head_office, geo_precision, tags, created_at, updated_at, id"


def test_bulk_rows_are_stored_like_orm_rows(db: Database) -> None:
    moment = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)  # no microseconds: a format edge
    with UnitOfWork(db) as uow:
        orm = Organisation(
            name="orm",
            siret="73282932000074",
            kind=OrgKind.SCHOOL,
            founded_on=date(2001, 2, 3),
            head_office=True,
            geo_precision=GeoPrecision.COMMUNE,
            tags=["a"],
            created_at=moment,
        )
        uow.session.add(orm)
        uow.commit()
        orm_id = orm.id
    with db.engine.begin() as conn:
        writer = OrganisationWriter(conn, actor="test", source="test")
        writer.now = moment
        writer.bookkeeping.update(created_at=moment, updated_at=moment)
        writer.upsert(
            [
                {
                    "siret": "55210055400013",
                    "name": "bulk",
                    "kind": OrgKind.SCHOOL,
                    "founded_on": date(2001, 2, 3),
                    "head_office": True,
                    "geo_precision": GeoPrecision.COMMUNE,
                    "tags": ["a"],
                }
            ],
            key="siret",
            update_fields=["name"],
        )
    with db.engine.connect() as conn:
        rows = {
            r[0]: r[1:] for r in conn.execute(text(f"SELECT name, {COLUMNS} FROM organisation"))
        }
    orm_row, bulk_row = rows["orm"], rows["bulk"]
    # kind, founded_on, head_office, geo_precision, tags, created_at: same stored text.
    assert bulk_row[:6] == orm_row[:6]
    assert bulk_row[6] == orm_row[5]  # updated_at written like created_at
    assert len(bulk_row[7]) == 32 and orm_row[7] == orm_id.hex
    with db.session() as s:
        loaded = s.scalars(select(Organisation).where(Organisation.name == "bulk")).one()
        assert loaded.created_at == moment and loaded.version == 1
        assert loaded.tags == ["a"] and loaded.kind is OrgKind.SCHOOL
