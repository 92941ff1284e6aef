"""Applying pushed mutations: exactly once, field-by-field three-way merge, conflicts kept.

The merge never trusts version numbers alone: for each changed field it compares the value
the laptop saw (``old``) with the registry's current value. Equal → the new value applies;
already equal to the new value → nothing to do; otherwise both sides changed the field and a
conflict keeps both values (the record keeps the registry's value, the conflict the pushed
one). A mutation made on the current version therefore applies as is, and one made on an
older version merges field by field. Client timestamps are never used to order anything.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CheckConstraint, Table, UniqueConstraint, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hdf_field.domain.error_messages import template_text
from hdf_field.domain.errors import HdfFieldError, ValidationError
from hdf_field.registry.auth import AccessDenied, Principal
from hdf_field.registry.erasure import erase_contact, erased_ids
from hdf_field.registry.scope import ORG_SCOPE_FIELDS as SCOPE_FIELDS
from hdf_field.registry.scope import Scope
from hdf_field.registry.sequence import Sequencer, id_chunks, id_in, load_rows
from hdf_field.registry.tables import AppliedMutation, AuditEntry, Conflict, RecordAlias
from hdf_field.storage.database import Database
from hdf_field.storage.types import utcnow
from hdf_field.sync.records import ENTITIES, EntitySpec, spec, to_wire
from hdf_field.sync.schemas import (
    ConflictOut,
    MutationIn,
    MutationResult,
    MutationStatus,
)

log = logging.getLogger("hdf_field.registry")
ORG_SCOPE_FIELDS = frozenset(SCOPE_FIELDS)
CHILDREN_OF_ORG = ("contact", "visit", "follow_up", "referral")
ORG_REFERENCES = frozenset({"organisation_id"})
NATURAL_KEYS = ("siret", "be_establishment_number")  # unique: one organisation each
# What a new record holds where the laptop sent nothing, as Python values (the scope rules
# judge the record as it will be stored: a creation without a country is French).
COLUMN_PYTHON_DEFAULTS: dict[str, dict[str, Any]] = {
    name: {
        c.name: getattr(c.default, "arg", None)
        for c in espec.table.columns
        if c.default is not None and getattr(c.default, "is_scalar", False)
    }
    for name, espec in ENTITIES.items()
}
COLUMN_DEFAULTS: dict[str, dict[str, Any]] = {
    name: {
        c.name: to_wire(getattr(c.default, "arg", None))
        for c in espec.table.columns
        if c.default is not None and getattr(c.default, "is_scalar", False)
    }
    for name, espec in ENTITIES.items()
}


def _plain_columns(table: Table) -> frozenset[str]:
    """Columns no constraint of the database can refuse a value of (given a value where the
    column is required): not unique, not a foreign key; none on a table with a check."""
    if any(isinstance(con, CheckConstraint) for con in table.constraints):
        return frozenset()
    unique = {
        c.name
        for con in table.constraints
        if isinstance(con, UniqueConstraint)
        for c in con.columns
    }
    unique |= {c.name for index in table.indexes if index.unique for c in index.columns}
    return frozenset(
        c.name
        for c in table.columns
        if not (c.primary_key or c.unique or c.foreign_keys or c.name in unique)
    )


PLAIN_COLUMNS: dict[str, frozenset[str]] = {
    name: _plain_columns(espec.table) for name, espec in ENTITIES.items()
}


class Forbidden(AccessDenied):
    """Some mutations touch records outside the caller's scope (HTTP 403)."""

    def __init__(self, mutation_ids: list[uuid.UUID]) -> None:
        # Coded as well, so that the laptop keeps the refused changes with words it can
        # say in its user's language; ``detail`` stays the sentence it always was.
        super().__init__(
            "outside your scope: mutation(s) " + ", ".join(str(m) for m in mutation_ids),
            code="push.out_of_scope",
        )
        self.mutation_ids = mutation_ids


OUT_OF_SCOPE = template_text("push.out_of_scope", {}, "en")


def said(code: str, **params: str) -> dict[str, Any]:
    """A per-mutation answer's words: the English ``message`` every registry sent, and the
    ``code`` and ``params`` a laptop renders in its own language (additive keys)."""
    return {"message": template_text(code, params, "en"), "code": code, "params": params}


class _OutOfScope(Exception):
    """Rolls back one mutation's savepoint when refusals are collected."""


@dataclass
class Decoded:
    mutation: MutationIn
    spec: EntitySpec
    # field → (old wire, new wire, new python)
    fields: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)


