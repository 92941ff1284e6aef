"""Erase a contact person from this laptop and, at the next sync, everywhere (GDPR art. 17).

The CLI (``hdf-field contact erase ID --yes``) and the contact editor both come here. The
laptop's copy goes at once (:func:`hdf_field.sync.erasure.erase_locally`); one erase entry in
the outbox replaces every change to the person still waiting, and carries the erasure to the
registry, which scrubs its copy and tells every other laptop. Erasing works offline: the
entry waits like any other change.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.storage.database import Database
from hdf_field.storage.orm import AppMeta
from hdf_field.storage.queries import Session
from hdf_field.storage.queries import contacts as queries
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.engine import mark_pulled_session
from hdf_field.sync.erasure import checkpoint, erase_locally, optimize_index, scrub_drafts
from hdf_field.sync.service import SCOPE_KEY
from hdf_field.sync.tables import OutboxEntry


def _contact_id(ref: str) -> uuid.UUID:
    try:
        return uuid.UUID((ref or "").strip())
    except ValueError:
        raise NotFoundError(f"no contact with id {ref!r} (not an id)") from None


def contact_label(db: Database, ref: str) -> str:
    """The person's name as a confirmation names them ("Erase Anne Lefèvre?")."""
    with db.session() as session:
        name = queries.contact_name(session, contact_id=_contact_id(ref))
    if name is None:
        raise NotFoundError(f"no contact with id {ref!r} on this laptop")
    return " ".join(x for x in name if x)


def _within_reach(session: Session, contact_id: uuid.UUID) -> bool:
    """Whether the registry will accept this account's erasure, as far as the laptop knows
    (the scope the registry last described; the registry decides, ``registry/scope.py``): an
    officer erases contacts of organisations assigned to them or in their territory. Erasing
    here what the registry then refuses would leave this laptop without a person the
    registry's records still point at."""
    meta = session.get(AppMeta, SCOPE_KEY)
    scope = meta.value if meta is not None and isinstance(meta.value, dict) else None
    if scope is None or scope.get("role") != "officer":
        return True  # never synced (nothing to refuse it), or a manager
    place = queries.contact_organisation_place(session, contact_id=contact_id)
    if place is None:
        return True
    assigned_officer_id, departement, country = place
    me = scope.get("officer_id")
    if me is not None and str(assigned_officer_id) == str(me):
        return True
    key = departement or ("BE" if country == "BE" else None)
    return key is not None and key in (scope.get("territory") or [])


def erase_contact(
    db: Database, ref: str, actor: str, *, drafts_dir: Path | None = None
) -> dict[str, Any]:
    """Erase one contact; returns counts (never the person's data). A contact this laptop
    does not hold is not found: there is nothing here to erase (a manager erases it at the
    registry with ``hdf-field registry contact erase``)."""
    contact_id = _contact_id(ref)
    with UnitOfWork(db, actor=actor) as uow:
        session = uow.session
        version = queries.contact_version(session, contact_id=contact_id)
        if version is None:
            raise NotFoundError(f"no contact with id {ref!r} on this laptop")
        if not _within_reach(session, contact_id):
            raise ValidationError(
                "contact",
                "this person's organisation is outside your territory: ask a manager to "
                "erase them (hdf-field registry contact erase)",
            )
        # The laptop's own scrubbing writes no outbox rows: the registry does the same to
        # its copy and every laptop pulls the result. Only the erase entry travels.
        mark_pulled_session(session)
        done = erase_locally(session, contact_id)
        session.add(
            OutboxEntry(
                mutation_id=uuid.uuid4(),
                entity="contact",
                record_id=contact_id,
                base_version=version,
                changes={},
                resolves=[],
                erase=True,
                created_at=utcnow(),
            )
        )
        session.flush()
        optimize_index(session.connection())
        uow.commit()
    drafts = scrub_drafts(drafts_dir, done.people, db.draft_key)
    with db.engine.connect() as conn:
        checkpoint(conn)
    return {
        "id": str(contact_id),
        "erased": True,
        "dropped_changes": done.dropped,
        "scrubbed": done.scrubbed,
        "drafts_scrubbed": drafts,
        "pending_sync": True,
    }
