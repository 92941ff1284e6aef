"""Erasing a contact at the registry (GDPR art. 17), and the retention rule that erases in bulk.

The registry is where a person's data is copied most: the record, its body in the change
feed, the payloads of the audit and of the stored push results, conflicts. Erasure removes
the record and the feed body, scrubs what the others carried, and leaves one tombstone with
no personal data (:class:`~hdf_field.registry.tables.Erasure`: id, when, who) that pulls
deliver to every laptop. The contact's organisation keeps its visits: their link to the
person is cleared and the person's name, e-mail and phone are scrubbed from their free text
(:mod:`hdf_field.domain.erasure`); those records take a new version, so laptops pull the
scrubbed text.

A SQLite registry runs with ``secure_delete`` (freed space is zeroed) and its write-ahead log
is truncated after an erasure (:func:`checkpoint`); PostgreSQL keeps dead row versions until
``VACUUM`` (see docs/privacy.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from hdf_field.domain.erasure import ERASED_TEXT, PersonMarks, replace_ids, scrub_json, scrub_text
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.registry.sequence import CHUNK, Sequencer
from hdf_field.registry.tables import AppliedMutation, AuditEntry, Change, Conflict, Erasure
from hdf_field.storage.database import Database
from hdf_field.storage.orm import (
    AppMeta,
    Cluster,
    Contact,
    FollowUp,
    Organisation,
    Referral,
    Visit,
)
from hdf_field.storage.queries.contacts import (
    ERASURE_JSON_COLUMNS,
    ERASURE_TEXT_COLUMNS,
    person_to_erase,
)
from hdf_field.storage.types import utcnow
from hdf_field.sync.erasure import optimize_index, rowcount

# Free text of the records around a contact, by table: where officers write about people
# (the laptop scrubs the same, :mod:`hdf_field.sync.erasure`).
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: columns for name, (_model, columns) in ERASURE_TEXT_COLUMNS.items()
}
MODELS: dict[str, Any] = {name: model for name, (model, _columns) in ERASURE_TEXT_COLUMNS.items()}
JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    name: columns for name, (_model, columns) in ERASURE_JSON_COLUMNS.items()
}
# The message of a push result whose mutation erased a contact (the route then checkpoints).
ERASED_NOW = "erased"
RETENTION_KEY = "retention_months"
DEFAULT_RETENTION_MONTHS = 36
MAX_RETENTION_MONTHS = 1200


@dataclass
class ErasureOutcome:
    """What one erasure did, for the CLI and the audit (ids and counts, no personal data)."""

    id: uuid.UUID
    known: bool  # the registry held the contact (an unknown id is still tombstoned)
    already: bool = False
    records_scrubbed: int = 0
    conflicts_removed: int = 0
    audit_scrubbed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "known": self.known,
            "already_erased": self.already,
            "records_scrubbed": self.records_scrubbed,
            "conflicts_removed": self.conflicts_removed,
            "audit_scrubbed": self.audit_scrubbed,
        }


def erased_ids(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list({i for i in ids if i is not None})
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), CHUNK):
        found.update(
            session.scalars(
                select(Erasure.record_id).where(
                    Erasure.record_id.in_(wanted[start : start + CHUNK])
                )
            )
        )
    return found


def _related(session: Session, org_id: uuid.UUID, contact_id: uuid.UUID) -> dict[str, list[Any]]:
    """The records that may mention a contact, by entity: its organisation's, and visits
    naming the contact wherever they are (data from before the scope rules may differ)."""
    out: dict[str, list[Any]] = {}
    for name, model in MODELS.items():
        columns = (*TEXT_COLUMNS[name], *JSON_COLUMNS.get(name, ()))
        cols = [model.id, model.version, *(getattr(model, c) for c in columns)]
        where = model.id == org_id if name == "organisation" else model.organisation_id == org_id
        if name in ("visit", "referral"):
            cols.append(model.contact_id)
            where = or_(where, model.contact_id == contact_id)
        out[name] = list(session.execute(select(*cols).where(where)))
    return out


def erase_contact(
    session: Session,
    seqr: Sequencer,
    contact_id: uuid.UUID,
    actor: str,
    *,
    reason: str = "request",
    mutation_id: uuid.UUID | None = None,
) -> ErasureOutcome:
    """Erase one contact in the caller's transaction (the caller checked who may, and
    commits; then :func:`checkpoint`). Erasing an erased or unknown id only makes sure its
    tombstone exists: a laptop may erase a contact whose creation never reached here."""
    if session.get(Erasure, contact_id) is not None:
        return ErasureOutcome(contact_id, known=False, already=True)
    now = utcnow()
    row = person_to_erase(session, contact_id=contact_id)
    outcome = ErasureOutcome(contact_id, known=row is not None)
    wire_id = str(contact_id)
    if row is not None:
        marks = row.marks
        related = _related(session, row.organisation_id, contact_id)
        ids: set[uuid.UUID] = {row.organisation_id}
        for name, rows in related.items():
            model = MODELS[name]
            texts = TEXT_COLUMNS[name]
            for r in rows:
                ids.add(r.id)
                if r.id == contact_id:
                    continue
                values: dict[str, Any] = {
                    c: scrub_text(v, marks)
                    for c in texts
                    if isinstance(v := getattr(r, c), str) and scrub_text(v, marks) != v
                }
                for c in JSON_COLUMNS.get(name, ()):
                    if (v := getattr(r, c)) and (scrubbed := scrub_json(v, marks)) != v:
                        values[c] = scrubbed
                if name == "visit" and r.contact_id == contact_id:
                    values["contact_id"] = None
                if name == "referral" and r.contact_id == contact_id:
                    values["contact_id"] = None
                    values["consent_given_by"] = ERASED_TEXT
                if values:
                    version = r.version + 1
                    session.execute(
                        update(model)
                        .where(model.id == r.id)
                        .values(updated_at=now, updated_by=actor, version=version, **values)
                        .execution_options(synchronize_session=False)
                    )
                    seqr.record(name, r.id, version)
                    outcome.records_scrubbed += 1
        outcome.conflicts_removed, outcome.audit_scrubbed = _scrub_bookkeeping(
            session, seqr, contact_id, wire_id, ids, marks
        )
        seqr.forget(contact_id)  # changed earlier in this batch: no feed row to write
        session.execute(delete(Change).where(Change.record_id == contact_id))
        session.execute(
            delete(Contact)
            .where(Contact.id == contact_id)
            .execution_options(synchronize_session=False)
        )
    session.add(
        Erasure(
            record_id=contact_id, entity="contact", erased_at=now, erased_by=actor, seq=seqr.next()
        )
    )
    session.execute(
        insert(AuditEntry).values(
            at=now,
            actor=actor,
            action="erase",
            entity="contact",
            record_id=contact_id,
            mutation_id=mutation_id,
            detail={"reason": reason, **outcome.as_dict()},
        )
    )
    session.flush()
    return outcome


def _scrub_bookkeeping(
    session: Session,
    seqr: Sequencer,
    contact_id: uuid.UUID,
    wire_id: str,
    ids: set[uuid.UUID],
    marks: PersonMarks,
) -> tuple[int, int]:
    """Conflicts, audit payloads and stored push results: the contact's own are emptied,
    its organisation's are scrubbed of the person (and of the contact's id)."""
    removed = rowcount(session.execute(delete(Conflict).where(Conflict.record_id == contact_id)))
    others = [i for i in ids if i != contact_id]

    def clean(value: Any) -> Any:
        return replace_ids(scrub_json(value, marks), [wire_id])

    for start in range(0, len(others), CHUNK):
        chunk = others[start : start + CHUNK]
        for c in session.scalars(select(Conflict).where(Conflict.record_id.in_(chunk))):
            new = {k: clean(getattr(c, k)) for k in ("base", "mine", "theirs", "resolved_value")}
            if any(new[k] != getattr(c, k) for k in new):
                for k, v in new.items():
                    setattr(c, k, v)
                c.seq = seqr.next()  # laptops pull the scrubbed conflict
    scrubbed = rowcount(
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.record_id == contact_id)
            .values(detail={"erased": True})
            .execution_options(synchronize_session=False)
        )
    )
    for start in range(0, len(others), CHUNK):
        chunk = others[start : start + CHUNK]
        for a in session.scalars(select(AuditEntry).where(AuditEntry.record_id.in_(chunk))):
            detail = clean(a.detail)
            if detail != a.detail:
                a.detail = detail
                scrubbed += 1
        for m in session.scalars(
            select(AppliedMutation).where(AppliedMutation.record_id.in_(chunk))
        ):
            result = clean(m.result)
            if result != m.result:
                m.result = result
    for m in session.scalars(
        select(AppliedMutation).where(AppliedMutation.record_id == contact_id)
    ):
        m.result = {k: m.result.get(k) for k in ("mutation_id", "status", "version")}
    session.flush()
    return int(removed or 0), int(scrubbed or 0)


def checkpoint(conn: Connection) -> None:
    """After an erasure commits: copy the write-ahead log into the database and truncate it,
    so no page image of the erased rows stays in the ``-wal`` file. SQLite only."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def purge(db: Database) -> None:
    """After erasures committed, on SQLite: merge the search index (a registry database made
    from a laptop's carries one; FTS5 keeps a deleted row's words in older segments until
    a merge), then :func:`checkpoint`."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.begin() as conn:
        optimize_index(conn)
    with db.engine.connect() as conn:
        checkpoint(conn)


def checkpoint_after(db: Database, results: Iterable[Any]) -> None:
    """:func:`purge` when a committed push (or bundle) erased someone."""
    if any(getattr(r, "message", None) == ERASED_NOW for r in results):
        purge(db)


def erase_contacts(
    db: Database, contact_ids: list[uuid.UUID], actor: str, *, reason: str = "request"
) -> list[ErasureOutcome]:
    """Erase contacts as an office tool (a manager at the registry), in one transaction."""
    with db.write_session() as session:
        seqr = Sequencer(session)
        out = [erase_contact(session, seqr, cid, actor, reason=reason) for cid in contact_ids]
        seqr.flush()
        session.commit()
    purge(db)
    return out


# --- retention ----------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(day.day, last))


def retention_months(session: Session) -> int:
    meta = session.get(AppMeta, RETENTION_KEY)
    value = meta.value if meta is not None else None
    return (
        value
        if isinstance(value, int) and 0 < value <= MAX_RETENTION_MONTHS
        else (DEFAULT_RETENTION_MONTHS)
    )


def check_months(months: int) -> int:
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise ValidationError(
            "months", code="retention.range", params={"max": MAX_RETENTION_MONTHS, "value": months}
        )
    return months


def set_retention_months(db: Database, months: int, actor: str) -> None:
    check_months(months)
    with db.write_session() as session:
        meta = session.get(AppMeta, RETENTION_KEY)
        if meta is None:
            session.add(AppMeta(key=RETENTION_KEY, value=months))
        else:
            meta.value = months
        session.add(AuditEntry(actor=actor, action="retention.set", detail={"months": months}))
        session.commit()


@dataclass(frozen=True)
class Inactive:
    """A contact with no activity since ``last_activity`` (shown to the manager for review)."""

    id: uuid.UUID
    name: str
    organisation: str
    last_activity: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "organisation": self.organisation,
            "last_activity": self.last_activity.isoformat(),
        }


def _latest(into: dict[uuid.UUID, datetime], key: uuid.UUID | None, *values: Any) -> None:
    if key is None:
        return
    for v in values:
        if isinstance(v, datetime):
            v = v if v.tzinfo is not None else v.replace(tzinfo=UTC)
            if key not in into or v > into[key]:
                into[key] = v


def inactive_contacts(session: Session, months: int, today: date | None = None) -> list[Inactive]:
    """Contacts whose last activity — their record created or edited, a visit naming them
    (planned, made or edited), a follow-up of such a visit — is before the same day
    ``months`` months ago. (Referrals to clusters will count once they are recorded.)"""
    check_months(months)
    cutoff = datetime.combine(months_before(today or date.today(), months), time(), UTC)
    last: dict[uuid.UUID, datetime] = {}
    people = session.execute(
        select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.created_at,
            Contact.updated_at,
            Organisation.name,
        ).join(Organisation, Organisation.id == Contact.organisation_id)
    ).all()
    for p in people:
        _latest(last, p.id, p.created_at, p.updated_at)
    for cid, *values in session.execute(
        select(
            Visit.contact_id,
            func.max(Visit.updated_at),
            func.max(Visit.planned_start),
            func.max(Visit.actual_start),
        )
        .where(Visit.contact_id.is_not(None))
        .group_by(Visit.contact_id)
    ):
        _latest(last, cid, *values)
    for cid, *values in session.execute(
        select(Visit.contact_id, func.max(FollowUp.updated_at), func.max(FollowUp.done_at))
        .join(Visit, Visit.id == FollowUp.visit_id)
        .where(Visit.contact_id.is_not(None))
        .group_by(Visit.contact_id)
    ):
        _latest(last, cid, *values)
    out = [
        Inactive(
            p.id,
            " ".join(x for x in (p.first_name, p.last_name) if x),
            p.name,
            last[p.id],
        )
        for p in people
        if last[p.id] < cutoff
    ]
    return sorted(out, key=lambda i: (i.last_activity, str(i.id)))


def apply_retention(
    db: Database, months: int, actor: str, today: date | None = None
) -> list[Inactive]:
    """Erase every contact :func:`inactive_contacts` lists, in one transaction, audited."""
    with db.write_session() as session:
        seqr = Sequencer(session)  # first: takes the write lock, so the list cannot go stale
        found = inactive_contacts(session, months, today)
        for item in found:
            erase_contact(session, seqr, item.id, actor, reason=f"retention {months} months")
        seqr.flush()
        session.add(
            AuditEntry(
                actor=actor,
                action="retention.apply",
                detail={"months": months, "erased": len(found)},
            )
        )
        session.commit()
    purge(db)
    return found


# --- right of access at the registry ----------------------------------------------------


def _jsonable(value: Any) -> Any:
    from hdf_field.sync.records import to_wire

    return to_wire(value)


def _record(obj: Any) -> dict[str, Any]:
    """Every column, JSON-ready, the id first (as a laptop's export shows it)."""
    cols = sorted(obj.__table__.columns, key=lambda c: not c.primary_key)
    return {c.key: _jsonable(getattr(obj, c.key)) for c in cols}


def export_contact(session: Session, contact_id: uuid.UUID) -> dict[str, Any]:
    """Everything the registry holds on one person: the record, the visits naming them and
    their follow-ups, the referrals that shared them with a cluster (a third party),
    conflicts, and the audit of every change made to the record."""
    contact = session.get(Contact, contact_id)
    erasure = session.get(Erasure, contact_id)
    if contact is None and erasure is None:
        raise NotFoundError(code="registry.no_contact", params={"id": str(contact_id)})
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.record_id == contact_id).order_by(AuditEntry.id)
    ).all()
    out: dict[str, Any] = {
        "held_by": "registry",
        "contact": _record(contact) if contact is not None else {"id": str(contact_id)},
        "erased": _record(erasure) if erasure is not None else None,
        "audit": [
            {
                "at": _jsonable(a.at),
                "actor": a.actor,
                "action": a.action,
                "mutation_id": _jsonable(a.mutation_id),
                "detail": a.detail,
            }
            for a in audit
        ],
    }
    if contact is None:
        return {
            **out,
            "organisation": None,
            "visits": [],
            "follow_ups": [],
            "referrals": [],
            "conflicts": [],
        }
    org = session.get(Organisation, contact.organisation_id)
    visits = session.scalars(
        select(Visit).where(Visit.contact_id == contact_id).order_by(Visit.planned_start, Visit.id)
    ).all()
    visit_ids = [v.id for v in visits]
    follow_ups = (
        session.scalars(
            select(FollowUp).where(FollowUp.visit_id.in_(visit_ids)).order_by(FollowUp.due_date)
        ).all()
        if visit_ids
        else []
    )
    conflicts = session.scalars(
        select(Conflict).where(Conflict.record_id == contact_id).order_by(Conflict.created_at)
    ).all()
    referrals = session.execute(
        select(Referral, Cluster.name)
        .join(Cluster, Cluster.id == Referral.cluster_id)
        .where(Referral.contact_id == contact_id)
        .order_by(Referral.sent_at, Referral.id)
    ).all()
    return {
        **out,
        "organisation": {"id": str(org.id), "name": org.name, "siret": org.siret}
        if org is not None
        else None,
        "visits": [_record(v) for v in visits],
        "follow_ups": [_record(f) for f in follow_ups],
        "referrals": [
            {
                "id": str(r.id),
                "cluster": name,
                "sent_at": _jsonable(r.sent_at),
                "status": _jsonable(r.status),
                "message": r.message,
                "consent_given_by": r.consent_given_by,
                "consent_given_at": _jsonable(r.consent_given_at),
                "consent_recorded_by": r.consent_recorded_by,
            }
            for r, name in referrals
        ],
        "conflicts": [
            {
                "field": c.field,
                "mine": c.mine,
                "theirs": c.theirs,
                "base": c.base,
                "author": c.author,
                "status": c.status,
                "created_at": _jsonable(c.created_at),
            }
            for c in conflicts
        ],
    }


def erased_since(session: Session, cursor: int, page_end: int) -> list[dict[str, Any]]:
    """Tombstones a pull page carries (everyone's: they hold no personal data)."""
    return [
        {
            "entity": e.entity,
            "id": str(e.record_id),
            "erased_at": e.erased_at.isoformat(),
            "erased_by": e.erased_by,
        }
        for e in session.scalars(
            select(Erasure)
            .where(Erasure.seq > cursor, Erasure.seq <= page_end)
            .order_by(Erasure.seq)
        )
    ]


__all__ = [
    "DEFAULT_RETENTION_MONTHS",
    "ErasureOutcome",
    "Inactive",
    "apply_retention",
    "checkpoint",
    "erase_contact",
    "erase_contacts",
    "erased_ids",
    "erased_since",
    "export_contact",
    "inactive_contacts",
    "months_before",
]
