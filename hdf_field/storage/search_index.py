"""SQLite FTS5 index over organisations and their contact people, kept in sync by triggers.

Officers type a few letters of a name, a trade name, a SIRET, a commune or a contact's name
and expect the list to follow each keystroke on 100,000 organisations: a ``LIKE '%x%'`` scan
cannot do that, an FTS5 prefix query can. ``remove_diacritics 2`` makes "beauvais" find
"Beauvais" and "etaples" find "Étaples".

The index row of an organisation has the organisation's ``rowid``. A migration that rebuilds
the ``organisation`` or ``contact`` table (Alembic batch mode on SQLite) drops the triggers and
may renumber rowids, so :func:`ensure_search_index` checks them when the app opens a database
and rebuilds the index if needed. PostgreSQL (the registry) has no such index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text, text

from hdf_field.domain.enums import FunnelStatus

FTS_TABLE = "organisation_fts"
SORT_TABLE = "organisation_sort"

# A narrow shadow of the organisation table, indexed on folded sort keys: scanning 100,000
# wide organisation rows to sort them costs ~100 ms, walking this index costs ~1 ms. Not part
# of the ORM metadata on purpose (derived data, rebuilt at will, never synchronised).
sort_table = Table(
    SORT_TABLE,
    MetaData(),
    Column("rowid", Integer, primary_key=True),
    Column("name_key", Text),
    Column("city_key", Text),
    Column("live", Integer),
    # one key per other sortable column of the prospect table (issue 15): sorting 1,000,000
    # organisations by status or département walks an index here instead of sorting them all
    Column("dep_key", Text),
    Column("naf_key", Text),
    Column("status_key", Integer),
    Column("priority_key", Integer),
    Column("kind_key", Text),
    Column("officer_key", Text),
)

SORT_COLUMNS = (
    "rowid, name_key, city_key, live, dep_key, naf_key, status_key, priority_key, kind_key, "
    "officer_key"
)
# (column, index) pairs; every index leads with ``live`` and ends (implicitly) with rowid,
# the prospect list's tie-breaker, so a page in any order is a walk of one index
SORT_KEY_COLUMNS = {
    "departement": "dep_key",
    "naf": "naf_key",
    "status": "status_key",
    "priority": "priority_key",
    "kind": "kind_key",
    "officer": "officer_key",
}

# SQLite's parser limits nesting, so only the accents that start or shape French names.
_FOLD = {
    "é": "e",
    "è": "e",
    "ê": "e",
    "É": "e",
    "È": "e",
    "Ê": "e",
    "à": "a",
    "â": "a",
    "À": "a",
    "ç": "c",
    "Ç": "c",
    "ô": "o",
    "Ô": "o",
    "î": "i",
    "Î": "i",
    "œ": "oe",
    "Œ": "oe",
}


def fold_sql(expr: str) -> str:
    """SQL that sorts "Électronique" with the e's: lower() only folds ASCII in SQLite."""
    out = f"lower(coalesce({expr}, ''))"
    for accented, plain in _FOLD.items():
        out = f"replace({out}, '{accented}', '{plain}')"
    return out


def _status_rank_sql(expr: str) -> str:
    whens = " ".join(f"WHEN '{s.value}' THEN {s.rank}" for s in FunnelStatus)
    return f"CASE {expr} {whens} ELSE -1 END"


def _sort_exprs(o: str) -> tuple[str, ...]:
    """The sort row of organisation ``o``, one SQL expression per column of SORT_COLUMNS."""
    return (
        f"{o}.rowid",
        fold_sql(o + ".name"),
        fold_sql(o + ".city"),
        f"CASE WHEN {o}.deleted_at IS NULL THEN 1 ELSE 0 END",
        f"{o}.departement",
        f"{o}.naf_code",
        _status_rank_sql(o + ".status"),
        f"{o}.priority",
        f"{o}.kind",
        f"(SELECT name FROM officer WHERE officer.id = {o}.assigned_officer_id)",
    )


