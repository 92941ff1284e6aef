"""What a synchronised record may hold: one table of limits and checks, used by both ends.

The laptop's forms and services normalise what a person types with
:mod:`hdf_field.domain.validation`; the registry receives values another laptop already
normalised, or values a hostile client made up. Both must agree on what is acceptable, or a
laptop would store something the registry then refuses forever (its outbox stuck) — so the
limits live here once, and :mod:`hdf_field.sync.records` runs :func:`check_field` on every
value a push or a bundle carries, creations and changes alike.

The checks take values already decoded from their wire form (enums, dates, UUIDs, floats)
and only accept or refuse: the registry stores what the laptop sent, so that both ends keep
comparing the same wire values in their three-way merge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from hdf_field.domain.contact_legal import CLOCK_SLACK_DAYS, LEGAL_DATES, check_not_future
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.limits import INT_RANGES, LIST_LIMITS, TEXT_LIMITS
from hdf_field.domain.referrals import check_comments, check_history
from hdf_field.domain.validation import (
    check_plain_text,
    validate_be_enterprise_number,
    validate_be_establishment_number,
    validate_country,
    validate_departement,
    validate_email,
    validate_insee_code,
    validate_lat,
    validate_lon,
    validate_naf_code,
    validate_opening_hours,
    validate_postal_code,
    validate_priority,
    validate_siren,
    validate_siret,
    validate_tags,
    validate_website,
    validate_workforce_band,
)

Check = Callable[[Any], None]

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_LANGUAGE = re.compile(r"[a-z]{2}")


def _text(entity: str, field: str) -> Check:
    limit = TEXT_LIMITS[entity][field]

    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise ValidationError(
                field, code="text.expected", params={"type": type(value).__name__}
            )
        check_plain_text(field, value, limit)

    return check


def _with_text(entity: str, field: str, rule: Callable[[Any], Any]) -> Check:
    """A format check (SIRET, e-mail...) after the plain text check."""
    text = _text(entity, field)

    def check(value: Any) -> None:
        text(value)
        rule(value)

    return check


def _string_list(entity: str, field: str, item: Callable[[str], Any] | None = None) -> Check:
    most, longest = LIST_LIMITS[entity][field]

    def check(value: Any) -> None:
        if not isinstance(value, list):
            raise ValidationError(
                field, code="list.expected", params={"type": type(value).__name__}
            )
        if len(value) > most:
            raise ValidationError(
                field, code="list.too_long", params={"max": most, "given": len(value)}
            )
        for i, v in enumerate(value):
            if not isinstance(v, str):
                raise ValidationError(
                    f"{field}[{i}]", code="text.expected", params={"type": type(v).__name__}
                )
            check_plain_text(f"{field}[{i}]", v, longest)
            if item is not None:
                item(v)

    return check


def _int_range(entity: str, field: str) -> Check:
    low, high = INT_RANGES[entity][field]

    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                field, code="integer.range", params={"low": low, "high": high, "value": value}
            )

    return check


def _hhmm(entity: str, field: str) -> Check:
    def check(value: Any) -> None:
        _text(entity, field)(value)
        if not _HHMM.fullmatch(value):
            raise ValidationError(field, code="time.invalid", params={"value": value})

    return check


def _territory_code(value: str) -> None:
    if value != "BE":
        validate_departement(value, "territory")


def _postal_code(value: Any) -> None:
    """French (5 digits) or Belgian (4): the record's country is not at hand field by field."""
    try:
        validate_postal_code(value, "FR")
    except ValidationError:
        validate_postal_code(value, "BE")


def _working_days(value: Any) -> None:
    if not isinstance(value, list) or len(value) > 7:
        raise ValidationError("working_days", code="days.list")
    for day in value:
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 7:
            raise ValidationError("working_days", code="hours.weekday", params={"value": day})
    if len(set(value)) != len(value):
        raise ValidationError("working_days", code="days.twice")


def _language(value: Any) -> None:
    _text("contact", "language")(value)
    if not _LANGUAGE.fullmatch(value):
        raise ValidationError("language", code="language.invalid", params={"value": value})


def _past_date(field: str) -> Check:
    """A date a person says has happened (consent, information, objection): not after the
    registry's own day, give or take a clock difference."""

    def check(value: Any) -> None:
        if not isinstance(value, date):
            raise ValidationError(
                field, code="date.expected", params={"type": type(value).__name__}
            )
        check_not_future(field, value, date.today(), CLOCK_SLACK_DAYS)

    return check


