"""The one place where imports write organisations (batched upserts): what is written and when.

The statements themselves (SQLAlchemy Core) are in :mod:`hdf_field.storage.import_writer`.
Imports handle hundreds of thousands of rows, so they bypass the ORM: the ``before_flush``
listener that stamps bookkeeping does not run for Core statements, hence this module sets
``id`` (a time-ordered UUID, see ``storage/ids.py``), ``created_at``/``updated_at`` (UTC),
``updated_by`` and ``version`` itself.
Every write of an import goes through :class:`OrganisationWriter`, which also records each
created or changed organisation in the sync outbox, in the same transaction (on a laptop; a
registry's own database keeps no outbox): what an officer imports reaches the registry.

Design choices:
- an upsert only touches the *register fields* it is given; campaign fields (status,
  priority, assigned officer, tags, notes, contacts, kind) are set when a row is created and
  never overwritten by a re-import;
- an existing row is only rewritten (``version`` + 1, ``updated_at``) when one of its register
  fields really differs, so re-importing the same monthly file does not push every row to
  the registry again; coordinates an officer placed by hand (``geo_precision = manual``)
  are kept;
- the caller owns the transactions: an import's connection commits in time slices
  (``imports.common.Slices``), and the writer asks for a commit only *between* two batches,
  so a batch's rows, their outbox entries and their search-index rows always commit
  together, and the write lock is released regularly for the officer's own edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hdf_field.domain.enums import FunnelStatus, GeoPrecision
from hdf_field.storage.bulk import BulkStatement
from hdf_field.storage.ids import uuid7
from hdf_field.storage.import_writer import (
    COORDINATES,
    ORG,
    SCALAR_DEFAULTS,
    Connection,
    close_organisations,
    current_values,
    is_sqlite,
    organisation_upsert,
    register_states,
    rewrite_organisation,
    select_existing,
    stored_values,
    to_db_values,
)
from hdf_field.storage.types import utcnow
from hdf_field.sync.outbox import (
    RecordChange,
    keeps_outbox,
    max_rowid,
    record_creations,
    record_inserted_rows,
    record_mutations,
)

# Set when a row is created, never overwritten by an import.
CAMPAIGN_DEFAULTS: dict[str, Any] = {
    "status": FunnelStatus.IDENTIFIED,
    "priority": 1,
    "assigned_officer_id": None,
    "tags": [],
    "notes": None,
}


@dataclass(slots=True)
class UpsertResult:
    existing: set[str] = field(default_factory=set)  # keys already in the database
    created: set[str] = field(default_factory=set)  # keys of rows inserted
    changed: int = 0  # existing rows whose register fields differed, now rewritten


class OrganisationWriter:
    """Batched writes of one import, on the caller's connection and transaction."""

    def __init__(self, conn: Connection, *, actor: str | None, source: str) -> None:
        self.conn = conn
        self.actor = actor or f"import:{source}"
        self.source = source
        self.now: datetime = utcnow()
        self._statements: dict[tuple[Any, ...], BulkStatement] = {}
        self.bookkeeping: dict[str, Any] = {
            "created_at": self.now,
            "updated_at": self.now,
            "updated_by": self.actor,
            "version": 1,
            "deleted_at": None,
            "source": self.source,
        }
        from hdf_field.imports.common import slices_of

        self.slices = slices_of(conn)
        self.outbox = keeps_outbox(conn)
        # New rows' outbox entries are encoded by SQLite itself (the laptops' database).
        self.outbox_in_sql = self.outbox and is_sqlite(conn)

    def _between_batches(self) -> None:
        """The previous batch is complete: the import's slice may commit here."""
        if self.slices is not None:
            self.slices.checkpoint()

    def _touched(self, column: str, keys: Iterable[Any]) -> None:
        if self.slices is not None:
            self.slices.touched(column, keys)

    def _upsert_statement(
        self,
        key: str,
        columns: tuple[str, ...],
        constants: tuple[str, ...],
        update_fields: tuple[str, ...],
    ) -> BulkStatement:
        cache_key = (key, columns, constants, update_fields)
        bulk = self._statements.get(cache_key)
        if bulk is None:
            bulk = organisation_upsert(
                self.conn,
                key=key,
                columns=columns,
                constants=constants,
                update_fields=update_fields,
            )
            self._statements[cache_key] = bulk
        return bulk

    def existing_keys(self, column: str, keys: Sequence[Any]) -> set[Any]:
        return select_existing(self.conn, ORG.name, column, keys)

    def upsert(
        self, rows: Sequence[dict[str, Any]], *, key: str, update_fields: Iterable[str]
    ) -> UpsertResult:
        """Insert new rows, rewrite existing ones (matched on the unique ``key``) that differ.

        ``rows`` hold register fields (and campaign fields such as ``kind`` for new rows), all
        with the same columns and each key once (PostgreSQL refuses to update one row twice
        in a statement); bookkeeping, ids and campaign defaults are added here.
        """
        result = UpsertResult()
        if not rows:
            return result
        self._between_batches()
        keys = [r[key] for r in rows]
        db_keys = to_db_values(self.conn, key, keys)
        found = self.existing_keys(key, db_keys)
        for k, db_key in zip(keys, db_keys, strict=True):
            (result.existing if db_key in found else result.created).add(str(k))
        columns = tuple(rows[0])
        if "id" not in columns:
            for r in rows:
                r["id"] = uuid7()
            columns = (*columns, "id")
        constants = {
            k: v
            for k, v in {**SCALAR_DEFAULTS, **self.bookkeeping, **CAMPAIGN_DEFAULTS}.items()
            if k not in columns
        }
        fields = tuple(update_fields)
        before = (
            self._current(
                key, [k for k, d in zip(keys, db_keys, strict=True) if d in found], fields
            )
            if self.outbox
            else {}
        )
        stmt = self._upsert_statement(key, columns, tuple(constants), fields)
        mark = max_rowid(self.conn, "organisation") if self.outbox_in_sql else None
        affected = stmt.execute(rows, constants)
        self._touched(key, db_keys)
        result.changed = max(0, affected - len(result.created))
        if self.outbox:
            self._record_upserts(rows, key, constants, before, fields, mark)
        return result

    def _current(self, key: str, keys: Sequence[Any], fields: tuple[str, ...]) -> dict[Any, Any]:
        """The stored values an upsert may overwrite (the base of the outbox mutations)."""
        return current_values(self.conn, key=key, keys=keys, fields=fields)

    def _record_upserts(
        self,
        rows: Sequence[Mapping[str, Any]],
        key: str,
        constants: Mapping[str, Any],
        before: Mapping[Any, Any],
        fields: tuple[str, ...],
        rowid_mark: int | None,
    ) -> None:
        """Mirror of the upsert's rules: a new row travels whole; an existing one only with
        the register fields that differ (coordinates placed by hand stay).

        On SQLite (the laptops) SQLite itself encodes the new rows, those past
        ``rowid_mark``; elsewhere they are encoded here."""
        changes: list[RecordChange] = []
        created: list[Mapping[str, Any]] = []
        for row in rows:
            old = before.get(row[key])
            if old is None:
                if rowid_mark is None:
                    created.append(row)
                continue
            manual = old["geo_precision"] == GeoPrecision.MANUAL
            diff = {
                f: (old[f], row[f])
                for f in fields
                if f in row and old[f] != row[f] and not (manual and f in COORDINATES)
            }
            if diff:
                changes.append(RecordChange(old["id"], diff, base_version=old["version"]))
        if rowid_mark is None:
            record_creations(self.conn, "organisation", created, constants)
        else:
            record_inserted_rows(self.conn, "organisation", rowid_mark)
        record_mutations(self.conn, "organisation", changes)

    def mark_closed(self, column: str, keys: Sequence[str]) -> tuple[set[str], set[str]]:
        """Flag the organisations the register now says are closed.

        Returns the keys found in the database and, among them, those that were still active.
        """
        if not keys:
            return set(), set()
        self._touched(column, keys)
        found = register_states(self.conn, column=column, keys=keys)
        to_close = [k for k, active, _id, _v in found if active]
        if to_close and self.outbox:
            record_mutations(
                self.conn,
                "organisation",
                [
                    RecordChange(oid, {"register_active": (True, False)}, base_version=version)
                    for _k, active, oid, version in found
                    if active
                ],
            )
        if to_close:
            close_organisations(
                self.conn, column=column, keys=to_close, now=self.now, actor=self.actor
            )
        return {k for k, *_ in found}, set(to_close)

    def update_by_id(self, rows: Sequence[dict[str, Any]], fields: Iterable[str]) -> None:
        """Rewrite chosen fields of rows matched beforehand (``id`` in each row), version + 1."""
        names = tuple(fields)
        self._between_batches()
        self._touched("id", to_db_values(self.conn, "id", [r["id"] for r in rows]))
        for row in rows:
            values = {n: row[n] for n in names}
            if self.outbox:
                old = stored_values(self.conn, org_id=row["id"], names=names)
                record_mutations(
                    self.conn,
                    "organisation",
                    [
                        RecordChange(
                            row["id"],
                            {n: (old[i + 1], values[n]) for i, n in enumerate(names)},
                            base_version=old[0],
                        )
                    ],
                )
            rewrite_organisation(
                self.conn, org_id=row["id"], values=values, now=self.now, actor=self.actor
            )