def _sort_values(o: str) -> str:
    return ", ".join(_sort_exprs(o))


_CONTACTS_OF = (
    "(SELECT group_concat(coalesce(c.first_name, '') || ' ' || c.last_name, ' ') "
    "FROM contact c WHERE c.organisation_id = {org} AND c.deleted_at IS NULL)"
)

_ROW_VALUES = (
    "{o}.rowid, {o}.name, {o}.trade_name, "
    "trim(coalesce({o}.siret, '') || ' ' || coalesce({o}.siren, '') || ' ' || "
    "coalesce({o}.be_enterprise_number, '') || ' ' || coalesce({o}.be_establishment_number, '')), "
    "trim(coalesce({o}.city, '') || ' ' || coalesce({o}.postal_code, '')), " + _CONTACTS_OF
)

CREATE_SORT_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {SORT_TABLE} ("
    "rowid INTEGER PRIMARY KEY, name_key TEXT, city_key TEXT, live INTEGER NOT NULL, "
    "dep_key TEXT, naf_key TEXT, status_key INTEGER, priority_key INTEGER, kind_key TEXT, "
    "officer_key TEXT)"
)

SORT_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS ix_{SORT_TABLE}_name ON {SORT_TABLE} (live, name_key)",
    f"CREATE INDEX IF NOT EXISTS ix_{SORT_TABLE}_city ON {SORT_TABLE} (live, city_key, name_key)",
    *(
        f"CREATE INDEX IF NOT EXISTS ix_{SORT_TABLE}_{col} ON {SORT_TABLE} (live, {col})"
        for col in SORT_KEY_COLUMNS.values()
    ),
)

# Prefixes of 1 to 6 letters are indexed (issue 15): a query word within them reads one
# doclist, and a rowid-bounded probe of it is an index lookup (~0.05 ms); a longer word makes
# FTS5 merge the doclists of every term it starts, whole, for each probe (7-30 ms at
# 1,000,000 organisations for "boul" or "hélène" with prefix = '1 2 3'). Cost at 1,000,000:
# +98 MB (the index 267 -> 365 MB), see docs/scale.md ("Fourth pass").
FTS_PREFIXES = "1 2 3 4 5 6"
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "name, trade_name, identifiers, commune, contacts, "
    f"tokenize = 'unicode61 remove_diacritics 2', prefix = '{FTS_PREFIXES}')"
)