def validate(mutations: list[MutationIn]) -> list[Decoded]:
    """Check every value of every mutation before anything is written (422 otherwise)."""
    out = []
    seen: set[uuid.UUID] = set()
    for i, m in enumerate(mutations):
        if m.mutation_id in seen:
            raise ValidationError(f"mutations[{i}].mutation_id", code="batch.twice")
        seen.add(m.mutation_id)
        espec = spec(m.entity)
        if m.erase and (m.entity != "contact" or m.changes):
            raise ValidationError(f"mutations[{i}].erase", code="batch.erase_only")
        dec = Decoded(m, espec)
        for key, (old, new) in m.changes.items():
            if key not in espec.fields:
                raise ValidationError(
                    f"mutations[{i}].changes.{key}",
                    code="record.no_changeable_field",
                    params={"entity": m.entity, "name": key},
                )
            try:
                value = espec.decode(key, new)
                if old is not None:  # the merge base: stored once, perhaps before a rule
                    espec.decode(key, old, checked=False)
            except ValidationError as exc:
                raise ValidationError(
                    f"mutations[{i}].changes.{key}", exc.message, code=exc.code, params=exc.params
                ) from exc
            dec.fields[key] = (to_wire(old), to_wire(value), value)
        out.append(dec)
    return out


def conflict_out(c: Conflict) -> ConflictOut:
    return ConflictOut(
        id=c.id,
        entity=c.entity,
        record_id=c.record_id,
        field=c.field,
        base=c.base,
        mine=c.mine,
        theirs=c.theirs,
        author=c.author,
        status=c.status,
        created_at=c.created_at,
        resolved_value=c.resolved_value,
    )