def _past_datetime(field: str) -> Check:
    """A moment a person says has happened (consent given, referral sent): not after the
    registry's own day, give or take a clock difference."""

    def check(value: Any) -> None:
        if not isinstance(value, datetime):
            raise ValidationError(field, f"expected a date-time, got {type(value).__name__}")
        check_not_future(field, value.date(), date.today(), CLOCK_SLACK_DAYS)

    return check


def _objection(value: Any) -> None:
    if not isinstance(value, bool):
        raise ValidationError(
            "objection", code="bool.expected", params={"type": type(value).__name__}
        )


def _checked(rule: Callable[..., Any], field: str) -> Check:
    def check(value: Any) -> None:
        rule(value, field)

    return check


def _coordinate(rule: Callable[[Any], Any], field: str) -> Check:
    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(
                field, code="number.expected", params={"type": type(value).__name__}
            )
        try:
            rule(value)
        except ValidationError as exc:
            raise ValidationError(field, exc.message, code=exc.code, params=exc.params) from None

    return check


def _tags(value: Any) -> None:
    _string_list("organisation", "tags")(value)
    validate_tags(value)


def _opening_hours(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError("opening_hours", code="hours.object")
    validate_opening_hours(value)


def _rules() -> dict[str, dict[str, Check]]:
    rules: dict[str, dict[str, Check]] = {}
    for entity, limits in TEXT_LIMITS.items():
        rules[entity] = {name: _text(entity, name) for name in limits}
    for entity, lists in LIST_LIMITS.items():
        rules[entity].update({name: _string_list(entity, name) for name in lists})
    for entity, ranges in INT_RANGES.items():
        rules.setdefault(entity, {}).update({name: _int_range(entity, name) for name in ranges})
    officer, org, contact = rules["officer"], rules["organisation"], rules["contact"]
    officer.update(
        {
            "email": _with_text("officer", "email", validate_email),
            "home_insee": _with_text("officer", "home_insee", validate_insee_code),
            "home_lat": _coordinate(validate_lat, "home_lat"),
            "home_lon": _coordinate(validate_lon, "home_lon"),
            "working_days": _working_days,
            "day_start": _hhmm("officer", "day_start"),
            "day_end": _hhmm("officer", "day_end"),
            "lunch_start": _hhmm("officer", "lunch_start"),
            "territory": _string_list("officer", "territory", _territory_code),
        }
    )
    org.update(
        {
            "siret": _with_text("organisation", "siret", validate_siret),
            "siren": _with_text("organisation", "siren", validate_siren),
            "be_enterprise_number": _with_text(
                "organisation", "be_enterprise_number", validate_be_enterprise_number
            ),
            "be_establishment_number": _with_text(
                "organisation", "be_establishment_number", validate_be_establishment_number
            ),
            "naf_code": _with_text("organisation", "naf_code", validate_naf_code),
            "workforce_band": _with_text("organisation", "workforce_band", validate_workforce_band),
            "postal_code": _with_text("organisation", "postal_code", _postal_code),
            "country": _with_text("organisation", "country", validate_country),
            "insee_code": _with_text("organisation", "insee_code", validate_insee_code),
            "departement": _with_text("organisation", "departement", validate_departement),
            "email": _with_text("organisation", "email", validate_email),
            "website": _with_text("organisation", "website", validate_website),
            "lat": _coordinate(validate_lat, "lat"),
            "lon": _coordinate(validate_lon, "lon"),
            "tags": _tags,
            "opening_hours": _opening_hours,
            "priority": _checked(validate_priority, "priority"),
        }
    )
    contact.update(
        {
            "email": _with_text("contact", "email", validate_email),
            "language": _language,
            "objection": _objection,
        }
    )
    contact.update({name: _past_date(name) for name in LEGAL_DATES})
    rules["cluster"]["website"] = _with_text("cluster", "website", validate_website)
    rules["cluster_site"].update(
        {
            "insee_code": _with_text("cluster_site", "insee_code", validate_insee_code),
            "lat": _coordinate(validate_lat, "lat"),
            "lon": _coordinate(validate_lon, "lon"),
        }
    )
    rules["referral"].update(
        {
            "consent_given_at": _past_datetime("consent_given_at"),
            "sent_at": _past_datetime("sent_at"),
            "comments": check_comments,
            "history": check_history,
        }
    )
    return rules


# entity → field → check. A field absent here has no rule beyond its wire type (UUIDs,
# enums, booleans, dates and date-times are fully checked by decoding them).
RECORD_RULES: Mapping[str, Mapping[str, Check]] = _rules()


def check_field(entity: str, field: str, value: Any) -> None:
    """Refuse ``value`` (already decoded, not None) for ``entity.field`` if it breaks a rule."""
    rule = RECORD_RULES.get(entity, {}).get(field)
    if rule is not None:
        rule(value)
