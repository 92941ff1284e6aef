"""What the printed round says about each stop: why we go, which cluster to pitch, what
happened last time.

Planning works on positions and values; the officer in the car needs the words. They are
filled in just before printing (or exporting to a calendar), for the planned stops only,
since orienting every prospect of a campaign would cost seconds for nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, VisitOutcome, VisitStatus
from hdf_field.domain.glossary import interest_label, label_of
from hdf_field.planning.model import DayPlan, PlannedStop
from hdf_field.services.orientation import cluster_profiles, orientation_for, shipped_profiles
from hdf_field.storage.orm import Contact, FollowUp, Organisation, Visit

FIRST_VISIT = "Première visite : présenter les pôles, repérer les besoins"
FOLLOW_UP = "Visite de suivi"
CLOSED_WARNING = "Attention : établissement enregistré comme fermé"
CHUNK = 500  # ids per IN (...) list


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _last_visit(v: Visit) -> str:
    when = v.actual_start or v.planned_start
    parts = [when.strftime("%d/%m/%Y") if when else "date inconnue"]
    if v.outcome is not None:
        parts.append(label_of(VisitOutcome, v.outcome).lower())
    if v.interest is not None:
        parts.append(f"intérêt {interest_label(v.interest).lower()} ({v.interest}/3)")
    if v.next_step:
        parts.append(f"suite prévue : {v.next_step}")
    return " · ".join(parts)


def annotate_days(session: Session, days: Sequence[DayPlan]) -> list[DayPlan]:
    """The days with each stop's purpose, orientation hint and last visit filled where empty,
    and each stop's contact line as it stands now (never a person who objected)."""
    ids = sorted({uuid.UUID(s.organisation_id) for d in days for s in d.stops})
    if not ids:
        return list(days)
    orgs: dict[uuid.UUID, Organisation] = {}
    last: dict[uuid.UUID, Visit] = {}
    follow_ups: dict[uuid.UUID, FollowUp] = {}
    contacts: dict[uuid.UUID, Contact] = {}
    for chunk in _chunks(ids):
        found = session.scalars(select(Organisation).where(Organisation.id.in_(chunk)))
        orgs.update((o.id, o) for o in found)
        for v in session.scalars(
            select(Visit)
            .where(
                Visit.organisation_id.in_(chunk),
                Visit.status == VisitStatus.DONE,
                Visit.deleted_at.is_(None),
            )
            .order_by(Visit.actual_start)
        ):
            last[v.organisation_id] = v  # ordered: the latest wins
        for f in session.scalars(
            select(FollowUp)
            .where(
                FollowUp.organisation_id.in_(chunk),
                FollowUp.status == FollowUpStatus.OPEN,
                FollowUp.deleted_at.is_(None),
            )
            .order_by(FollowUp.due_date.desc())
        ):
            follow_ups[f.organisation_id] = f  # ordered: the earliest due wins
        for c in session.scalars(
            select(Contact)
            .where(
                Contact.organisation_id.in_(chunk),
                Contact.deleted_at.is_(None),
                Contact.objection.is_(false()),
            )
            .order_by(Contact.created_at.desc(), Contact.id.desc())
        ):
            contacts[c.organisation_id] = c  # ordered: the first created wins
    profiles = cluster_profiles(session) or shipped_profiles()
    hints: dict[uuid.UUID, str | None] = {}
    for oid, org in orgs.items():
        best = orientation_for(session, org, clusters=profiles, limit=1)
        hints[oid] = (
            f"{best[0].cluster_name} : {best[0].reasons[0]}"
            if best and best[0].reasons
            else (best[0].cluster_name if best else None)
        )

    def purpose(org: Organisation, day: date) -> str:
        f = follow_ups.get(org.id)
        if f is not None and f.due_date < day:
            # overdue: say by how much, so it never reads like one still to come
            late = (day - f.due_date).days
            return f"Relance en retard de {late} j (échéance {f.due_date:%d/%m/%Y}) : {f.action}"
        if f is not None and f.due_date == day:
            return f"Relance : {f.action}"
        if org.status in (
            FunnelStatus.IDENTIFIED,
            FunnelStatus.CONTACTED,
            FunnelStatus.VISIT_PLANNED,
        ):
            return FIRST_VISIT
        if f is not None:
            return f"{FOLLOW_UP} (relance prévue le {f.due_date:%d/%m/%Y} : {f.action})"
        return FOLLOW_UP

    def closed_warning(org: Organisation, text: str | None) -> str | None:
        """An organisation recorded as closed is flagged on the stop, whatever the purpose:
        the officer checks before driving there."""
        if org.register_active:
            return text
        return f"{CLOSED_WARNING} — {text}" if text else CLOSED_WARNING

    def note(stop: PlannedStop, day: date) -> PlannedStop:
        oid = uuid.UUID(stop.organisation_id)
        org = orgs.get(oid)
        if org is None:
            return stop
        visit = last.get(oid)
        # The contact line is read again now, not trusted from the plan: a person may have
        # objected (« ne plus contacter ») since it was made, here or on another laptop.
        contact = contacts.get(oid)
        return replace(
            stop,
            contact_name=" ".join(x for x in (contact.first_name, contact.last_name) if x)
            if contact is not None
            else None,
            contact_phone=(contact.phone if contact is not None else None) or org.phone,
            purpose=closed_warning(org, stop.purpose or purpose(org, day)),
            orientation_hint=stop.orientation_hint or hints.get(oid),
            last_visit_summary=stop.last_visit_summary
            or (_last_visit(visit) if visit is not None else None),
        )

    return [replace(d, stops=tuple(note(s, d.day) for s in d.stops)) for d in days]
