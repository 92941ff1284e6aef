"""The sync wire contract: one codec per column type, derived from the column itself.

Every value that crosses between a laptop and the registry — in the outbox, in a push, in a
pull page, in a sealed bundle — has one JSON form, decided here and nowhere else:

=============  ===================================  =====================================
column type    wire (JSON)                          stored in SQLite as
=============  ===================================  =====================================
String, Text   string (≤ length / 100 000, no NUL)  the same text
Integer        integer in [-2³¹, 2³¹)               the same integer
Float          number, |x| ≤ 1e100                  REAL
Boolean        true / false                         1 / 0
Enum           the member's value (a string)        the value
Uuid           "8-4-4-4-12" lower-case hex          32 hex digits
Date           "YYYY-MM-DD"                         the same text
UTCDateTime    ISO 8601 ending "+00:00" (UTC)       naive UTC "YYYY-MM-DD HH:MM:SS.ffffff"
JSON           list or object, no float (≤ 100 kB)  its JSON text
=============  ===================================  =====================================

Empty values are ``null`` on the wire for every type. A :class:`ColumnCodec` carries, for
one column, the encoder (stored value → wire), the checked decoder (hostile wire value →
stored value, or a :class:`ValidationError` naming the field), the unchecked loader (for
values the registry already checked), the SQLite parameter a pulled value is written as, and
the SQL expression that renders a stored SQLite value as its wire JSON (bulk outbox rows).
The hypothesis tests in ``tests/unit/sync/test_codec.py`` and
``tests/integration/sync/test_wire_contract.py`` prove these agree for every synchronised
column, through SQLite and PostgreSQL.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

from sqlalchemy import JSON, Boolean, Column, Date, Enum, Float, Integer, String, Text, Uuid

from hdf_field.domain.errors import ValidationError
from hdf_field.storage.types import UTCDateTime

INT_MIN: Final = -(2**31)
INT_MAX: Final = 2**31 - 1
MAX_JSON_BYTES: Final = 100_000
# Numbers in Float columns (coordinates): beyond this magnitude SQLite's printf, which
# renders the bulk importers' outbox rows, no longer gives back the very same double.
FLOAT_LIMIT: Final = 1e100
# Text columns without a length (notes): the wire's own bound, well above the domain's
# (hdf_field.domain.limits.NOTES_MAX), so that even an unchecked decode is bounded.
MAX_TEXT: Final = 100_000

Convert = Callable[[Any], Any]


# -- encoders: one per Python type, shared by the column codecs and :func:`to_wire` ----------
def _same(value: Any) -> Any:
    return value


same_value: Final = _same  # the converter of values stored as they travel


def encode_datetime(value: datetime) -> str:
    """ISO 8601 in UTC; a naive value is taken as UTC (how SQLite hands them back)."""
    if value.tzinfo is UTC:  # what the column type returns: no conversion needed
        return value.isoformat()
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC).isoformat()
    return value.astimezone(UTC).isoformat()


def encode_date(value: date) -> str:
    return value.isoformat()


def encode_enum(value: Any) -> Any:
    """Enum columns may be handed the member or its value (forms, importers)."""
    return value.value if isinstance(value, enum.Enum) else value


def encode_uuid(value: Any) -> str:
    return str(value)


def to_wire(value: Any) -> Any:
    """Any column value as plain JSON, chosen by its Python type; agrees with every column
    codec's ``encode`` (proved by the property tests)."""
    if value is None or isinstance(value, bool | int | str | float):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return encode_enum(value)
    if isinstance(value, uuid.UUID):
        return encode_uuid(value)
    if isinstance(value, datetime):
        return encode_datetime(value)
    if isinstance(value, date):
        return encode_date(value)
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_wire(v) for k, v in value.items()}
    raise TypeError(f"cannot send a {type(value).__name__} value")


# -- loaders: wire → stored value, unchecked (the registry checked it) -----------------------
def load_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


# -- SQLite storage: wire → the parameter SQLAlchemy itself would bind -----------------------
def sqlite_datetime(value: str) -> str:
    """A wire date-time (ISO, UTC) as SQLAlchemy stores it in SQLite (naive UTC, µs)."""
    if len(value) in (25, 32) and value.endswith("+00:00") and value[10] == "T":
        # The registry's own form (``isoformat()`` of a UTC value): rewrite, don't parse.
        body = value[:-6].replace("T", " ")
        return body if len(body) == 26 else body + ".000000"
    return load_datetime(value).strftime("%Y-%m-%d %H:%M:%S.%f")


def sqlite_uuid(value: str) -> str:
    if len(value) == 36 and value.islower():
        return value.replace("-", "")
    return uuid.UUID(value).hex


def _sqlite_json(value: Any) -> str:
    return json.dumps(value)


