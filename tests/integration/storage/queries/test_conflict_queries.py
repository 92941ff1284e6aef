"""The conflicts screen's reads: an organisation's name for a label, and what the laptop's
sync bookkeeping holds (open conflicts, a record's waiting changes and conflicts)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.conflicts import organisation_name
from hdf_field.sync import held
from hdf_field.sync.tables import LocalConflict, OutboxEntry

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.session() as s:
        yield s


def test_organisation_name_deleted_or_not(session: Session) -> None:
    org = Organisation(name="Forges du Nord", deleted_at=T0)
    session.add(org)
    session.flush()
    assert organisation_name(session, organisation_id=org.id) == "Forges du Nord"
    assert organisation_name(session, organisation_id=uuid.uuid4()) is None


def _conflict(
    record: uuid.UUID, at: datetime, status: str = "open", entity: str = "contact"
) -> LocalConflict:
    return LocalConflict(
        id=uuid.uuid4(),
        entity=entity,
        record_id=record,
        field="phone",
        mine="1",
        theirs="2",
        status=status,
        created_at=at,
    )


def test_open_conflicts_oldest_first(session: Session) -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    late = _conflict(a, T0 + timedelta(hours=1))
    early = _conflict(b, T0)
    session.add_all([late, early, _conflict(a, T0 - timedelta(days=1), status="resolved")])
    session.flush()
    assert list(held.open_conflicts(session)) == [early, late]


def test_what_the_bookkeeping_holds_on_one_record(session: Session) -> None:
    person, other = uuid.uuid4(), uuid.uuid4()
    changes = [
        OutboxEntry(entity="contact", record_id=person, changes={"phone": [None, str(i)]})
        for i in range(3)
    ]
    session.add_all(changes)
    session.add(OutboxEntry(entity="contact", record_id=other, changes={}))
    session.add(OutboxEntry(entity="visit", record_id=person, changes={}))
    settled = _conflict(person, T0 + timedelta(hours=2), status="resolved")
    first = _conflict(person, T0)
    session.add_all([settled, first, _conflict(other, T0), _conflict(person, T0, entity="visit")])
    session.flush()
    assert list(held.waiting_changes(session, entity="contact", record_id=person)) == changes
    assert list(held.conflicts_on(session, entity="contact", record_id=person)) == [
        first,
        settled,
    ]
