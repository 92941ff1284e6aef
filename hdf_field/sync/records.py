"""How synchronised records travel: entity names, field lists and the JSON "wire" values.

Both ends compare values in their wire form (ISO strings for dates, strings for UUIDs and
enums), so a three-way merge never trips over a naive/aware datetime or a UUID object.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Enum, Float, Integer, String, Table, Text, Uuid

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.record_rules import check_field
from hdf_field.storage.orm import SYNCED_MODELS, SyncedMixin
from hdf_field.storage.types import UTCDateTime

# Kept by each end for itself: the registry stamps them, a pull overwrites them.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "updated_by", "version"})

# Parents before children, so that a page applied in this order satisfies foreign keys.
ENTITY_ORDER = (
    "officer",
    "cluster",
    "cluster_site",
    "organisation",
    "contact",
    "visit",
    "follow_up",
    "referral",
)


def to_wire(value: Any) -> Any:
    """A column value as plain JSON."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_wire(v) for k, v in value.items()}
    raise TypeError(f"cannot send a {type(value).__name__} value")


def _decoder(column: Column[Any]) -> Callable[[Any], Any]:
    """A function turning a wire value back into what the column stores, or raising."""
    ctype = column.type
    name = column.name

    def check_type(value: Any, types: tuple[type, ...], what: str) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ValidationError(name, f"expected {what}, got {type(value).__name__}")

    if isinstance(ctype, UTCDateTime):

        def dec_dt(v: Any) -> Any:
            check_type(v, (str,), "an ISO 8601 date-time")
            try:
                parsed = datetime.fromisoformat(v)
            except ValueError as exc:
                raise ValidationError(name, f"not an ISO 8601 date-time: {v!r}") from exc
            if parsed.tzinfo is None:
                raise ValidationError(name, "date-times must carry a time zone (UTC)")
            return parsed.astimezone(UTC)

        return dec_dt
    if isinstance(ctype, Enum):
        enum_cls = ctype.enum_class
        assert enum_cls is not None

        def dec_enum(v: Any) -> Any:
            try:
                return enum_cls(v)
            except ValueError as exc:
                allowed = ", ".join(m.value for m in enum_cls)
                raise ValidationError(name, f"{v!r} is not one of {allowed}") from exc

        return dec_enum
    if isinstance(ctype, Uuid):

        def dec_uuid(v: Any) -> Any:
            check_type(v, (str,), "a UUID string")
            try:
                return uuid.UUID(v)
            except ValueError as exc:
                raise ValidationError(name, f"not a UUID: {v!r}") from exc

        return dec_uuid
    if isinstance(ctype, Date):

        def dec_date(v: Any) -> Any:
            check_type(v, (str,), "an ISO date")
            try:
                return date.fromisoformat(v)
            except ValueError as exc:
                raise ValidationError(name, f"not an ISO date: {v!r}") from exc

        return dec_date
    if isinstance(ctype, Boolean):

        def dec_bool(v: Any) -> Any:
            check_type(v, (bool,), "true or false")
            return v

        return dec_bool
    if isinstance(ctype, Integer):

        def dec_int(v: Any) -> Any:
            check_type(v, (int,), "an integer")
            if not -(2**31) <= v < 2**31:
                raise ValidationError(name, "integer out of range")
            return v

        return dec_int
    if isinstance(ctype, Float):

        def dec_float(v: Any) -> Any:
            check_type(v, (int, float), "a number")
            value = float(v)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValidationError(name, "not a finite number")
            return value

        return dec_float
    if isinstance(ctype, String | Text):
        length = getattr(ctype, "length", None)

        def dec_str(v: Any) -> Any:
            check_type(v, (str,), "a string")
            if length is not None and len(v) > length:
                raise ValidationError(name, f"longer than {length} characters")
            if "\x00" in v:
                raise ValidationError(name, "contains a NUL character")
            return v

        return dec_str
    if isinstance(ctype, JSON):

        def dec_json(v: Any) -> Any:
            check_type(v, (list, dict), "a list or an object")
            try:
                text = json.dumps(v, allow_nan=False)
            except ValueError as exc:
                raise ValidationError(name, "holds a value JSON cannot carry (NaN?)") from exc
            if len(text) > 100_000:
                raise ValidationError(name, "larger than 100 kB")
            return v

        return dec_json
    raise TypeError(f"no wire decoder for {name}: {ctype!r}")