TRIGGERS: dict[str, str] = {
    "organisation_fts_ai": (
        "CREATE TRIGGER IF NOT EXISTS organisation_fts_ai AFTER INSERT ON organisation BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, name, trade_name, identifiers, commune, contacts) "
        f"VALUES ({_ROW_VALUES.format(o='new', org='new.id')}); END"
    ),
    "organisation_fts_au": (
        "CREATE TRIGGER IF NOT EXISTS organisation_fts_au AFTER UPDATE OF "
        "name, trade_name, siret, siren, be_enterprise_number, be_establishment_number, "
        "city, postal_code ON organisation BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; "
        f"INSERT INTO {FTS_TABLE}(rowid, name, trade_name, identifiers, commune, contacts) "
        f"VALUES ({_ROW_VALUES.format(o='new', org='new.id')}); END"
    ),
    "organisation_sort_ai": (
        "CREATE TRIGGER IF NOT EXISTS organisation_sort_ai AFTER INSERT ON organisation BEGIN "
        f"INSERT OR REPLACE INTO {SORT_TABLE}({SORT_COLUMNS}) "
        f"VALUES ({_sort_values('new')}); END"
    ),
    "organisation_sort_au": (
        "CREATE TRIGGER IF NOT EXISTS organisation_sort_au AFTER UPDATE OF "
        "name, city, deleted_at, departement, naf_code, status, priority, kind, "
        "assigned_officer_id ON organisation BEGIN "
        f"DELETE FROM {SORT_TABLE} WHERE rowid = old.rowid; "
        f"INSERT OR REPLACE INTO {SORT_TABLE}({SORT_COLUMNS}) "
        f"VALUES ({_sort_values('new')}); END"
    ),
    "organisation_sort_ad": (
        "CREATE TRIGGER IF NOT EXISTS organisation_sort_ad AFTER DELETE ON organisation BEGIN "
        f"DELETE FROM {SORT_TABLE} WHERE rowid = old.rowid; END"
    ),
    "officer_sort_au": (
        "CREATE TRIGGER IF NOT EXISTS officer_sort_au AFTER UPDATE OF name ON officer BEGIN "
        f"UPDATE {SORT_TABLE} SET officer_key = new.name WHERE rowid IN "
        "(SELECT rowid FROM organisation WHERE assigned_officer_id = new.id); END"
    ),
    "organisation_fts_ad": (
        "CREATE TRIGGER IF NOT EXISTS organisation_fts_ad AFTER DELETE ON organisation BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; END"
    ),
    "contact_fts_ai": (
        "CREATE TRIGGER IF NOT EXISTS contact_fts_ai AFTER INSERT ON contact BEGIN "
        f"UPDATE {FTS_TABLE} SET contacts = {_CONTACTS_OF.format(org='new.organisation_id')} "
        "WHERE rowid = (SELECT rowid FROM organisation WHERE id = new.organisation_id); END"
    ),
    "contact_fts_au": (
        "CREATE TRIGGER IF NOT EXISTS contact_fts_au AFTER UPDATE ON contact BEGIN "
        f"UPDATE {FTS_TABLE} SET contacts = {_CONTACTS_OF.format(org='old.organisation_id')} "
        "WHERE rowid = (SELECT rowid FROM organisation WHERE id = old.organisation_id); "
        f"UPDATE {FTS_TABLE} SET contacts = {_CONTACTS_OF.format(org='new.organisation_id')} "
        "WHERE rowid = (SELECT rowid FROM organisation WHERE id = new.organisation_id); END"
    ),
    "contact_fts_ad": (
        "CREATE TRIGGER IF NOT EXISTS contact_fts_ad AFTER DELETE ON contact BEGIN "
        f"UPDATE {FTS_TABLE} SET contacts = {_CONTACTS_OF.format(org='old.organisation_id')} "
        "WHERE rowid = (SELECT rowid FROM organisation WHERE id = old.organisation_id); END"
    ),
}


def install(conn: Connection) -> None:
    """Create the index table, its triggers and fill it (idempotent). SQLite only."""
    if conn.dialect.name != "sqlite":
        return
    if not _fts_is_current(conn):  # an index from before the longer prefixes
        conn.execute(text(f"DROP TABLE {FTS_TABLE}"))
    conn.execute(text(CREATE_TABLE))
    columns = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({SORT_TABLE})")}
    if columns and "officer_key" not in columns:  # a table from before the sort keys
        conn.execute(text(f"DROP TABLE {SORT_TABLE}"))
    conn.execute(text(CREATE_SORT_TABLE))
    for ddl in SORT_INDEXES:
        conn.execute(text(ddl))
    for ddl in TRIGGERS.values():
        conn.execute(text(ddl))
    rebuild(conn)
    optimize(conn)


def _fts_is_current(conn: Connection) -> bool:
    """No FTS table yet, or one with today's prefix indexes."""
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).scalar()
    return sql is None or f"prefix = '{FTS_PREFIXES}'" in str(sql)


