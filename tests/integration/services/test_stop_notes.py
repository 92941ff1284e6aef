"""The printed round says why each stop is there, which cluster to pitch, what happened last."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from hdf_field.domain.enums import (
    FollowUpStatus,
    FunnelStatus,
    VisitOutcome,
    VisitStatus,
)
from hdf_field.planning.model import DayPlan, Place, PlannedStop
from hdf_field.services.stop_notes import CLOSED_WARNING, FIRST_VISIT, annotate_days
from hdf_field.storage.database import Database
from hdf_field.storage.orm import FollowUp, Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork

PARIS = ZoneInfo("Europe/Paris")
DAY = date(2026, 12, 15)


def _stop(order: int, org: Organisation, purpose: str | None = None) -> PlannedStop:
    at = datetime(2026, 12, 15, 8 + order, 0, tzinfo=PARIS)
    return PlannedStop(
        order, str(org.id), org.name, "", 50.6, 3.06, at, at, at, 0, 10, 5, purpose=purpose
    )


def test_purpose_orientation_and_last_visit_in_words(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        officer = Officer(name="Léa", email="lea@example.org")
        new = Organisation(
            name="Atelier neuf", naf_code="29.32Z", departement="59", status=FunnelStatus.IDENTIFIED
        )
        seen = Organisation(
            name="Fonderie vue", naf_code="10.20Z", departement="59", status=FunnelStatus.INTERESTED
        )
        due = Organisation(
            name="Labo à relancer", naf_code="72.19Z", departement="80", status=FunnelStatus.VISITED
        )
        booked = Organisation(
            name="Rendez-vous pris", departement="62", status=FunnelStatus.VISIT_PLANNED
        )
        s.add_all([officer, new, seen, due, booked])
        s.flush()
        s.add(
            Visit(
                organisation_id=seen.id,
                officer_id=officer.id,
                status=VisitStatus.DONE,
                actual_start=datetime(2026, 11, 3, 9, 0, tzinfo=UTC),
                outcome=VisitOutcome.INTERESTED,
                interest=2,
                next_step="envoyer la plaquette i-Trans",
            )
        )
        s.add(
            FollowUp(
                organisation_id=due.id,
                due_date=date(2026, 12, 10),
                action="rappeler le directeur R&D",
                status=FollowUpStatus.OPEN,
            )
        )
        uow.commit()
        orgs = [new, seen, due, booked]
    day = DayPlan(
        "o",
        "Léa",
        DAY,
        Place("Lille", 50.63, 3.06),
        Place("Lille", 50.63, 3.06),
        tuple(
            _stop(i, o, "Signature" if o is booked else None) for i, o in enumerate(orgs, start=1)
        ),
        None,
        20.0,
        40.0,
    )
    with db.session() as session:
        [printed] = annotate_days(session, [day])
    by_name = {s.name: s for s in printed.stops}
    assert by_name["Atelier neuf"].purpose == FIRST_VISIT
    # 5 days overdue on 15/12: said so, never mistaken for a follow-up still to come
    assert by_name["Labo à relancer"].purpose == (
        "Relance en retard de 5 j (échéance 10/12/2026) : rappeler le directeur R&D"
    )
    assert by_name["Rendez-vous pris"].purpose == "Signature"  # a booked purpose is kept
    last = by_name["Fonderie vue"].last_visit_summary
    assert last is not None
    assert "03/11/2026" in last and "intéressé" in last and "2/3" in last
    assert "plaquette" in last
    assert by_name["Atelier neuf"].last_visit_summary is None
    assert all(by_name[n].orientation_hint for n in ("Atelier neuf", "Fonderie vue"))


def test_future_and_same_day_follow_ups_and_closed_organisations(db: Database) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        later = Organisation(name="Relance future", departement="59", status=FunnelStatus.VISITED)
        today = Organisation(name="Relance du jour", departement="59", status=FunnelStatus.VISITED)
        shut = Organisation(
            name="Usine fermée",
            departement="59",
            status=FunnelStatus.VISITED,
            register_active=False,
        )
        s.add_all([later, today, shut])
        s.flush()
        s.add(
            FollowUp(
                organisation_id=later.id,
                due_date=date(2026, 12, 20),
                action="envoyer le devis",
                status=FollowUpStatus.OPEN,
            )
        )
        s.add(
            FollowUp(
                organisation_id=today.id, due_date=DAY, action="appeler", status=FollowUpStatus.OPEN
            )
        )
        uow.commit()
        orgs = [later, today, shut]
    day = DayPlan(
        "o",
        "Léa",
        DAY,
        Place("Lille", 50.63, 3.06),
        Place("Lille", 50.63, 3.06),
        tuple(_stop(i, o) for i, o in enumerate(orgs, start=1)),
        None,
        1.0,
        1.0,
    )
    with db.session() as session:
        [printed] = annotate_days(session, [day])
    by_name = {s.name: s.purpose for s in printed.stops}
    assert by_name["Relance future"] == (
        "Visite de suivi (relance prévue le 20/12/2026 : envoyer le devis)"
    )
    assert by_name["Relance du jour"] == "Relance : appeler"
    assert by_name["Usine fermée"] == f"{CLOSED_WARNING} — Visite de suivi"