@dataclass(frozen=True)
class EntitySpec:
    """What travels of one synchronised model."""

    name: str
    model: type[SyncedMixin]
    table: Table
    fields: tuple[str, ...]  # every column except the bookkeeping ones
    required: frozenset[str]  # must be given when the record is created
    decoders: Mapping[str, Callable[[Any], Any]]
    nullable: frozenset[str]
    parents: Mapping[str, str]  # foreign-key field → parent entity

    def decode(self, field: str, value: Any, *, checked: bool = True) -> Any:
        """The stored form of a wire value, refusing a wrong type and — when ``checked`` —
        anything the domain's rules for that field refuse (the same rules the laptop's forms
        apply: :mod:`hdf_field.domain.record_rules`). Unchecked decoding is for values already
        stored on one end (a merge base, a laptop's own pending change laid over a pull):
        a record older than a rule must stay readable and mergeable."""
        if field not in self.decoders:
            raise ValidationError(field, f"{self.name} has no field {field!r}")
        if value is None:
            if field not in self.nullable:
                raise ValidationError(field, "may not be empty")
            return None
        if field in self.required and isinstance(value, str) and not value.strip():
            raise ValidationError(field, "may not be blank")  # e.g. an organisation needs a name
        decoded = self.decoders[field](value)
        if checked:
            check_field(self.name, field, decoded)
        return decoded

    encoders: tuple[tuple[str, Callable[[Any], Any]], ...] = ()
    loaders: tuple[tuple[str, Callable[[Any], Any]], ...] = ()

    def encode_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The wire form of a whole row; per-column encoders, as pulls encode 10⁴–10⁵ rows."""
        out = {}
        for name, enc in self.encoders:
            value = row[name]
            out[name] = None if value is None else enc(value)
        return out

    def wire_record(self, row: Mapping[str, Any]) -> str:
        """A whole row as a pull sends it (``RecordOut``), as compact JSON text."""
        return json.dumps(
            {
                "entity": self.name,
                "id": str(row["id"]),
                "version": row["version"],
                "deleted": row["deleted_at"] is not None,
                "data": self.encode_row(row),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


def _iso(value: Any) -> Any:
    return value.isoformat()


def _identity(value: Any) -> Any:
    return value


def _encoder(column: Column[Any]) -> Callable[[Any], Any]:
    ctype = column.type
    if isinstance(ctype, UTCDateTime):
        return _iso  # the column type hands back aware UTC values
    if isinstance(ctype, Enum):
        return lambda v: v.value if isinstance(v, enum.Enum) else v
    if isinstance(ctype, Uuid):
        return str
    if isinstance(ctype, Date):
        return _iso
    if isinstance(ctype, JSON):
        return to_wire
    return _identity


def _from_iso_dt(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _loader(column: Column[Any]) -> Callable[[Any], Any]:
    """Like :func:`_decoder` without the checks: for records the registry already checked."""
    ctype = column.type
    if isinstance(ctype, UTCDateTime):
        return _from_iso_dt
    if isinstance(ctype, Enum):
        assert ctype.enum_class is not None
        return ctype.enum_class
    if isinstance(ctype, Uuid):
        return uuid.UUID
    if isinstance(ctype, Date):
        return date.fromisoformat
    return _identity


def _build() -> dict[str, EntitySpec]:
    specs: dict[str, EntitySpec] = {}
    by_table = {m.__table__.name: m for m in SYNCED_MODELS}  # type: ignore[attr-defined]
    for name, model in by_table.items():
        table: Table = model.__table__  # type: ignore[attr-defined]
        fields = tuple(c.name for c in table.columns if c.name not in BOOKKEEPING)
        required = frozenset(
            c.name
            for c in table.columns
            if c.name in fields and not c.nullable and c.default is None
        )
        parents = {}
        for c in table.columns:
            for fk in c.foreign_keys:
                parents[c.name] = fk.column.table.name
        specs[name] = EntitySpec(
            name=name,
            model=model,
            table=table,
            fields=fields,
            required=required,
            decoders={c.name: _decoder(c) for c in table.columns},
            nullable=frozenset(c.name for c in table.columns if c.nullable),
            parents=parents,
            encoders=tuple((c.name, _encoder(c)) for c in table.columns),
            loaders=tuple((c.name, _loader(c)) for c in table.columns),
        )
    missing = set(specs) ^ set(ENTITY_ORDER)
    if missing:
        raise RuntimeError(f"ENTITY_ORDER out of date with SYNCED_MODELS: {sorted(missing)}")
    return specs


ENTITIES: dict[str, EntitySpec] = _build()


def entity_of(obj: object) -> EntitySpec | None:
    table = getattr(type(obj), "__table__", None)
    return ENTITIES.get(table.name) if table is not None else None


def spec(name: str) -> EntitySpec:
    try:
        return ENTITIES[name]
    except KeyError as exc:
        raise ValidationError("entity", f"unknown entity {name!r}") from exc
