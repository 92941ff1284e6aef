"""The wire contract, column by column: every synchronised column's codec round-trips every
valid value through JSON text, agrees with the generic encoder, and refuses hostile values
naming the field. The storage paths (SQLite, PostgreSQL) are in
tests/integration/sync/test_wire_contract.py."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, Boolean, Date, Enum, Float, Integer, String, Text, Uuid

from hdf_field.domain.errors import ValidationError
from hdf_field.storage.orm import SYNCED_MODELS
from hdf_field.storage.types import UTCDateTime
from hdf_field.sync.codec import pull_page_json, record_json, to_wire
from hdf_field.sync.records import ENTITIES, ENTITY_ORDER
from hdf_field.sync.schemas import EntityName, MutationIn, PullResponse
from tests.wire_strategies import ALL_COLUMNS, valid_values


def _through_json(value: Any) -> Any:
    """What the other end parses: the wire value as JSON text and back."""
    return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))


@pytest.mark.parametrize(("entity", "name"), ALL_COLUMNS, ids=[f"{e}.{c}" for e, c in ALL_COLUMNS])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_column_round_trips(entity: str, name: str, data: st.DataObject) -> None:
    espec = ENTITIES[entity]
    codec = espec.codecs[name]
    value = data.draw(valid_values(espec.table.c[name], required=name in espec.required))
    wire = _through_json(codec.encode(value))
    assert wire == codec.encode(value)  # already plain JSON: nothing changes in transit
    assert to_wire(value) == wire  # the generic encoder (outbox, merges) agrees
    assert codec.decode(wire) == value
    assert codec.load(wire) == value
    assert espec.decode(name, wire, checked=False) == value
    assert espec.encode(name, value) == wire


def test_the_entity_list_has_one_source() -> None:
    """Names a push may carry, the order pages are applied in and the codecs all come from
    SYNCED_MODELS; every parent comes before its children."""
    names = {m.__table__.name for m in SYNCED_MODELS}  # type: ignore[attr-defined]
    assert set(ENTITY_ORDER) == set(ENTITIES) == names
    assert set(typing.get_args(EntityName)) == names
    for i, entity in enumerate(ENTITY_ORDER):
        for parent in ENTITIES[entity].parents.values():
            assert parent == entity or ENTITY_ORDER.index(parent) < i, (entity, parent)


def test_a_pull_page_is_what_the_schema_reads() -> None:
    bodies = [
        record_json("organisation", "6f1c9d3e-0000-4000-8000-000000000001", 3, False, {"x": "é"})
    ]
    text = pull_page_json(bodies, [], 42, True, 1)
    page = PullResponse.model_validate_json(text)
    assert page.cursor == 42 and page.more and page.protocol == 1
    assert page.records[0].data == {"x": "é"} and not page.records[0].deleted
    assert json.loads(text) == json.loads(page.model_dump_json())


# -- hostile values: refused with the field named, in one line -----------------------------
def _hostile(column: Any) -> list[Any]:
    """Wire values no peer may send for this column."""
    ctype = column.type
    huge = "x" * 100_001
    if isinstance(ctype, UTCDateTime):
        return [
            "2026-01-02T03:04:05",  # naive
            "2026-02-30T00:00:00+00:00",
            "yesterday",
            "2026-01-02T03:04:05+00:00" + " " * 100,
            huge,
            "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
            1767225600,
            True,
        ]
    if isinstance(ctype, Enum):
        return ["no-such-value", huge, 1, True, ["a"]]
    if isinstance(ctype, Uuid):
        return ["not-a-uuid", "1" * 33, huge, 12, {"a": 1}]
    if isinstance(ctype, Date):
        return ["2026-13-01", "2026-01-01T00:00:00", "01/02/2026", huge, 20260101, False]
    if isinstance(ctype, Boolean):
        return [1, 0, "true", None.__class__.__name__, [True]]
    if isinstance(ctype, Integer):
        return ["1", 1.5, True, 2**31, -(2**31) - 1, 10**400, [1]]
    if isinstance(ctype, Float):
        return ["1.5", True, float("nan"), float("inf"), 10**400, 1e101, -1e300, {"lat": 1.0}]
    if isinstance(ctype, String | Text):
        long = "y" * ((getattr(ctype, "length", None) or 100_000) + 1)
        return [1, True, ["a"], {"a": "b"}, "a\x00b", long]
    if isinstance(ctype, JSON):
        nested: Any = []
        for _ in range(2000):
            nested = [nested]
        return ["text", 3, True, [float("nan")], {"k": huge}, nested, {"a": [1, 2.5]}]
    raise TypeError(column.name)


@pytest.mark.parametrize(("entity", "name"), ALL_COLUMNS, ids=[f"{e}.{c}" for e, c in ALL_COLUMNS])
def test_hostile_wire_values_are_refused_naming_the_field(entity: str, name: str) -> None:
    espec = ENTITIES[entity]
    for value in _hostile(espec.table.c[name]):
        with pytest.raises(ValidationError) as caught:
            espec.decode(name, value, checked=False)
        assert caught.value.field == name, value
        assert "\n" not in str(caught.value) and len(str(caught.value)) < 400, value


@pytest.mark.parametrize("entity", ENTITY_ORDER)
def test_empty_is_refused_where_the_column_requires_a_value(entity: str) -> None:
    espec = ENTITIES[entity]
    for column in espec.table.columns:
        if column.nullable:
            assert espec.decode(column.name, None) is None
        else:
            with pytest.raises(ValidationError, match="may not be empty") as caught:
                espec.decode(column.name, None)
            assert caught.value.field == column.name


def test_an_unknown_entity_in_a_push_is_refused_on_parsing() -> None:
    import uuid

    import pydantic

    base = {"mutation_id": str(uuid.uuid4()), "record_id": str(uuid.uuid4()), "base_version": 0}
    with pytest.raises(pydantic.ValidationError, match="entity"):
        MutationIn.model_validate({**base, "entity": "account", "changes": {}})
    for entity in ENTITY_ORDER:
        assert MutationIn.model_validate({**base, "entity": entity, "changes": {}}).entity == entity
