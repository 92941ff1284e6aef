"""Contacts and the law: GDPR facts checked on every write, and an objection honoured by
every plan, printed round, calendar and visit report made on this laptop."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hdf_field.domain.enums import ContactSource, LegalBasis, VisitOutcome
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.planning.model import DayPlan, Place, PlannedStop
from hdf_field.reports.contact_export import contact_export_pdf
from hdf_field.reports.day_sheet import render_day_plan
from hdf_field.reports.ics import plan_to_ics
from hdf_field.services.contacts import (
    MAX_DRAFT_BYTES,
    add_contact,
    export_contact,
    list_contacts,
    reachable_contact,
    update_contact,
)
from hdf_field.services.day_planner import load_prospects_by_id
from hdf_field.services.org_card import load_card
from hdf_field.services.planning import load_prospects
from hdf_field.services.stop_notes import annotate_days
from hdf_field.services.visits import LogVisit, log_visit
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import outbox as _outbox_listener  # noqa: F401 - laptop writes fill it
from hdf_field.sync.tables import OutboxEntry
from tests.unit.reports.conftest import pdf_pages

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 12, 3)


def _org(db: Database, name: str = "Forges du Nord", phone: str | None = "03 20 00 00 00") -> str:
    with UnitOfWork(db) as uow:
        org = Organisation(name=name, lat=50.63, lon=3.06, departement="59", phone=phone)
        uow.session.add(org)
        uow.session.flush()
        org_id = str(org.id)
        uow.commit()
    return org_id


def _contact(db: Database, org_id: str, last: str, **fields: object) -> str:
    out = add_contact(db, org_id, {"last_name": last, **fields}, "test", today=TODAY)
    return str(out["id"])


def test_defaults_and_consent_dated_today(db: Database) -> None:
    org_id = _org(db)
    plain = add_contact(db, org_id, {"last_name": "Martin"}, "t", today=TODAY)
    assert plain["legal_basis"] == "legitimate_interest" and plain["objection"] is False
    consent = add_contact(
        db, org_id, {"last_name": "Roux", "legal_basis": "consent"}, "t", today=TODAY
    )
    assert consent["consent_date"] == TODAY.isoformat()
    given = add_contact(
        db,
        org_id,
        {"last_name": "Petit", "legal_basis": "consent", "consent_date": "2026-10-01"},
        "t",
        today=TODAY,
    )
    assert given["consent_date"] == "2026-10-01"
    assert [c["last_name"] for c in list_contacts(db, org_id)] == ["Martin", "Petit", "Roux"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"consent_date": "2026-12-04", "legal_basis": "consent"}, "consent_date"),
        ({"informed_at": "2027-01-01"}, "informed_at"),
        ({"objection": "oui", "objection_date": "2026-12-31"}, "objection_date"),
        ({"source": "other"}, "source_detail"),
        ({"source": "newspaper"}, "source"),
        ({"objection_date": "2026-11-01"}, "objection_date"),
        ({"legal_basis": "whim"}, "legal_basis"),
        ({"informed_at": "3 décembre"}, "informed_at"),
        ({"email": "not-an-address"}, "email"),
        ({"source_detail": "x" * 301, "source": "other"}, "source_detail"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_refusals_name_the_field(db: Database, fields: dict[str, str], field: str) -> None:
    org_id = _org(db)
    with pytest.raises(ValidationError) as err:
        add_contact(db, org_id, {"last_name": "Martin", **fields}, "t", today=TODAY)
    assert err.value.field == field
    assert list_contacts(db, org_id) == []


def test_update_is_all_or_nothing_and_consent_needs_a_date(db: Database) -> None:
    org_id = _org(db)
    cid = _contact(db, org_id, "Martin", role="DRH")
    with pytest.raises(ValidationError) as err:
        update_contact(db, cid, {"role": "PDG", "informed_at": "2099-01-01"}, "t", today=TODAY)
    assert err.value.field == "informed_at"
    with pytest.raises(ValidationError) as err:
        update_contact(db, cid, {"legal_basis": "consent", "consent_date": ""}, "t", today=TODAY)
    assert err.value.field == "consent_date"
    [row] = list_contacts(db, org_id)
    assert (row["role"], row["version"]) == ("DRH", 1)
    assert row["legal_basis"] == "legitimate_interest"
    done = update_contact(
        db,
        cid,
        {"source": "event", "source_detail": "Salon Eurasanté", "informed_at": "2026-11-20"},
        "t",
        today=TODAY,
    )
    assert (done["source"], done["informed_at"], done["version"]) == ("event", "2026-11-20", 2)


def test_objection_is_dated_and_lifting_it_clears_the_date(db: Database) -> None:
    org_id = _org(db)
    cid = _contact(db, org_id, "Martin")
    out = update_contact(db, cid, {"objection": "oui"}, "t", today=TODAY)
    assert out["objection"] is True and out["objection_date"] == TODAY.isoformat()
    # setting it again keeps the first date
    again = update_contact(
        db, cid, {"objection": "true", "role": "DAF"}, "t", today=TODAY + timedelta(days=3)
    )
    assert again["objection_date"] == TODAY.isoformat()
    lifted = update_contact(db, cid, {"objection": "non"}, "t", today=TODAY)
    assert lifted["objection"] is False and lifted["objection_date"] is None


def test_unknown_contact_and_organisation(db: Database) -> None:
    with pytest.raises(NotFoundError):
        update_contact(db, str(uuid.uuid4()), {"role": "x"}, "t")
    with pytest.raises(NotFoundError):
        add_contact(db, str(uuid.uuid4()), {"last_name": "x"}, "t")
    with pytest.raises(NotFoundError):
        export_contact(db, "not-an-id")


def _day(org_id: str, name: str, contact_name: str | None, phone: str | None) -> DayPlan:
    at = datetime(2026, 12, 15, 9, 0, tzinfo=PARIS)
    stop = PlannedStop(
        1,
        org_id,
        name,
        "",
        50.63,
        3.06,
        at,
        at,
        at,
        0,
        10,
        5,
        contact_name=contact_name,
        contact_phone=phone,
    )
    home = Place("Lille", 50.63, 3.06)
    return DayPlan("o", "Léa", date(2026, 12, 15), home, home, (stop,), None, 10.0, 20.0)


def test_objection_keeps_the_person_off_plans_prints_and_calendars(db: Database) -> None:
    org_id = _org(db)
    first = _contact(db, org_id, "Lefèvre", first_name="Anne", phone="06 11 22 33 44")
    _contact(db, org_id, "Morel", first_name="Paul", phone="06 55 66 77 88")
    with db.session() as session:
        [before] = [
            p
            for p in load_prospects(session, date(2026, 12, 14), date(2026, 12, 18))
            if p.id == org_id
        ]
    assert before.contact_name == "Anne Lefèvre"
    # a plan made before the objection arrives (here, or by sync from another laptop)
    stale = _day(org_id, "Forges du Nord", before.contact_name, before.contact_phone)

    update_contact(db, first, {"objection": "oui"}, "t", today=TODAY)

    with db.session() as session:
        [after] = [
            p
            for p in load_prospects(session, date(2026, 12, 14), date(2026, 12, 18))
            if p.id == org_id
        ]
        assert reachable_contact(session, uuid.UUID(org_id)).last_name == "Morel"  # type: ignore[union-attr]
        [printed] = annotate_days(session, [stale])
    assert after.contact_name == "Paul Morel"
    [loaded] = load_prospects_by_id(db, [org_id]).prospects
    assert loaded.contact_name == "Paul Morel"
    assert printed.stops[0].contact_name == "Paul Morel"
    assert printed.stops[0].contact_phone == "06 55 66 77 88"
    text = " ".join(pdf_pages(render_day_plan(printed)))
    assert "Paul Morel" in text and "Lefèvre" not in text and "06 11 22 33 44" not in text
    ics = plan_to_ics([printed])
    assert "Morel" in ics and "Lefèvre" not in ics


def test_with_everyone_objecting_the_stop_shows_the_organisation_phone_only(
    db: Database,
) -> None:
    org_id = _org(db, phone="03 20 11 11 11")
    cid = _contact(db, org_id, "Lefèvre", first_name="Anne", phone="06 11 22 33 44")
    update_contact(db, cid, {"objection": "oui"}, "t", today=TODAY)
    with db.session() as session:
        [printed] = annotate_days(
            session, [_day(org_id, "Forges", "Anne Lefèvre", "06 11 22 33 44")]
        )
    stop = printed.stops[0]
    assert stop.contact_name is None and stop.contact_phone == "03 20 11 11 11"
    ics = plan_to_ics([printed])
    assert "Lefèvre" not in ics and "06 11 22 33 44" not in ics


def test_card_flags_objection_and_visits_refuse_the_person(db: Database) -> None:
    org_id = _org(db)
    cid = _contact(db, org_id, "Lefèvre")
    ok = _contact(db, org_id, "Morel")
    update_contact(db, cid, {"objection": "oui"}, "t", today=TODAY)
    card = load_card_plain(db, org_id)
    flags = {c.last_name: c.objection for c in card.contacts}
    assert flags == {"Lefèvre": True, "Morel": False}
    visit = LogVisit(
        organisation_id=org_id,
        officer_name="Léa",
        officer_email="lea@ex.org",
        started_at=datetime(2026, 12, 3, 9, tzinfo=UTC),
        duration_min=45,
        outcome=VisitOutcome.MET,
        interest=1,
        contact_id=cid,
    )
    with pytest.raises(ValidationError) as err:
        log_visit(db, visit)
    assert err.value.field == "contact_id"
    with db.session() as session:
        assert session.scalars(select(Visit)).all() == []
    log_visit(db, replace(visit, contact_id=ok))
    with db.session() as session:
        [saved] = session.scalars(select(Visit)).all()
        assert str(saved.contact_id) == ok


def load_card_plain(db: Database, org_id: str):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return load_card(session, org_id, with_orientation=False)


def test_export_holds_everything_on_the_person(db: Database, tmp_path: Path) -> None:
    org_id = _org(db)
    cid = _contact(
        db,
        org_id,
        "Lefèvre",
        first_name="Anne",
        email="anne@forges.example",
        source="business_card",
        informed_at="2026-11-02",
    )
    other = _contact(db, org_id, "Morel")
    with UnitOfWork(db) as uow:
        officer = Officer(name="Léa", email="lea@example.org")
        uow.session.add(officer)
        uow.session.flush()
        uow.session.add_all(
            [
                Visit(
                    organisation_id=uuid.UUID(org_id),
                    officer_id=officer.id,
                    contact_id=uuid.UUID(cid),
                    notes="Anne veut le catalogue",
                ),
                Visit(
                    organisation_id=uuid.UUID(org_id),
                    officer_id=officer.id,
                    contact_id=uuid.UUID(other),
                    notes="autre personne",
                ),
            ]
        )
        uow.commit()
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "visit-a.json").write_text(
        json.dumps({"organisation_id": org_id, "data": {"contact_id": cid, "notes": "brouillon"}})
    )
    (drafts / "visit-b.json").write_text(
        json.dumps({"organisation_id": org_id, "data": {"notes": "appeler anne@forges.example"}})
    )
    (drafts / "visit-c.json").write_text(json.dumps({"data": {"notes": "rien à voir"}}))
    (drafts / "visit-e.json").write_text(json.dumps({"data": {"notes": "vu Anne Lefèvre"}}))
    (drafts / "visit-f.json").write_bytes(b"x" * (MAX_DRAFT_BYTES + 1))
    (drafts / "visit-d.json").write_bytes(b"\xff\xfe not json")
    data = export_contact(db, cid, drafts_dir=drafts)
    assert data["contact"]["source"] == ContactSource.BUSINESS_CARD.value
    assert [v["notes"] for v in data["visits"]] == ["Anne veut le catalogue"]
    assert sorted(d["file"] for d in data["drafts"]) == [
        "visit-a.json",
        "visit-b.json",
        "visit-e.json",
    ]
    with db.session() as session:
        pending = session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id == uuid.UUID(cid))
        ).all()
    assert len(data["outbox"]) == len(pending) >= 1
    json.dumps(data)  # plain JSON all the way down
    text = " ".join(pdf_pages(contact_export_pdf(data)))
    assert "Anne Lefèvre" in text and "carte de visite" in text
    assert "Anne veut le catalogue" in text and "autre personne" not in text


def test_contact_row_types(db: Database) -> None:
    org_id = _org(db)
    cid = _contact(db, org_id, "Martin", legal_basis="consent", consent_date="2026-01-02")
    with db.session() as session:
        c = session.get(Contact, uuid.UUID(cid))
        assert c is not None
        assert c.legal_basis is LegalBasis.CONSENT and c.consent_date == date(2026, 1, 2)


def test_week_packs_leave_out_a_person_who_objected(db: Database, tmp_path: Path) -> None:
    from hdf_field.planning.model import CampaignPlan
    from hdf_field.services.route_plans import write_campaign_pdfs

    org_id = _org(db, phone="03 20 11 11 11")
    cid = _contact(db, org_id, "Lefèvre", first_name="Anne", phone="06 11 22 33 44")
    update_contact(db, cid, {"objection": "oui"}, "t", today=TODAY)
    day = _day(org_id, "Forges du Nord", "Anne Lefèvre", "06 11 22 33 44")
    plan = CampaignPlan(start=day.day, weeks=1, days=(day,))
    written = write_campaign_pdfs(plan, tmp_path / "packs", db=db)
    packs = [p for p in written if "_S" in p.name]
    assert packs
    for path in packs:
        text = " ".join(pdf_pages(path.read_bytes()))
        assert "Forges du Nord" in text
        assert "Lefèvre" not in text and "06 11 22 33 44" not in text
        assert "03 20 11 11 11" in text