class Applier:
    """One push batch, in one transaction owned by the caller."""

    def __init__(
        self, session: Session, principal: Principal, *, refuse_each: bool = False
    ) -> None:
        self.session = session
        self.principal = principal
        self.scope = Scope(session, principal)
        self.seq = Sequencer(session)  # first statement: serialises writers
        self.forbidden: list[uuid.UUID] = []
        # A bundle cannot be answered with a 403 and retried: with ``refuse_each`` a
        # mutation outside the scope is undone alone and answered "rejected" (and stored,
        # so a replay answers the same), while the others apply.
        self.refuse_each = refuse_each
        # Rows every mutation leaves (its stored answer, its audit entry), written in one
        # statement each at the end of the batch rather than one round trip per mutation:
        # the batch holds the writers' lock, so every statement saved shortens every
        # other laptop's wait.
        self._applied_rows: list[dict[str, Any]] = []
        self._audit_rows: list[dict[str, Any]] = []

    def push(
        self, mutations: list[MutationIn], decoded: list[Decoded] | None = None
    ) -> list[MutationResult]:
        """``decoded``: the batch already checked by :func:`validate` (before the lock)."""
        if decoded is None:
            decoded = validate(mutations)
        self._stored = self._load_stored(decoded)
        self._aliases = self._load_aliases(decoded)
        self._erased = self._load_erased(decoded)
        self._preload(decoded)
        results = [self._one(d) for d in decoded]
        if self.forbidden and not self.refuse_each:
            raise Forbidden(self.forbidden)
        self._write_rows()
        self.seq.flush()
        return results

    def _load_stored(self, decoded: list[Decoded]) -> dict[uuid.UUID, dict[str, Any]]:
        """Answers already given to these mutations (a replay after a lost answer), at once."""
        ids = [d.mutation.mutation_id for d in decoded]
        stored: dict[uuid.UUID, dict[str, Any]] = {}
        for chunk in id_chunks(self.session, ids):
            stored.update(
                (mid, result)
                for mid, result in self.session.execute(
                    select(AppliedMutation.mutation_id, AppliedMutation.result).where(
                        id_in(self.session, AppliedMutation.mutation_id, chunk)
                    )
                ).all()
            )
        return stored

    def _preload(self, decoded: list[Decoded]) -> None:
        """The current rows of the records the batch changes, one query per entity rather
        than one per mutation. Only for records named once in the batch under their own id
        (no alias), and not in a batch that erases (an erasure changes other records): no
        other mutation of the batch can change them before their turn, except the adoption
        of a creation by its SIRET (:meth:`_adopt` drops the adopted record's row)."""
        self._rows: dict[uuid.UUID, dict[str, Any]] = {}
        self._preloaded: set[uuid.UUID] = set()
        if self.refuse_each or any(d.mutation.erase for d in decoded):
            return
        times = Counter(d.mutation.record_id for d in decoded)
        by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
        for d in decoded:
            rid = d.mutation.record_id
            if times[rid] == 1 and rid not in self._aliases and rid not in self._erased:
                by_entity[d.mutation.entity].append(rid)
        for entity, ids in by_entity.items():
            self._rows.update((row["id"], row) for row in load_rows(self.session, entity, ids))
            self._preloaded.update(ids)

    def _current(self, d: Decoded) -> dict[str, Any] | None:
        """The record's row as it is now in this transaction (None: it does not exist)."""
        m, table = d.mutation, d.spec.table
        if m.record_id in self._preloaded:
            self._preloaded.discard(m.record_id)
            return self._rows.pop(m.record_id, None)
        row = (
            self.session.execute(select(table).where(table.c.id == m.record_id))
            .mappings()
            .one_or_none()
        )
        return dict(row) if row is not None else None

    def _plain_update(self, d: Decoded) -> bool:
        """A change of an existing record that no constraint of the database can refuse
        (no unique or foreign key column, no empty value in a required one): it needs no
        savepoint of its own, two round trips saved while every other laptop waits."""
        m = d.mutation
        if self.refuse_each or m.erase or not d.fields or self._rows.get(m.record_id) is None:
            return False
        plain = PLAIN_COLUMNS[m.entity]
        table = d.spec.table
        return all(
            key in plain and (value is not None or table.c[key].nullable)
            for key, (_old, _wire, value) in d.fields.items()
        )

    def _write_rows(self) -> None:
        """Write the answers and audit entries kept so far (before anything reads them)."""
        if self._applied_rows:
            self.session.execute(insert(cast(Table, AppliedMutation.__table__)), self._applied_rows)
            self._applied_rows = []
        if self._audit_rows:
            self.session.execute(insert(cast(Table, AuditEntry.__table__)), self._audit_rows)
            self._audit_rows = []

    # ------------------------------------------------------------------------------------
    # -- the same organisation under two ids -----------------------------------------------
    def _load_aliases(self, decoded: list[Decoded]) -> dict[uuid.UUID, uuid.UUID]:
        ids: set[uuid.UUID] = set()
        for d in decoded:
            if d.mutation.entity == "organisation":
                ids.add(d.mutation.record_id)
            for key in ORG_REFERENCES & set(d.fields):
                old, _wire, new = d.fields[key]
                ids.update(i for i in (new, uuid.UUID(old) if old else None) if i is not None)
        found: dict[uuid.UUID, uuid.UUID] = {}
        wanted = list(ids)
        for start in range(0, len(wanted), 900):
            for alias, canonical in self.session.execute(
                select(RecordAlias.alias_id, RecordAlias.canonical_id).where(
                    RecordAlias.alias_id.in_(wanted[start : start + 900])
                )
            ):
                found[alias] = canonical
        return found

    # -- erased records ---------------------------------------------------------------------
    def _load_erased(self, decoded: list[Decoded]) -> set[uuid.UUID]:
        ids: set[uuid.UUID] = set()
        for d in decoded:
            ids.add(d.mutation.record_id)
            for key, parent in d.spec.parents.items():
                value = d.fields.get(key, (None, None, None))[2]
                if parent == "contact" and isinstance(value, uuid.UUID):
                    ids.add(value)
        return erased_ids(self.session, ids)

    def _unlink_erased(self, d: Decoded) -> Decoded:
        """A change pointing at an erased contact (a visit typed offline) points nowhere."""
        fields = dict(d.fields)
        for key, parent in d.spec.parents.items():
            if parent == "contact" and key in fields and fields[key][2] in self._erased:
                fields[key] = (fields[key][0], None, None)
        return d if fields == d.fields else Decoded(d.mutation, d.spec, fields)

    def _erase(self, d: Decoded, current: dict[str, Any] | None) -> MutationResult | None:
        """Whoever may change the contact may erase it: a manager anywhere, an officer on
        the organisations they may write on (assigned or in their territory)."""
        m = d.mutation
        if current is not None and not self.scope.can_write(m.entity, current, current):
            self.forbidden.append(m.mutation_id)
            return None
        self._write_rows()  # the erasure scrubs the answers and audit naming the person
        outcome = erase_contact(
            self.session, self.seq, m.record_id, self.principal.email, mutation_id=m.mutation_id
        )
        self._erased.add(m.record_id)
        return MutationResult(
            mutation_id=m.mutation_id,
            status="applied",
            **said("push.already_erased" if outcome.already else "push.erased_now"),
        )

    def _drop_erased(self, d: Decoded) -> MutationResult:
        """A change to an erased record: dropped, not kept as a conflict (what it carries is
        the erased person's data); the audit names the fields, not their values."""
        self._audit("dropped", d, {"reason": "erased", "fields": sorted(d.fields)})
        return MutationResult(
            mutation_id=d.mutation.mutation_id, status="rejected", **said("push.erased")
        )

    def _dealias(self, d: Decoded) -> Decoded:
        """Point a mutation at the registry's ids where the laptop used an alias."""
        m = d.mutation
        record_id = m.record_id
        if m.entity == "organisation":
            record_id = self._aliases.get(record_id, record_id)
        fields = dict(d.fields)
        for key in ORG_REFERENCES & set(fields):
            old, _new_wire, new = fields[key]
            if isinstance(new, uuid.UUID) and new in self._aliases:
                new = self._aliases[new]
            if isinstance(old, str) and uuid.UUID(old) in self._aliases:
                old = str(self._aliases[uuid.UUID(old)])
            fields[key] = (old, to_wire(new), new)
        if record_id == m.record_id and fields == d.fields:
            return d
        return Decoded(m.model_copy(update={"record_id": record_id}), d.spec, fields)

    def _same_organisation(self, d: Decoded) -> dict[str, Any] | None:
        """The registry's organisation with the SIRET (or Belgian establishment number) a
        laptop's new organisation carries, if any."""
        table = d.spec.table
        for key in NATURAL_KEYS:
            value = d.fields.get(key, (None, None, None))[2]
            if value is not None:
                row = (
                    self.session.execute(select(table).where(table.c[key] == value))
                    .mappings()
                    .one_or_none()
                )
                if row is not None:
                    return dict(row)
        return None

    def _adopt(self, d: Decoded, canonical: dict[str, Any]) -> Decoded:
        """Turn a laptop's creation of a known organisation into a change of the registry's
        record: every field is merged with "nothing" as its base, so a field the registry
        lacks takes the laptop's value, the same value is no change, and two different
        values are a conflict keeping both. A value the laptop never chose (the column's
        default, as "identified" for the status) does not contest the registry's."""
        m = d.mutation
        defaults = COLUMN_DEFAULTS[m.entity]
        fields = {
            key: (None, wire, value)
            for key, (_old, wire, value) in d.fields.items()
            if canonical.get(key) is None
            or not (wire in ([], {}, "") or (key in defaults and wire == defaults[key]))
        }
        self.session.add(
            RecordAlias(alias_id=m.record_id, entity=m.entity, canonical_id=canonical["id"])
        )
        self._aliases[m.record_id] = canonical["id"]
        self._preloaded.discard(canonical["id"])  # changed now: a later mutation reads it anew
        self._rows.pop(canonical["id"], None)
        return Decoded(m.model_copy(update={"record_id": canonical["id"]}), d.spec, fields)

    def _one(self, d: Decoded) -> MutationResult:
        m = d.mutation
        result: MutationResult | None
        stored = self._stored.get(m.mutation_id)
        if stored is not None:
            result = MutationResult.model_validate(stored)
            return result.model_copy(update={"duplicate": True})
        d = self._dealias(d)
        kept = len(self._audit_rows)  # what the savepoint undoes, the audit forgets too
        try:
            with nullcontext() if self._plain_update(d) else self.session.begin_nested():
                result = self._apply(d)
                if result is None and self.refuse_each:
                    raise _OutOfScope  # undo what the savepoint holds (an adopted alias)
                if result is not None and d.mutation.record_id != m.record_id:
                    result = result.model_copy(update={"canonical_id": d.mutation.record_id})
        except IntegrityError as exc:
            del self._audit_rows[kept:]
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "integrity error"
            result = self._reject(d, "push.integrity", {"detail": reason})
        except _OutOfScope:
            del self._audit_rows[kept:]
            result = MutationResult(
                mutation_id=m.mutation_id, status="rejected", **said("push.out_of_scope")
            )
        if result is None:  # forbidden: the batch will be refused whole
            return MutationResult(mutation_id=m.mutation_id, status="rejected")
        self._applied_rows.append(
            {
                "mutation_id": m.mutation_id,
                "account_id": self.principal.account_id,
                "entity": m.entity,
                "record_id": m.record_id,
                "status": result.status,
                "result": result.model_dump(mode="json"),
                "received_at": utcnow(),
            }
        )
        return result

    def _audit(self, action: str, d: Decoded, detail: dict[str, Any]) -> None:
        m = d.mutation
        self._audit_rows.append(
            {
                "at": utcnow(),
                "actor": self.principal.email,
                "action": action,
                "entity": m.entity,
                "record_id": m.record_id,
                "mutation_id": m.mutation_id,
                "detail": detail,
            }
        )

    def _reject(self, d: Decoded, code: str, params: dict[str, str]) -> MutationResult:
        """Keep a refused change as a conflict on field "*": nothing is ever dropped. The
        conflict and the audit keep the English sentence, as they always did."""
        m = d.mutation
        words = said(code, **params)
        reason = words["message"]
        c = Conflict(
            entity=m.entity,
            record_id=m.record_id,
            field="*",
            base=None,
            mine={k: v[1] for k, v in d.fields.items()},
            theirs=reason,
            author=self.principal.email,
            author_account_id=self.principal.account_id,
            mutation_id=m.mutation_id,
            status="open",
            seq=self.seq.next(),
        )
        self.session.add(c)
        self.session.flush()
        self._audit("rejected", d, {"reason": reason})
        log.info("mutation rejected", extra={"mutation": str(m.mutation_id), "reason": reason})
        return MutationResult(
            mutation_id=m.mutation_id,
            status="rejected",
            conflicts=[conflict_out(c)],
            **words,
        )

    def _apply(self, d: Decoded) -> MutationResult | None:
        m, espec = d.mutation, d.spec
        table = espec.table
        if m.record_id in self._erased and not m.erase:
            return self._drop_erased(d)
        d = self._unlink_erased(d)
        current = self._current(d)
        if m.erase:
            return self._erase(d, current)
        now = utcnow()
        if not d.fields:  # a pure resolution (the laptop kept the registry's value)
            if current is not None and not self.scope.can_read(m.entity, current):
                self.forbidden.append(m.mutation_id)
                return None
            record = dict(current) if current is not None else {}
            self._resolve(d, espec.encode_row(current) if current is not None else {}, record)
            self._audit("resolve", d, {"resolves": [str(r) for r in m.resolves]})
            return MutationResult(
                mutation_id=m.mutation_id,
                status="applied",
                version=current["version"] if current is not None else None,
            )
        if current is None and m.entity == "organisation":
            canonical = self._same_organisation(d)
            if canonical is not None:
                d = self._adopt(d, canonical)
                m, current = d.mutation, canonical
        if current is None:
            missing = sorted(espec.required - set(d.fields))
            if missing:
                return self._reject(
                    d,
                    "push.incomplete",
                    {"entity": m.entity, "id": str(m.record_id), "missing": ", ".join(missing)},
                )
            values = {k: v[2] for k, v in d.fields.items()}
            created = {**COLUMN_PYTHON_DEFAULTS[m.entity], **values, "id": m.record_id}
            if not self.scope.can_write(m.entity, None, created):
                self.forbidden.append(m.mutation_id)
                return None
            self.session.execute(
                insert(table).values(
                    id=m.record_id,
                    created_at=now,
                    updated_at=now,
                    updated_by=self.principal.email,
                    version=1,
                    **values,
                )
            )
            self.seq.record(m.entity, m.record_id, 1)
            self._resolve(d, {k: v[1] for k, v in d.fields.items()}, values)
            self._audit("create", d, {"fields": sorted(values)})
            return MutationResult(mutation_id=m.mutation_id, status="applied", version=1)

        current_wire = espec.encode_row(current)
        # Every field the laptop names must be writable as it would end, conflicting or
        # not: a refused field is refused before any conflict keeps its value.
        wanted = {**current, **{k: v[2] for k, v in d.fields.items()}}
        if not (
            self.scope.can_write(m.entity, current, current)
            and self.scope.can_write(m.entity, current, wanted)
        ):
            self.forbidden.append(m.mutation_id)
            return None
        to_set: dict[str, Any] = {}
        conflicts: list[Conflict] = []
        for key, (old, new_wire, new_value) in d.fields.items():
            cur = current_wire[key]
            if cur == new_wire:
                continue
            if cur == old:
                to_set[key] = new_value
                continue
            conflicts.append(
                Conflict(
                    entity=m.entity,
                    record_id=m.record_id,
                    field=key,
                    base=old,
                    mine=new_wire,
                    theirs=cur,
                    author=self.principal.email,
                    author_account_id=self.principal.account_id,
                    mutation_id=m.mutation_id,
                    status="open",
                    seq=0,
                )
            )
        after = {**current, **to_set}
        if to_set and not self.scope.can_write(m.entity, current, after):
            self.forbidden.append(m.mutation_id)
            return None
        version = current["version"]
        if to_set:
            version += 1
            self.session.execute(
                update(table)
                .where(table.c.id == m.record_id)
                .values(
                    updated_at=now,
                    updated_by=self.principal.email,
                    version=version,
                    **to_set,
                )
            )
            self.seq.record(m.entity, m.record_id, version)
            if m.entity == "organisation" and ORG_SCOPE_FIELDS & set(to_set):
                self._bump_children(m.record_id)
                self.scope.forget_org(m.record_id)
            if m.entity == "visit":
                self.scope.forget_grants()
        for c in conflicts:
            c.seq = self.seq.next()
            self.session.add(c)
        self.session.flush()
        after_wire = {**current_wire, **{k: d.fields[k][1] for k in to_set}}
        self._resolve(d, after_wire, after)
        status: MutationStatus
        if conflicts:
            status = "conflict"
        elif m.base_version == current["version"]:
            status = "applied"
        else:
            status = "merged"
        self._audit(
            status if to_set or conflicts else "no-op",
            d,
            {
                "fields": sorted(to_set),
                "conflicts": [c.field for c in conflicts],
                "base_version": m.base_version,
                "version": version,
            },
        )
        return MutationResult(
            mutation_id=m.mutation_id,
            status=status,
            version=version,
            conflicts=[conflict_out(c) for c in conflicts],
        )

    def _bump_children(self, org_id: uuid.UUID) -> None:
        """Records whose visibility follows their organisation's must reach officers who now
        see it: move them to the head of the feed too."""
        for name in CHILDREN_OF_ORG:
            table = spec(name).table
            for rid, version in self.session.execute(
                select(table.c.id, table.c.version).where(table.c.organisation_id == org_id)
            ):
                self.seq.record(name, rid, version)

    def _resolve(self, d: Decoded, record_wire: dict[str, Any], record: dict[str, Any]) -> None:
        for cid in d.mutation.resolves:
            c = self.session.get(Conflict, cid)
            if c is None or c.record_id != d.mutation.record_id or c.status != "open":
                continue
            if not (
                self.principal.is_manager
                or c.author_account_id == self.principal.account_id
                or self.scope.can_write(c.entity, record, record)
            ):
                continue
            c.status = "resolved"
            c.resolved_value = record_wire.get(c.field) if c.field != "*" else None
            c.resolved_by = self.principal.email
            c.resolved_at = utcnow()
            c.seq = self.seq.next()
        self.session.flush()


