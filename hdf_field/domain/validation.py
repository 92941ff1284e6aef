"""Field validators for what a person types about an organisation.

Pure functions, each taking the raw value (a string from the command line or a form, or an
already typed value from code) and returning the value to store, or raising
:class:`ValidationError` naming the field. The GUI calls them on every keystroke for live
feedback, and :mod:`hdf_field.services.organisations` calls them before writing, so both give
the same verdict and the same normalised form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

from hdf_field.domain.enums import Area, FunnelStatus, GeoPrecision, OrgKind
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.glossary import FIELD
from hdf_field.domain.identifiers import (
    normalize_be_enterprise_number,
    normalize_siren,
    normalize_siret,
)
from hdf_field.domain.limits import MAX_TAG_LENGTH, MAX_TAGS, TEXT_LIMITS
from hdf_field.domain.naf import subclass_code
from hdf_field.domain.workforce import WORKFORCE_BANDS

Validator = Callable[[Any], Any]

_SEPARATORS = re.compile(r"[\s.\-/()]")
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Belgian zones dialled with a single digit after the 0 (Brussels, Antwerp, Liège, Ghent).
_BE_SHORT_ZONES = frozenset("2349")


# Control characters other than tab and line breaks, and UTF-16 surrogates (which no UTF-8
# database can store: one reaching PostgreSQL would fail the whole transaction).
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def check_plain_text(field: str, text: str, max_length: int) -> None:
    """What any stored text must be: bounded, and free of characters that break a database,
    a PDF or a terminal (NUL, other control characters, lone surrogates)."""
    if len(text) > max_length:
        raise ValidationError(
            field, code="text.too_long", params={"max": max_length, "given": len(text)}
        )
    bad = _UNSAFE_CHARS.search(text)
    if bad is not None:
        raise ValidationError(
            field,
            code="text.control_char",
            params={"char": f"{ord(bad.group()):04X}", "pos": bad.start()},
        )


def _checked_text(field: str, max_length: int, value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    check_plain_text(field, text, max_length)
    return text


def optional_text(field: str, max_length: int) -> Validator:
    """A free text column: trimmed, empty → ``None``, bounded by the column's length."""

    def validate(value: Any) -> str | None:
        return _checked_text(field, max_length, value)

    return validate


def required_text(field: str, max_length: int) -> Validator:
    def validate(value: Any) -> str:
        text = _checked_text(field, max_length, value)
        if text is None:
            raise ValidationError(field, code="text.empty")
        return text

    return validate


def validate_email(value: Any, field: str = "email") -> str | None:
    """Syntax only (no DNS: the app works offline); the domain part is lower-cased."""
    text = _text(value)
    if not text:
        return None
    if len(text) > 254 or not _EMAIL.match(text):
        raise ValidationError(field, code="email.invalid", params={"value": text})
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def validate_website(value: Any, field: str = "website") -> str | None:
    """A web address shown as a link: only http(s), or a bare host (``www.example.fr``) as
    registers often give it. ``javascript:``, ``data:``, ``file:`` and the like are refused:
    a link in the map or a PDF must never run or open anything but a web page."""
    text = _text(value)
    if not text:
        return None
    check_plain_text(field, text, TEXT_LIMITS["organisation"]["website"])
    if any(c.isspace() for c in text):
        raise ValidationError(field, code="website.spaces", params={"value": text})
    scheme = _URL_SCHEME.match(text)
    if scheme is not None:
        name, rest = scheme.group(1).lower(), text[scheme.end() :]
        is_port = rest.split("/", 1)[0].isdigit()  # "www.example.fr:8080/..." has no scheme
        if name in ("http", "https"):
            if not rest.startswith("//") or len(rest) == 2:
                raise ValidationError(field, code="website.invalid", params={"value": text})
        elif not is_port:
            raise ValidationError(field, code="website.scheme", params={"scheme": name})
    return text


def _group(digits: str, sizes: tuple[int, ...]) -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(digits[i : i + size])
        i += size
    return " ".join(parts)


