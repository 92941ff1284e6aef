"""An organisation created on a laptop with a SIRET the registry already has under another
id: no duplicate; the laptop's record is merged into the registry's and re-keyed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select

from hdf_field.domain.enums import FunnelStatus, Role
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.client import RegistryClient
from hdf_field.sync.service import to_mutation
from hdf_field.sync.tables import OutboxEntry
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.test_sync_protocol import add_org, edit, snapshot

SIRET = "73282932000074"


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_known_siret_maps_onto_the_registry_record(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    chef = make_laptop(registry.user("chef@hdf.fr", Role.MANAGER))
    claire = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    claire.sync.run()  # Claire's laptop knows the officers, not the organisation below
    canonical = add_org(
        chef.db, name="ACME", siret=SIRET, city="Lille", status=FunnelStatus.VISITED
    )
    chef.sync.run()

    # Offline, Claire records the same establishment, a contact and a visit.
    mine = add_org(claire.db, name="ACME SAS", siret=SIRET, city="Lille", phone="0320000000")
    with UnitOfWork(claire.db) as uow:
        officer_id = uow.session.scalar(select(Officer.id).where(Officer.email == "claire@hdf.fr"))
        uow.session.add(Contact(organisation_id=mine, last_name="Durand"))
        uow.session.add(
            Visit(
                organisation_id=mine,
                officer_id=officer_id,
                planned_start=datetime(2026, 12, 1, 9, tzinfo=UTC),
            )
        )
        uow.commit()
    edit(claire.db, Organisation, mine, email="info@acme.fr")  # a later change, same batch

    report = claire.sync.run()
    assert report.pending == 0

    # The registry: one organisation, the registry's id, fields merged, the clash kept.
    with registry.db.session() as s:
        orgs = list(s.scalars(select(Organisation).where(Organisation.siret == SIRET)))
        assert [o.id for o in orgs] == [canonical]
        org = orgs[0]
        assert (org.name, org.phone, org.email) == ("ACME", "0320000000", "info@acme.fr")
        assert org.status is FunnelStatus.VISITED  # Claire's default status contests nothing
        assert [c.organisation_id for c in s.scalars(select(Contact))] == [canonical]
        assert [v.organisation_id for v in s.scalars(select(Visit))] == [canonical]
    conflicts = claire.sync.list_conflicts()
    assert [(c.record, c.field, c.mine, c.theirs) for c in conflicts] == [
        (canonical, "name", "ACME SAS", "ACME")
    ]

    # Claire's laptop: re-keyed, children follow, nothing left under her id.
    with claire.db.session() as s:
        assert s.get(Organisation, mine) is None
        local = s.get(Organisation, canonical)
        assert local is not None and local.phone == "0320000000"
        assert [c.organisation_id for c in s.scalars(select(Contact))] == [canonical]
        assert [v.organisation_id for v in s.scalars(select(Visit))] == [canonical]
    assert count(claire.db, OutboxEntry) == 0

    # She settles the name; every laptop converges, nothing doubled.
    claire.sync.resolve_conflict(canonical, "name", "ACME SAS")
    claire.sync.run()
    chef.sync.run()
    assert snapshot(chef.db) == snapshot(claire.db)
    assert count(chef.db, Organisation) == 1 and count(chef.db, Visit) == 1
    with registry.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 1
        assert s.get(Organisation, canonical).name == "ACME SAS"  # type: ignore[union-attr]


def test_a_change_waiting_under_the_laptop_id_still_lands(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    """A change queued after the creation but pushed in a later sync (or batch) names the
    laptop's id: the registry's alias sends it to its record."""
    chef = make_laptop(registry.user("chef@hdf.fr", Role.MANAGER))
    claire = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    canonical = add_org(chef.db, name="ACME", siret=SIRET)
    chef.sync.run()
    mine = add_org(claire.db, name="ACME", siret=SIRET)
    # Push only the creation, as a cut sync would have.
    with claire.db.session() as s:
        batch = [to_mutation(e) for e in s.scalars(select(OutboxEntry))]
    with RegistryClient(registry.url, claire.sync.token, transport=registry.transport()) as client:
        client.push(batch)
        late = batch[0].model_copy(
            update={
                "mutation_id": uuid.uuid4(),
                "base_version": 1,
                "changes": {"notes": (None, "rappeler en janvier")},
            }
        )
        [result] = client.push([late]).results
    assert result.status in {"applied", "merged"} and result.canonical_id == canonical
    with registry.db.session() as s:
        registry_org = s.get(Organisation, canonical)
        assert registry_org is not None and registry_org.notes == "rappeler en janvier"
        assert s.get(Organisation, mine) is None


def test_a_refused_creation_does_not_block_the_pull_of_the_registry_record(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    """Claire may not change the registry's record (Pas-de-Calais, not hers), so her creation
    of the same establishment is refused and kept as a conflict; she still sees the record
    (she has a visit there): the pull takes her row over instead of failing on the SIRET."""
    chef = make_laptop(registry.user("chef@hdf.fr", Role.MANAGER))
    claire = make_laptop(registry.user("claire@hdf.fr", territory=["59"]))
    claire.sync.run()
    chef.sync.run()  # the officers
    canonical = add_org(chef.db, name="ACME", siret=SIRET, departement="62")
    with UnitOfWork(chef.db) as uow:
        officer_id = uow.session.scalar(select(Officer.id).where(Officer.email == "claire@hdf.fr"))
        uow.session.add(
            Visit(
                organisation_id=canonical,
                officer_id=officer_id,
                planned_start=datetime(2026, 12, 2, 9, tzinfo=UTC),
            )
        )
        uow.commit()
    chef.sync.run()
    mine = add_org(claire.db, name="ACME Lille", siret=SIRET, departement="59")

    report = claire.sync.run()
    assert report.pending == 0
    [refused] = claire.sync.list_conflicts()
    assert (refused.record, refused.field) == (canonical, "*")
    assert refused.mine["name"] == "ACME Lille"  # what she typed is kept
    with claire.db.session() as s:
        assert s.get(Organisation, mine) is None
        local = s.get(Organisation, canonical)
        assert local is not None and local.name == "ACME"
        assert count(claire.db, Organisation) == 1
    with registry.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 1
