"""The queries around one person: contacts, what is held on them, erasing them, officers, visits.

The contact services (create, list, right of access, erasure), the officer profile and the
visit log ask here; they keep the workflow (validation, messages, the unit of work) and
this module keeps the SQL. Erasure's first step, the person's marks, is shared by the
laptop (:mod:`hdf_field.sync.erasure`) and the registry (:mod:`hdf_field.registry.erasure`)
so that both scrub the same words.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import false, func, inspect, select

from hdf_field.domain.enums import VisitStatus
from hdf_field.domain.erasure import PersonMarks, person_marks
from hdf_field.storage.orm import Cluster, Contact, FollowUp, Officer, Organisation, Referral, Visit
from hdf_field.storage.queries import Session


def column_values(obj: object) -> dict[str, Any]:
    """Every mapped column of an ORM object by attribute name, in the mapper's order (the
    order the CLI's ``--json`` shows), as stored: the caller makes them JSON-ready."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(type(obj)).column_attrs}


# --- contacts -------------------------------------------------------------------------------


def contacts_of(session: Session, *, organisation_id: uuid.UUID) -> Sequence[Contact]:
    """An organisation's live contacts by name (id last, so equal names keep one order)."""
    return session.scalars(
        select(Contact)
        .where(Contact.organisation_id == organisation_id, Contact.deleted_at.is_(None))
        .order_by(Contact.last_name, Contact.first_name, Contact.id)
    ).all()


def first_reachable_contact(session: Session, *, organisation_id: uuid.UUID) -> Contact | None:
    """The organisation's earliest live contact who has not objected to being contacted."""
    return session.scalar(
        select(Contact)
        .where(
            Contact.organisation_id == organisation_id,
            Contact.deleted_at.is_(None),
            Contact.objection.is_(false()),
        )
        .order_by(Contact.created_at, Contact.id)
        .limit(1)
    )


def contact_name(session: Session, *, contact_id: uuid.UUID) -> tuple[str | None, str] | None:
    """(first name, last name) of a contact this laptop holds, deleted or not; None if none."""
    row = session.execute(
        select(Contact.first_name, Contact.last_name).where(Contact.id == contact_id)
    ).one_or_none()
    return None if row is None else (row.first_name, row.last_name)


def contact_version(session: Session, *, contact_id: uuid.UUID) -> int | None:
    """The contact's version (the base an erase entry names); None if this laptop has none."""
    return session.scalar(select(Contact.version).where(Contact.id == contact_id))


def contact_organisation_place(
    session: Session, *, contact_id: uuid.UUID
) -> tuple[uuid.UUID | None, str | None, str] | None:
    """(assigned officer, département, country) of the contact's organisation: what decides
    whether an officer's erasure is within their reach. None if the contact is unknown."""
    row = session.execute(
        select(Organisation.assigned_officer_id, Organisation.departement, Organisation.country)
        .join(Contact, Contact.organisation_id == Organisation.id)
        .where(Contact.id == contact_id)
    ).one_or_none()
    return None if row is None else (row.assigned_officer_id, row.departement, row.country)


# --- right of access: what is held on one person -------------------------------------------


def visits_naming(session: Session, *, contact_id: uuid.UUID) -> Sequence[Visit]:
    """The live visits where the person was the contact, in time order."""
    return session.scalars(
        select(Visit)
        .where(Visit.contact_id == contact_id, Visit.deleted_at.is_(None))
        .order_by(Visit.planned_start, Visit.id)
    ).all()


def follow_ups_of(session: Session, *, visit_ids: Sequence[uuid.UUID]) -> Sequence[FollowUp]:
    """The live follow-ups of these visits, by due date (none asked, none read)."""
    if not visit_ids:
        return []
    return session.scalars(
        select(FollowUp)
        .where(FollowUp.visit_id.in_(visit_ids), FollowUp.deleted_at.is_(None))
        .order_by(FollowUp.due_date, FollowUp.id)
    ).all()


def referrals_sharing(session: Session, *, contact_id: uuid.UUID) -> list[tuple[Referral, str]]:
    """The live referrals that shared the person with a cluster, with the cluster's name,
    oldest first."""
    rows = session.execute(
        select(Referral, Cluster.name)
        .join(Cluster, Cluster.id == Referral.cluster_id)
        .where(Referral.contact_id == contact_id, Referral.deleted_at.is_(None))
        .order_by(Referral.sent_at, Referral.id)
    ).all()
    return [(referral, name) for referral, name in rows]


# --- erasure: the marks both ends scrub ----------------------------------------------------


# Where officers write about people: the free text of the records around a contact, by
# entity, that erasing the contact scrubs of them (on the laptop and at the registry alike).
ERASURE_TEXT_COLUMNS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "organisation": (Organisation, ("notes",)),
    "contact": (Contact, ("notes", "role", "source_detail")),
    "visit": (Visit, ("notes", "purpose", "next_step")),
    "follow_up": (FollowUp, ("action",)),
    # The consent to share names who gave it: the person's name goes with them.
    "referral": (Referral, ("message", "consent_given_by", "status_reason")),
}
# JSON lists of free text: the cluster's comments and the reasons in a referral's history may
# name the person the referral shared ("RDV avec Mme Quennehen le 12").
ERASURE_JSON_COLUMNS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "referral": (Referral, ("comments", "history")),
}


class PersonToErase(NamedTuple):
    """What erasing a contact starts from: their organisation (whose records may name them)
    and their marks (name, e-mail, phone) to scrub from free text."""

    organisation_id: uuid.UUID
    marks: PersonMarks


def person_to_erase(session: Session, *, contact_id: uuid.UUID) -> PersonToErase | None:
    """The contact's organisation and marks, read before the row goes; None when this
    database does not hold the contact (a deleted one is still held, and still erased)."""
    row = session.execute(
        select(
            Contact.organisation_id,
            Contact.first_name,
            Contact.last_name,
            Contact.email,
            Contact.phone,
        ).where(Contact.id == contact_id)
    ).one_or_none()
    if row is None:
        return None
    return PersonToErase(
        row.organisation_id, person_marks(row.first_name, row.last_name, row.email, row.phone)
    )


# --- officers and visits --------------------------------------------------------------------


def officer_by_email(session: Session, *, email: str, any_case: bool = False) -> Officer | None:
    """The officer with this e-mail. Officers are stored with lower-case e-mails by this
    program; ``any_case`` also matches one stored otherwise (by the registry or an import)."""
    if any_case:
        return session.scalar(select(Officer).where(func.lower(Officer.email) == email.lower()))
    return session.scalar(select(Officer).where(Officer.email == email))


def cities_in_data(session: Session) -> list[str]:
    """The organisations' distinct cities, alphabetical whatever their case."""
    rows = session.scalars(
        select(Organisation.city)
        .where(Organisation.city.is_not(None))
        .group_by(Organisation.city)
        .order_by(func.lower(Organisation.city))
    ).all()
    return [r for r in rows if r]


def first_planned_visit(session: Session, *, organisation_id: uuid.UUID) -> Visit | None:
    """The organisation's earliest live planned visit: the one a logged visit completes."""
    return session.scalar(
        select(Visit)
        .where(
            Visit.organisation_id == organisation_id,
            Visit.status == VisitStatus.PLANNED,
            Visit.deleted_at.is_(None),
        )
        .order_by(Visit.planned_start)
        .limit(1)
    )
