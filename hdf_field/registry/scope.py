"""Who may see and change what.

Managers and admins see and write everything. An officer's reach is set by a manager only:

* **Read.** Organisations assigned to them or in their territory (département codes, or
  ``BE`` for Belgian organisations without one), plus the organisations of the visits a
  manager planned for them; the contacts, visits and follow-ups of those organisations;
  every officer and cluster (needed to plan). Nothing an officer pushes can widen this:
  their own visits on an organisation no longer make it visible (they did, and an officer
  could read any organisation's contacts by pushing a visit on it).
* **Write.** Organisations assigned to them or in their territory, before and after the
  change; creating an organisation, or changing its département, country or assignment,
  needs the result inside their territory (assignment is a manager's decision). Any record
  pointing at an organisation (contact, visit, follow-up) only on those same organisations,
  before and after — re-pointing a child across the border is refused both ways, and a
  child's own references (a visit's contact, a follow-up's visit) stay on its organisation. Visits
  only their own; on an organisation visible through a manager's plan, only the visits of
  that plan, without moving them to another organisation.
* **Referrals.** An officer creates one on an organisation they may write on, as themselves
  and in status ``sent``; the cluster's fields (status, comments, history...) are the cluster's.
* **Cluster accounts** read nothing through the sync protocol (the routes refuse them first;
  :mod:`hdf_field.registry.referrals` serves them their referrals). They write only through
  that module: a referral to their own cluster, its cluster fields only, and an organisation's
  status to ``member`` when one of their referrals on it is ``member``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import FunnelStatus, ReferralStatus, Role
from hdf_field.domain.referrals import CLUSTER_FIELDS
from hdf_field.registry.auth import Principal
from hdf_field.registry.sequence import id_chunks, id_in
from hdf_field.registry.tables import Account, AppliedMutation
from hdf_field.storage.orm import Organisation, Referral, Visit
from hdf_field.sync.records import ENTITIES

READ_ALL = frozenset({"officer", "cluster", "cluster_site"})
# Every entity that hangs on an organisation: its scope is its organisation's.
ORG_CHILDREN = frozenset(
    name
    for name, espec in ENTITIES.items()
    if espec.parents.get("organisation_id") == "organisation"
)
# Organisation fields that decide who sees it.
ORG_SCOPE_FIELDS = ("departement", "country", "assigned_officer_id")


def territory_key(departement: Any, country: Any) -> str | None:
    """What an officer's territory lists for an organisation (as the campaign planner reads
    it): its département, or ``BE`` for a Belgian one."""
    if departement is not None:
        return str(departement)
    return "BE" if country == "BE" else None


class Scope:
    """The rules for one principal, with the few ids they need loaded once per request."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.principal = principal
        self._session = session
        self._granted: set[uuid.UUID] | None = None
        self._orgs: dict[uuid.UUID, tuple[Any, Any, Any]] = {}
        self._everything = principal.is_manager  # asked once per record of a page

    @property
    def everything(self) -> bool:
        return self._everything

    def granted_orgs(self) -> set[uuid.UUID]:
        """Organisations of the officer's visits that a manager created or changed: a
        manager planning a visit outside the officer's territory lets them see where to go.
        The officer's own visits grant nothing."""
        if self._granted is None:
            me = self.principal.officer_id
            if me is None:
                self._granted = set()
            else:
                by_manager = (
                    select(AppliedMutation.mutation_id)
                    .join(Account, Account.id == AppliedMutation.account_id)
                    .where(
                        AppliedMutation.entity == "visit",
                        AppliedMutation.record_id == Visit.id,
                        Account.role.in_([Role.MANAGER, Role.ADMIN]),
                    )
                )
                self._granted = set(
                    self._session.scalars(
                        select(Visit.organisation_id)
                        .where(
                            Visit.officer_id == me, Visit.deleted_at.is_(None), exists(by_manager)
                        )
                        .distinct()
                    )
                )
        return self._granted

    def load_orgs(self, ids: Iterable[uuid.UUID]) -> None:
        wanted = [i for i in set(ids) if i is not None and i not in self._orgs]
        for chunk in id_chunks(self._session, wanted):
            for oid, officer, dept, country in self._session.execute(
                select(
                    Organisation.id,
                    Organisation.assigned_officer_id,
                    Organisation.departement,
                    Organisation.country,
                ).where(id_in(self._session, Organisation.id, chunk))
            ):
                self._orgs[oid] = (officer, dept, country)

    def forget_org(self, org_id: uuid.UUID) -> None:
        self._orgs.pop(org_id, None)
        self._granted = None

    def forget_grants(self) -> None:
        self._granted = None

    # -- organisations -------------------------------------------------------------------
    def in_territory(self, row: Mapping[str, Any]) -> bool:
        key = territory_key(row.get("departement"), row.get("country"))
        return key is not None and key in self.principal.territory

    def org_assigned_or_territory(self, row: Mapping[str, Any]) -> bool:
        me = self.principal.officer_id
        if me is not None and row.get("assigned_officer_id") == me:
            return True
        return self.in_territory(row)

    def org_base_visible(self, org_id: uuid.UUID | None) -> bool:
        """Visible by assignment or territory: what the officer may write on."""
        if self.everything:
            return True
        if org_id is None:
            return False
        self.load_orgs([org_id])
        info = self._orgs.get(org_id)
        if info is None:
            return False
        officer, dept, country = info
        return self.org_assigned_or_territory(
            {"assigned_officer_id": officer, "departement": dept, "country": country}
        )

    def org_visible(self, org_id: uuid.UUID | None) -> bool:
        if org_id is None:
            return False
        return self.org_base_visible(org_id) or org_id in self.granted_orgs()

    # -- records -------------------------------------------------------------------------
    def can_read(self, entity: str, row: Mapping[str, Any]) -> bool:
        if self.principal.is_cluster:
            return False
        if self.everything or entity in READ_ALL:
            return True
        if entity == "organisation":
            return self.org_assigned_or_territory(row) or row["id"] in self.granted_orgs()
        if entity in ORG_CHILDREN:
            return self.org_visible(row["organisation_id"])
        return False

    def can_write(
        self, entity: str, before: Mapping[str, Any] | None, after: Mapping[str, Any]
    ) -> bool:
        """May the principal turn ``before`` (None: a creation) into ``after``?"""
        if self.everything:
            return True
        if self.principal.is_cluster:
            return self._cluster_write(entity, before, after)
        if entity == "referral" and not _officer_referral_ok(self.principal, before, after):
            return False
        if entity == "organisation":
            if before is not None and not self.org_assigned_or_territory(before):
                return False
            moved = before is None or any(before.get(k) != after.get(k) for k in ORG_SCOPE_FIELDS)
            if moved:
                return self.in_territory(after)
            return self.org_assigned_or_territory(after)
        if entity in ORG_CHILDREN:
            return all(
                self._child_ok(entity, row, before)
                for row in ((before, after) if before is not None else (after,))
            )
        return False

    def _child_ok(
        self, entity: str, row: Mapping[str, Any], before: Mapping[str, Any] | None
    ) -> bool:
        me = self.principal.officer_id
        org_id = row.get("organisation_id")
        if entity == "visit" and (me is None or row.get("officer_id") != me):
            return False
        if not self._same_organisation_parents(entity, row):
            return False
        if self.org_base_visible(org_id):
            return True
        # A visit a manager planned outside the territory: its officer reports on it, on
        # the same organisation.
        return (
            entity == "visit"
            and before is not None
            and before.get("organisation_id") == org_id
            and org_id in self.granted_orgs()
        )

    def _cluster_write(
        self, entity: str, before: Mapping[str, Any] | None, after: Mapping[str, Any]
    ) -> bool:
        mine = self.principal.cluster_id
        if before is None or mine is None:
            return False
        changed = {k for k in after if k in before and before[k] != after[k]}
        if entity == "referral":
            return (
                before.get("cluster_id") == mine
                and after.get("cluster_id") == mine
                and changed <= CLUSTER_FIELDS
            )
        if entity == "organisation":
            if changed != {"status"} and changed:
                return False
            if after.get("status") != FunnelStatus.MEMBER and changed:
                return False
            return (
                self._session.scalar(
                    select(Referral.id).where(
                        Referral.organisation_id == before["id"],
                        Referral.cluster_id == mine,
                        Referral.status == ReferralStatus.MEMBER,
                        Referral.deleted_at.is_(None),
                    )
                )
                is not None
            )
        return False

    def _same_organisation_parents(self, entity: str, row: Mapping[str, Any]) -> bool:
        """A visit's contact, a follow-up's visit: on the record's own organisation. Else an
        officer could hang, on a record every laptop of the territory pulls, a reference to
        a contact those laptops may not read (and whose absence breaks their pull)."""
        for fk, parent in ENTITIES[entity].parents.items():
            if parent not in ORG_CHILDREN or row.get(fk) is None:
                continue
            table = ENTITIES[parent].table
            owner = self._session.scalar(
                select(table.c.organisation_id).where(table.c.id == row[fk])
            )
            if owner != row.get("organisation_id"):
                return False
        return True

    def conflict_visible(self, entity: str, record_id: uuid.UUID) -> bool:
        """An officer's own conflict shows while its record is in their reach (or was never
        created: a refused creation is theirs alone); a conflict keeps the registry's value of
        the field, which must not outlive the officer's right to read it."""
        if self.everything:
            return True
        espec = ENTITIES.get(entity)
        if espec is None:
            return False
        row = (
            self._session.execute(select(espec.table).where(espec.table.c.id == record_id))
            .mappings()
            .one_or_none()
        )
        return row is None or self.can_read(entity, dict(row))


def _officer_referral_ok(
    principal: Principal, before: Mapping[str, Any] | None, after: Mapping[str, Any]
) -> bool:
    """An officer sends referrals as themselves, in status ``sent`` with no answers yet; what
    the cluster answers is not theirs to write (nor to fake a "member")."""
    if before is None:
        return (
            principal.officer_id is not None
            and after.get("officer_id") == principal.officer_id
            and after.get("status") in (None, ReferralStatus.SENT)
            and not after.get("comments")
            and not after.get("history")
            and all(
                after.get(k) is None for k in ("status_reason", "meeting_on", "status_changed_at")
            )
        )
    return all(before.get(k) == after.get(k) for k in CLUSTER_FIELDS | {"officer_id"})
