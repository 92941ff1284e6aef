"""The same upserts on PostgreSQL (the registry's database): counts, idempotence, rollback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from hdf_field.domain.enums import FunnelStatus
from hdf_field.domain.progress import Cancelled
from hdf_field.imports.kbo import import_kbo
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene import import_sirene
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.tables import OutboxEntry
from tests.imports_support import SireneWriter, sirene_row, siret_for
from tests.integration.imports.test_kbo_import import write_kbo
from tests.progress_support import CancelWhen, Recorder

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "imports_test"

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db() -> Iterator[Database]:
    try:
        engine = create_engine(PG_URL)
        with engine.connect():
            pass
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432 ({type(exc).__name__})")
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    db = open_database(f"{PG_URL}?options=-csearch_path%3D{SCHEMA}")
    yield db
    db.dispose()
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def _orgs(db: Database) -> dict[str, Organisation]:
    with db.session() as s:
        return {o.siret or o.be_enterprise_number or "": o for o in s.scalars(select(Organisation))}


def test_sirene_upsert_on_postgresql(
    pg_db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    rows = [
        sirene_row(1, denominationUsuelleEtablissement="FIRST"),
        sirene_row(2),
        sirene_row(3, codeCommuneEtablissement="75056"),
        sirene_row(1, denominationUsuelleEtablissement="LAST"),  # same SIRET, same batch
        sirene_row(4),
    ]
    path = write_sirene(rows)

    first = import_sirene(pg_db, path, places=places, batch_size=3)

    assert (first.read, first.created, first.skipped, first.duplicates) == (5, 3, 2, 1)
    assert _orgs(pg_db)[siret_for(1)].name == "LAST"
    with UnitOfWork(pg_db) as uow:
        org = uow.session.scalars(
            select(Organisation).where(Organisation.siret == siret_for(2))
        ).one()
        org.status = FunnelStatus.INTERESTED
        uow.commit()

    changed = write_sirene(
        [
            sirene_row(1, denominationUsuelleEtablissement="LAST"),
            sirene_row(2, trancheEffectifsEtablissement="22"),
            sirene_row(4, etatAdministratifEtablissement="F"),
        ],
        "month2.csv",
    )
    second = import_sirene(pg_db, changed, places=places)

    assert (second.created, second.updated, second.changed) == (0, 3, 2)
    orgs = _orgs(pg_db)
    assert orgs[siret_for(1)].version == 1
    assert orgs[siret_for(2)].status is FunnelStatus.INTERESTED
    assert orgs[siret_for(2)].workforce_band == "22"
    assert orgs[siret_for(4)].register_active is False


def test_cancel_on_postgresql_writes_nothing(
    pg_db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    path = write_sirene([sirene_row(n) for n in range(1, 30)])
    calls = Recorder()

    with pytest.raises(Cancelled):
        import_sirene(
            pg_db,
            path,
            places=places,
            batch_size=5,
            progress=calls,
            cancel=CancelWhen(lambda: len(calls.updates) >= 2),
        )

    assert _orgs(pg_db) == {}
    assert import_sirene(pg_db, path, places=places).created == 29


def test_kbo_on_postgresql(pg_db: Database, tmp_path: Path, places: GazetteerPlaces) -> None:
    folder = write_kbo(tmp_path / "kbo")
    first = import_kbo(pg_db, folder, "7500,7700,8500-8999", places=places)
    again = import_kbo(pg_db, folder, "7500,7700,8500-8999", places=places)
    assert (first.created, again.created, again.updated) == (3, 0, 3)
    assert len(_orgs(pg_db)) == 3


def test_creations_reach_the_outbox_as_on_sqlite(
    pg_db: Database, db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    """PostgreSQL encodes new rows in Python, SQLite in SQL: the same mutations either way."""
    path = write_sirene(
        [
            sirene_row(1, denominationUsuelleEtablissement='L\'"Usine"'),
            sirene_row(2),
            sirene_row(3, codeCommuneEtablissement="80021"),
        ]
    )

    def creations(database: Database) -> dict[str, dict[str, object]]:
        import_sirene(database, path, places=places)
        with database.session() as s:
            return {e.changes["siret"][1]: e.changes for e in s.scalars(select(OutboxEntry))}

    on_pg, on_sqlite = creations(pg_db), creations(db)
    assert len(on_pg) == 3
    assert on_pg == on_sqlite
