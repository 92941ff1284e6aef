"""An officer whose territory changes receives what entered it, on the next sync."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from hdf_field.domain.enums import Role
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.test_sync_protocol import add_org


def org_names(db: Database) -> set[str]:
    with db.session() as s:
        return set(s.scalars(select(Organisation.name)))


def test_a_wider_territory_brings_the_organisations_already_there(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    chef = make_laptop(registry.user("chef@hdf.fr", Role.MANAGER))
    claire = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    add_org(chef.db, name="Lille SA", departement="59")
    add_org(chef.db, name="Arras SA", departement="62")
    chef.sync.run()
    claire.sync.run()
    assert org_names(claire.db) == {"Lille SA"}

    # The manager gives Claire the Pas-de-Calais too; Arras SA itself does not change.
    with UnitOfWork(chef.db) as uow:
        officer = uow.session.scalar(select(Officer).where(Officer.email == "claire@hdf.fr"))
        assert officer is not None
        officer.territory = ["59", "62"]
        uow.commit()
    chef.sync.run()
    report = claire.sync.run()
    assert org_names(claire.db) == {"Lille SA", "Arras SA"}
    assert report.conflicts == 0

    # Nothing changed since: the next sync does not pull everything again.
    assert claire.sync.run().pulled == 0


def test_the_same_scope_keeps_the_cursor(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    chef = make_laptop(registry.user("chef@hdf.fr", Role.MANAGER))
    add_org(chef.db, name="Lille SA", departement="59")
    assert chef.sync.run().pulled >= 1
    assert chef.sync.run().pulled == 0
