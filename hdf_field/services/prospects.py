"""The prospect list: filtered, sorted, paged queries returning frozen rows.

The GUI table asks for one page at a time (``LIMIT``/``OFFSET`` in the database's own order),
so 100,000 organisations cost no more than 200; text search goes through the FTS5 index of
:mod:`hdf_field.storage.search_index`. The SQL is :mod:`hdf_field.storage.queries.prospects`;
this module turns its records into rows and decides how a page is read. Nothing here knows
about Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hdf_field.domain.enums import FunnelStatus, OrgKind
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.prospect_filter import SORT_KEYS, ProspectFilter, unknown_sort_key
from hdf_field.storage.queries import Session
from hdf_field.storage.queries import prospects as queries
from hdf_field.storage.queries.prospects import ProspectRecord
from hdf_field.storage.search_index import prefix_indexed

# ProspectFilter and SORT_KEYS live in the domain (the storage query reads the filter too);
# the GUI, the CLI and the benchmarks keep importing them from here.
__all__ = [
    "COUNT_CAP",
    "DENSE_HITS",
    "PAGE_SIZE",
    "SCAN_HITS",
    "SORT_KEYS",
    "WALK_BUDGET",
    "WALK_DENSE",
    "Choice",
    "FilterChoices",
    "ProspectFilter",
    "ProspectRow",
    "count_prospects",
    "filter_choices",
    "is_unfiltered",
    "prospect_ids",
    "prospect_rows",
    "search_prospects",
]

PAGE_SIZE = 100
COUNT_CAP = 10_000  # the prospect table's count stops there ("more than 10,000")

# A prefix of a few letters matches a large share of 1,000,000 organisations: collecting
# and sorting every hit costs ~0.5-1 us per hit (400-500 ms for "b"). Walking the sort index
# in order and probing each row against the FTS index finds a page after a few hundred rows,
# but only when the matches are spread along the order ("boula": the Boulangerie rows sit
# together deep in name order). So the walk stops after WALK_BUDGET candidate rows (those
# the sort row's filters let through), or sooner when the density it meets cannot fill the
# page, and the page then comes from the hits as before; it is tried only where a probe is
# an index lookup (every word within the FTS prefix index, 1-6 letters, ~0.03 ms; a longer
# word merges whole doclists per probe). Past WALK_BUDGET probes (~25 ms), a scan of the
# hits against the first rows of the order is cheaper (see SCAN_HITS). Figures:
# docs/scale.md ("Fourth pass").
WALK_DENSE = True
WALK_BUDGET = 800  # candidate rows probed at most before scanning or falling back
DENSE_HITS = 10_000  # fewer hits: collecting them costs < ~10 ms, less than a walk
# Up to this many hits, the page comes from one scan of the hits against the first rows of
# the order (~0.1-0.15 us per hit: "arras", 83,704 hits at 1,000,000, 35 -> 12 ms CPU);
# beyond, the probe walk is cheaper (a page of a 20 % dense prefix is ~500 probes).
SCAN_HITS = 150_000
SCAN_MARGIN = 3  # candidate rows: three times what the density predicts the page needs
SCAN_CANDIDATES = 8_000  # at most: with selective filters, walking them is the cost


@dataclass(frozen=True, slots=True)
class ProspectRow:
    id: str
    rowid: int
    name: str
    trade_name: str | None
    kind: OrgKind
    siret: str | None
    postal_code: str | None
    city: str | None
    departement: str | None
    naf_code: str | None
    naf_label: str | None
    status: FunnelStatus
    priority: int
    officer_name: str | None
    lat: float | None
    lon: float | None
    last_visit: date | None = None
    next_follow_up: date | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """Values the filter panel offers, read once per refresh (small lists)."""

    officers: tuple[Choice, ...] = ()
    epcis: tuple[Choice, ...] = ()
    clusters: tuple[Choice, ...] = ()


def _to_rows(session: Session, records: Sequence[ProspectRecord]) -> list[ProspectRow]:
    """Frozen rows from the records, with each one's last done visit and next open follow-up
    (two grouped queries per page, never one per row)."""
    ids = [r[0] for r in records]
    last_visits = queries.last_done_visits(session, organisation_ids=ids)
    follow_ups = queries.next_open_follow_ups(session, organisation_ids=ids)
    rows = []
    for r in records:
        last = last_visits.get(r[0])
        if isinstance(last, str):  # SQLite returns aggregates of DATETIME columns as text
            last = datetime.fromisoformat(last)
        rows.append(
            ProspectRow(
                id=str(r[0]),
                rowid=int(r[1]),
                name=r[2],
                trade_name=r[3],
                kind=OrgKind(r[4]),
                siret=r[5],
                postal_code=r[6],
                city=r[7],
                departement=r[8],
                naf_code=r[9],
                naf_label=r[10],
                status=FunnelStatus(r[11]),
                priority=int(r[12] or 0),
                officer_name=r[13],
                lat=r[14],
                lon=r[15],
                last_visit=last.date() if isinstance(last, datetime) else last,
                next_follow_up=_as_date(follow_ups.get(r[0])),
            )
        )
    return rows


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def search_prospects(
    session: Session,
    flt: ProspectFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[ProspectRow]:
    """One page of the list, in a stable order (ties broken by rowid)."""
    if sort not in SORT_KEYS:
        raise unknown_sort_key(sort)
    if queries.uses_sort_table(session):
        rowids = _walked(session, flt, sort=sort, descending=descending, offset=offset, limit=limit)
        if rowids is None:
            rowids = queries.sorted_rowids(
                session, flt=flt, sort=sort, descending=descending, offset=offset, limit=limit
            )
        if not rowids:
            return []
        return _to_rows(session, queries.records_in_order(session, rowids=rowids))
    records = queries.ordered_records(
        session, flt=flt, sort=sort, descending=descending, offset=offset, limit=limit
    )
    return _to_rows(session, records)


def _walked(
    session: Session, flt: ProspectFilter, *, sort: str, descending: bool, offset: int, limit: int
) -> list[int] | None:
    """The page from the first rows of the sort index, when the text matches enough rows for
    that to beat collecting and sorting every hit; ``None``: collect them instead.

    Every word within the FTS prefix index: a probe per walked row, at most WALK_BUDGET
    rows; when the density it meets is too low for that, one scan of the hits against the
    first rows of the order (as many as that density predicts the page needs, times 3).
    A longer word (probes would merge whole doclists): the scan alone, for up to SCAN_HITS
    hits. Either gives up when the matches sit deeper in the order than it looked
    (clustered, as "boula" in name order), and the caller collects."""
    need = offset + limit
    if not WALK_DENSE or need > WALK_BUDGET:
        return None
    # with filters the sort row answers, walking thousands of candidates for a scan costs
    # more than collecting the hits ("mec" + dép 59, 62 + two statuses: 155 vs 70 ms)
    keyed = queries.has_keyed_filters(flt)
    if prefix_indexed(flt.text):  # cheap probes: walk; if sparser than it looked, scan
        if not queries.text_is_dense(session, text_query=flt.text, threshold=DENSE_HITS):
            return None
        return queries.walked_rowids(
            session,
            flt=flt,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
            budget=WALK_BUDGET,
            scan_candidates=0 if keyed or not SCAN_HITS else SCAN_CANDIDATES,
        )
    if keyed:
        return None
    hits = queries.text_hits(session, text_query=flt.text, cap=SCAN_HITS)
    if not DENSE_HITS <= hits < SCAN_HITS:
        return None
    rows = queries.sort_rows_estimate(session)
    return queries.intersected_rowids(
        session,
        flt=flt,
        sort=sort,
        descending=descending,
        offset=offset,
        limit=limit,
        candidates=min(max(need * SCAN_MARGIN * rows // hits, need), SCAN_CANDIDATES),
    )


def count_prospects(session: Session, flt: ProspectFilter, *, cap: int | None = None) -> int:
    """How many organisations match; with ``cap``, stop at ``cap + 1``.

    An exact count walks every match: on 1,000,000 organisations "section C, never visited"
    takes seconds, and on the GUI's single database thread it would hold back the next
    keystroke's page. The table shows "more than 10,000" instead (:data:`COUNT_CAP`).
    """
    return queries.count_matches(session, flt=flt, cap=cap)


def prospect_rows(session: Session, ids: Iterable[str]) -> dict[str, ProspectRow]:
    """Rows by organisation id (a refresh of rows the table already shows)."""
    uuids = [uuid.UUID(i) for i in ids]
    if not uuids:
        return {}
    records = queries.records_by_id(session, ids=uuids)
    return {row.id: row for row in _to_rows(session, records)}


def filter_choices(session: Session) -> FilterChoices:
    # Sorted in Python, accents ignored ("Émilie" among the E's): a few dozen rows.
    officers = sorted(queries.active_officers(session), key=lambda r: collation_key(r[1]))
    epcis = queries.epci_counts(session)
    clusters = sorted(queries.live_clusters(session), key=lambda r: collation_key(r[1]))
    return FilterChoices(
        officers=tuple(Choice(str(i), n) for i, n in officers),
        epcis=tuple(Choice(code, f"{code} ({n})") for code, n in epcis),
        clusters=tuple(Choice(str(i), n) for i, n in clusters),
    )


def prospect_ids(session: Session, flt: ProspectFilter) -> list[str]:
    """Every matching organisation id, for views that show the whole selection (the map)."""
    return [str(i) for i in queries.matching_ids(session, flt=flt)]


def is_unfiltered(flt: ProspectFilter) -> bool:
    return flt == ProspectFilter(today=flt.today)