@dataclass(frozen=True, slots=True)
class ColumnCodec:
    """How one column's values travel. ``encode``, ``decode``, ``load`` and
    ``sqlite_param`` are never given None: empty is ``null`` for every type.

    ``wire_type`` names the JSON form (string, integer, number, boolean, enum, uuid, date,
    datetime, json); ``choices`` and ``long_text`` say the rest of what a person editing the
    value needs (the conflicts screen picks its editor from them, not from the column)."""

    field: str
    wire_type: str
    encode: Convert
    decode: Convert
    load: Convert
    sqlite_param: Convert
    sqlite_empty: str  # SQL: the stored SQLite value is empty
    sqlite_json: str  # SQL: the stored SQLite value as its wire JSON text
    choices: tuple[str, ...] = ()  # an enum's values, in declaration order
    long_text: bool = False  # a Text column (notes): free text over several lines


def _refuse(name: str, value: Any, what: str) -> ValidationError:
    """``what`` is one of the kinds :data:`hdf_field.domain.error_messages.FILE_KINDS`
    translates ("a string", "an integer"…)."""
    return ValidationError(
        name, code="wire.expected", params={"what": what, "type": type(value).__name__}
    )


def _text_codec(name: str, col: str, length: int | None, *, long_text: bool) -> ColumnCodec:
    length = length or MAX_TEXT

    def decode(v: Any) -> Any:
        if not isinstance(v, str):
            raise _refuse(name, v, "a string")
        if len(v) > length:
            raise ValidationError(name, code="text.longer", params={"max": length})
        if "\x00" in v:
            raise ValidationError(name, code="text.nul")
        return v

    return ColumnCodec(
        name,
        "string",
        _same,
        decode,
        _same,
        _same,
        f"{col} IS NULL",
        f"json_quote({col})",
        long_text=long_text,
    )


def _int_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _refuse(name, v, "an integer")
        if not INT_MIN <= v <= INT_MAX:
            raise ValidationError(name, code="integer.out_of_range")
        return v

    return ColumnCodec(
        name, "integer", _same, decode, _same, _same, f"{col} IS NULL", f"json_quote({col})"
    )


def _float_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise _refuse(name, v, "a number")
        try:
            value = float(v)
        except OverflowError:  # an integer beyond any double
            raise ValidationError(name, code="number.not_finite") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(name, code="number.not_finite")
        if abs(value) > FLOAT_LIMIT:
            raise ValidationError(name, code="number.beyond", params={"limit": f"{FLOAT_LIMIT:g}"})
        return value

    # 17 significant digits read back as the very same double (SQLite's own JSON rendering
    # keeps 15 and would move a coordinate by a few nanodegrees).
    return ColumnCodec(
        name, "number", _same, decode, _same, _same, f"{col} IS NULL", f"printf('%!.17g', {col})"
    )


def _bool_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if not isinstance(v, bool):
            raise _refuse(name, v, "true or false")
        return v

    return ColumnCodec(
        name,
        "boolean",
        _same,
        decode,
        _same,
        int,
        f"{col} IS NULL",
        f"iif({col}, 'true', 'false')",
    )


def _enum_codec(name: str, col: str, enum_cls: type[enum.Enum]) -> ColumnCodec:
    allowed = ", ".join(str(m.value) for m in enum_cls)

    def decode(v: Any) -> Any:
        if not isinstance(v, str):
            raise ValidationError(
                name,
                code="wire.expected_one_of",
                params={"allowed": allowed, "type": type(v).__name__},
            )
        try:
            return enum_cls(v)
        except ValueError:
            raise ValidationError(
                name, code="choice.unknown", params={"value": v[:50], "allowed": allowed}
            ) from None

    # Enums are stored as their values.
    return ColumnCodec(
        name,
        "enum",
        encode_enum,
        decode,
        enum_cls,
        _same,
        f"{col} IS NULL",
        f"json_quote({col})",
        choices=tuple(str(m.value) for m in enum_cls),
    )


def _uuid_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if not isinstance(v, str):
            raise _refuse(name, v, "a UUID string")
        if len(v) > 45:
            raise ValidationError(name, code="uuid.too_long")
        try:
            return uuid.UUID(v)
        except ValueError:
            raise ValidationError(name, code="uuid.invalid", params={"value": v}) from None

    as_json = (
        f"json_quote(substr({col}, 1, 8) || '-' || substr({col}, 9, 4) || '-' "
        f"|| substr({col}, 13, 4) || '-' || substr({col}, 17, 4) || '-' "
        f"|| substr({col}, 21))"
    )
    return ColumnCodec(
        name, "uuid", encode_uuid, decode, uuid.UUID, sqlite_uuid, f"{col} IS NULL", as_json
    )


def _date_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if not isinstance(v, str):
            raise _refuse(name, v, "an ISO date")
        if len(v) > 10:
            raise ValidationError(name, code="date.iso", params={"value": v[:50]})
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise ValidationError(name, code="date.iso", params={"value": v}) from None

    # Dates are stored as ISO text.
    return ColumnCodec(
        name,
        "date",
        encode_date,
        decode,
        date.fromisoformat,
        _same,
        f"{col} IS NULL",
        f"json_quote({col})",
    )


