"""The GDPR facts a contact person carries, and the rules that tie them together.

B2B prospection by a public agency rests on legitimate interest by default (CNIL guidance);
consent is recorded with the day it was given. Whoever holds a person's data must be able to
say where it came from and when the person was told (GDPR art. 14), and must stop contacting
a person who objects (art. 21) — on every laptop, which is why the objection is a synced field.

Rules, checked on the laptop when a contact is created or edited (:func:`check_contact`):

* no legal basis given → legitimate interest;
* consent needs the date it was given (a new consent without a date is dated today by the
  services) — a consent date is kept if the basis later changes, as a record of history;
* consent, information and objection dates may not lie in the future;
* ``source = other`` needs a free-text detail saying what the source was;
* an objection carries its date (today when not given); lifting it clears the date;
* a contact who objected cannot become the contact of a visit (services refuse it).

Field by field, the registry checks only what one value can tell: each date at most
:data:`CLOCK_SLACK_DAYS` after the registry's own day (laptop clocks and time zones differ).
Rules across fields stay on the laptop: two laptops may each send half of a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from hdf_field.domain.enums import ContactSource, LegalBasis
from hdf_field.domain.errors import ValidationError

DEFAULT_LEGAL_BASIS = LegalBasis.LEGITIMATE_INTEREST
# The dates a contact carries: none of them may be in the future.
LEGAL_DATES = ("consent_date", "informed_at", "objection_date")
# How far past its own "today" the registry accepts a date from a laptop (clock, time zone).
CLOCK_SLACK_DAYS = 1


def check_not_future(field: str, value: date, today: date, slack_days: int = 0) -> None:
    if value > today + timedelta(days=slack_days):
        raise ValidationError(field, code="date.future", params={"value": value.isoformat()})


def check_contact(values: Mapping[str, Any], today: date | None = None) -> None:
    """Refuse a contact (its fields by name, decoded) that breaks a rule of this module."""
    day = today or date.today()
    for field in LEGAL_DATES:
        value = values.get(field)
        if value is not None:
            check_not_future(field, value, day)
    if values.get("legal_basis") == LegalBasis.CONSENT and values.get("consent_date") is None:
        raise ValidationError("consent_date", code="consent.undated")
    if values.get("source") == ContactSource.OTHER and not (values.get("source_detail") or ""):
        raise ValidationError("source_detail", code="source.detail")
    if values.get("objection") and values.get("objection_date") is None:
        raise ValidationError("objection_date", code="objection.undated")
    if not values.get("objection") and values.get("objection_date") is not None:
        raise ValidationError("objection_date", code="objection.not_objected")
