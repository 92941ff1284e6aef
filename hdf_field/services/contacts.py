"""Contact persons: create, edit, list, and everything held on one person (right of access).

The CLI and the organisation page both come here, so a contact is checked the same way
whoever types it: each field by the form's normalisation and the registry's rule for it
(:mod:`hdf_field.domain.record_rules`), then the whole record by the GDPR rules of
:mod:`hdf_field.domain.contact_legal`. Every write is one unit of work; the outbox listener
records it for the next sync.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from hdf_field.domain.contact_legal import DEFAULT_LEGAL_BASIS, check_contact
from hdf_field.domain.enums import ContactSource, LegalBasis
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.record_rules import check_field
from hdf_field.domain.validation import (
    validate_bool,
    validate_date,
    validate_email,
    validate_enum,
    validate_phone,
)
from hdf_field.services.organisations import find_organisation, json_value
from hdf_field.storage.database import Database
from hdf_field.storage.draft_files import (  # noqa: F401 (MAX_DRAFT_BYTES: re-exported)
    MAX_DRAFT_BYTES,
    DraftUnreadable,
    draft_files,
    read_draft,
)
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.storage.queries import Session
from hdf_field.storage.queries import contacts as queries
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import held

TEXT_FIELDS = (
    "first_name",
    "last_name",
    "role",
    "phone",
    "email",
    "language",
    "source_detail",
    "notes",
)
EDITABLE = (
    *TEXT_FIELDS,
    "legal_basis",
    "consent_date",
    "source",
    "informed_at",
    "objection",
    "objection_date",
)
MAX_DRAFTS_SCANNED = 10_000

_PARSERS: dict[str, Any] = {
    "legal_basis": validate_enum(LegalBasis, "legal_basis", nullable=True),
    "source": validate_enum(ContactSource, "source", nullable=True),
    "consent_date": validate_date("consent_date"),
    "informed_at": validate_date("informed_at"),
    "objection_date": validate_date("objection_date"),
    "objection": validate_bool("objection", nullable=False),
}


def parse_field(key: str, raw: Any) -> Any:
    """One field as typed (text from the CLI, text/dates/booleans from the GUI) → its stored
    value, checked against the registry's rule for it; empty text clears the field."""
    if key not in EDITABLE:
        allowed = ", ".join(EDITABLE)
        raise ValidationError(key, f"not a contact field (allowed: {allowed})")
    if key in _PARSERS:
        value = _PARSERS[key](raw)
    else:
        text = "" if raw is None else str(raw).strip()
        if key == "last_name" and not text:
            raise ValidationError("last_name", code="contact.no_last_name")
        if key == "language":
            text = text.lower() or "fr"
        value = text or None
        if value is not None and key == "email":
            value = validate_email(value)
        elif value is not None and key == "phone":
            country = "BE" if value.replace(" ", "").startswith("+32") else "FR"
            value = validate_phone(value, country=country)
    if value is not None:
        check_field("contact", key, value)
    return value


def contact_fields(contact: Contact) -> dict[str, Any]:
    """Every column by name, JSON-ready (the ``--json`` shape of ``contact`` commands)."""
    fields = {"id": str(contact.id)}  # first, as the CLI contract shows it
    fields.update((key, json_value(value)) for key, value in queries.column_values(contact).items())
    return fields


def find_contact(session: Session, ref: str) -> Contact:
    try:
        ident = uuid.UUID((ref or "").strip())
    except ValueError:
        raise NotFoundError(f"no contact with id {ref!r} (not an id)") from None
    contact = session.get(Contact, ident)
    if contact is None or contact.deleted_at is not None:
        raise NotFoundError(f"no contact with id {ref!r} on this laptop")
    return contact


def _apply(contact: Contact, fields: Mapping[str, Any], *, today: date) -> None:
    """Parse every field before touching the record, then apply the cross-field rules to the
    result: a refused change leaves the contact as it was (the caller's transaction rolls
    back anyway)."""
    values = {key: parse_field(key, raw) for key, raw in fields.items()}
    if (
        values.get("legal_basis") == LegalBasis.CONSENT
        and "consent_date" not in values
        and contact.consent_date is None
    ):
        values["consent_date"] = today  # consent recorded now, dated now
    if "objection" in values:
        if values["objection"] and "objection_date" not in values and not contact.objection:
            values["objection_date"] = today
        if not values["objection"] and "objection_date" not in values:
            values["objection_date"] = None
    for key, value in values.items():
        setattr(contact, key, value)
    if contact.legal_basis is None:
        contact.legal_basis = DEFAULT_LEGAL_BASIS
    if contact.language is None:
        contact.language = "fr"
    check_contact({key: getattr(contact, key) for key in EDITABLE}, today)


def add_contact(
    db: Database,
    org_ref: str,
    fields: Mapping[str, Any],
    actor: str,
    *,
    today: date | None = None,
) -> dict[str, Any]:
    """A new contact of the organisation ``org_ref`` (id or SIRET); its fields by name."""
    if not str(fields.get("last_name") or "").strip():
        raise ValidationError("last_name", code="contact.no_last_name")
    with UnitOfWork(db, actor=actor) as uow:
        org = find_organisation(uow.session, org_ref)
        contact = Contact(organisation_id=org.id, objection=False, language="fr")
        _apply(contact, fields, today=today or date.today())
        uow.session.add(contact)
        uow.session.flush()
        out = contact_fields(contact)
        uow.commit()
    return out


