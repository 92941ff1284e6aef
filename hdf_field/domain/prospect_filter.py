"""What an officer asked the prospect list to show, as a plain value.

The service that pages the list and the storage query that turns the filter into SQL both
read it, so it lives below them (storage may not import services).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hdf_field.domain.enums import Area, FunnelStatus, OrgKind


@dataclass(frozen=True, slots=True)
class ProspectFilter:
    """What the officer asked to see; every field narrows the list (empty = no constraint)."""

    text: str = ""
    departements: tuple[str, ...] = ()
    epci_code: str | None = None
    area: Area | None = None
    naf_section: str | None = None  # "C"
    naf_division: str | None = None  # "29"
    cluster_id: str | None = None  # organisations whose NAF code fits the cluster
    statuses: tuple[FunnelStatus, ...] = ()
    kinds: tuple[OrgKind, ...] = ()
    officer_id: str | None = None  # "" = not assigned to anyone
    min_priority: int | None = None
    never_visited: bool = False
    follow_up_due: bool = False
    today: date | None = None  # for "follow-up due"; default: today


SORT_KEYS = ("name", "city", "departement", "naf", "status", "priority", "officer", "kind")


def unknown_sort_key(key: str) -> ValueError:
    return ValueError(f"unknown sort key {key!r}; expected one of {', '.join(SORT_KEYS)}")
