"""The prospect list's SQL: filters, sort orders and pages over up to 1,000,000 organisations.

On SQLite a page is a walk of one index of the narrow sort table
(:data:`hdf_field.storage.search_index.sort_table`), driven by the FTS5 hits when there is
text, then a primary-key read of those rows; PostgreSQL (the registry) has neither table and
gets the plain ``ORDER BY ... LIMIT/OFFSET`` query. See docs/scale.md for the measured shapes;
changing one of them means measuring again with ``benchmarks/prospect_search.py``.

A prospect record is a row of 16 columns, in this order: organisation id, rowid, name, trade
name, kind, SIRET, postal code, city, département, NAF code, NAF label, status, priority,
assigned officer's name, lat, lon.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Integer,
    Row,
    Select,
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from hdf_field.domain.enums import FollowUpStatus, FunnelStatus, OrgKind, VisitStatus
from hdf_field.domain.naf import SECTIONS_BY_LETTER
from hdf_field.domain.prospect_filter import ProspectFilter, unknown_sort_key
from hdf_field.storage.orm import Cluster, FollowUp, Officer, Organisation, Visit
from hdf_field.storage.search_index import (
    FTS_TABLE,
    SORT_KEY_COLUMNS,
    match_expression,
    sort_table,
)

ROWID: ColumnClause[int] = literal_column("organisation.rowid", Integer)

ProspectRecord = Row[*tuple[Any, ...]]  # see the module docstring for the columns


def _status_rank() -> ColumnElement[int]:
    return case({s.value: s.rank for s in FunnelStatus}, value=Organisation.status, else_=-1)


def _sort_expression(key: str) -> Any:
    if key == "name":
        return Organisation.name.collate("NOCASE")
    if key == "city":
        return Organisation.city.collate("NOCASE")
    if key == "departement":
        return Organisation.departement
    if key == "naf":
        return Organisation.naf_code
    if key == "status":
        return _status_rank()
    if key == "priority":
        return Organisation.priority
    if key == "officer":
        return Officer.name
    if key == "kind":
        return Organisation.kind
    raise unknown_sort_key(key)


def _fts_rowids(expr: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=expr))
    )


def uses_sort_table(session: Session) -> bool:
    """SQLite has the sort table and the FTS5 index; the registry's PostgreSQL has neither."""
    return session.get_bind().dialect.name == "sqlite"


def _conditions(
    session: Session,
    flt: ProspectFilter,
    *,
    with_text: bool = True,
    with_live: bool = True,
    with_keyed: bool = True,
) -> list[ColumnElement[bool]]:
    """The filter's conditions on the organisation row. ``with_keyed=False`` leaves out the
    filters the sort table answers on its narrow row (:func:`_keyed_conditions`)."""
    conds: list[ColumnElement[bool]] = []
    if with_live:
        conds.append(Organisation.deleted_at.is_(None))
    expr = match_expression(flt.text) if with_text else None
    if expr is not None:
        if session.get_bind().dialect.name == "sqlite":
            conds.append(ROWID.in_(_fts_rowids(expr)))
        else:  # the registry's PostgreSQL: plain case-insensitive containment
            like = f"%{flt.text.strip()}%"
            conds.append(
                or_(
                    Organisation.name.ilike(like),
                    Organisation.trade_name.ilike(like),
                    Organisation.siret.ilike(like),
                    Organisation.city.ilike(like),
                )
            )
    if with_keyed:
        conds += _keyed_conditions(
            session,
            flt,
            departement=Organisation.departement,
            naf=Organisation.naf_code,
            kind=Organisation.kind,
            priority=Organisation.priority,
            status=Organisation.status,
            narrow=False,
        )
    if flt.epci_code:
        conds.append(Organisation.epci_code == flt.epci_code)
    if flt.area is not None:
        conds.append(Organisation.area == flt.area)
    if flt.officer_id is not None:
        if flt.officer_id == "":
            conds.append(Organisation.assigned_officer_id.is_(None))
        else:
            conds.append(Organisation.assigned_officer_id == uuid.UUID(flt.officer_id))
    if flt.never_visited:
        conds.append(
            ~exists().where(
                Visit.organisation_id == Organisation.id,
                Visit.status == VisitStatus.DONE,
                Visit.deleted_at.is_(None),
            )
        )
    if flt.follow_up_due:
        today = flt.today or date.today()
        conds.append(
            exists().where(
                FollowUp.organisation_id == Organisation.id,
                FollowUp.status == FollowUpStatus.OPEN,
                FollowUp.due_date <= today,
                FollowUp.deleted_at.is_(None),
            )
        )
    return conds


