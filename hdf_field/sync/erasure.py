"""Erasing a contact from a laptop: its row, the search index, the outbox, conflicts, drafts.

Two roads lead here: the officer erases a person on this laptop (the services add one erase
entry to the outbox, which replaces every waiting change to them), or a pull brings the
registry's tombstone of a person erased elsewhere (:func:`apply_erasures`). Either way the
laptop erases its copy the same way, in the caller's transaction:

* the contact row goes (the search index follows through its triggers; :func:`optimize_index`
  then merges the index so no segment keeps the person's words);
* visits naming them name nobody; the person's name, e-mail and phone are scrubbed from the
  free text of their organisation's records (:mod:`hdf_field.domain.erasure`), without
  outbox entries: the registry scrubs its copy the same way and laptops pull it;
* waiting changes to the contact are dropped — erasure wins over unsynced edits, and the
  count is reported — and waiting changes or conflicts around them are scrubbed;
* visit drafts on disk are scrubbed by :func:`scrub_drafts` once the transaction committed.

Rows are deleted with ``secure_delete`` on (the connection pragma), and :func:`checkpoint`
truncates the write-ahead log after the commit, so no copy stays in free pages or the WAL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update
from sqlalchemy.orm import Session

from hdf_field.domain.erasure import ERASED_TEXT, PersonMarks, replace_ids, scrub_json, scrub_text
from hdf_field.storage import search_index
from hdf_field.storage.draft_files import DraftUnreadable, draft_files, read_draft, rewrite_draft
from hdf_field.storage.orm import Contact, Organisation, Referral, Visit
from hdf_field.storage.queries.contacts import (
    ERASURE_JSON_COLUMNS,
    ERASURE_TEXT_COLUMNS,
    person_to_erase,
)
from hdf_field.sync.schemas import ErasedOut
from hdf_field.sync.tables import LocalConflict, OutboxEntry

# The free text scrubbed around an erased contact, by model (the registry scrubs the same).
TEXT_COLUMNS: dict[Any, tuple[str, ...]] = dict(ERASURE_TEXT_COLUMNS.values())
# JSON lists of free text: the cluster's comments and the reasons in a referral's history
# (scrubbed here as the registry scrubs them, so the laptop's copy matches before the pull).
JSON_COLUMNS: dict[Any, tuple[str, ...]] = dict(ERASURE_JSON_COLUMNS.values())
MAX_DRAFTS_SCANNED = 10_000


@dataclass
class LocalErasure:
    """What erasing contacts did on this laptop (counts, and what to scrub drafts with)."""

    erased: int = 0  # contacts removed from this laptop
    dropped: int = 0  # waiting local changes to them, dropped: erasure wins
    scrubbed: int = 0  # records, outbox entries and conflicts whose text was scrubbed
    people: list[tuple[uuid.UUID, PersonMarks]] = field(default_factory=list)

    def add(self, other: LocalErasure) -> None:
        self.erased += other.erased
        self.dropped += other.dropped
        self.scrubbed += other.scrubbed
        self.people.extend(other.people)


def rowcount(result: Any) -> int:
    """Rows an UPDATE or DELETE touched (typed ``Result`` hides the cursor's count)."""
    return int(getattr(result, "rowcount", 0) or 0)


def erase_locally(session: Session, contact_id: uuid.UUID) -> LocalErasure:
    """Remove one contact from this laptop (see the module docstring); the session must
    write no outbox rows for it (``engine.mark_pulled_session``)."""
    out = LocalErasure()
    row = person_to_erase(session, contact_id=contact_id)
    marks = row.marks if row is not None else PersonMarks(None)
    out.people.append((contact_id, marks))
    wire_id = str(contact_id)

    def clean(value: Any) -> Any:
        return replace_ids(scrub_json(value, marks), [wire_id])

    out.dropped = rowcount(
        session.execute(
            delete(OutboxEntry).where(
                OutboxEntry.entity == "contact",
                OutboxEntry.record_id == contact_id,
                OutboxEntry.erase.is_(False),
            )
        )
    )
    session.execute(delete(LocalConflict).where(LocalConflict.record_id == contact_id))
    related: set[uuid.UUID] = set()
    for model, columns in TEXT_COLUMNS.items():
        where = []
        if row is not None:
            org_key = model.id if model is Organisation else model.organisation_id
            where.append(org_key == row.organisation_id)
        if model is Visit or model is Referral:
            where.append(model.contact_id == contact_id)
        if not where:
            continue
        lists = JSON_COLUMNS.get(model, ())
        cols = [model.id, *(getattr(model, c) for c in (*columns, *lists))]
        for r in session.execute(select(*cols).where(or_(*where))):
            related.add(r.id)
            if r.id == contact_id:
                continue
            values: dict[str, Any] = {
                c: scrub_text(v, marks)
                for c in columns
                if isinstance(v := getattr(r, c), str) and scrub_text(v, marks) != v
            }
            for col in lists:
                if (v := getattr(r, col)) and (scrubbed := scrub_json(v, marks)) != v:
                    values[col] = scrubbed
            if values:
                session.execute(
                    update(model)
                    .where(model.id == r.id)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
                out.scrubbed += 1
    session.execute(
        update(Visit)
        .where(Visit.contact_id == contact_id)
        .values(contact_id=None)
        .execution_options(synchronize_session=False)
    )
    # A referral that shared the person keeps the fact of the consent, not whose it was.
    session.execute(
        update(Referral)
        .where(Referral.contact_id == contact_id)
        .values(contact_id=None, consent_given_by=ERASED_TEXT)
        .execution_options(synchronize_session=False)
    )
    ids = list(related - {contact_id})
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for entry in session.scalars(select(OutboxEntry).where(OutboxEntry.record_id.in_(chunk))):
            changes = {
                k: [old, new] for k, (old, new) in clean(entry.changes).items() if old != new
            }
            if changes != entry.changes:
                out.scrubbed += 1
                if changes or entry.resolves:
                    entry.changes = changes
                else:
                    session.delete(entry)
        for c in session.scalars(select(LocalConflict).where(LocalConflict.record_id.in_(chunk))):
            new = {k: clean(getattr(c, k)) for k in ("base", "mine", "theirs")}
            if any(new[k] != getattr(c, k) for k in new):
                out.scrubbed += 1
                for k, v in new.items():
                    setattr(c, k, v)
    if row is not None:
        session.execute(
            delete(Contact)
            .where(Contact.id == contact_id)
            .execution_options(synchronize_session=False)
        )
        out.erased = 1
    session.flush()
    return out


def apply_erasures(session: Session, erased: Iterable[ErasedOut]) -> LocalErasure:
    """Erase here what the registry erased (tombstones of a pull page or a reply bundle)."""
    total = LocalErasure()
    for e in erased:
        if e.entity == "contact":
            total.add(erase_locally(session, e.id))
    if total.erased or total.scrubbed:
        optimize_index(session.connection())
    return total


def optimize_index(conn: Connection) -> None:
    """Merge the search index's segments: FTS5 deletes by writing a marker, and the words of
    a deleted row stay in older segments until they are merged."""
    if search_index.has_index(conn):
        conn.exec_driver_sql(
            f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}) VALUES('optimize')"
        )


def checkpoint(conn: Connection) -> None:
    """After the erasure committed: write the WAL into the database and truncate it."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def scrub_drafts(
    folder: Path | None,
    people: list[tuple[uuid.UUID, PersonMarks]],
    key: bytes | None = None,
) -> list[str]:
    """Rewrite the visit drafts naming or mentioning an erased person without them (the
    draft is the officer's unfinished report on the organisation: kept, scrubbed). Files
    are read as untrusted: oversized or unreadable ones are skipped (and left in place: the
    visit form sets them aside and tells the officer). ``key`` is the database's draft key:
    an encrypted draft is decrypted, scrubbed and re-encrypted, a plain one (an earlier
    version's) comes back encrypted. Returns the names of the drafts rewritten."""
    if not people:
        return []
    done = []
    for path in draft_files(folder, MAX_DRAFTS_SCANNED):
        try:
            data, encrypted = read_draft(path, key)
        except (OSError, DraftUnreadable):
            continue
        clean: Any = data
        for contact_id, marks in people:
            clean = replace_ids(scrub_json(clean, marks), [str(contact_id)])
        if clean == data:
            continue
        rewrite_draft(path, clean, key, was_plain=not encrypted)
        done.append(path.name)
    return done