def push(
    session: Session, principal: Principal, mutations: list[MutationIn]
) -> list[MutationResult]:
    """Apply a batch; the caller commits (or rolls back on any exception). The values are
    checked before the writers' lock is taken (pure computation: other batches need not
    wait for it)."""
    decoded = validate(mutations)
    return Applier(session, principal).push(mutations, decoded)


def audit_refusal(
    db: Database,
    principal: Principal,
    action: str,
    mutations: list[MutationIn],
    exc: HdfFieldError,
    **extra: Any,
) -> None:
    """Keep a refused request in the audit log. Its own transaction, after the request's
    was rolled back: the refusal must be on record although nothing it carried is. For a
    403 the refused mutations are the ones named; for a 422 the whole batch was refused."""
    if isinstance(exc, Forbidden):
        refused = [str(m) for m in exc.mutation_ids]
        status = 403
    else:
        refused = [str(m.mutation_id) for m in mutations]
        status = 403 if isinstance(exc, AccessDenied) else 422
    detail: dict[str, Any] = {
        "status": status,
        "reason": str(exc)[:1000],
        "mutation_ids": refused,
        **extra,
    }
    if isinstance(exc, ValidationError):
        detail["field"] = exc.field[:200]
    first = next((m for m in mutations if str(m.mutation_id) in set(refused[:1])), None)
    with db.session_factory() as session:
        session.execute(
            insert(cast(Table, AuditEntry.__table__)).values(
                at=utcnow(),
                actor=principal.email,
                action=action,
                entity=first.entity if first is not None else None,
                record_id=first.record_id if first is not None else None,
                mutation_id=first.mutation_id if first is not None else None,
                detail=detail,
            )
        )
        session.commit()
