from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from hdf_field.domain.enums import FunnelStatus, VisitOutcome, VisitStatus
from hdf_field.domain.errors import ValidationError
from hdf_field.services.org_card import load_card, save_contact, save_organisation
from hdf_field.services.visits import LogVisit, funnel_after, log_visit
from hdf_field.storage.database import Database
from hdf_field.storage.orm import FollowUp, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork


@pytest.fixture
def org_id(db: Database) -> str:
    with UnitOfWork(db, actor="t") as uow:
        org = Organisation(
            name="Verrerie Caron", city="Arras", departement="62", status=FunnelStatus.INTERESTED
        )
        uow.session.add(org)
        uow.session.flush()
        ident = str(org.id)
        uow.commit()
    return ident


def cmd(org_id: str, **kw: object) -> LogVisit:
    base = dict(
        organisation_id=org_id,
        officer_name="Alice Martin",
        officer_email="alice@example.org",
        started_at=datetime(2026, 5, 4, 9, 30, tzinfo=UTC),
        outcome=VisitOutcome.MET,
        interest=1,
    )
    base.update(kw)
    return LogVisit(**base)  # type: ignore[arg-type]


def test_funnel_never_goes_backwards() -> None:
    assert funnel_after(FunnelStatus.IDENTIFIED, 0, False, VisitOutcome.MET) is FunnelStatus.VISITED
    assert (
        funnel_after(FunnelStatus.CONTACTED, 2, False, VisitOutcome.MET) is FunnelStatus.INTERESTED
    )
    assert funnel_after(FunnelStatus.VISITED, 0, True, VisitOutcome.MET) is FunnelStatus.ORIENTED
    assert (
        funnel_after(FunnelStatus.MEMBER, 0, False, VisitOutcome.NOT_INTERESTED)
        is FunnelStatus.MEMBER
    )


def test_log_visit_records_moves_funnel_and_creates_follow_up(db: Database, org_id: str) -> None:
    done = log_visit(
        db,
        cmd(
            org_id,
            interest=3,
            needs=("export",),
            recommended_clusters=("c1",),
            next_step="Envoyer la plaquette",
            follow_up_date=date(2026, 5, 20),
        ),
    )
    assert done.old_status is FunnelStatus.INTERESTED and done.new_status is FunnelStatus.ORIENTED
    with db.session() as s:
        visit = s.scalars(select(Visit)).one()
        assert visit.status is VisitStatus.DONE and visit.needs == ["export"]
        fu = s.scalars(select(FollowUp)).one()
        assert fu.due_date == date(2026, 5, 20) and fu.action == "Envoyer la plaquette"
        card = load_card(s, org_id)
    assert card.status is FunnelStatus.ORIENTED
    assert card.visits[0].outcome is VisitOutcome.MET
    assert card.follow_ups[0].action == "Envoyer la plaquette"


def test_log_visit_completes_the_planned_visit(db: Database, org_id: str) -> None:
    log_visit(db, cmd(org_id))  # creates officer
    with UnitOfWork(db) as uow:
        v = uow.session.scalars(select(Visit)).one()
        planned = Visit(
            organisation_id=v.organisation_id,
            officer_id=v.officer_id,
            planned_start=datetime(2026, 6, 1, 8, tzinfo=UTC),
        )
        uow.session.add(planned)
        uow.commit()
    log_visit(db, cmd(org_id, started_at=datetime(2026, 6, 1, 8, 10, tzinfo=UTC)))
    with db.session() as s:
        statuses = [v.status for v in s.scalars(select(Visit))]
    assert statuses == [VisitStatus.DONE, VisitStatus.DONE]


def test_bad_visit_input_is_refused(db: Database, org_id: str) -> None:
    with pytest.raises(ValidationError, match="interest"):
        log_visit(db, cmd(org_id, interest=5))
    with pytest.raises(ValidationError, match="follow_up_date"):
        log_visit(db, cmd(org_id, follow_up_date=date(2026, 1, 1)))
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []


def test_a_visit_in_the_future_is_not_done(db: Database, org_id: str) -> None:
    """A visit dated 30 days ahead is a planned one: refused as done, nothing written."""
    from hdf_field.services.visits import FUTURE_TOLERANCE

    ahead = datetime.now(UTC) + timedelta(days=30)
    with pytest.raises(ValidationError, match="started_at"):
        log_visit(db, cmd(org_id, started_at=ahead))
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []
    # Within the tolerance (a clock slightly ahead) the report is accepted.
    soon = datetime.now(UTC) + FUTURE_TOLERANCE - timedelta(minutes=5)
    log_visit(db, cmd(org_id, started_at=soon))
    with db.session() as s:
        assert s.scalars(select(Visit.status)).one() is VisitStatus.DONE


def test_the_card_carries_what_a_past_visit_recorded(db: Database, org_id: str) -> None:
    from hdf_field.storage.orm import Contact

    with UnitOfWork(db, actor="t") as uow:
        contact = Contact(organisation_id=__import__("uuid").UUID(org_id), last_name="Roussel")
        uow.session.add(contact)
        uow.session.flush()
        contact_id = str(contact.id)
        uow.commit()
    log_visit(db, cmd(org_id, contact_id=contact_id, duration_min=45, notes="Four à remplacer"))
    with db.session() as s:
        visit = load_card(s, org_id, with_orientation=False).visits[0]
    assert visit.contact_name == "Roussel" and visit.duration_min == 45
    assert visit.started_at == datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    assert visit.notes == "Four à remplacer"


def test_edit_organisation_and_contacts(db: Database, org_id: str) -> None:
    with pytest.raises(ValidationError) as err:
        save_organisation(db, org_id, {"siret": "12345678901234"}, "t")
    assert err.value.field == "siret"
    save_organisation(db, org_id, {"siret": "552 100 554 00013", "name": "Verrerie Caron SA"}, "t")
    cid = save_contact(db, org_id, None, {"first_name": "Luc", "last_name": "Caron"}, "t")
    save_contact(
        db, org_id, cid, {"first_name": "Luc", "last_name": "Caron", "role": "Gérant"}, "t"
    )
    with db.session() as s:
        card = load_card(s, org_id)
    assert card.siret == "55210055400013" and card.name == "Verrerie Caron SA"
    assert [(c.full_name, c.role) for c in card.contacts] == [("Luc Caron", "Gérant")]
