"""The GDPR rules of a contact, on the laptop (whole record) and field by field (registry)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from hdf_field.domain.contact_legal import CLOCK_SLACK_DAYS, check_contact
from hdf_field.domain.enums import ContactSource, LegalBasis
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.record_rules import RECORD_RULES, check_field

TODAY = date(2026, 12, 3)


def test_a_plain_legitimate_interest_contact_passes() -> None:
    check_contact({"legal_basis": LegalBasis.LEGITIMATE_INTEREST, "objection": False}, TODAY)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"legal_basis": LegalBasis.CONSENT}, "consent_date"),
        ({"consent_date": TODAY + timedelta(days=1)}, "consent_date"),
        ({"informed_at": TODAY + timedelta(days=1)}, "informed_at"),
        ({"objection": True}, "objection_date"),
        ({"objection": True, "objection_date": TODAY + timedelta(days=1)}, "objection_date"),
        ({"objection": False, "objection_date": TODAY}, "objection_date"),
        ({"source": ContactSource.OTHER, "source_detail": None}, "source_detail"),
    ],
)
def test_refusals(values: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_contact(values, TODAY)
    assert err.value.field == field


def test_what_is_accepted_on_the_day() -> None:
    check_contact(
        {
            "legal_basis": LegalBasis.CONSENT,
            "consent_date": TODAY,
            "informed_at": TODAY,
            "objection": True,
            "objection_date": TODAY,
            "source": ContactSource.OTHER,
            "source_detail": "salon",
        },
        TODAY,
    )


def test_every_new_synced_field_has_a_registry_rule() -> None:
    rules = RECORD_RULES["contact"]
    for name in ("source_detail", "consent_date", "informed_at", "objection", "objection_date"):
        assert name in rules, name


@pytest.mark.parametrize("field", ["consent_date", "informed_at", "objection_date"])
def test_registry_dates_allow_a_clock_slack_and_no_more(field: str) -> None:
    today = date.today()
    check_field("contact", field, today + timedelta(days=CLOCK_SLACK_DAYS))
    with pytest.raises(ValidationError) as err:
        check_field("contact", field, today + timedelta(days=CLOCK_SLACK_DAYS + 1))
    assert err.value.field == field
    with pytest.raises(ValidationError):
        check_field("contact", field, "2026-01-01")  # not decoded: refused, never compared


def test_registry_objection_is_a_boolean() -> None:
    check_field("contact", "objection", True)
    with pytest.raises(ValidationError):
        check_field("contact", "objection", 1)