def update_contact(
    db: Database,
    contact_id: str,
    changes: Mapping[str, Any],
    actor: str,
    *,
    today: date | None = None,
) -> dict[str, Any]:
    """All changes or none; raises :class:`ValidationError` naming the first bad field."""
    if not changes:
        raise ValidationError("fields", "nothing to change")
    with UnitOfWork(db, actor=actor) as uow:
        contact = find_contact(uow.session, contact_id)
        _apply(contact, changes, today=today or date.today())
        uow.session.flush()
        out = contact_fields(contact)
        uow.commit()
    return out


def list_contacts(db: Database, org_ref: str) -> list[dict[str, Any]]:
    with db.session() as session:
        org = find_organisation(session, org_ref)
        return [contact_fields(c) for c in queries.contacts_of(session, organisation_id=org.id)]


def reachable_contact(session: Session, organisation_id: uuid.UUID) -> Contact | None:
    """The person a plan or a printed round names for an organisation: its first contact who
    has not objected to being contacted."""
    return queries.first_reachable_contact(session, organisation_id=organisation_id)


def check_may_contact(session: Session, contact_id: uuid.UUID, organisation_id: uuid.UUID) -> None:
    """A visit may only be given a contact of its organisation who has not objected."""
    contact = session.get(Contact, contact_id)
    if (
        contact is None
        or contact.deleted_at is not None
        or contact.organisation_id != organisation_id
    ):
        raise NotFoundError(f"no contact {contact_id} for this organisation")
    if contact.objection:
        raise ValidationError(
            "contact_id", f"{contact.last_name} asked not to be contacted (ne plus contacter)"
        )


# --- right of access: everything held on one person ------------------------------------


def _record(obj: Any) -> dict[str, Any]:
    return {key: json_value(value) for key, value in queries.column_values(obj).items()}


def _mentions(text: str, needles: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(n and n.casefold() in folded for n in needles)


def _drafts_about(folder: Path | None, contact: Contact, key: bytes | None) -> list[dict[str, Any]]:
    """Visit drafts (files the visit form keeps, decrypted with the database's draft key)
    naming this contact or mentioning them.

    The folder is read as untrusted: oversized or unreadable files are skipped, never parsed.
    """
    full_name = " ".join(x for x in (contact.first_name, contact.last_name) if x)
    needles = tuple(x for x in (full_name, contact.email, contact.phone) if x)
    found = []
    for path in draft_files(folder, MAX_DRAFTS_SCANNED):
        try:
            data, _encrypted = read_draft(path, key)
        except (OSError, DraftUnreadable):
            continue
        inner = data.get("data") if isinstance(data.get("data"), dict) else data
        assert isinstance(inner, dict)
        text = json.dumps(data, ensure_ascii=False)  # "Lef\u00e8vre" must match Lefèvre
        if inner.get("contact_id") == str(contact.id) or _mentions(text, needles):
            found.append({"file": path.name, "draft": data})
    return found


def export_contact(
    db: Database, contact_id: str, *, drafts_dir: Path | None = None
) -> dict[str, Any]:
    """Everything this laptop holds on one person (GDPR art. 15), as plain JSON data:
    the contact record, the visits where they were the contact and those visits' follow-ups,
    visit drafts naming them, the referrals that shared them with a cluster (a third party:
    the person has a right to know who received their data), changes to them waiting in the
    outbox and open sync conflicts."""
    with db.session() as session:
        contact = find_contact(session, contact_id)
        org = session.get(Organisation, contact.organisation_id)
        visits = queries.visits_naming(session, contact_id=contact.id)
        follow_ups = queries.follow_ups_of(session, visit_ids=[v.id for v in visits])
        referrals = queries.referrals_sharing(session, contact_id=contact.id)
        outbox = held.waiting_changes(session, entity="contact", record_id=contact.id)
        conflicts = held.conflicts_on(session, entity="contact", record_id=contact.id)
        return {
            "contact": contact_fields(contact),
            "organisation": {
                "id": str(org.id),
                "name": org.name,
                "siret": org.siret,
            }
            if org is not None
            else None,
            "visits": [_record(v) for v in visits],
            "follow_ups": [_record(f) for f in follow_ups],
            "drafts": _drafts_about(drafts_dir, contact, db.draft_key),
            "referrals": [
                {
                    "id": str(r.id),
                    "cluster": name,
                    "sent_at": json_value(r.sent_at),
                    "status": json_value(r.status),
                    "message": r.message,
                    "consent_given_by": r.consent_given_by,
                    "consent_given_at": json_value(r.consent_given_at),
                    "consent_recorded_by": r.consent_recorded_by,
                }
                for r, name in referrals
            ],
            "outbox": [
                {
                    "mutation_id": str(e.mutation_id),
                    "base_version": e.base_version,
                    "changes": e.changes,
                    "created_at": json_value(e.created_at),
                }
                for e in outbox
            ],
            "conflicts": [
                {
                    "field": c.field,
                    "mine": c.mine,
                    "theirs": c.theirs,
                    "base": c.base,
                    "author": c.author,
                    "status": c.status,
                    "created_at": json_value(c.created_at),
                }
                for c in conflicts
            ],
        }