def _belgian(national: str, field: str, raw: str) -> str:
    """``national`` is the number without its leading 0 (8 or 9 digits)."""
    if len(national) == 9 and national.startswith("4"):
        return "+32 " + _group(national, (3, 2, 2, 2))  # mobile 04xx xx xx xx
    if len(national) == 8 and national[0] != "0":
        if national[0] in _BE_SHORT_ZONES:
            return "+32 " + _group(national, (1, 3, 2, 2))
        return "+32 " + _group(national, (2, 2, 2, 2))
    raise ValidationError(field, code="phone.not_be", params={"value": raw})


def validate_phone(value: Any, country: str = "FR", field: str = "phone") -> str | None:
    """French numbers are kept in the national form officers dial (``03 20 12 34 56``);
    Belgian numbers get the international form (``+32 69 12 34 56``), since they are
    called from France. ``country`` says how to read a number written without a prefix."""
    raw = _text(value)
    if not raw:
        return None
    digits = _SEPARATORS.sub("", raw.replace("(0)", ""))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+33"):
        rest = digits[3:]
        if len(rest) == 9 and rest.isdigit() and rest[0] != "0":
            return _group("0" + rest, (2, 2, 2, 2, 2))
        raise ValidationError(field, code="phone.not_fr", params={"value": raw})
    if digits.startswith("+32"):
        rest = digits[3:]
        if rest.isdigit():
            return _belgian(rest, field, raw)
        raise ValidationError(field, code="phone.not_be", params={"value": raw})
    if digits.startswith("+"):
        raise ValidationError(field, code="phone.foreign", params={"value": raw})
    if not digits.isdigit() or not digits.startswith("0"):
        raise ValidationError(field, code="phone.invalid", params={"value": raw})
    if country.upper() == "BE":
        return _belgian(digits[1:], field, raw)
    if len(digits) == 10 and digits[1] != "0":
        return _group(digits, (2, 2, 2, 2, 2))
    if len(digits) == 9:  # a Belgian landline typed without its prefix
        return _belgian(digits[1:], field, raw)
    raise ValidationError(field, code="phone.fr_digits", params={"value": raw})


def validate_siret(value: Any, field: str = "siret") -> str | None:
    text = _text(value)
    return normalize_siret(text, field) if text else None


def validate_siren(value: Any, field: str = "siren") -> str | None:
    text = _text(value)
    return normalize_siren(text, field) if text else None


def validate_be_enterprise_number(value: Any, field: str = "be_enterprise_number") -> str | None:
    text = _text(value)
    return normalize_be_enterprise_number(text, field) if text else None


def validate_be_establishment_number(
    value: Any, field: str = "be_establishment_number"
) -> str | None:
    """Establishment units are 10 digits starting with 2–8, written ``2.123.456.789``."""
    text = _text(value)
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    if len(digits) != 10 or not digits.isdigit() or digits[0] not in "2345678":
        raise ValidationError(field, code="be_establishment.digits", params={"value": text})
    return f"{digits[0]}.{digits[1:4]}.{digits[4:7]}.{digits[7:]}"


def validate_enum(enum_cls: type[StrEnum], field: str, *, nullable: bool = False) -> Validator:
    """By stored value (``visited``, ``ex-Picardie``), or by member name for convenience."""

    def validate(value: Any) -> StrEnum | None:
        if isinstance(value, enum_cls):
            return value
        text = _text(value)
        if not text:
            if nullable:
                return None
            raise ValidationError(field, code="text.empty")
        for member in enum_cls:
            if text == member.value or text.casefold() in (
                member.value.casefold(),
                member.name.casefold(),
            ):
                return member
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValidationError(
            field, code="enum.unknown", params={"value": text, "allowed": allowed}
        )

    return validate


def validate_priority(value: Any, field: str = "priority") -> int:
    text = _text(value)
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(field, code="priority.range", params={"value": text}) from None
    if not 0 <= number <= 3:
        raise ValidationError(field, code="priority.range", params={"value": number})
    return number


def _coordinate(field: str, bound: float) -> Validator:
    def validate(value: Any) -> float | None:
        text = _text(value).replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(field, code="number.decimal", params={"value": text}) from None
        if not -bound <= number <= bound:
            raise ValidationError(
                field, code="number.range", params={"bound": f"{bound:g}", "value": number}
            )
        return number

    return validate


validate_lat = _coordinate("lat", 90)
validate_lon = _coordinate("lon", 180)


