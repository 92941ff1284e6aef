"""The federation part of the managers' dashboard: how the clusters answer the referrals the
officers send them, and where the members they took in come from.

Definitions, the same on screen, in the PDF and in the tests:

- **Conversion** is ``member ÷ (member + declined)``: the share of the referrals a cluster has
  *decided* that it turned into a membership. Referrals still in progress stay out of it, or a
  cluster that received many last week would look as if it converted none; the number still in
  progress is shown next to it. No decided referral yet: no rate (shown as "–").
- **First answer** is the cluster's first move on a referral: the earliest of its first status
  change (the first entry of the referral's history, which the registry appends at every move
  away from ``sent``) and its first comment (a record moved without its history, such as an
  old import, is dated by its ``status_changed_at``). Days to the first answer are counted from
  ``sent_at``, in days with their fraction; the **median** is over the answered referrals only.
- **To chase**: a referral without any answer (still ``sent``, no comment) sent more than
  :data:`CHASE_AFTER_DAYS` whole days before today (14 days exactly is not yet late).
- **Members by area**: the organisations a cluster took in (a referral to it in ``member``),
  split by historical area (:class:`Area`: ex-Nord-Pas-de-Calais, ex-Picardie, Belgium, and
  "unknown" for an organisation without one). The federation row counts each organisation
  once, even if two clusters took it in.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from hdf_field.domain.enums import Area, ReferralStatus

CHASE_AFTER_DAYS = 14
# The columns of the members-by-area split: the historical areas, then "no area known".
AREA_COLUMNS: tuple[Area | None, ...] = (Area.NPDC, Area.PICARDIE, Area.BELGIUM, None)


@dataclass(frozen=True)
class ReferralFact:
    """What the figures need from one referral, read by the storage query."""

    id: str
    cluster_id: str
    organisation_id: str
    organisation: str
    area: Area | None
    officer: str
    status: ReferralStatus
    sent_at: datetime
    first_answer_at: datetime | None

    @property
    def days_to_answer(self) -> float | None:
        if self.first_answer_at is None:
            return None
        return max(0.0, (self.first_answer_at - self.sent_at).total_seconds() / 86400)


@dataclass(frozen=True)
class ClusterFederation:
    cluster: str
    # One count per ReferralStatus, in the enum's order (sent, acknowledged, meeting, member,
    # declined).
    by_status: tuple[int, ...]
    median_days_to_answer: float | None
    answered: int
    to_chase: int
    # Organisations taken in, one count per AREA_COLUMNS entry.
    members_by_area: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.by_status)

    def count(self, status: ReferralStatus) -> int:
        return self.by_status[list(ReferralStatus).index(status)]

    @property
    def decided(self) -> int:
        return self.count(ReferralStatus.MEMBER) + self.count(ReferralStatus.DECLINED)

    @property
    def in_progress(self) -> int:
        return self.total - self.decided

    @property
    def conversion(self) -> float | None:
        """Members over decided referrals (see the module's docstring)."""
        return self.count(ReferralStatus.MEMBER) / self.decided if self.decided else None

    @property
    def members(self) -> int:
        return sum(self.members_by_area)


@dataclass(frozen=True)
class ChaseRow:
    """A referral the cluster has not answered for too long: who to call about what."""

    referral_id: str
    organisation: str
    cluster: str
    officer: str
    sent_on: date
    days_waiting: int


@dataclass(frozen=True)
class FederationData:
    today: date
    clusters: tuple[ClusterFederation, ...]  # every cluster of the reference data, by name
    chase: tuple[ChaseRow, ...]  # longest wait first
    # The federation as a whole: distinct member organisations per AREA_COLUMNS entry.
    members_by_area: tuple[int, ...]
    median_days_to_answer: float | None
    chase_after_days: int = CHASE_AFTER_DAYS

    @property
    def by_status(self) -> tuple[int, ...]:
        statuses = list(ReferralStatus)
        return tuple(sum(c.count(s) for c in self.clusters) for s in statuses)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.clusters)

    @property
    def conversion(self) -> float | None:
        member = sum(c.count(ReferralStatus.MEMBER) for c in self.clusters)
        decided = sum(c.decided for c in self.clusters)
        return member / decided if decided else None


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def first_answer(
    history: Sequence[dict[str, object]] | None,
    comments: Sequence[dict[str, object]] | None,
    status_changed_at: datetime | None = None,
) -> datetime | None:
    """The earliest ``at`` of the history and the comments; entries the registry checked,
    but an unreadable date is skipped rather than fail the whole dashboard. The referral's
    ``status_changed_at`` counts too: a record moved without its history (an old import)
    still has an answer, dated by its last move."""
    moments: list[datetime] = []
    if status_changed_at is not None:
        moments.append(
            status_changed_at if status_changed_at.tzinfo else status_changed_at.replace(tzinfo=UTC)
        )
    for entry in [*(history or []), *(comments or [])]:
        at = entry.get("at") if isinstance(entry, dict) else None
        if not isinstance(at, str):
            continue
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            continue
        moments.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return min(moments, default=None)


def federation_figures(
    clusters: Sequence[tuple[str, str]],
    referrals: Sequence[ReferralFact],
    *,
    today: date,
    chase_after_days: int = CHASE_AFTER_DAYS,
) -> FederationData:
    """The figures from the clusters ``(id, name)`` (all of them, so that a cluster nobody
    sent anything to still shows its zeros) and the live referrals."""
    statuses = list(ReferralStatus)
    names = dict(clusters)
    per: dict[str, list[ReferralFact]] = {cid: [] for cid, _ in clusters}
    for fact in referrals:
        if fact.cluster_id in per:
            per[fact.cluster_id].append(fact)

    chase: list[ChaseRow] = []
    rows: list[ClusterFederation] = []
    federation_members: dict[str, Area | None] = {}
    for cid, facts in per.items():
        counts = [0] * len(statuses)
        waits: list[float] = []
        late = 0
        members: dict[str, Area | None] = {}
        for f in facts:
            counts[statuses.index(f.status)] += 1
            days = f.days_to_answer
            if days is not None:
                waits.append(days)
            elif f.status is ReferralStatus.SENT:
                waiting = (today - f.sent_at.date()).days
                if waiting > chase_after_days:
                    late += 1
                    chase.append(
                        ChaseRow(
                            f.id, f.organisation, names[cid], f.officer, f.sent_at.date(), waiting
                        )
                    )
            if f.status is ReferralStatus.MEMBER:
                members[f.organisation_id] = f.area
        federation_members.update(members)
        rows.append(
            ClusterFederation(
                cluster=names[cid],
                by_status=tuple(counts),
                median_days_to_answer=_median(waits),
                answered=len(waits),
                to_chase=late,
                members_by_area=_split(members.values()),
            )
        )
    all_waits = [
        days for facts in per.values() for f in facts if (days := f.days_to_answer) is not None
    ]
    chase.sort(key=lambda r: (-r.days_waiting, r.cluster, r.organisation))
    return FederationData(
        today=today,
        clusters=tuple(rows),
        chase=tuple(chase),
        members_by_area=_split(federation_members.values()),
        median_days_to_answer=_median(all_waits),
        chase_after_days=chase_after_days,
    )


def _split(areas: Iterable[Area | None]) -> tuple[int, ...]:
    values = list(areas)
    return tuple(sum(1 for a in values if a == column) for column in AREA_COLUMNS)
