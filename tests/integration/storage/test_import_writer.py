"""The import statements on a real SQLite file: the lookups the importers match with, the
closings and rewrites they stamp, and the temporary tables of one imported file."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hdf_field.storage.database import Database
from hdf_field.storage.import_writer import (
    IN_CHUNK,
    GeolocTable,
    KeyLedger,
    close_organisations,
    enterprise_ids_without_establishment,
    first_organisation_where,
    organisations_in_postal_code,
    register_states,
    rewrite_organisation,
    select_existing,
    stored_values,
    to_db_values,
)
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _orgs(db: Database, *orgs: Organisation) -> list[uuid.UUID]:
    with UnitOfWork(db) as uow:
        uow.session.add_all(orgs)
        uow.commit()
        return [o.id for o in orgs]


def test_the_enterprise_itself_is_the_row_without_establishment_number(db: Database) -> None:
    enterprise, _branch = _orgs(
        db,
        Organisation(name="Siège", be_enterprise_number="0403170701"),
        Organisation(
            name="Agence",
            be_enterprise_number="0403170701",
            be_establishment_number="2012345678",
        ),
    )
    with db.engine.connect() as conn:
        found = enterprise_ids_without_establishment(conn, numbers=["0403170701", "0999999999"])
    assert found == {"0403170701": enterprise}


def test_match_lookups_give_whole_rows(db: Database) -> None:
    first, second, _elsewhere = _orgs(
        db,
        Organisation(name="Forge A", siret="73282932000074", postal_code="59000"),
        Organisation(name="Forge B", postal_code="59000"),
        Organisation(name="Forge C", postal_code="80000"),
    )
    with db.engine.connect() as conn:
        by_siret = first_organisation_where(conn, column="siret", value="73282932000074")
        missing = first_organisation_where(conn, column="siret", value="55210055400013")
        in_lille = [dict(r) for r in organisations_in_postal_code(conn, postal_code="59000")]
    assert by_siret is not None and (by_siret["name"], by_siret["id"]) == ("Forge A", first)
    assert missing is None
    assert sorted((r["name"], r["id"]) for r in in_lille) == [
        ("Forge A", first),
        ("Forge B", second),
    ]


def test_keys_in_the_databases_form_compare_with_what_it_stores(db: Database) -> None:
    stored, _other = _orgs(db, Organisation(name="A"), Organisation(name="B"))
    absent = uuid.uuid4()
    with db.engine.connect() as conn:
        as_stored = to_db_values(conn, "id", [stored, absent])
        found = select_existing(conn, "organisation", "id", as_stored)
        assert to_db_values(conn, "siret", ["73282932000074"]) == ["73282932000074"]
    assert found == {as_stored[0]}


def test_closing_and_rewriting_stamp_and_bump_the_version(db: Database) -> None:
    open_id, kept_id = _orgs(
        db,
        Organisation(name="Fermée", siret="73282932000074"),
        Organisation(name="Ouverte", siret="55210055400013"),
    )
    with db.engine.begin() as conn:
        [(siret, active, oid, version)] = register_states(
            conn, column="siret", keys=["73282932000074"]
        )
        assert (siret, active, oid, version) == ("73282932000074", True, open_id, 1)
        close_organisations(
            conn, column="siret", keys=["73282932000074"], now=MOMENT, actor="import:test"
        )
        rewrite_organisation(
            conn, org_id=kept_id, values={"name": "Ouverte SA"}, now=MOMENT, actor="import:test"
        )
        old = stored_values(conn, org_id=kept_id, names=["name"])
    assert tuple(old) == (2, "Ouverte SA")
    with db.session() as s:
        closed, kept = s.get(Organisation, open_id), s.get(Organisation, kept_id)
        assert closed is not None and kept is not None
        assert (closed.register_active, closed.version, closed.updated_by) == (
            False,
            2,
            "import:test",
        )
        assert closed.updated_at == MOMENT
        assert (kept.register_active, kept.name, kept.version) == (True, "Ouverte SA", 2)


def test_select_existing_reads_past_one_in_list(db: Database) -> None:
    sirets = [f"{i:014d}" for i in range(IN_CHUNK + 5)]
    _orgs(db, *(Organisation(name=s, siret=s) for s in sirets[::2]))
    with db.engine.connect() as conn:
        found = select_existing(conn, "organisation", "siret", sirets)
    assert found == set(sirets[::2])


def test_the_key_ledger_remembers_keys_across_batches(db: Database) -> None:
    with db.engine.connect() as conn:
        ledger = KeyLedger(conn)
        assert ledger.first_seen(["a", "b"]) == {"a", "b"}
        assert ledger.first_seen(["b", "c"]) == {"c"}
        ledger.drop()
        # a new ledger on the same connection starts empty (the old table is gone)
        assert KeyLedger(conn).first_seen(["a"]) == {"a"}


def test_the_geolocated_positions_keep_the_first_of_a_siret(db: Database) -> None:
    with db.engine.connect() as conn:
        table = GeolocTable(conn)
        table.add([{"siret": "73282932000074", "lat": 50.6, "lon": 3.06}])
        table.add(
            [
                {"siret": "73282932000074", "lat": 49.9, "lon": 2.3},
                {"siret": "55210055400013", "lat": 50.3, "lon": 2.8},
            ]
        )
        table.add([])
        found = table.lookup(["73282932000074", "55210055400013", "00000000000000"])
        assert table.lookup([]) == {}
        table.drop()
        # dropped with the import: a new one (next import, same pooled connection) is empty
        assert GeolocTable(conn).lookup(["73282932000074"]) == {}
    assert found == {"73282932000074": (50.6, 3.06), "55210055400013": (50.3, 2.8)}