def validate_tags(value: Any, field: str = "tags") -> list[str]:
    """A comma-separated list (or a list); blanks and repeats dropped, order kept."""
    if isinstance(value, dict):
        raise ValidationError(field, code="tags.object")
    items = value if isinstance(value, list | tuple) else _text(value).split(",")
    tags: list[str] = []
    for item in items:
        if isinstance(value, list | tuple) and not isinstance(item, str):
            raise ValidationError(field, code="tags.type", params={"type": type(item).__name__})
        tag = _text(item)
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(
                field, code="tags.too_long", params={"max": MAX_TAG_LENGTH, "value": tag[:60]}
            )
        check_plain_text(field, tag, MAX_TAG_LENGTH)
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(
            field, code="tags.too_many", params={"max": MAX_TAGS, "given": len(tags)}
        )
    return tags


def validate_postal_code(value: Any, country: str = "FR", field: str = "postal_code") -> str | None:
    text = _text(value).replace(" ", "")
    if not text:
        return None
    size = 4 if country.upper() == "BE" else 5
    if len(text) != size or not text.isdigit():
        code = "postal_code.be" if size == 4 else "postal_code.fr"
        raise ValidationError(field, code=code, params={"value": text})
    return text


def validate_insee_code(value: Any, field: str = "insee_code") -> str | None:
    text = _text(value).upper()
    if not text:
        return None
    if not re.fullmatch(r"(\d{5}|2[AB]\d{3})", text):
        raise ValidationError(field, code="insee.invalid", params={"value": text})
    return text


def validate_departement(value: Any, field: str = "departement") -> str | None:
    text = _text(value).upper()
    if not text:
        return None
    if not re.fullmatch(r"(\d{2}|2[AB]|97\d)", text):
        raise ValidationError(field, code="departement.invalid", params={"value": text})
    return text


def validate_country(value: Any, field: str = "country") -> str:
    text = _text(value).upper()
    if text not in ("FR", "BE"):
        raise ValidationError(field, code="country.invalid", params={"value": text})
    return text


def validate_naf_code(value: Any, field: str = "naf_code") -> str | None:
    """NAF rev. 2 codes are stored dotted (``29.10Z``), as SIRENE publishes them."""
    text = _text(value).replace(" ", "")
    if not text:
        return None
    code = subclass_code(text)
    if code is None:
        raise ValidationError(field, code="naf.invalid", params={"value": text})
    return code


def validate_workforce_band(value: Any, field: str = "workforce_band") -> str | None:
    text = _text(value).upper()
    if not text:
        return None
    if text not in WORKFORCE_BANDS:
        raise ValidationError(
            field, code="workforce.invalid", params={"allowed": ", ".join(WORKFORCE_BANDS)}
        )
    return text


