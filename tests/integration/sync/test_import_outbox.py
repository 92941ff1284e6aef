"""Register imports on a laptop reach the registry: their bulk writes fill the outbox in the
same transaction, once per real change."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hdf_field.domain.enums import Role
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene import import_sirene
from hdf_field.imports.tabular import import_table
from hdf_field.registry.sequence import catch_up
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.records import spec
from hdf_field.sync.tables import OutboxEntry
from tests.imports_support import sirene_row, siret_for
from tests.integration.sync.conftest import Laptop, Registry

SireneWriter = Callable[..., Path]


def outbox(db: Database) -> list[OutboxEntry]:
    with db.session() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def registry_orgs(registry: Registry) -> dict[str, dict[str, Any]]:
    with registry.db.session() as s:
        return {
            o.siret: {
                "name": o.name,
                "active": o.register_active,
                "id": o.id,
                "version": o.version,
                "email": o.email,
            }
            for o in s.scalars(select(Organisation))
            if o.siret
        }


def test_imported_organisations_reach_the_registry_once(
    registry: Registry,
    make_laptop: Callable[..., Laptop],
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    tmp_path: Path,
) -> None:
    lap = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    stock = write_sirene(
        [sirene_row(1, denominationUsuelleEtablissement="ACME"), sirene_row(2), sirene_row(3)]
    )
    import_sirene(lap.db, stock, places=places)
    entries = outbox(lap.db)
    assert len(entries) == 3
    assert {e.base_version for e in entries} == {0}
    acme = next(e for e in entries if e.changes["siret"] == [None, siret_for(1)])
    assert acme.changes["name"] == [None, "ACME"]
    assert acme.changes["status"] == [None, "identified"]  # campaign defaults travel too

    report = lap.sync.run()
    assert (report.pushed, report.conflicts, report.pending) == (3, 0, 0)
    at_registry = registry_orgs(registry)
    assert {siret_for(n) for n in (1, 2, 3)} <= at_registry.keys()
    assert at_registry[siret_for(1)]["name"] == "ACME"
    with lap.db.session() as s:
        local = s.scalar(select(Organisation).where(Organisation.siret == siret_for(1)))
        assert local is not None and local.id == at_registry[siret_for(1)]["id"]

    # The same file again: nothing changed, nothing to send.
    import_sirene(lap.db, stock, places=places)
    assert outbox(lap.db) == []

    # Next month: one renamed, one closed → exactly two mutations, with their old values.
    stock = write_sirene(
        [
            sirene_row(1, denominationUsuelleEtablissement="ACME NOUVEAU"),
            sirene_row(2, etatAdministratifEtablissement="F"),
            sirene_row(3),
        ]
    )
    import_sirene(lap.db, stock, places=places)
    entries = outbox(lap.db)
    assert sorted(json.dumps(e.changes, sort_keys=True) for e in entries) == sorted(
        [
            json.dumps({"name": ["ACME", "ACME NOUVEAU"]}),
            json.dumps({"register_active": [True, False]}),
        ]
    )
    assert {e.base_version for e in entries} == {at_registry[siret_for(1)]["version"]}
    report = lap.sync.run()
    assert (report.pushed, report.conflicts) == (2, 0)
    at_registry = registry_orgs(registry)
    assert at_registry[siret_for(1)]["name"] == "ACME NOUVEAU"
    assert at_registry[siret_for(2)]["active"] is False


def test_a_mapped_list_update_is_queued_with_its_old_values(
    registry: Registry,
    make_laptop: Callable[..., Laptop],
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    tmp_path: Path,
) -> None:
    lap = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    import_sirene(
        lap.db,
        write_sirene([sirene_row(1, denominationUsuelleEtablissement="ACME")]),
        places=places,
    )
    lap.sync.run()
    listing = tmp_path / "membres.csv"
    listing.write_text("SIRET;Courriel\n" + f"{siret_for(1)};contact@acme.fr\n", "utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"columns": {"SIRET": "siret", "Courriel": "email"}, "match": ["siret"]}),
        "utf-8",
    )
    import_table(lap.db, listing, mapping, places=places)
    [entry] = outbox(lap.db)
    assert entry.changes == {"email": [None, "contact@acme.fr"]}
    lap.sync.run()
    assert registry_orgs(registry)[siret_for(1)]["email"] == "contact@acme.fr"


def test_an_import_on_the_registry_database_keeps_no_outbox(
    sqlite_registry: Registry, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    sqlite_registry.user("chef@hdf.fr", Role.MANAGER)
    import_sirene(sqlite_registry.db, write_sirene([sirene_row(1), sirene_row(2)]), places=places)
    with sqlite_registry.db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert s.scalar(select(func.count()).select_from(Organisation)) == 2
    with sqlite_registry.db.session_factory() as s:
        assert catch_up(s) == 2  # they enter the feed at the next start


def test_an_imported_organisation_arrives_as_a_hand_created_one_would(
    registry: Registry,
    make_laptop: Callable[..., Laptop],
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
) -> None:
    lap = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    import_sirene(
        lap.db,
        write_sirene([sirene_row(1, denominationUsuelleEtablissement="ACME")]),
        places=places,
    )
    fields = [f for f in spec("organisation").fields if f not in ("siret", "siren")]
    with UnitOfWork(lap.db) as uow:
        imported = uow.session.scalars(select(Organisation)).one()
        local = {f: getattr(imported, f) for f in fields}
        uow.session.add(Organisation(**local, siret=siret_for(2), siren=siret_for(2)[:9]))
        uow.commit()
    assert local["lat"] is not None and local["name"] == "ACME"
    assert lap.sync.run().pushed == 2
    with registry.db.session() as s:
        arrived = {
            o.siret: {f: getattr(o, f) for f in fields} for o in s.scalars(select(Organisation))
        }
    assert arrived[siret_for(1)] == arrived[siret_for(2)] == local
