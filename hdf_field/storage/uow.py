"""The unit of work owns the transaction: services commit once, everything else rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session

from hdf_field.storage.database import Database
from hdf_field.storage.orm import ACTOR


class UnitOfWork:
    """``with UnitOfWork(db) as uow: ...; uow.commit()``: leaving without commit rolls back."""

    def __init__(self, db: Database, *, actor: str | None = None) -> None:
        self._db = db
        self._actor = actor
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        # BEGIN IMMEDIATE: a unit of work reads then writes, and a read snapshot cannot be
        # upgraded to a write once another program committed (see storage.database).
        self.session = self._db.write_session()
        if self._actor:
            self.session.info[ACTOR] = self._actor
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