def _keyed_conditions(
    session: Session,
    flt: ProspectFilter,
    *,
    departement: Any,
    naf: Any,
    kind: Any,
    priority: Any,
    status: Any,
    narrow: bool,
) -> list[ColumnElement[bool]]:
    """The filters on a column the sort table copies as it is (département, NAF code, kind,
    priority) or as its funnel rank (status): the same conditions on either row, so the
    narrow sort row answers them without reading the wide organisation row (issue 15: "dép
    59 + one status" probed ~330,000 organisation rows for a capped count)."""
    conds: list[ColumnElement[bool]] = []
    if flt.departements:
        conds.append(departement.in_(flt.departements))
    if flt.naf_division:
        conds.append(naf.like(f"{flt.naf_division}%"))
    elif flt.naf_section:
        section = SECTIONS_BY_LETTER.get(flt.naf_section)
        if section is None:
            raise ValueError(f"unknown NAF section {flt.naf_section!r}")
        conds.append(func.substr(naf, 1, 2).in_(section.divisions))
    if flt.cluster_id:
        prefixes = session.scalar(
            select(Cluster.naf_prefixes).where(Cluster.id == uuid.UUID(flt.cluster_id))
        )
        if prefixes:
            conds.append(or_(*(naf.like(f"{p}%") for p in prefixes)))
        else:  # a cluster with no NAF fit matches nothing
            conds.append(literal_column("0", Integer) == 1)
    if flt.statuses:
        if narrow:
            conds.append(status.in_([FunnelStatus(s).rank for s in flt.statuses]))
        else:
            conds.append(status.in_(flt.statuses))
    if flt.kinds:
        conds.append(kind.in_([OrgKind(k).value for k in flt.kinds] if narrow else flt.kinds))
    if flt.min_priority is not None:
        conds.append(priority >= flt.min_priority)
    return conds


def _row_select() -> Select[*tuple[Any, ...]]:
    """The columns of a prospect record (see the module's docstring for their order)."""
    return select(
        Organisation.id,
        ROWID,
        Organisation.name,
        Organisation.trade_name,
        Organisation.kind,
        Organisation.siret,
        Organisation.postal_code,
        Organisation.city,
        Organisation.departement,
        Organisation.naf_code,
        Organisation.naf_label,
        Organisation.status,
        Organisation.priority,
        Officer.name,
        Organisation.lat,
        Organisation.lon,
    ).outerjoin(Officer, Officer.id == Organisation.assigned_officer_id)


def records_in_order(session: Session, *, rowids: Sequence[int]) -> list[ProspectRecord]:
    """The records of ``rowids`` (one primary-key read), in the order of ``rowids``."""
    if not rowids:
        return []
    records = session.execute(_row_select().where(ROWID.in_(rowids))).all()
    position = {rid: i for i, rid in enumerate(rowids)}
    return sorted(records, key=lambda r: position[r[1]])


