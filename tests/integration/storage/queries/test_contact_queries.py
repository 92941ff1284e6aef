"""The contact queries on a real (migrated) SQLite database: filters, order, NULLs and the
erasure marks the laptop and the registry share."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from hdf_field.domain.enums import ClusterKind, VisitStatus
from hdf_field.domain.erasure import person_marks, scrub_text
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Contact, FollowUp, Officer, Organisation, Referral, Visit
from hdf_field.storage.queries import Session
from hdf_field.storage.queries import contacts as q

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.session() as s:
        yield s


def _org(s: Session, name: str = "Forges du Nord", **fields: object) -> Organisation:
    org = Organisation(name=name, **fields)
    s.add(org)
    s.flush()
    return org


def _contact(s: Session, org: Organisation, last: str, **fields: object) -> Contact:
    contact = Contact(organisation_id=org.id, last_name=last, **fields)
    s.add(contact)
    s.flush()
    return contact


def _officer(s: Session, email: str = "anne@hdf.test") -> Officer:
    officer = Officer(name="Anne", email=email)
    s.add(officer)
    s.flush()
    return officer


def _visit(s: Session, org: Organisation, officer: Officer, **fields: object) -> Visit:
    visit = Visit(organisation_id=org.id, officer_id=officer.id, **fields)
    s.add(visit)
    s.flush()
    return visit


def test_column_values_are_every_mapped_column_as_stored(session: Session) -> None:
    org = _org(session)
    contact = _contact(session, org, "Lefèvre", first_name="Anne", consent_date=date(2026, 1, 5))
    values = q.column_values(contact)
    assert values["last_name"] == "Lefèvre" and values["consent_date"] == date(2026, 1, 5)
    assert values["id"] == contact.id and values["organisation_id"] == org.id
    assert set(values) == {c.name for c in Contact.__table__.columns}
    assert "organisation" not in values  # relationships are not columns


def test_contacts_of_lists_the_live_ones_by_name(session: Session) -> None:
    org, other = _org(session), _org(session, "Autre")
    _contact(session, org, "Roux", first_name="Paul")
    _contact(session, org, "Martin", first_name="Zoé")
    _contact(session, org, "Martin", first_name="Alice")
    _contact(session, org, "Gone", deleted_at=T0)
    _contact(session, other, "Ailleurs")
    names = [(c.last_name, c.first_name) for c in q.contacts_of(session, organisation_id=org.id)]
    assert names == [("Martin", "Alice"), ("Martin", "Zoé"), ("Roux", "Paul")]


def test_first_reachable_contact_skips_objections_and_deleted(session: Session) -> None:
    org = _org(session)
    assert q.first_reachable_contact(session, organisation_id=org.id) is None
    _contact(session, org, "Refus", objection=True, created_at=T0)
    _contact(session, org, "Parti", deleted_at=T0, created_at=T0)
    later = _contact(session, org, "Tard", created_at=T0 + timedelta(days=2))
    first = _contact(session, org, "Tôt", created_at=T0 + timedelta(days=1))
    assert q.first_reachable_contact(session, organisation_id=org.id) is first
    first.objection = True
    session.flush()
    assert q.first_reachable_contact(session, organisation_id=org.id) is later


def test_name_version_and_place_of_a_contact(session: Session) -> None:
    officer = _officer(session)
    org = _org(session, departement="59", assigned_officer_id=officer.id)
    contact = _contact(session, org, "Lefèvre", first_name=None, deleted_at=T0)
    unknown = uuid.uuid4()
    assert q.contact_name(session, contact_id=contact.id) == (None, "Lefèvre")
    assert q.contact_version(session, contact_id=contact.id) == 1
    assert q.contact_organisation_place(session, contact_id=contact.id) == (
        officer.id,
        "59",
        "FR",
    )
    assert q.contact_name(session, contact_id=unknown) is None
    assert q.contact_version(session, contact_id=unknown) is None
    assert q.contact_organisation_place(session, contact_id=unknown) is None


def test_what_is_held_on_one_person(session: Session) -> None:
    org, officer = _org(session), _officer(session)
    person, other = _contact(session, org, "Lefèvre"), _contact(session, org, "Autre")
    late = _visit(session, org, officer, contact_id=person.id, planned_start=T0 + timedelta(1))
    early = _visit(session, org, officer, contact_id=person.id, planned_start=T0)
    _visit(session, org, officer, contact_id=person.id, planned_start=T0, deleted_at=T0)
    _visit(session, org, officer, contact_id=other.id, planned_start=T0)
    assert list(q.visits_naming(session, contact_id=person.id)) == [early, late]

    due = [date(2026, 12, 9), date(2026, 12, 1)]
    ups = [
        FollowUp(organisation_id=org.id, visit_id=early.id, due_date=d, action="Relance")
        for d in due
    ]
    gone = FollowUp(
        organisation_id=org.id, visit_id=late.id, due_date=due[0], action="x", deleted_at=T0
    )
    session.add_all([*ups, gone])
    session.flush()
    found = q.follow_ups_of(session, visit_ids=[early.id, late.id])
    assert [f.due_date for f in found] == sorted(due)
    assert list(q.follow_ups_of(session, visit_ids=[])) == []

    cluster = Cluster(name="Aquimer", kind=ClusterKind.POLE, domain="seafood")
    session.add(cluster)
    session.flush()

    def referral(sent: datetime, **fields: object) -> Referral:
        return Referral(
            organisation_id=org.id,
            cluster_id=cluster.id,
            officer_id=officer.id,
            sent_at=sent,
            consent_given_by="Lefèvre",
            consent_given_at=sent,
            consent_recorded_by="anne@hdf.test",
            **fields,
        )

    second = referral(T0 + timedelta(hours=1), contact_id=person.id)
    first = referral(T0, contact_id=person.id)
    session.add_all([second, first, referral(T0, contact_id=other.id)])
    session.add(referral(T0, contact_id=person.id, deleted_at=T0))
    session.flush()
    assert q.referrals_sharing(session, contact_id=person.id) == [
        (first, "Aquimer"),
        (second, "Aquimer"),
    ]


def test_person_to_erase_gives_the_organisation_and_the_marks(session: Session) -> None:
    org = _org(session)
    contact = _contact(
        session,
        org,
        "Lefèvre",
        first_name="Anne",
        email="anne.lefevre@example.fr",
        phone="03 20 11 22 33",
        deleted_at=T0,  # a deleted contact is still held, and still erased
    )
    found = q.person_to_erase(session, contact_id=contact.id)
    assert found is not None
    assert found.organisation_id == org.id
    expected = person_marks("Anne", "Lefèvre", "anne.lefevre@example.fr", "03 20 11 22 33")
    assert found.marks.pattern is not None and expected.pattern is not None
    assert found.marks.pattern.pattern == expected.pattern.pattern
    text = "Vu Anne Lefèvre (anne.lefevre@example.fr, 03 20 11 22 33), rappeler M. Lefèvre."
    scrubbed = scrub_text(text, found.marks)
    assert "Lefèvre" not in scrubbed and "anne.lefevre" not in scrubbed and "22 33" not in scrubbed
    assert q.person_to_erase(session, contact_id=uuid.uuid4()) is None


def test_officer_by_email_exact_or_in_any_case(session: Session) -> None:
    officer = _officer(session, "Anne.Martin@HDF.test")
    assert q.officer_by_email(session, email="anne.martin@hdf.test") is None
    assert q.officer_by_email(session, email="Anne.Martin@HDF.test") is officer
    assert q.officer_by_email(session, email="anne.martin@hdf.test", any_case=True) is officer
    assert q.officer_by_email(session, email="nobody@hdf.test", any_case=True) is None


def test_cities_in_data_are_distinct_and_alphabetical_in_any_case(session: Session) -> None:
    for city in ("lille", "Amiens", "Lens", None, "Amiens", "", "beauvais"):
        _org(session, city=city)
    # Byte order would put "Lens" before "beauvais"; empty and NULL cities are no cities.
    assert q.cities_in_data(session) == ["Amiens", "beauvais", "Lens", "lille"]


def test_first_planned_visit_is_the_earliest_live_planned_one(session: Session) -> None:
    org, other, officer = _org(session), _org(session, "Autre"), _officer(session)
    assert q.first_planned_visit(session, organisation_id=org.id) is None
    _visit(session, org, officer, planned_start=T0, status=VisitStatus.DONE)
    _visit(session, org, officer, planned_start=T0, deleted_at=T0)
    _visit(session, other, officer, planned_start=T0)
    later = _visit(session, org, officer, planned_start=T0 + timedelta(days=3))
    sooner = _visit(session, org, officer, planned_start=T0 + timedelta(days=1))
    assert q.first_planned_visit(session, organisation_id=org.id) is sooner
    sooner.status = VisitStatus.CANCELLED
    session.flush()
    assert q.first_planned_visit(session, organisation_id=org.id) is later


def test_the_erased_free_text_columns_are_text_columns_of_their_tables() -> None:
    for entity, (model, columns) in q.ERASURE_TEXT_COLUMNS.items():
        table = model.__table__
        assert table.name == entity
        for name in columns:
            assert table.c[name].type.python_type is str, (entity, name)
