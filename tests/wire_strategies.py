"""Hypothesis strategies for valid values of every synchronised column, from its type.

Derived from the same column types as :mod:`hdf_field.sync.codec`, so a new synced entity
or column is covered by the wire-contract tests without touching them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import JSON, Boolean, Column, Date, Enum, Float, Integer, String, Text, Uuid

from hdf_field.storage.types import UTCDateTime
from hdf_field.sync.codec import FLOAT_LIMIT, INT_MAX, INT_MIN
from hdf_field.sync.records import ENTITIES, EntitySpec

# Every column of every synchronised entity, bookkeeping included: (entity, column name).
ALL_COLUMNS = [(name, c.name) for name, espec in ENTITIES.items() for c in espec.table.columns]

# Text any database stores: no NUL, no lone surrogate (both refused on the wire).
_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=9, minutes=30))]
)
_floats = st.floats(min_value=-FLOAT_LIMIT, max_value=FLOAT_LIMIT)
# JSON columns hold text, whole numbers and booleans (no floats: see codec._holds_float).
_json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53)
_json_scalars = _json_scalars | st.text(_chars, max_size=20)
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(_chars, max_size=8), inner),
    max_leaves=12,
)


def valid_values(column: Column[Any], *, required: bool = False) -> st.SearchStrategy[Any]:
    """Non-empty values the column may hold (``required``: text that is not blank)."""
    ctype = column.type
    if isinstance(ctype, UTCDateTime):
        return st.datetimes(
            min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=_zones
        )
    if isinstance(ctype, Enum):
        assert ctype.enum_class is not None
        return st.sampled_from(list(ctype.enum_class))
    if isinstance(ctype, Uuid):
        return st.uuids()
    if isinstance(ctype, Date):
        return st.dates(min_value=date(1, 1, 1))
    if isinstance(ctype, Boolean):
        return st.booleans()
    if isinstance(ctype, Integer):
        return st.integers(INT_MIN, INT_MAX)
    if isinstance(ctype, Float):
        return _floats
    if isinstance(ctype, String | Text):
        length = getattr(ctype, "length", None) or 300
        text = st.text(_chars, max_size=min(length, 40))
        return text.filter(str.strip).filter(bool) if required else text
    if isinstance(ctype, JSON):
        return st.lists(_json, max_size=4) | st.dictionaries(st.text(_chars, max_size=8), _json)
    raise TypeError(f"no strategy for {column.name}: {ctype!r}")


def column_values(espec: EntitySpec, name: str) -> st.SearchStrategy[Any]:
    column = espec.table.c[name]
    values = valid_values(column, required=name in espec.required)
    return st.none() | values if column.nullable else values


@st.composite
def rows(draw: st.DrawFn, entity: str) -> dict[str, Any]:
    """A whole row of ``entity``: every column, empty where the column allows it."""
    espec = ENTITIES[entity]
    row = {c.name: draw(column_values(espec, c.name)) for c in espec.table.columns}
    row["version"] = draw(st.integers(1, INT_MAX))
    return row
