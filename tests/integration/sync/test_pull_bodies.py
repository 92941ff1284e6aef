"""What makes a first sync fast must not change what arrives: stored pull bodies and the
search index refreshed per page instead of by triggers."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select, text, update

from hdf_field.domain.enums import Role
from hdf_field.registry.feed import pull
from hdf_field.registry.sequence import catch_up
from hdf_field.registry.service import principal_of
from hdf_field.registry.tables import Change
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.test_sync_protocol import add_org, edit


def fts_ids(db: Database, words: str) -> set[uuid.UUID]:
    """Organisations the laptop's search index finds for ``words``."""
    expr = search_index.match_expression(words)
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT o.id FROM {search_index.FTS_TABLE} f JOIN organisation o "
                f"ON o.rowid = f.rowid WHERE {search_index.FTS_TABLE} MATCH :q"
            ),
            {"q": expr},
        )
        return {uuid.UUID(r[0]) for r in rows}


def index_healthy(db: Database) -> bool:
    with db.engine.connect() as conn:
        return search_index.is_healthy(conn)


def test_pulled_records_are_searchable_and_the_triggers_come_back(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    writer = make_laptop(registry.user("w@hdf.fr", territory=["59"]))
    reader = make_laptop(registry.user("r@hdf.fr", Role.MANAGER))
    a = add_org(writer.db, name="Menuiserie Dufresne", city="Béthune")
    b = add_org(writer.db, name="Boulangerie Wattez", city="Lens")
    with UnitOfWork(writer.db) as uow:
        contact = Contact(organisation_id=a, last_name="Vandamme", first_name="Léa")
        uow.session.add(contact)
        uow.commit()
        cid = contact.id
    writer.sync.run()
    reader.sync.run()
    assert fts_ids(reader.db, "dufresne") == {a}
    assert fts_ids(reader.db, "bethune") == {a}
    assert fts_ids(reader.db, "vandamme") == {a}
    assert index_healthy(reader.db)

    # The contact moves to the other organisation, which is renamed: both index rows follow.
    edit(writer.db, Contact, cid, organisation_id=b)
    edit(writer.db, Organisation, b, name="Boulangerie Lefebvre")
    writer.sync.run()
    reader.sync.run()
    assert fts_ids(reader.db, "vandamme") == {b}
    assert fts_ids(reader.db, "lefebvre") == {b}
    assert fts_ids(reader.db, "wattez") == set()
    assert index_healthy(reader.db)

    # Triggers are back: a local edit after the pull is indexed as usual.
    edit(reader.db, Organisation, a, name="Charpente Dufresne")
    assert fts_ids(reader.db, "charpente") == {a}


def test_feed_rows_without_a_body_are_encoded_and_filled_by_catch_up(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    """A registry upgraded from a feed without bodies serves the same pages."""
    writer = make_laptop(registry.user("w@hdf.fr", territory=["59"]))
    registry.user("chef@hdf.fr", Role.MANAGER)
    ids = {add_org(writer.db, name=f"Société {i}") for i in range(3)}
    writer.sync.run()
    with registry.db.session_factory() as s:
        chef = principal_of(s, "chef@hdf.fr")
        before = pull(s, chef, 0, 100)
        s.execute(update(Change).values(body=None))
        s.commit()
        assert pull(s, chef, 0, 100) == before
        catch_up(s)
        s.commit()
        assert s.scalar(select(Change).where(Change.body.is_(None))) is None
        assert pull(s, chef, 0, 100) == before
    assert ids <= {r.id for r in before.records}