def validate_bool(field: str, *, nullable: bool) -> Validator:
    def validate(value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if not text and nullable:
            return None
        if text in ("1", "true", "yes", "oui", "vrai", "o", "y"):
            return True
        if text in ("0", "false", "no", "non", "faux", "n"):
            return False
        raise ValidationError(field, code="bool.invalid", params={"value": text})

    return validate


def validate_date(field: str) -> Validator:
    def validate(value: Any) -> date | None:
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationError(field, code="date.invalid", params={"value": text}) from None

    return validate


def validate_opening_hours(
    value: Any, field: str = "opening_hours"
) -> dict[str, list[list[str]]] | None:
    """Either the stored JSON shape or ``1-5 08:30-12:00 14:00-18:00; 6 09:00-12:00``
    (ISO weekdays, Monday = 1)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValidationError(field, code="hours.json", params={"detail": exc.msg}) from None
    if isinstance(value, dict):
        return _checked_hours(value, field)
    hours: dict[str, list[list[str]]] = {}
    for part in _text(value).split(";"):
        tokens = part.split()
        if not tokens:
            continue
        days = _day_span(tokens[0], field)
        intervals = [_interval(t, field) for t in tokens[1:]]
        if not intervals:
            raise ValidationError(field, code="hours.no_interval", params={"value": tokens[0]})
        for day in days:
            hours[str(day)] = intervals
    return _checked_hours(hours, field)


def _day_span(token: str, field: str) -> list[int]:
    try:
        if "-" in token:
            first, last = (int(x) for x in token.split("-", 1))
            days = list(range(first, last + 1))
        else:
            days = [int(token)]
    except ValueError:
        raise ValidationError(field, code="hours.weekday", params={"value": token}) from None
    if not days or not all(1 <= d <= 7 for d in days):
        raise ValidationError(field, code="hours.weekday", params={"value": token})
    return days


def _interval(token: str, field: str) -> list[str]:
    start, _, end = token.partition("-")
    if not (_HHMM.match(start) and _HHMM.match(end)) or start >= end:
        raise ValidationError(field, code="hours.interval", params={"value": token})
    return [start, end]


def _checked_hours(hours: dict[Any, Any], field: str) -> dict[str, list[list[str]]]:
    checked: dict[str, list[list[str]]] = {}
    for day, intervals in sorted(hours.items(), key=lambda kv: str(kv[0])):
        _day_span(str(day), field)
        if not isinstance(intervals, list):
            raise ValidationError(field, code="hours.day_list", params={"value": day})
        checked[str(day)] = [_interval("-".join(map(str, pair)), field) for pair in intervals]
    return checked


# What a person may change on an organisation, and how each field is checked. Fields
# that depend on the organisation's country (phone, postal code) are handled by the service,
# which knows the country; they are listed here with the French reading.
_ORG_TEXT = TEXT_LIMITS["organisation"]
ORGANISATION_VALIDATORS: dict[str, Validator] = {
    "kind": validate_enum(OrgKind, "kind"),
    "siret": validate_siret,
    "siren": validate_siren,
    "be_enterprise_number": validate_be_enterprise_number,
    "be_establishment_number": validate_be_establishment_number,
    "name": required_text("name", _ORG_TEXT["name"]),
    "trade_name": optional_text("trade_name", _ORG_TEXT["trade_name"]),
    "legal_form": optional_text("legal_form", _ORG_TEXT["legal_form"]),
    "naf_code": validate_naf_code,
    "naf_label": optional_text("naf_label", _ORG_TEXT["naf_label"]),
    "workforce_band": validate_workforce_band,
    "head_office": validate_bool("head_office", nullable=True),
    "founded_on": validate_date("founded_on"),
    "register_active": validate_bool("register_active", nullable=False),
    "street": optional_text("street", _ORG_TEXT["street"]),
    "address_complement": optional_text("address_complement", _ORG_TEXT["address_complement"]),
    "postal_code": validate_postal_code,
    "city": optional_text("city", _ORG_TEXT["city"]),
    "country": validate_country,
    "insee_code": validate_insee_code,
    "lat": validate_lat,
    "lon": validate_lon,
    "geo_precision": validate_enum(GeoPrecision, "geo_precision"),
    "departement": validate_departement,
    "epci_code": optional_text("epci_code", _ORG_TEXT["epci_code"]),
    "area": validate_enum(Area, "area", nullable=True),
    "phone": validate_phone,
    "email": validate_email,
    "website": validate_website,
    "opening_hours": validate_opening_hours,
    "status": validate_enum(FunnelStatus, "status"),
    "priority": validate_priority,
    "tags": validate_tags,
    "notes": optional_text("notes", _ORG_TEXT["notes"]),
    "source": optional_text("source", _ORG_TEXT["source"]),
}

# Bookkeeping the app maintains itself: shown, never typed.
READ_ONLY_FIELDS: frozenset[str] = frozenset(
    {"id", "created_at", "updated_at", "updated_by", "version", "deleted_at"}
)


def validate_organisation_field(field: str, value: Any, *, country: str = "FR") -> Any:
    """The one entry point the GUI's live validation needs."""
    if field in READ_ONLY_FIELDS:
        raise ValidationError(field, code="field.read_only")
    if field == "phone":
        return validate_phone(value, country)
    if field == "postal_code":
        return validate_postal_code(value, country)
    validator = ORGANISATION_VALIDATORS.get(field)
    if validator is None:
        raise ValidationError(field, code="field.unknown")
    return validator(value)


# Labels for forms and messages (French, English), by field name: the glossary's.
ORGANISATION_FIELD_LABELS: dict[str, tuple[str, str]] = {
    name: FIELD.get(name, (name, name)) for name in ORGANISATION_VALIDATORS
}