def _datetime_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if not isinstance(v, str):
            raise _refuse(name, v, "an ISO 8601 date-time")
        if len(v) > 40:
            raise ValidationError(name, code="datetime.iso", params={"value": v[:50], "more": "…"})
        try:
            parsed = datetime.fromisoformat(v)
        except ValueError:
            raise ValidationError(
                name, code="datetime.iso", params={"value": v, "more": ""}
            ) from None
        if parsed.tzinfo is None:
            raise ValidationError(name, code="datetime.naive")
        try:
            return parsed.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC
            raise ValidationError(name, code="datetime.range", params={"value": v}) from None

    # Stored naive UTC with microseconds; isoformat() drops a zero fraction.
    as_json = f"json_quote(replace(replace({col}, '.000000', ''), ' ', 'T') || '+00:00')"
    return ColumnCodec(
        name,
        "datetime",
        encode_datetime,
        decode,
        load_datetime,
        sqlite_datetime,
        f"{col} IS NULL",
        as_json,
    )


def _holds_float(value: Any) -> bool:
    """Whether a JSON value holds a float anywhere. JSON columns hold lists and objects of
    text, whole numbers and booleans; PostgreSQL's JSONB keeps numbers as decimals, so a
    float such as 5.555008370789129e16 would come back from the registry as another number
    (an integer) and a merge would see a change nobody made."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _json_codec(name: str, col: str) -> ColumnCodec:
    def decode(v: Any) -> Any:
        if not isinstance(v, list | dict):
            raise _refuse(name, v, "a list or an object")
        try:
            text = json.dumps(v, allow_nan=False)
        except ValueError:
            raise ValidationError(name, code="json.not_carried") from None
        except RecursionError:
            raise ValidationError(name, code="json.too_deep") from None
        if len(text) > MAX_JSON_BYTES:
            raise ValidationError(
                name, code="json.too_large", params={"max": MAX_JSON_BYTES // 1000}
            )
        if _holds_float(v):
            raise ValidationError(name, code="json.fraction")
        return v

    # A JSON column keeps Python's None as the text 'null'.
    return ColumnCodec(
        name,
        "json",
        to_wire,
        decode,
        _same,
        _sqlite_json,
        f"({col} IS NULL OR {col} = 'null')",
        f"json({col})",
    )


def codec_for(column: Column[Any]) -> ColumnCodec:
    """The codec of a column, from its SQLAlchemy type (subclasses before their bases:
    UTCDateTime is a TypeDecorator, Text a String, Enum a String)."""
    ctype = column.type
    name = column.name
    col = f'"{name}"'
    if isinstance(ctype, UTCDateTime):
        return _datetime_codec(name, col)
    if isinstance(ctype, Enum):
        assert ctype.enum_class is not None, f"{name}: enum columns need an enum class"
        return _enum_codec(name, col, ctype.enum_class)
    if isinstance(ctype, Uuid):
        return _uuid_codec(name, col)
    if isinstance(ctype, Date):
        return _date_codec(name, col)
    if isinstance(ctype, Boolean):
        return _bool_codec(name, col)
    if isinstance(ctype, Integer):
        return _int_codec(name, col)
    if isinstance(ctype, Float):
        return _float_codec(name, col)
    if isinstance(ctype, String | Text):
        return _text_codec(
            name, col, getattr(ctype, "length", None), long_text=isinstance(ctype, Text)
        )
    if isinstance(ctype, JSON):
        return _json_codec(name, col)
    raise TypeError(f"no wire codec for {name}: {ctype!r}")


def sqlite_creation_json(codecs: Iterable[ColumnCodec]) -> str:
    """One SQL expression rendering a stored SQLite row as a creation's outbox changes,
    ``{"field": [null, value], ...}`` over its non-empty fields: the bulk importers' outbox
    rows, built by SQLite in C (see ``outbox.record_inserted_rows``)."""
    parts = [
        f"iif({c.sqlite_empty}, '', ',{json.dumps(c.field)}:[null,' || {c.sqlite_json} || ']')"
        for c in codecs
    ]
    return f"'{{' || substr({' || '.join(parts)}, 2) || '}}'"


# -- envelopes: the pull page as JSON text, the codec's own serialisation -------------------
def dumps(value: Any) -> str:
    """Compact JSON text as every wire body is written (UTF-8 kept, no spaces)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=to_wire)


def record_json(entity: str, record_id: Any, version: int, deleted: bool, data: Any) -> str:
    """One record as a pull sends it (``RecordOut``): the body the registry's feed stores."""
    return dumps(
        {
            "entity": entity,
            "id": str(record_id),
            "version": version,
            "deleted": deleted,
            "data": data,
        }
    )


def pull_page_json(
    records: Iterable[str],
    conflicts: list[Any],
    cursor: int,
    more: bool,
    protocol: int,
    *,
    erased: list[Any] | None = None,
) -> str:
    """A pull page (``PullResponse``) from record bodies that are JSON text already
    (:func:`record_json`): spliced in rather than decoded and encoded again, since pulls
    move tens of thousands of records."""
    envelope: dict[str, Any] = {
        "conflicts": conflicts,
        "cursor": cursor,
        "more": more,
        "protocol": protocol,
    }
    if erased:  # only then: a laptop from before erasure reads every other page as before
        envelope["erased"] = erased
    tail = dumps(envelope)
    return '{"records":[' + ",".join(records) + "]," + tail[1:]
