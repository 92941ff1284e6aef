"""Conflicts as a person reads them, and typed values read back for a field."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from hdf_field.domain.enums import FunnelStatus
from hdf_field.domain.errors import ValidationError
from hdf_field.services.sync_conflicts import FieldKind, field_kind, open_conflicts, parse_value
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.tables import LocalConflict


@pytest.mark.parametrize(
    ("field", "text", "wire"),
    [
        ("name", "  Acme Nord ", "Acme Nord"),
        ("notes", "ligne 1\nligne 2 ", "ligne 1\nligne 2 "),
        ("priority", "2", 2),
        ("lat", "50,63", 50.63),
        ("head_office", "Oui", True),
        ("head_office", "non", False),
        ("founded_on", "01/06/1991", "1991-06-01"),
        ("founded_on", "1991-06-01", "1991-06-01"),
        ("status", "visited", "visited"),
        ("tags", '["textile", "export"]', ["textile", "export"]),
        ("phone", "", None),
    ],
)
def test_typed_values_become_wire_values(field: str, text: str, wire: object) -> None:
    assert parse_value("organisation", field, text) == wire


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("name", "   "),  # may not be empty
        ("name", "x" * 301),
        ("priority", "beaucoup"),
        ("head_office", "peut-être"),
        ("founded_on", "31/02/1991"),
        ("status", "enthusiastic"),
        ("tags", "[unclosed"),
    ],
)
def test_bad_values_name_the_field(field: str, text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_value("organisation", field, text)
    assert err.value.field == field


def test_open_conflicts_carry_labels_current_value_and_kind(db: Database) -> None:
    with UnitOfWork(db, actor="test") as uow:
        org = Organisation(name="Fonderie de Douai", city="Douai", departement="59", priority=2)
        contact = Contact(organisation=org, first_name="Hélène", last_name="Dupré")
        uow.session.add_all([org, contact])
        uow.session.flush()
        t0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        uow.session.add_all(
            [
                LocalConflict(
                    id=uuid.uuid4(),
                    entity="organisation",
                    record_id=org.id,
                    field="priority",
                    base=1,
                    mine=3,
                    theirs=2,
                    author="a@hdf.fr",
                    status="open",
                    created_at=t0,
                ),
                LocalConflict(
                    id=uuid.uuid4(),
                    entity="contact",
                    record_id=contact.id,
                    field="role",
                    base=None,
                    mine="DG",
                    theirs="Gérante",
                    author="a@hdf.fr",
                    status="open",
                    created_at=t0.replace(hour=10),
                ),
                LocalConflict(
                    id=uuid.uuid4(),
                    entity="organisation",
                    record_id=org.id,
                    field="name",
                    base="a",
                    mine="b",
                    theirs="c",
                    author=None,
                    status="resolved",
                    created_at=t0,
                ),
                LocalConflict(
                    id=uuid.uuid4(),
                    entity="organisation",
                    record_id=uuid.uuid4(),
                    field="*",
                    base=None,
                    mine={"name": "Nouvelle SARL"},
                    theirs="outside your territory",
                    author=None,
                    status="open",
                    created_at=t0.replace(hour=11),
                ),
            ]
        )
        uow.commit()
    items = open_conflicts(db)
    assert [(i.record_label, i.field, i.kind, i.current) for i in items] == [
        ("Fonderie de Douai (Douai)", "priority", FieldKind.INTEGER, 2),
        ("Hélène Dupré — Fonderie de Douai", "role", FieldKind.TEXT, None),
        ("Nouvelle SARL", "*", FieldKind.RECORD, None),
    ]
    assert items[2].whole_record and items[0].created_at == datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("entity", "field", "kind"),
    [
        ("organisation", "name", FieldKind.TEXT),
        ("organisation", "notes", FieldKind.LONG_TEXT),
        ("organisation", "priority", FieldKind.INTEGER),
        ("organisation", "lat", FieldKind.NUMBER),
        ("organisation", "head_office", FieldKind.BOOLEAN),
        ("organisation", "founded_on", FieldKind.DATE),
        ("organisation", "tags", FieldKind.JSON),
        ("organisation", "assigned_officer_id", FieldKind.TEXT),
        ("visit", "actual_start", FieldKind.DATETIME),
        ("contact", "*", FieldKind.RECORD),
    ],
)
def test_field_kinds_follow_the_wire_codec(entity: str, field: str, kind: FieldKind) -> None:
    assert field_kind(entity, field) == (kind, ())


def test_a_choice_offers_the_enum_values_in_order() -> None:
    assert field_kind("organisation", "status") == (
        FieldKind.CHOICE,
        tuple(s.value for s in FunnelStatus),
    )
