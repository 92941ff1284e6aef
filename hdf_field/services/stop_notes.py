"""What the printed round says about each stop: why we go, which cluster to pitch, what
happened last time.

Planning works on positions and values; the officer in the car needs the words. They are
filled in just before printing (or exporting to a calendar), for the planned stops only,
since orienting every prospect of a campaign would cost seconds for nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from hdf_field.domain.enums import FunnelStatus, VisitOutcome
from hdf_field.domain.glossary import interest_label, label_of
from hdf_field.planning.model import DayPlan, PlannedStop
from hdf_field.services.orientation import cluster_profiles, orientation_for, shipped_profiles
from hdf_field.storage.orm import Organisation, Visit
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.planning import (
    earliest_open_follow_ups,
    first_reachable_contacts,
    latest_done_visits,
    organisations_by_id,
)

FIRST_VISIT = "Première visite : présenter les pôles, repérer les besoins"
FOLLOW_UP = "Visite de suivi"
CLOSED_WARNING = "Attention : établissement enregistré comme fermé"


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
    orgs = organisations_by_id(session, ids=ids)
    last = latest_done_visits(session, organisation_ids=ids)
    follow_ups = earliest_open_follow_ups(session, organisation_ids=ids)
    # a person who objected is never named on a printed round
    contacts = first_reachable_contacts(session, organisation_ids=ids)
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
