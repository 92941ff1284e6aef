"""The prospect list: filtered, sorted, paged queries returning frozen rows.

The GUI table asks for one page at a time (``LIMIT``/``OFFSET`` in the database's own order),
so 100,000 organisations cost no more than 200; text search goes through the FTS5 index of
:mod:`hdf_field.storage.search_index`. Nothing here knows about Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, FollowUpStatus, FunnelStatus, OrgKind, VisitStatus
from hdf_field.domain.formatting import collation_key
from hdf_field.domain.naf import SECTIONS_BY_LETTER
from hdf_field.storage.orm import Cluster, FollowUp, Officer, Organisation, Visit
from hdf_field.storage.search_index import (
    FTS_TABLE,
    SORT_KEY_COLUMNS,
    match_expression,
    sort_table,
)

PAGE_SIZE = 100
COUNT_CAP = 10_000  # the prospect table's count stops there ("more than 10,000")

ROWID: ColumnClause[int] = literal_column("organisation.rowid", Integer)


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
    raise ValueError(f"unknown sort key {key!r}; expected one of {', '.join(SORT_KEYS)}")


def _fts_rowids(expr: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=expr))
    )


def _uses_sort_table(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _conditions(
    session: Session, flt: ProspectFilter, *, with_text: bool = True, with_live: bool = True
) -> list[ColumnElement[bool]]:
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
    if flt.departements:
        conds.append(Organisation.departement.in_(flt.departements))
    if flt.epci_code:
        conds.append(Organisation.epci_code == flt.epci_code)
    if flt.area is not None:
        conds.append(Organisation.area == flt.area)
    if flt.naf_division:
        conds.append(Organisation.naf_code.like(f"{flt.naf_division}%"))
    elif flt.naf_section:
        section = SECTIONS_BY_LETTER.get(flt.naf_section)
        if section is None:
            raise ValueError(f"unknown NAF section {flt.naf_section!r}")
        conds.append(func.substr(Organisation.naf_code, 1, 2).in_(section.divisions))
    if flt.cluster_id:
        prefixes = session.scalar(
            select(Cluster.naf_prefixes).where(Cluster.id == uuid.UUID(flt.cluster_id))
        )
        if prefixes:
            conds.append(or_(*(Organisation.naf_code.like(f"{p}%") for p in prefixes)))
        else:
            conds.append(Organisation.id.is_(None))  # a cluster with no NAF fit matches nothing
    if flt.statuses:
        conds.append(Organisation.status.in_(flt.statuses))
    if flt.kinds:
        conds.append(Organisation.kind.in_(flt.kinds))
    if flt.officer_id is not None:
        if flt.officer_id == "":
            conds.append(Organisation.assigned_officer_id.is_(None))
        else:
            conds.append(Organisation.assigned_officer_id == uuid.UUID(flt.officer_id))
    if flt.min_priority is not None:
        conds.append(Organisation.priority >= flt.min_priority)
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


def _row_select() -> Select[*tuple[Any, ...]]:
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


def _to_rows(session: Session, records: Sequence[Any]) -> list[ProspectRow]:
    ids = [r[0] for r in records]
    last_visits: dict[uuid.UUID, Any] = {}
    follow_ups: dict[uuid.UUID, date] = {}
    if ids:
        last_visits = dict(
            session.execute(
                select(
                    Visit.organisation_id,
                    func.max(func.coalesce(Visit.actual_start, Visit.planned_start)),
                )
                .where(
                    Visit.organisation_id.in_(ids),
                    Visit.status == VisitStatus.DONE,
                    Visit.deleted_at.is_(None),
                )
                .group_by(Visit.organisation_id)
            ).all()
        )
        follow_ups = dict(
            session.execute(
                select(FollowUp.organisation_id, func.min(FollowUp.due_date))
                .where(
                    FollowUp.organisation_id.in_(ids),
                    FollowUp.status == FollowUpStatus.OPEN,
                    FollowUp.deleted_at.is_(None),
                )
                .group_by(FollowUp.organisation_id)
            ).all()
        )
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
        raise ValueError(f"unknown sort key {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    if _uses_sort_table(session):
        rowids = _sorted_rowids(session, flt, sort, descending, offset, limit)
        if not rowids:
            return []
        records = session.execute(_row_select().where(ROWID.in_(rowids))).all()
        position = {rid: i for i, rid in enumerate(rowids)}
        records = sorted(records, key=lambda r: position[r[1]])
        return _to_rows(session, records)
    key = _sort_expression(sort)
    order = [key.desc() if descending else key.asc(), ROWID.desc() if descending else ROWID.asc()]
    stmt = (
        _row_select()
        .where(and_(*_conditions(session, flt)))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return _to_rows(session, session.execute(stmt).all())


_S = sort_table.alias("s")


# Off: measured at 1,000,000, "b" took 4 ms instead of 400 ms, but "boul" took 28 s, as
# the Boulangerie rows sit together deep in name order and every row before them costs a
# rowid-bounded FTS probe (~0.3 ms). Kept, tested, for a smarter choice of when to walk.
WALK_DENSE = False
DENSE_HITS = 2_000  # an FTS query with at least this many hits is "dense" (see _narrow)


def _is_dense(session: Session, expr: str) -> bool:
    """Does the text match so many organisations that walking the sort index finds a page
    sooner than collecting and sorting every hit? Counting stops at :data:`DENSE_HITS`."""
    hits = session.scalar(
        text(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :fts_query LIMIT {DENSE_HITS})"
        ).bindparams(fts_query=expr)
    )
    return int(hits or 0) >= DENSE_HITS


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
    whole ``(live, name_key)`` index instead. Other filters are checked per row with a
    primary-key ``EXISTS`` on organisation, never by scanning the wide organisation table.

    ``walk``: for a first letter or two that match a large share of 1,000,000 organisations,
    collecting and sorting every hit costs hundreds of milliseconds; walking the sort index
    in order and asking FTS5 about each row (a rowid-bounded MATCH) stops after one page.
    """
    stmt = stmt.select_from(_S)
    expr = match_expression(flt.text)
    if expr is not None and walk:
        hit = text(
            f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query "
            f"AND {FTS_TABLE}.rowid = s.rowid)"
        ).bindparams(fts_query=expr)
        stmt = stmt.where(_S.c.live == 1, hit)
    elif expr is not None:
        stmt = stmt.where((_S.c.live + 0) == 1, _S.c.rowid.in_(_fts_rowids(expr)))
    else:
        stmt = stmt.where(_S.c.live == 1)
    others = _conditions(session, flt, with_text=False, with_live=False)
    if others:
        probe = (
            select(literal_column("1", Integer))
            .select_from(Organisation)
            .where(_S.c.rowid == ROWID, *others)
        )
        stmt = stmt.where(probe.exists())
    return stmt


