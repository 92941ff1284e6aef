"""The GDPR facts of a contact travel through the registry (SQLite and PostgreSQL), and an
objection made on one laptop keeps the person off the other laptop's printed rounds."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hdf_field.planning.model import DayPlan, Place, PlannedStop
from hdf_field.services.contacts import add_contact, update_contact
from hdf_field.services.stop_notes import annotate_days
from hdf_field.storage.orm import Contact
from tests.integration.sync.conftest import Laptop, Registry
from tests.integration.sync.registry_http import Caller, caller, create, mutation
from tests.integration.sync.test_sync_protocol import add_org

LEGAL = (
    "legal_basis",
    "consent_date",
    "source",
    "source_detail",
    "informed_at",
    "objection",
    "objection_date",
)


def legal_facts(lap: Laptop, contact_id: str) -> dict[str, Any]:
    with lap.db.session() as s:
        c = s.get(Contact, uuid.UUID(contact_id))
        assert c is not None
        return {name: getattr(c, name) for name in LEGAL}


def test_legal_fields_and_objection_reach_every_laptop(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    a, b = (make_laptop(registry.user(f"{n}@hdf.fr", territory=["59"])) for n in "ab")
    org = add_org(a.db, name="Forges", lat=50.63, lon=3.06, phone="03 20 11 11 11")
    yesterday = date.today() - timedelta(days=1)
    anne = add_contact(
        a.db,
        str(org),
        {
            "last_name": "Lefèvre",
            "first_name": "Anne",
            "phone": "06 11 22 33 44",
            "legal_basis": "consent",
            "consent_date": yesterday.isoformat(),
            "source": "other",
            "source_detail": "annuaire des adhérents",
            "informed_at": yesterday.isoformat(),
        },
        "a",
    )["id"]
    a.sync.run()
    b.sync.run()
    assert legal_facts(b, anne) == legal_facts(a, anne)
    assert legal_facts(b, anne)["source_detail"] == "annuaire des adhérents"

    update_contact(a.db, anne, {"objection": "oui"}, "a")
    a.sync.run()
    b.sync.run()
    facts = legal_facts(b, anne)
    assert facts["objection"] is True and facts["objection_date"] == date.today()
    at = datetime(2026, 12, 15, 9, tzinfo=ZoneInfo("Europe/Paris"))
    stop = PlannedStop(
        1,
        str(org),
        "Forges",
        "",
        50.63,
        3.06,
        at,
        at,
        at,
        0,
        10,
        5,
        contact_name="Anne Lefèvre",
        contact_phone="06 11 22 33 44",
    )
    home = Place("Lille", 50.63, 3.06)
    day = DayPlan("o", "B", date(2026, 12, 15), home, home, (stop,), None, 1.0, 2.0)
    with b.db.session() as s:
        [printed] = annotate_days(s, [day])
    assert printed.stops[0].contact_name is None
    assert printed.stops[0].contact_phone == "03 20 11 11 11"


@pytest.fixture
def nord(registry: Registry) -> Caller:
    return caller(registry, "nord@hdf.fr", territory=["59"])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("consent_date", (date.today() + timedelta(days=30)).isoformat()),
        ("informed_at", "2999-01-01"),
        ("objection_date", (date.today() + timedelta(days=2)).isoformat()),
        ("objection", "yes"),
        ("source", "hacked"),
        ("source_detail", "x" * 301),
        ("source_detail", "a\u0007b"),
    ],
)
def test_the_registry_refuses_what_the_laptop_refuses(
    registry: Registry, nord: Caller, field: str, value: Any
) -> None:
    org = create(nord, "organisation", name="Lille SA", departement="59")
    m = mutation("contact", uuid.uuid4(), organisation_id=str(org), last_name="X", **{field: value})
    resp = nord.push(m)
    assert resp.status_code == 422, resp.text
    assert resp.json()["field"] == f"mutations[0].changes.{field}"
    with registry.db.session() as s:
        assert s.scalars(select(Contact)).all() == []


def test_the_registry_accepts_a_date_a_day_ahead(registry: Registry, nord: Caller) -> None:
    """A laptop east of the registry, or with a fast clock, may be one day ahead."""
    org = create(nord, "organisation", name="Lille SA", departement="59")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    resp = nord.push(
        mutation(
            "contact", uuid.uuid4(), organisation_id=str(org), last_name="X", informed_at=tomorrow
        )
    )
    assert resp.status_code == 200, resp.text
    with registry.db.session() as s:
        # a laptop that does not know the objection yet creates contacts without one
        [stored] = s.scalars(select(Contact)).all()
        assert stored.objection is False and stored.informed_at.isoformat() == tomorrow