def ordered_records(
    session: Session,
    *,
    flt: ProspectFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[ProspectRecord]:
    """One page without the sort table (PostgreSQL): ``ORDER BY`` the key, ties by rowid."""
    key = _sort_expression(sort)
    order = [key.desc() if descending else key.asc(), ROWID.desc() if descending else ROWID.asc()]
    stmt = (
        _row_select()
        .where(and_(*_conditions(session, flt)))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return list(session.execute(stmt).all())


_S = sort_table.alias("s")
_FTS = table(FTS_TABLE, column("rowid", Integer))


def text_is_dense(session: Session, *, text_query: str, threshold: int) -> bool:
    """Does the text match so many organisations that walking the sort index finds a page
    sooner than collecting and sorting every hit? Counting stops at ``threshold``; text
    that makes no FTS query is not dense."""
    if match_expression(text_query) is None:
        return False
    return text_hits(session, text_query=text_query, cap=threshold) >= threshold


def _narrow(
    session: Session,
    flt: ProspectFilter,
    stmt: Select[*tuple[Any, ...]],
    *,
    walk: bool = False,
) -> Select[*tuple[Any, ...]]:
    """Constrain a query over the sort table (aliased ``s``).

    With text, the FTS hits drive the query: ``s.rowid IN (hits)`` is a primary-key lookup per
    hit, and writing the ``live`` test as ``live + 0`` keeps SQLite from preferring to walk the
    whole ``(live, name_key)`` index instead. The filters on a column the sort table copies
    are checked on its narrow row (:func:`_keyed_conditions`); the others (EPCI, area,
    officer, visits, follow-ups) per row with a primary-key ``EXISTS`` on organisation, never
    by scanning the wide organisation table.

    ``walk``: a rowid-bounded MATCH per row instead, for :func:`walked_rowids`, which hands
    it a few hundred rowids at a time from a walk of the sort index in order (a first letter
    or two match a large share of 1,000,000 organisations: collecting and sorting every hit
    costs hundreds of milliseconds).
    """
    expr = match_expression(flt.text)
    if expr is not None and walk:
        hit = text(
            f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query "
            f"AND {FTS_TABLE}.rowid = s.rowid)"
        ).bindparams(fts_query=expr)
        stmt = stmt.select_from(_S).where(_S.c.live == 1, hit)
    elif expr is not None:
        # the hits joined to their sort rows, in FTS order: a capped count stops after
        # ``cap`` matches instead of first collecting every hit into a temporary index
        # (``rowid IN (hits)``: 250 ms for "l" at 1,000,000 organisations)
        stmt = stmt.select_from(_FTS.join(_S, _S.c.rowid == _FTS.c.rowid)).where(
            (_S.c.live + 0) == 1,
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=expr),
        )
    else:
        stmt = stmt.select_from(_S).where(_S.c.live == 1)
    stmt = stmt.where(*_keyed_on_sort_row(session, flt))
    others = _conditions(session, flt, with_text=False, with_live=False, with_keyed=False)
    if others:
        probe = (
            select(literal_column("1", Integer))
            .select_from(Organisation)
            .where(_S.c.rowid == ROWID, *others)
        )
        stmt = stmt.where(probe.exists())
    return stmt


def has_keyed_filters(flt: ProspectFilter) -> bool:
    """Does the filter narrow on a column the sort row copies (département, NAF, status,
    kind, priority)? Walking the sort index then reads each row, not just the index: ~3 us
    per row at 1,000,000 organisations instead of ~0.3."""
    return bool(
        flt.departements
        or flt.naf_division
        or flt.naf_section
        or flt.cluster_id
        or flt.statuses
        or flt.kinds
        or flt.min_priority is not None
    )


def _keyed_on_sort_row(session: Session, flt: ProspectFilter) -> list[ColumnElement[bool]]:
    return _keyed_conditions(
        session,
        flt,
        departement=_S.c.dep_key,
        naf=_S.c.naf_key,
        kind=_S.c.kind_key,
        priority=_S.c.priority_key,
        status=_S.c.status_key,
        narrow=True,
    )


def _order(sort: str, descending: bool) -> list[Any]:
    """The sort table's columns for ``sort``, in walk order (ties broken by rowid)."""
    if sort == "city":
        cols = [_S.c.city_key, _S.c.name_key, _S.c.rowid]
    elif sort == "name":
        cols = [_S.c.name_key, _S.c.rowid]
    elif sort in SORT_KEY_COLUMNS:  # one index (live, key) per column: a walk, ties by rowid
        cols = [_S.c[SORT_KEY_COLUMNS[sort]], _S.c.rowid]
    else:
        raise unknown_sort_key(sort)
    return [c.desc() if descending else c.asc() for c in cols]


def sorted_rowids(
    session: Session,
    *,
    flt: ProspectFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[int]:
    """The rowids of one page, from the sort table (SQLite only), every hit collected and
    sorted; :func:`walked_rowids` is the bounded walk tried first for short dense text."""
    order = _order(sort, descending)
    stmt = _narrow(session, flt, select(_S.c.rowid)).order_by(*order)
    return [int(r) for r in session.scalars(stmt.offset(offset).limit(limit))]


def _candidate_rowids(
    session: Session, flt: ProspectFilter, *, sort: str, descending: bool, limit: int
) -> list[int]:
    """The first ``limit`` live rowids of the sort index in the page's order that pass the
    filters the narrow sort row answers (département, status, kind, priority, NAF): an
    index-only walk (~1 ms for 2,000)."""
    keyed = _keyed_on_sort_row(session, flt)
    stmt = select(_S.c.rowid).where(_S.c.live == 1, *keyed).order_by(*_order(sort, descending))
    return [int(r) for r in session.scalars(stmt.limit(limit))]


def walked_rowids(
    session: Session,
    *,
    flt: ProspectFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    budget: int,
    scan_candidates: int = 0,
) -> list[int] | None:
    """One page found by walking at most ``budget`` live rows of the sort index in order,
    or ``None`` when those rows hold fewer than ``offset + limit`` matches (the caller then
    collects every hit instead). Bounded, so a prefix whose matches sit deep in the order
    costs at most ``budget`` probes (~0.05 ms each), never a walk of the whole table.

    The first ``budget`` rowids that pass the filters the sort row answers (département,
    status, kind, priority, NAF) come from a walk of the index (~1 ms for 2,000); chunks of
    them are then checked with the same conditions as :func:`sorted_rowids` (a rowid-bounded
    FTS probe per row, see :func:`_narrow`), so the matches among them, kept in walk order,
    are exactly the first matches of the full list. After each chunk the density found so
    far projects how many rows the page needs: past the budget, it gives up at once rather
    than probe the rest (a sparse or clustered prefix costs one chunk, not ``budget``).
    With ``scan_candidates``, it then tries :func:`intersected_rowids` on three times the
    rows the density met projects (at most ``scan_candidates``) before giving up.
    """
    # the budget is spent on FTS probes of rows that can still match
    prefix = _candidate_rowids(session, flt, sort=sort, descending=descending, limit=budget)
    need = offset + limit
    bounded = len(prefix) == budget  # more candidate rows lie past the budget
    found: list[int] = []
    start, size = 0, min(need, budget)
    while start < len(prefix) and len(found) < need:
        part = prefix[start : start + size]
        stmt = _narrow(session, flt, select(_S.c.rowid), walk=True).where(_S.c.rowid.in_(part))
        hits = {int(r) for r in session.scalars(stmt)}
        found.extend(r for r in part if r in hits)
        start += len(part)
        # rows the page needs at the density met so far (a guess: the answer stays exact)
        projected = start * need // len(found) if found else len(prefix) + 1
        if bounded and len(found) < need and projected > budget:
            # sparser than a walk can afford: one scan of the hits, unless none was met
            # (clustered deeper in the order, or under ~3 %: the scan's candidates would
            # not hold the page either)
            if scan_candidates and found:
                candidates = min(max(projected * 3, need), scan_candidates)
                return intersected_rowids(
                    session,
                    flt=flt,
                    sort=sort,
                    descending=descending,
                    offset=offset,
                    limit=limit,
                    candidates=candidates,
                )
            return None
        size = max(projected + projected // 4 - start, 32)
    if len(found) >= need or not bounded:  # page full, or every live row walked
        return found[offset:need]
    return None


def text_hits(session: Session, *, text_query: str, cap: int) -> int:
    """How many organisations the text matches in the FTS index (deleted ones included),
    counting stops at ``cap``; text that makes no FTS query has none. ~0.05 us per hit."""
    expr = match_expression(text_query)
    if expr is None:
        return 0
    hits = session.scalar(
        text(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :fts_query LIMIT {int(cap)})"
        ).bindparams(fts_query=expr)
    )
    return int(hits or 0)


def sort_rows_estimate(session: Session) -> int:
    """About how many organisations there are (the sort table's largest rowid: one index
    seek, no count)."""
    return int(session.scalar(select(func.max(_S.c.rowid))) or 0)


def intersected_rowids(
    session: Session,
    *,
    flt: ProspectFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    candidates: int,
) -> list[int] | None:
    """One page from the first ``candidates`` rows of the sort index (in the page's order,
    past the filters the sort row answers) intersected with the FTS hits in one scan of the
    hits, or ``None`` when those rows hold fewer than ``offset + limit`` matches.

    The scan checks each hit against the candidates (~0.1-0.15 us per hit, any word length):
    for text matching up to ~150,000 organisations it beats both a probe per walked row
    (~30 us each) and collecting every hit with its sort row (~0.5-1 us per hit). The
    matches, kept in walk order, are exactly the first matches of the full list.
    """
    expr = match_expression(flt.text)
    if expr is None:
        return None
    cand = _candidate_rowids(session, flt, sort=sort, descending=descending, limit=candidates)
    need = offset + limit
    # "+rowid": FTS5 must scan its hits, not take the list as one rowid lookup per value
    scan = text(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query "
        "AND +rowid IN (SELECT value FROM json_each(:ids))"
    ).bindparams(fts_query=expr, ids=json.dumps(cand))
    hits = {int(r) for r in session.scalars(scan)} if cand else set()
    found = [r for r in cand if r in hits]
    if _conditions(session, flt, with_text=False, with_live=False, with_keyed=False):
        # EPCI, area, officer, visits, follow-ups: checked on the matches, a chunk at a time
        checked: list[int] = []
        rest = replace(flt, text="")
        for start in range(0, len(found), 500):
            part = found[start : start + 500]
            stmt = _narrow(session, rest, select(_S.c.rowid)).where(_S.c.rowid.in_(part))
            ok = {int(r) for r in session.scalars(stmt)}
            checked.extend(r for r in part if r in ok)
            if len(checked) >= need:
                break
        found = checked
    if len(found) >= need or len(cand) < candidates:  # page full, or every candidate seen
        return found[offset:need]
    return None


def count_matches(session: Session, *, flt: ProspectFilter, cap: int | None = None) -> int:
    """How many organisations match; with ``cap``, stop at ``cap + 1``."""
    if uses_sort_table(session):
        stmt = _narrow(session, flt, select(_S.c.rowid))
    else:
        stmt = select(Organisation.id).where(and_(*_conditions(session, flt)))
    if cap is not None:
        stmt = stmt.limit(cap + 1)
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def records_by_id(session: Session, *, ids: Sequence[uuid.UUID]) -> list[ProspectRecord]:
    """The records of these organisations, in no particular order."""
    if not ids:
        return []
    return list(session.execute(_row_select().where(Organisation.id.in_(ids))).all())


def matching_ids(session: Session, *, flt: ProspectFilter) -> list[uuid.UUID]:
    """Every matching organisation id, unordered (the map shows the whole selection)."""
    stmt = select(Organisation.id).where(and_(*_conditions(session, flt)))
    return list(session.scalars(stmt))


def last_done_visits(
    session: Session, *, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """Organisation id → start of its latest done visit (actual, else planned). SQLite hands
    the aggregate of a DATETIME column back as text: the caller parses it."""
    if not organisation_ids:
        return {}
    return dict(
        session.execute(
            select(
                Visit.organisation_id,
                func.max(func.coalesce(Visit.actual_start, Visit.planned_start)),
            )
            .where(
                Visit.organisation_id.in_(organisation_ids),
                Visit.status == VisitStatus.DONE,
                Visit.deleted_at.is_(None),
            )
            .group_by(Visit.organisation_id)
        ).all()
    )


def next_open_follow_ups(
    session: Session, *, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """Organisation id → due date of its earliest open follow-up (a date, or its ISO text)."""
    if not organisation_ids:
        return {}
    return dict(
        session.execute(
            select(FollowUp.organisation_id, func.min(FollowUp.due_date))
            .where(
                FollowUp.organisation_id.in_(organisation_ids),
                FollowUp.status == FollowUpStatus.OPEN,
                FollowUp.deleted_at.is_(None),
            )
            .group_by(FollowUp.organisation_id)
        ).all()
    )


# --- the filter panel's choices ---------------------------------------------------------------


def active_officers(session: Session) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of every live, active officer, unordered (the caller sorts by name)."""
    return [
        (i, n)
        for i, n in session.execute(
            select(Officer.id, Officer.name).where(
                Officer.deleted_at.is_(None), Officer.active.is_(True)
            )
        ).all()
    ]


def epci_counts(session: Session) -> list[tuple[str, int]]:
    """(EPCI code, live organisations in it) by code; organisations without one are left out."""
    return [
        (code, n)
        for code, n in session.execute(
            select(Organisation.epci_code, func.count())
            .where(Organisation.epci_code.is_not(None), Organisation.deleted_at.is_(None))
            .group_by(Organisation.epci_code)
            .order_by(Organisation.epci_code)
        ).all()
        if code is not None
    ]


def live_clusters(session: Session) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of every live cluster, unordered."""
    return [
        (i, n)
        for i, n in session.execute(
            select(Cluster.id, Cluster.name).where(Cluster.deleted_at.is_(None))
        ).all()
    ]