def _sorted_rowids(
    session: Session, flt: ProspectFilter, sort: str, descending: bool, offset: int, limit: int
) -> list[int]:
    if sort == "city":
        cols = [_S.c.city_key, _S.c.name_key, _S.c.rowid]
    elif sort == "name":
        cols = [_S.c.name_key, _S.c.rowid]
    else:  # one index (live, key) per column: the page is a walk of it, ties by rowid
        cols = [_S.c[SORT_KEY_COLUMNS[sort]], _S.c.rowid]
    order = [c.desc() if descending else c.asc() for c in cols]
    expr = match_expression(flt.text)
    walk = WALK_DENSE and expr is not None and _is_dense(session, expr)
    stmt = _narrow(session, flt, select(_S.c.rowid), walk=walk).order_by(*order)
    return [int(r) for r in session.scalars(stmt.offset(offset).limit(limit))]


def count_prospects(session: Session, flt: ProspectFilter, *, cap: int | None = None) -> int:
    """How many organisations match; with ``cap``, stop at ``cap + 1``.

    An exact count walks every match: on 1,000,000 organisations "section C, never visited"
    takes seconds, and on the GUI's single database thread it would hold back the next
    keystroke's page. The table shows "more than 10,000" instead (:data:`COUNT_CAP`).
    """
    if _uses_sort_table(session):
        stmt = _narrow(session, flt, select(_S.c.rowid))
    else:
        stmt = select(Organisation.id).where(and_(*_conditions(session, flt)))
    if cap is not None:
        stmt = stmt.limit(cap + 1)
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def prospect_rows(session: Session, ids: Iterable[str]) -> dict[str, ProspectRow]:
    """Rows by organisation id (a refresh of rows the table already shows)."""
    uuids = [uuid.UUID(i) for i in ids]
    if not uuids:
        return {}
    records = session.execute(_row_select().where(Organisation.id.in_(uuids))).all()
    return {row.id: row for row in _to_rows(session, records)}


def filter_choices(session: Session) -> FilterChoices:
    # Sorted in Python, accents ignored ("Émilie" among the E's): a few dozen rows.
    officers = sorted(
        session.execute(
            select(Officer.id, Officer.name).where(
                Officer.deleted_at.is_(None), Officer.active.is_(True)
            )
        ).all(),
        key=lambda r: collation_key(r[1]),
    )
    epcis = session.execute(
        select(Organisation.epci_code, func.count())
        .where(Organisation.epci_code.is_not(None), Organisation.deleted_at.is_(None))
        .group_by(Organisation.epci_code)
        .order_by(Organisation.epci_code)
    ).all()
    clusters = sorted(
        session.execute(select(Cluster.id, Cluster.name).where(Cluster.deleted_at.is_(None))).all(),
        key=lambda r: collation_key(r[1]),
    )
    return FilterChoices(
        officers=tuple(Choice(str(i), n) for i, n in officers),
        epcis=tuple(Choice(code, f"{code} ({n})") for code, n in epcis if code is not None),
        clusters=tuple(Choice(str(i), n) for i, n in clusters),
    )


def prospect_ids(session: Session, flt: ProspectFilter) -> list[str]:
    """Every matching organisation id, for views that show the whole selection (the map)."""
    stmt = select(Organisation.id).where(and_(*_conditions(session, flt)))
    return [str(i) for i in session.scalars(stmt)]


def is_unfiltered(flt: ProspectFilter) -> bool:
    return flt == ProspectFilter(today=flt.today)
