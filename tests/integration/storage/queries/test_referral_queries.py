"""The referral queries on a real (migrated) SQLite database: case, tombstones, order, limits
and the count of answers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from hdf_field.domain.enums import ClusterKind
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Contact, Officer, Organisation, Referral, Visit
from hdf_field.storage.queries import Session
from hdf_field.storage.queries import referrals as q

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.session() as s:
        yield s


def _cluster(s: Session, name: str, **fields: object) -> Cluster:
    cluster = Cluster(name=name, kind=ClusterKind.POLE, domain="x", **fields)
    s.add(cluster)
    s.flush()
    return cluster


def _org(s: Session, name: str) -> Organisation:
    org = Organisation(name=name)
    s.add(org)
    s.flush()
    return org


def _referral(
    s: Session, org: Organisation, cluster: Cluster, officer: Officer, sent: datetime, **kw: object
) -> Referral:
    ref = Referral(
        organisation_id=org.id,
        cluster_id=cluster.id,
        officer_id=officer.id,
        sent_at=sent,
        consent_given_by="Lefèvre",
        consent_given_at=sent,
        consent_recorded_by="anne@hdf.test",
        **kw,
    )
    s.add(ref)
    s.flush()
    return ref


@pytest.fixture
def officer(session: Session) -> Officer:
    officer = Officer(name="Anne", email="anne@hdf.test")
    session.add(officer)
    session.flush()
    return officer


def test_clusters_by_name_in_any_case_live_only(session: Session) -> None:
    aquimer = _cluster(session, "Aquimer")
    _cluster(session, "Ancien pôle", deleted_at=T0)
    _cluster(session, "i-Trans")
    assert q.live_cluster_named(session, name="AQUIMER") is aquimer
    assert q.live_cluster_named(session, name="ancien pôle") is None
    # The error message lists every name held, the deleted ones too.
    assert q.cluster_names(session) == ["Ancien pôle", "Aquimer", "i-Trans"]
    assert [name for _id, name in q.live_clusters(session)] == ["Aquimer", "i-Trans"]
    assert q.live_clusters(session)[0] == (aquimer.id, "Aquimer")


def test_referrals_newest_first_with_names(session: Session, officer: Officer) -> None:
    aquimer, trans = _cluster(session, "Aquimer"), _cluster(session, "i-Trans")
    forges, port = _org(session, "Forges"), _org(session, "Port")
    old = _referral(session, forges, aquimer, officer, T0)
    new = _referral(session, port, trans, officer, T0 + timedelta(days=1))
    _referral(session, forges, trans, officer, T0 + timedelta(days=2), deleted_at=T0)
    assert q.referrals_with_names(session) == [(new, port, "i-Trans"), (old, forges, "Aquimer")]
    assert q.referrals_with_names(session, organisation_id=forges.id) == [(old, forges, "Aquimer")]
    assert q.referrals_with_names(session, organisation_id=uuid.uuid4()) == []


def test_recent_recommendations_latest_first_within_the_limit(
    session: Session, officer: Officer
) -> None:
    org = _org(session, "Forges")
    for day, chosen in enumerate((["a"], [], ["c"])):
        visit = Visit(
            organisation_id=org.id,
            officer_id=officer.id,
            planned_start=T0 + timedelta(days=day),
            recommended_clusters=chosen,
        )
        session.add(visit)
    session.add(
        Visit(
            organisation_id=org.id,
            officer_id=officer.id,
            planned_start=T0 + timedelta(days=9),
            recommended_clusters=["gone"],
            deleted_at=T0,
        )
    )
    session.flush()
    assert q.recent_recommendations(session, organisation_id=org.id) == [["c"], [], ["a"]]
    assert q.recent_recommendations(session, organisation_id=org.id, limit=2) == [["c"], []]


def test_shareable_contacts_leave_out_objections(session: Session) -> None:
    org = _org(session, "Forges")
    people = [
        Contact(organisation_id=org.id, last_name="Roux", first_name="Paul"),
        Contact(organisation_id=org.id, last_name="Martin", first_name="Léa"),
        Contact(organisation_id=org.id, last_name="Non", objection=True),
        Contact(organisation_id=org.id, last_name="Parti", deleted_at=T0),
    ]
    session.add_all(people)
    session.flush()
    found = q.shareable_contacts(session, organisation_id=org.id)
    assert [c.last_name for c in found] == ["Martin", "Roux"]


def test_answered_referrals_counted_since_a_time(session: Session, officer: Officer) -> None:
    cluster, org = _cluster(session, "Aquimer"), _org(session, "Forges")
    _referral(session, org, cluster, officer, T0)  # never answered
    _referral(session, org, cluster, officer, T0, status_changed_at=T0 + timedelta(hours=1))
    _referral(session, org, cluster, officer, T0, status_changed_at=T0 + timedelta(days=2))
    _referral(session, org, cluster, officer, T0, status_changed_at=T0, deleted_at=T0)
    assert q.answered_referrals(session) == 2
    assert q.answered_referrals(session, since=T0 + timedelta(days=1)) == 1
    assert q.answered_referrals(session, since=T0 + timedelta(days=3)) == 0
