"""Open sync conflicts as a person reads them: which record, which field, what each side holds.

The sync service stores conflicts by entity name and record id; a field officer knows
"Boulangerie Lefèvre, téléphone". This module adds the record's label, the value the laptop
holds now and the kind of field (so the GUI can offer the right editor), and turns what a
person typed back into a value the field accepts, with a message naming the field if not.
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hdf_field.domain.errors import ValidationError
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, FollowUp, Organisation, Referral, Visit
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.conflicts import cluster_name, organisation_name
from hdf_field.sync import held
from hdf_field.sync.client import refusal_text
from hdf_field.sync.records import ENTITIES, to_wire

# A conflict on the whole record: the registry refused the change outright (out of scope).
WHOLE_RECORD = "*"


class FieldKind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"
    JSON = "json"
    RECORD = "record"  # the whole-record conflict: no value to type


@dataclass(frozen=True)
class ConflictItem:
    id: uuid.UUID
    entity: str
    record_id: uuid.UUID
    record_label: str
    field: str
    base: Any  # wire values, as the registry compared them
    mine: Any
    theirs: Any
    current: Any  # what this laptop holds now
    author: str | None  # who made the other change
    created_at: datetime
    kind: FieldKind
    choices: tuple[str, ...] = ()  # allowed values of a CHOICE field

    @property
    def whole_record(self) -> bool:
        return self.field == WHOLE_RECORD


# The editor for each wire form (:mod:`hdf_field.sync.codec` decides a column's form from its
# type, in one place); a UUID is typed as text.
_KIND_OF_WIRE_TYPE: dict[str, FieldKind] = {
    "datetime": FieldKind.DATETIME,
    "enum": FieldKind.CHOICE,
    "boolean": FieldKind.BOOLEAN,
    "integer": FieldKind.INTEGER,
    "number": FieldKind.NUMBER,
    "date": FieldKind.DATE,
    "json": FieldKind.JSON,
}


def field_kind(entity: str, field: str) -> tuple[FieldKind, tuple[str, ...]]:
    """The editor a field needs, and an enum's choices, from the field's wire codec."""
    if field == WHOLE_RECORD:
        return FieldKind.RECORD, ()
    codec = ENTITIES[entity].codecs[field]
    if codec.long_text:
        return FieldKind.LONG_TEXT, ()
    return _KIND_OF_WIRE_TYPE.get(codec.wire_type, FieldKind.TEXT), codec.choices


def _org_name(session: Session, org_id: uuid.UUID | None) -> str | None:
    if org_id is None:
        return None
    return organisation_name(session, organisation_id=org_id)


def record_label(session: Session, entity: str, record_id: uuid.UUID, fallback: Any = None) -> str:
    """A name a person recognises; the organisation's name for what hangs off one."""
    espec = ENTITIES.get(entity)
    obj = session.get(espec.model, record_id) if espec is not None else None
    if isinstance(obj, Organisation):
        return f"{obj.name} ({obj.city})" if obj.city else obj.name
    if isinstance(obj, Contact):
        person = " ".join(p for p in (obj.first_name, obj.last_name) if p)
        org = _org_name(session, obj.organisation_id)
        return f"{person} — {org}" if org else person
    if isinstance(obj, Visit):
        org = _org_name(session, obj.organisation_id) or ""
        when = obj.actual_start or obj.planned_start
        return f"{org} — {when.strftime('%d/%m/%Y')}" if when else org
    if isinstance(obj, FollowUp):
        org = _org_name(session, obj.organisation_id) or ""
        return f"{org} — {obj.action}"
    if isinstance(obj, Referral):
        org = _org_name(session, obj.organisation_id) or ""
        cluster = cluster_name(session, cluster_id=obj.cluster_id)
        return f"{org} → {cluster}" if cluster else org
    name = getattr(obj, "name", None)
    if isinstance(name, str) and name:
        return name
    if isinstance(fallback, dict) and isinstance(fallback.get("name"), str):
        return str(fallback["name"])
    return f"{entity} {str(record_id)[:8]}"


def open_conflicts(db: Database, lang: str = "fr") -> list[ConflictItem]:
    """Open conflicts, oldest first, as frozen rows for a view; the registry's reason for a
    refused change in ``lang`` (it keeps its English words and their code)."""
    with db.session() as s:
        items = []
        for c in held.open_conflicts(s):
            espec = ENTITIES.get(c.entity)
            if espec is None:
                continue
            kind, choices = field_kind(c.entity, c.field)
            obj = s.get(espec.model, c.record_id)
            current = (
                to_wire(getattr(obj, c.field))
                if obj is not None and c.field in espec.fields
                else None
            )
            items.append(
                ConflictItem(
                    id=c.id,
                    entity=c.entity,
                    record_id=c.record_id,
                    record_label=record_label(s, c.entity, c.record_id, c.mine),
                    field=c.field,
                    base=c.base,
                    mine=c.mine,
                    theirs=refusal_text(c.theirs, lang) if c.field == WHOLE_RECORD else c.theirs,
                    current=current,
                    author=c.author,
                    created_at=c.created_at,
                    kind=kind,
                    choices=choices,
                )
            )
        return items


_TRUE = {"oui", "o", "vrai", "true", "yes", "y", "1"}
_FALSE = {"non", "n", "faux", "false", "no", "0"}


def parse_value(entity: str, field: str, text: str) -> Any:
    """What a person typed for ``field`` as the wire value it will be stored and sent as.

    An empty text clears the field where it may be empty. Raises :class:`ValidationError`
    naming the field, so the view can say what is wrong and keep the text.
    """
    espec = ENTITIES[entity]
    kind, _choices = field_kind(entity, field)
    raw = text.strip() if kind is not FieldKind.LONG_TEXT else text
    value: Any
    if not raw.strip():
        value = None
    elif kind is FieldKind.INTEGER:
        try:
            value = int(raw)
        except ValueError as exc:
            raise ValidationError(field, f"not a whole number: {raw!r}") from exc
    elif kind is FieldKind.NUMBER:
        try:
            value = float(raw.replace(",", "."))
        except ValueError as exc:
            raise ValidationError(field, f"not a number: {raw!r}") from exc
    elif kind is FieldKind.BOOLEAN:
        low = raw.lower()
        if low not in _TRUE | _FALSE:
            raise ValidationError(field, f"answer oui or non, not {raw!r}")
        value = low in _TRUE
    elif kind is FieldKind.DATE:
        value = _parse_date(field, raw).isoformat()
    elif kind is FieldKind.JSON:
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise ValidationError(field, f"not valid JSON: {exc}") from exc
    elif kind is FieldKind.RECORD:
        raise ValidationError(field, "a refused record cannot be edited here")
    else:
        value = raw
    return to_wire(espec.decode(field, value))


def _parse_date(field: str, raw: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValidationError(field, f"not a date (JJ/MM/AAAA): {raw!r}")
