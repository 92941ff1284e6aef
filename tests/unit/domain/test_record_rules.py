"""One table of limits for the laptop and the registry: it covers every synced field, fits the
schema, and whatever the laptop's validators accept, the registry's checks accept too."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Enum, Integer, String, Text

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.limits import MAX_TAGS, NOTES_MAX, TEXT_LIMITS
from hdf_field.domain.record_rules import RECORD_RULES, check_field
from hdf_field.domain.validation import (
    ORGANISATION_VALIDATORS,
    validate_organisation_field,
    validate_tags,
    validate_website,
)
from hdf_field.sync.records import ENTITIES, to_wire


def synced_columns() -> list[tuple[str, Any]]:
    return [
        (name, c)
        for name, espec in ENTITIES.items()
        for c in espec.table.columns
        if c.name in espec.fields
    ]


def test_every_free_text_has_a_limit_within_its_column() -> None:
    for entity, column in synced_columns():
        ctype = column.type
        if isinstance(ctype, String | Text) and not isinstance(ctype, Enum):
            limit = TEXT_LIMITS[entity][column.name]
            assert 0 < limit <= (ctype.length or NOTES_MAX), (entity, column.name)


def test_every_json_and_integer_field_has_a_rule() -> None:
    for entity, column in synced_columns():
        if "JSON" in type(column.type).__name__ or isinstance(column.type, Integer):
            assert column.name in RECORD_RULES[entity], (entity, column.name)


def test_the_table_names_no_field_that_does_not_travel() -> None:
    for entity, fields in TEXT_LIMITS.items():
        assert set(fields) <= set(ENTITIES[entity].fields), entity


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://example.fr/a?b=c", True),
        ("http://example.fr", True),
        ("www.example.fr", True),
        ("example.fr:8080/x", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt://x", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("http:x", False),
        ("https://", False),
        ("https://a b.fr", False),
        ("https://a.fr/\x00", False),
        ("h" * 301, False),
    ],
)
def test_websites(value: str, ok: bool) -> None:
    if ok:
        assert validate_website(value) == value
        check_field("organisation", "website", value)
    else:
        with pytest.raises(ValidationError) as err:
            check_field("organisation", "website", value)
        assert err.value.field == "website"


@pytest.mark.parametrize(
    "value",
    [
        {"a": 1},
        [1],
        [None],
        ["x" * 51],
        ["t"] * (MAX_TAGS + 1),
        "a,b",
        [["nested"]],
    ],
)
def test_tags_are_a_bounded_list_of_text(value: Any) -> None:
    with pytest.raises(ValidationError):
        check_field("organisation", "tags", value)


def test_the_form_refuses_too_many_tags_as_the_registry_does() -> None:
    with pytest.raises(ValidationError):
        validate_tags(",".join(f"t{i}" for i in range(MAX_TAGS + 1)))
    assert len(validate_tags(",".join(f"t{i}" for i in range(MAX_TAGS)))) == MAX_TAGS


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("organisation", "lat", 1000.0),
        ("organisation", "lon", -180.5),
        ("organisation", "email", "<script>@x"),
        ("organisation", "notes", "n" * (NOTES_MAX + 1)),
        ("organisation", "name", "a\x00b"),
        ("organisation", "name", "a\ud800b"),
        ("organisation", "priority", 7),
        ("visit", "interest", -1),
        ("visit", "notes", "v" * (NOTES_MAX + 1)),
        ("contact", "language", "FRA"),
        ("officer", "working_days", [0, 8]),
        ("officer", "territory", ["59", "x"]),
        ("officer", "day_start", "25:00"),
        ("cluster", "description", "d" * (NOTES_MAX + 1)),
        ("organisation", "opening_hours", {"1": [["12:00", "08:00"]]}),
    ],
)
def test_bad_values_are_refused_naming_the_field(entity: str, field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as err:
        check_field(entity, field, value)
    assert err.value.field.startswith(field)


# Raw input a person might type in the organisation form, per field.
TYPED = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[0-9 .]{4,17}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}([.,][0-9]{1,6})?", fullmatch=True),
    st.from_regex(r"(https?://)?[a-z]{1,10}\.(fr|be)(/[a-z]{0,5})?", fullmatch=True),
    st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(fr|com)", fullmatch=True),
    st.sampled_from(["59", "2A", "BE", "FR", "29.10Z", "12", "1-5 08:30-12:00", "a, b ,a"]),
)
FORM_FIELDS = sorted(set(ORGANISATION_VALIDATORS) - {"name"})


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(FORM_FIELDS), raw=TYPED)
def test_what_the_form_accepts_the_registry_accepts(field: str, raw: str) -> None:
    """The laptop stores the form's normalised value and pushes its wire form; the
    registry's decode (with the domain's checks) must never refuse it."""
    try:
        value = validate_organisation_field(field, raw)
    except ValidationError:
        return
    if value is None:
        return
    ENTITIES["organisation"].decode(field, to_wire(value))
