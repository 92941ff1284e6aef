"""Who may see and change what.

An officer sees the organisations assigned to them, those of their territory (département
codes) and those they visited; their contacts, follow-ups and visits; every officer and
cluster (needed to plan). They write organisations assigned to them or in their territory,
the contacts and follow-ups of organisations they see, and their own visits. Managers and
admins see and write everything.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hdf_field.registry.auth import Principal
from hdf_field.storage.orm import Organisation, Visit

READ_ALL = frozenset({"officer", "cluster", "cluster_site"})
ORG_CHILDREN = ("contact", "follow_up")


class Scope:
    """The rules for one principal, with the few ids they need loaded once per request."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.principal = principal
        self._session = session
        self._visited: set[uuid.UUID] | None = None
        self._orgs: dict[uuid.UUID, tuple[Any, Any]] = {}

    @property
    def everything(self) -> bool:
        return self.principal.is_manager

    def visited_orgs(self) -> set[uuid.UUID]:
        if self._visited is None:
            me = self.principal.officer_id
            self._visited = (
                set(self._session.scalars(
                    select(Visit.organisation_id).where(Visit.officer_id == me).distinct()
                ))
                if me is not None
                else set()
            )
        return self._visited

    def load_orgs(self, ids: Iterable[uuid.UUID]) -> None:
        wanted = [i for i in set(ids) if i is not None and i not in self._orgs]
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            for oid, officer, dept in self._session.execute(
                select(Organisation.id, Organisation.assigned_officer_id, Organisation.departement)
                .where(Organisation.id.in_(chunk))
            ):
                self._orgs[oid] = (officer, dept)

    def forget_org(self, org_id: uuid.UUID) -> None:
        self._orgs.pop(org_id, None)
        self._visited = None

    # -- organisations -------------------------------------------------------------------
    def org_assigned_or_territory(self, officer_id: Any, departement: Any) -> bool:
        p = self.principal
        if p.officer_id is not None and officer_id == p.officer_id:
            return True
        return departement is not None and str(departement) in p.territory

    def org_base_visible(self, org_id: uuid.UUID) -> bool:
        """Visible by assignment or territory (what a pull sends in its own right)."""
        if self.everything:
            return True
        self.load_orgs([org_id])
        info = self._orgs.get(org_id)
        return info is not None and self.org_assigned_or_territory(*info)

    def org_visible(self, org_id: uuid.UUID | None) -> bool:
        if org_id is None:
            return False
        return self.org_base_visible(org_id) or org_id in self.visited_orgs()

    # -- records -------------------------------------------------------------------------
    def can_read(self, entity: str, row: Mapping[str, Any]) -> bool:
        if self.everything or entity in READ_ALL:
            return True
        if entity == "organisation":
            if self.org_assigned_or_territory(row["assigned_officer_id"], row["departement"]):
                return True
            return row["id"] in self.visited_orgs()
        if entity == "visit":
            return row["officer_id"] == self.principal.officer_id or self.org_visible(
                row["organisation_id"]
            )
        if entity in ORG_CHILDREN:
            return self.org_visible(row["organisation_id"])
        return False

    def can_write(self, entity: str, row: Mapping[str, Any]) -> bool:
        """``row`` is the record before or after the change: both must pass."""
        if self.everything:
            return True
        if entity in READ_ALL:
            return False
        if entity == "organisation":
            return self.org_assigned_or_territory(row.get("assigned_officer_id"),
                                                  row.get("departement"))
        if entity == "visit":
            me = self.principal.officer_id
            return me is not None and row.get("officer_id") == me
        if entity in ORG_CHILDREN:
            return self.org_visible(row.get("organisation_id"))
        return False
