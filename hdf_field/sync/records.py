"""How synchronised records travel: the entities, their field lists and column codecs.

The one list of synchronised entities is ``SYNCED_MODELS`` (:mod:`hdf_field.storage.orm`):
adding a model there is all it takes for laptops and the registry to sync it — the order
parents-first (:data:`ENTITY_ORDER`), the names a push may carry (``schemas.EntityName``)
and each field's wire form (:mod:`hdf_field.sync.codec`) are derived from it.

Both ends compare values in their wire form (ISO strings for dates, strings for UUIDs and
enums), so a three-way merge never trips over a naive/aware datetime or a UUID object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.record_rules import check_field
from hdf_field.storage.orm import SYNCED_MODELS, SyncedMixin
from hdf_field.sync.codec import ColumnCodec, codec_for, record_json, to_wire

__all__ = ["BOOKKEEPING", "ENTITIES", "ENTITY_ORDER", "EntitySpec", "entity_of", "spec", "to_wire"]

# Kept by each end for itself: the registry stamps them, a pull overwrites them.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "updated_by", "version"})


@dataclass(frozen=True)
class EntitySpec:
    """What travels of one synchronised model."""

    name: str
    model: type[SyncedMixin]
    table: Table
    fields: tuple[str, ...]  # every column except the bookkeeping ones
    required: frozenset[str]  # must be given when the record is created
    nullable: frozenset[str]
    parents: Mapping[str, str]  # foreign-key field → parent entity
    codecs: Mapping[str, ColumnCodec]  # every column, bookkeeping included
    # Derived from ``codecs``, as tuples: pulls encode and load 10⁴–10⁵ rows.
    decoders: Mapping[str, Callable[[Any], Any]] = field(init=False)
    encoders: tuple[tuple[str, Callable[[Any], Any]], ...] = field(init=False)
    loaders: tuple[tuple[str, Callable[[Any], Any]], ...] = field(init=False)

    def __post_init__(self) -> None:
        codecs = self.codecs.items()
        object.__setattr__(self, "decoders", {n: c.decode for n, c in codecs})
        object.__setattr__(self, "encoders", tuple((n, c.encode) for n, c in codecs))
        object.__setattr__(self, "loaders", tuple((n, c.load) for n, c in codecs))

    def decode(self, field: str, value: Any, *, checked: bool = True) -> Any:
        """The stored form of a wire value, refusing a wrong type and — when ``checked`` —
        anything the domain's rules for that field refuse (the same rules the laptop's forms
        apply: :mod:`hdf_field.domain.record_rules`). Unchecked decoding is for values already
        stored on one end (a merge base, a laptop's own pending change laid over a pull):
        a record older than a rule must stay readable and mergeable."""
        if field not in self.decoders:
            raise ValidationError(
                field, code="record.no_field", params={"entity": self.name, "name": field}
            )
        if value is None:
            if field not in self.nullable:
                raise ValidationError(field, code="value.missing")
            return None
        if field in self.required and isinstance(value, str) and not value.strip():
            # e.g. an organisation needs a name
            raise ValidationError(field, code="value.blank")
        decoded = self.decoders[field](value)
        if checked:
            check_field(self.name, field, decoded)
        return decoded

    def encode(self, field: str, value: Any) -> Any:
        """One field's value as it travels (None stays None)."""
        return None if value is None else self.codecs[field].encode(value)

    def encode_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The wire form of a whole row."""
        out = {}
        for name, enc in self.encoders:
            value = row[name]
            out[name] = None if value is None else enc(value)
        return out

    def wire_record(self, row: Mapping[str, Any]) -> str:
        """A whole row as a pull sends it (``RecordOut``), as compact JSON text."""
        deleted = row["deleted_at"] is not None
        return record_json(self.name, row["id"], row["version"], deleted, self.encode_row(row))


def _parents(table: Table) -> dict[str, str]:
    return {c.name: fk.column.table.name for c in table.columns for fk in c.foreign_keys}


def _parents_first(models: tuple[type[SyncedMixin], ...]) -> tuple[str, ...]:
    """Entity names in an order where every parent comes before its children (a pulled page
    applied in this order satisfies foreign keys); ties keep ``SYNCED_MODELS``' order."""
    tables: dict[str, Table] = {m.__table__.name: m.__table__ for m in models}  # type: ignore[attr-defined]
    needs = {
        name: {p for p in _parents(t).values() if p != name and p in tables}
        for name, t in tables.items()
    }
    order: list[str] = []
    while needs:
        ready = [n for n, ps in needs.items() if ps.issubset(order)]
        if not ready:
            raise RuntimeError(f"synced entities refer to each other in a cycle: {sorted(needs)}")
        order.append(ready[0])
        del needs[ready[0]]
    return tuple(order)


# Parents before children, so that a page applied in this order satisfies foreign keys.
ENTITY_ORDER: tuple[str, ...] = _parents_first(SYNCED_MODELS)


def _build() -> dict[str, EntitySpec]:
    specs: dict[str, EntitySpec] = {}
    by_table = {m.__table__.name: m for m in SYNCED_MODELS}  # type: ignore[attr-defined]
    for name in ENTITY_ORDER:
        model = by_table[name]
        table: Table = model.__table__  # type: ignore[attr-defined]
        fields = tuple(c.name for c in table.columns if c.name not in BOOKKEEPING)
        specs[name] = EntitySpec(
            name=name,
            model=model,
            table=table,
            fields=fields,
            required=frozenset(
                c.name
                for c in table.columns
                if c.name in fields and not c.nullable and c.default is None
            ),
            nullable=frozenset(c.name for c in table.columns if c.nullable),
            parents=_parents(table),
            codecs={c.name: codec_for(c) for c in table.columns},
        )
    return specs


ENTITIES: dict[str, EntitySpec] = _build()


def entity_of(obj: object) -> EntitySpec | None:
    table = getattr(type(obj), "__table__", None)
    return ENTITIES.get(table.name) if table is not None else None


def spec(name: str) -> EntitySpec:
    try:
        return ENTITIES[name]
    except KeyError as exc:
        raise ValidationError("entity", code="entity.unknown", params={"value": name}) from exc
