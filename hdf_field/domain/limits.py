"""The limits of what a synchronised record may hold, in one table for the laptop and the registry.

Kept apart from the checks (:mod:`hdf_field.domain.record_rules`) so that the laptop's field
validators (:mod:`hdf_field.domain.validation`) read the same numbers without an import cycle.
Every limit here is explicit and tested; raising one is a deliberate change on both ends.
"""

from __future__ import annotations

# Every free text of every synchronised record, with the most characters it may hold. A
# String(n) column never gets a limit above n (a test holds the table to the schema); the
# unbounded Text columns get theirs here. Notes are long enough for a page of a report and
# small enough that a conflict, a pull page or a bundle stays a few megabytes at most.
NOTES_MAX = 20_000
TEXT_LIMITS: dict[str, dict[str, int]] = {
    "officer": {
        "name": 200,
        "email": 254,
        "phone": 40,
        "home_insee": 5,
        "home_commune": 200,
        "day_start": 5,
        "day_end": 5,
        "lunch_start": 5,
    },
    "organisation": {
        "siret": 14,
        "siren": 9,
        "be_enterprise_number": 12,
        "be_establishment_number": 13,
        "name": 300,
        "trade_name": 300,
        "legal_form": 100,
        "naf_code": 10,
        "naf_label": 300,
        "workforce_band": 2,
        "street": 300,
        "address_complement": 300,
        "postal_code": 10,
        "city": 200,
        "country": 2,
        "insee_code": 5,
        "departement": 3,
        "epci_code": 9,
        "phone": 40,
        "email": 254,
        "website": 300,
        "notes": NOTES_MAX,
        "source": 20,
    },
    "contact": {
        "first_name": 100,
        "last_name": 100,
        "role": 200,
        "phone": 40,
        "email": 254,
        "language": 2,
        "notes": NOTES_MAX,
        "source_detail": 300,
    },
    "cluster": {"name": 200, "domain": 50, "description": NOTES_MAX, "website": 300},
    "cluster_site": {"name": 200, "insee_code": 5},
    "visit": {"purpose": 300, "next_step": 300, "notes": NOTES_MAX},
    "follow_up": {"action": 300},
    "referral": {
        "message": 4000,
        "consent_given_by": 200,
        "consent_recorded_by": 254,
        "status_reason": 1000,
    },
}

# Lists of short strings (JSON columns): how many items, and how long each.
LIST_LIMITS: dict[str, dict[str, tuple[int, int]]] = {
    "officer": {"territory": (120, 3)},
    "organisation": {"tags": (50, 50)},
    "cluster": {"domains": (50, 100), "naf_prefixes": (500, 10), "topics": (200, 200)},
    "visit": {"needs": (50, 100), "recommended_clusters": (50, 200)},
}

# Whole numbers, as inclusive ranges.
INT_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    "officer": {"lunch_minutes": (0, 240), "early_departure_min": (0, 180)},
    "organisation": {"priority": (0, 3)},
    "visit": {
        "duration_min": (1, 24 * 60),
        "actual_duration_min": (0, 24 * 60),
        "plan_order": (0, 10_000),
        "interest": (0, 3),
    },
}

# Tags: how many on one organisation, and how long each (the list check and the form agree).
MAX_TAGS, MAX_TAG_LENGTH = LIST_LIMITS["organisation"]["tags"]
