"""The federation figures counted on hand-made referrals whose answers are known."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hdf_field.domain.enums import Area, ClusterKind, ReferralStatus
from hdf_field.domain.federation import AREA_COLUMNS, FederationData
from hdf_field.services.federation_dashboard import federation_data
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork

TODAY = date(2026, 11, 25)
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _ago(days: float) -> datetime:
    return NOON - timedelta(days=days)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


@pytest.fixture
def data(db: Database) -> FederationData:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        alice = Officer(name="Alice Martin", email="alice@example.org")
        trans = Cluster(name="i-Trans", kind=ClusterKind.POLE, domain="mobility")
        aqui = Cluster(name="Aquimer", kind=ClusterKind.POLE, domain="seafood")
        moved = Cluster(name="Euramaterials", kind=ClusterKind.POLE, domain="materials")
        # Nobody sent anything to this one: it still shows, with zeros.
        empty = Cluster(name="CD2E", kind=ClusterKind.POLE, domain="environment")
        s.add_all([alice, trans, aqui, moved, empty])

        def org(name: str, area: Area | None, **kw: object) -> Organisation:
            o = Organisation(name=name, area=area, **kw)
            s.add(o)
            return o

        lille = org("Lille Méca", Area.NPDC)
        amiens = org("Amiens Agro", Area.PICARDIE)
        liege = org("Liège Tech", Area.BELGIUM, country="BE")
        nowhere = org("Sans Zone", None)
        gone = org("Effacée", Area.NPDC, deleted_at=utcnow())
        waiting15 = org("Attente 15", Area.NPDC)
        waiting14 = org("Attente 14", Area.PICARDIE)
        commented = org("Commentée", Area.NPDC)
        s.flush()

        def ref(
            o: Organisation,
            c: Cluster,
            status: ReferralStatus,
            sent_days_ago: float,
            *,
            history_days_ago: list[float] = (),  # type: ignore[assignment]
            comment_days_ago: list[float] = (),  # type: ignore[assignment]
            **kw: object,
        ) -> None:
            s.add(
                Referral(
                    organisation_id=o.id,
                    cluster_id=c.id,
                    officer_id=alice.id,
                    sent_at=_ago(sent_days_ago),
                    consent_given_by="X",
                    consent_given_at=_ago(sent_days_ago),
                    consent_recorded_by="alice@example.org",
                    status=status,
                    history=[
                        {"at": _iso(_ago(d)), "by": "pole@x", "status": "acknowledged"}
                        for d in history_days_ago
                    ],
                    comments=[
                        {"at": _iso(_ago(d)), "by": "pole@x", "text": "Bonjour"}
                        for d in comment_days_ago
                    ],
                    **kw,
                )
            )

        # i-Trans: answered after 2, 4 and 10 days (median 4); a comment came before the move.
        ref(lille, trans, ReferralStatus.MEMBER, 30, history_days_ago=[28, 20])
        ref(amiens, trans, ReferralStatus.DECLINED, 30, history_days_ago=[26], status_reason="no")
        ref(liege, trans, ReferralStatus.MEMBER, 20, history_days_ago=[5], comment_days_ago=[10])
        # Not answered: 15 days is late, 14 days exactly is not yet.
        ref(waiting15, trans, ReferralStatus.SENT, 15)
        ref(waiting14, trans, ReferralStatus.SENT, 14)
        # Aquimer: a comment without a status change is an answer (1 day), nothing to chase.
        ref(commented, aqui, ReferralStatus.SENT, 40, comment_days_ago=[39])
        ref(nowhere, aqui, ReferralStatus.MEMBER, 10, history_days_ago=[7])
        ref(lille, aqui, ReferralStatus.MEMBER, 9, history_days_ago=[8])  # 2nd cluster, same org
        ref(gone, aqui, ReferralStatus.SENT, 60)  # erased organisation: left out
        ref(amiens, aqui, ReferralStatus.SENT, 60, deleted_at=utcnow())  # tombstone: left out
        # Moved without a history (an old import): its status change dates the answer (6 days).
        ref(nowhere, moved, ReferralStatus.ACKNOWLEDGED, 8, status_changed_at=_ago(2))
        uow.commit()
    with db.session() as session:
        return federation_data(session, today=TODAY)


def _cluster(data: FederationData, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in data.clusters if c.cluster == name)


def test_a_status_moved_without_history_is_answered_when_it_moved(data: FederationData) -> None:
    moved = _cluster(data, "Euramaterials")
    assert moved.by_status == (0, 1, 0, 0, 0)
    assert moved.answered == 1 and moved.median_days_to_answer == pytest.approx(6.0)
    assert moved.conversion is None  # nothing decided yet


def test_every_cluster_appears_sorted_zero_referral_one_included(data: FederationData) -> None:
    names = [c.cluster for c in data.clusters]
    assert names == ["Aquimer", "CD2E", "Euramaterials", "i-Trans"]
    empty = _cluster(data, "CD2E")
    assert empty.total == 0 and empty.by_status == (0, 0, 0, 0, 0)
    assert empty.conversion is None
    assert empty.median_days_to_answer is None
    assert empty.members_by_area == (0, 0, 0, 0)


def test_counts_by_status(data: FederationData) -> None:
    trans = _cluster(data, "i-Trans")
    assert trans.by_status == (2, 0, 0, 2, 1)
    assert _cluster(data, "Aquimer").by_status == (1, 0, 0, 2, 0)
    assert data.total == 9
    assert data.by_status == (3, 1, 0, 4, 1)


def test_conversion_is_members_over_decided(data: FederationData) -> None:
    trans = _cluster(data, "i-Trans")
    assert trans.decided == 3
    assert trans.in_progress == 2
    assert trans.conversion == pytest.approx(2 / 3)
    assert _cluster(data, "Aquimer").conversion == 1.0
    assert data.conversion == pytest.approx(4 / 5)


def test_median_days_to_first_answer(data: FederationData) -> None:
    trans = _cluster(data, "i-Trans")
    # 30→28 = 2 days, 30→26 = 4 days, 20→10 (the comment, before the move at 5) = 10 days.
    assert trans.answered == 3
    assert trans.median_days_to_answer == pytest.approx(4.0)
    aqui = _cluster(data, "Aquimer")
    # 40→39 = 1, 10→7 = 3, 9→8 = 1.
    assert aqui.median_days_to_answer == pytest.approx(1.0)
    # 1, 1, 2, 3, 4, 6 (moved without history), 10.
    assert data.median_days_to_answer == pytest.approx(3.0)


def test_chase_list_is_unanswered_for_more_than_14_days(data: FederationData) -> None:
    assert [(r.organisation, r.cluster, r.officer, r.days_waiting) for r in data.chase] == [
        ("Attente 15", "i-Trans", "Alice Martin", 15)
    ]
    assert data.chase[0].sent_on == date(2026, 11, 10)
    assert _cluster(data, "i-Trans").to_chase == 1
    assert _cluster(data, "Aquimer").to_chase == 0


def test_members_by_area_includes_belgium_and_unknown(data: FederationData) -> None:
    assert AREA_COLUMNS == (Area.NPDC, Area.PICARDIE, Area.BELGIUM, None)
    assert _cluster(data, "i-Trans").members_by_area == (1, 0, 1, 0)
    assert _cluster(data, "Aquimer").members_by_area == (1, 0, 0, 1)
    # Lille Méca joined both clusters: the federation counts it once.
    assert data.members_by_area == (1, 0, 1, 1)