def optimize(conn: Connection) -> None:
    """Merge the FTS index's segments into one (a bulk fill leaves a dozen): a probe then
    seeks one b-tree instead of each segment's, ~30 % less per rowid-bounded MATCH. About
    3 s of CPU at 1,000,000 organisations."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))


def rebuild_fts_table(conn: Connection) -> None:
    """Recreate only the FTS table with today's definition (its prefix indexes), refill and
    optimize it, and put its triggers back; the sort table is left alone."""
    if conn.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        if "fts" in name:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    conn.execute(text(CREATE_TABLE))
    conn.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, name, trade_name, identifiers, commune, contacts) "
            f"SELECT {_ROW_VALUES.format(o='o', org='o.id')} FROM organisation o"
        )
    )
    optimize(conn)
    for name, ddl in TRIGGERS.items():
        if "fts" in name:
            conn.execute(text(ddl))


def rebuild_sort_table(conn: Connection) -> None:
    """Recreate only the sort table, its indexes and triggers (a schema change of the sort
    keys), leaving the FTS index alone: at 600,000 organisations this takes seconds, an FTS
    rebuild minutes."""
    if conn.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        if "sort" in name:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {SORT_TABLE}"))
    conn.execute(text(CREATE_SORT_TABLE))
    conn.execute(
        text(
            f"INSERT INTO {SORT_TABLE}({SORT_COLUMNS}) "
            f"SELECT {_sort_values('o')} FROM organisation o"
        )
    )
    for ddl in SORT_INDEXES:
        conn.execute(text(ddl))
    for name, ddl in TRIGGERS.items():
        if "sort" in name:
            conn.execute(text(ddl))
    conn.execute(text(f"ANALYZE {SORT_TABLE}"))


def has_index(conn: Connection) -> bool:
    return (
        conn.dialect.name == "sqlite"
        and conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
        ).first()
        is not None
    )


def create_triggers(conn: Connection) -> None:
    """Resume row-by-row maintenance after :func:`drop_triggers`, without a full rebuild
    (the caller refreshed what it wrote with :func:`reindex`)."""
    for ddl in TRIGGERS.values():
        conn.execute(text(ddl))


def reindex(conn: Connection, org_ids: list[str]) -> None:
    """Rebuild the index rows of some organisations (``id`` as SQLite stores it: 32 hex
    digits): a sync page writes thousands of rows with the triggers dropped, then refreshes
    the organisations it touched in a few set-based statements."""
    for start in range(0, len(org_ids), 500):
        chunk = tuple(org_ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        conn.exec_driver_sql(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
            f"(SELECT rowid FROM organisation WHERE id IN ({marks}))",
            chunk,
        )
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, name, trade_name, identifiers, commune, contacts) "
            f"SELECT {_ROW_VALUES.format(o='o', org='o.id')} FROM organisation o "
            f"WHERE o.id IN ({marks})",
            chunk,
        )
        conn.exec_driver_sql(
            f"INSERT OR REPLACE INTO {SORT_TABLE}({SORT_COLUMNS}) "
            f"SELECT {_sort_values('o')} FROM organisation o WHERE o.id IN ({marks})",
            chunk,
        )


_SORT_NAMES = tuple(name.strip() for name in SORT_COLUMNS.split(","))


def _write_sort_rows(where: str) -> str:
    """INSERT OR REPLACE of the sort rows of the organisations ``o`` matching ``where`` whose
    stored row is missing or differs: a re-imported organisation whose name, city,
    département, ... did not change keeps its row, so none of the sort table's eight
    indexes is touched for it (a delete and an insert in each, before)."""
    exprs = _sort_exprs("o")
    computed = ", ".join(f"{e} AS k{i}" for i, e in enumerate(exprs))
    same = " AND ".join(f"s.{name} IS v.k{i}" for i, name in enumerate(_SORT_NAMES) if i)
    return (
        f"INSERT OR REPLACE INTO {SORT_TABLE}({SORT_COLUMNS}) "
        f"SELECT {', '.join(f'v.k{i}' for i in range(len(exprs)))} "
        f"FROM (SELECT {computed} FROM organisation o WHERE {where}) v "
        f"WHERE NOT EXISTS (SELECT 1 FROM {SORT_TABLE} s WHERE s.rowid = v.k0 AND {same})"
    )


def reindex_by(conn: Connection, column: str, keys: list[object]) -> int:
    """:func:`reindex` for organisations named by another unique column (an import's SIRETs
    or enterprise numbers, as stored). ``column`` is a trusted identifier.

    Returns how many sort rows were written (new or changed organisations)."""
    if conn.dialect.name != "sqlite":
        return 0
    written = 0
    for start in range(0, len(keys), 500):
        chunk = tuple(keys[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        conn.exec_driver_sql(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
            f"(SELECT rowid FROM organisation WHERE {column} IN ({marks}))",
            chunk,
        )
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, name, trade_name, identifiers, commune, contacts) "
            f"SELECT {_ROW_VALUES.format(o='o', org='o.id')} FROM organisation o "
            f"WHERE o.{column} IN ({marks})",
            chunk,
        )
        written += conn.exec_driver_sql(
            _write_sort_rows(f"o.{column} IN ({marks})"), chunk
        ).rowcount
    return written


# The secondary indexes of the sort keys (issue 15). A large import drops them while it
# writes and builds them again at the end: maintaining six more indexes row by row doubled
# the cost of writing the sort table (600,000 organisations: ~58 s CPU with all eight, ~24 s
# with name and city only, ~4 s to build the six afterwards; the name and city indexes stay,
# so the list in its usual orders keeps its speed during the import).
SORT_KEY_INDEXES = tuple(f"ix_{SORT_TABLE}_{col}" for col in SORT_KEY_COLUMNS.values())
_SORT_KEY_DDL = tuple(d for d in SORT_INDEXES if d.split()[5] in SORT_KEY_INDEXES)

StatRow = tuple[str, str, str]


def sort_rows_estimate(conn: Connection) -> int:
    """About how many rows the sort table holds (its largest rowid; instant)."""
    return int(conn.exec_driver_sql(f"SELECT max(rowid) FROM {SORT_TABLE}").scalar() or 0)


def _has_stat1(conn: Connection) -> bool:
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).first()
    return found is not None


def drop_sort_key_indexes(conn: Connection) -> list[StatRow]:
    """Drop the six sort-key indexes (in the caller's transaction) and return their planner
    statistics, which :func:`restore_sort_key_indexes` puts back: the planner then chooses
    as it did before the import, without an ANALYZE of the whole table."""
    marks = ", ".join("?" for _ in SORT_KEY_INDEXES)
    stats: list[StatRow] = []
    if _has_stat1(conn):
        stats = [
            (str(t), str(i), str(st))
            for t, i, st in conn.exec_driver_sql(
                f"SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN ({marks})",
                SORT_KEY_INDEXES,
            )
        ]
    for name in SORT_KEY_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    return stats


def missing_sort_key_indexes(conn: Connection) -> list[str]:
    marks = ", ".join("?" for _ in SORT_KEY_INDEXES)
    present = {
        r[0]
        for r in conn.exec_driver_sql(
            f"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
            SORT_KEY_INDEXES,
        )
    }
    return [name for name in SORT_KEY_INDEXES if name not in present]


def restore_sort_key_indexes(
    conn: Connection, stats: list[StatRow], *, only: str | None = None
) -> None:
    """Build the sort-key indexes again (those missing; ``only``: that one) with their
    statistics as they were."""
    for ddl in _SORT_KEY_DDL:
        if only is None or ddl.split()[5] == only:
            conn.execute(text(ddl))
    if stats and _has_stat1(conn):
        for row in stats:
            if only is not None and row[1] != only:
                continue
            conn.exec_driver_sql(
                "INSERT INTO sqlite_stat1(tbl, idx, stat) SELECT ?, ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM sqlite_stat1 WHERE tbl = ? AND idx = ?)",
                (*row, row[0], row[1]),
            )


def uninstall(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {SORT_TABLE}"))


def rebuild(conn: Connection) -> None:
    conn.execute(text(f"DELETE FROM {FTS_TABLE}"))
    conn.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, name, trade_name, identifiers, commune, contacts) "
            f"SELECT {_ROW_VALUES.format(o='o', org='o.id')} FROM organisation o"
        )
    )
    conn.execute(text(f"DELETE FROM {SORT_TABLE}"))
    conn.execute(
        text(
            f"INSERT INTO {SORT_TABLE}({SORT_COLUMNS}) "
            f"SELECT {_sort_values('o')} FROM organisation o"
        )
    )
    conn.execute(text(f"ANALYZE {SORT_TABLE}"))


def is_healthy(conn: Connection) -> bool:
    """All triggers present and one index row per organisation."""
    names = {
        r[0]
        for r in conn.execute(
            text("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
        )
    }
    if not {FTS_TABLE, SORT_TABLE} | set(TRIGGERS) <= names or not _fts_is_current(conn):
        return False
    orgs = conn.execute(text("SELECT count(*) FROM organisation")).scalar_one()
    indexed = conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE}")).scalar_one()
    sorted_ = conn.execute(text(f"SELECT count(*) FROM {SORT_TABLE}")).scalar_one()
    if not orgs == indexed == sorted_:
        return False
    stray = conn.execute(
        text(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} ORDER BY rowid DESC LIMIT 1) f "
            "WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.rowid = f.rowid)"
        )
    ).scalar_one()
    return bool(stray == 0)


def ensure_search_index(conn: Connection) -> bool:
    """Repair the index after a table rebuild; returns True if it had to be rebuilt."""
    if conn.dialect.name != "sqlite":
        return False
    columns = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({SORT_TABLE})")}
    if set(SORT_KEY_COLUMNS.values()) <= columns and missing_sort_key_indexes(conn):
        # an import that deferred them was killed before building them again
        restore_sort_key_indexes(conn, [])
        conn.execute(text(f"ANALYZE {SORT_TABLE}"))
    if is_healthy(conn):
        return False
    install(conn)
    return True


def match_expression(query: str) -> str | None:
    """User text → a safe FTS5 query: every word is a quoted prefix, all words must match.

    Digits typed with spaces ("552 100 554") are joined, as people copy SIRETs that way.
    """
    raw = query.strip()
    if not raw:
        return None
    compact = raw.replace(" ", "").replace(".", "")
    if compact.isdigit():
        return f'"{compact}"*'
    words = []
    token = []
    for ch in raw:
        if ch.isalnum():
            token.append(ch)
        elif token:
            words.append("".join(token))
            token = []
    if token:
        words.append("".join(token))
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


PREFIX_INDEXED = int(FTS_PREFIXES.split()[-1])  # the longest prefix the FTS5 index stores


def prefix_indexed(query: str) -> bool:
    """Is every word of the query's FTS expression short enough for the prefix index?

    Only then does a rowid-bounded MATCH cost an index lookup: for a longer prefix FTS5 merges
    the doclists of every term it starts, whatever the rowid bound (measured on 200,000
    organisations with ``prefix = '1 2 3'``: 0.06 ms per probe for "bou", 7.6 ms for "boul").
    """
    expr = match_expression(query)
    if expr is None:
        return False
    words = re.findall(r'"([^"]*)"\*', expr)
    return bool(words) and all(len(w) <= PREFIX_INDEXED for w in words)


@contextmanager
def suspended(conn: Connection) -> Iterator[None]:
    """Bulk loads (imports, demo, benchmarks): drop the triggers, rebuild once at the end.

    Row-by-row triggers cost ~1 ms per organisation; one rebuild of 100,000 costs seconds.
    """
    drop_triggers(conn)
    try:
        yield
    finally:
        install(conn)


def drop_triggers(conn: Connection) -> None:
    """Stop maintaining the index row by row; :func:`install` rebuilds it in one pass.

    Inside a transaction the drop is transactional: a rollback brings the triggers back.
    """
    if conn.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
