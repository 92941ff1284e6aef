"""Executing one Core statement for many rows at driver speed (imports, the sync outbox)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection


class BulkStatement:
    """A Core statement compiled once and run with the driver's ``executemany``.

    SQLAlchemy's per-row parameter handling costs more than SQLite's own work on a 600,000-row
    import; here each column's bind processor (UUID, enum, UTC datetime, JSON: the same
    functions SQLAlchemy would call) runs once per distinct value in a batch, values shared by
    every row (bookkeeping, campaign defaults) are processed once, and rows reach the driver
    as plain tuples (or dicts for drivers with named parameters).
    """

    def __init__(
        self,
        conn: Connection,
        stmt: Any,
        columns: Sequence[str],
        constants: Sequence[str] = (),
        *,
        raw: Sequence[str] = (),
    ) -> None:
        """``raw`` names columns whose values come already in the database's form (JSON
        columns given as JSON text)."""
        dialect = conn.dialect
        compiled = stmt.compile(dialect=dialect, column_keys=[*columns, *constants])
        self.conn = conn
        self.sql = compiled.string
        self.positional = bool(compiled.positional)
        self.names: list[str] = (
            list(compiled.positiontup or []) if self.positional else list(compiled.binds)
        )
        self.columns = set(columns)
        self.constant_names = set(constants)
        self.processors: dict[str, Any] = {}
        for name in self.names:
            if name not in self.columns and name not in self.constant_names:
                raise ValueError(f"bulk statement needs a value for {name!r}")
            bind_type = compiled.binds[name].type.dialect_impl(dialect)
            self.processors[name] = None if name in raw else bind_type.bind_processor(dialect)

    def _column(self, name: str, values: Sequence[Any]) -> list[Any]:
        proc = self.processors[name]
        if proc is None:
            return list(values)
        memo: dict[Any, Any] = {}
        out: list[Any] = []
        append = out.append
        for v in values:
            key: Any = v if v.__hash__ is not None else ("id", id(v))
            try:
                append(memo[key])
            except KeyError:
                memo[key] = processed = proc(v)
                append(processed)
        return out

    def execute(
        self, rows: Sequence[Mapping[str, Any]], constants: Mapping[str, Any] | None = None
    ) -> int:
        """Run for every row; values named at construction as constants come from
        ``constants``. Returns the number of rows the database reports as affected."""
        if not rows:
            return 0
        n = len(rows)
        row_names = [name for name in self.names if name in self.columns]
        # One C-level pass per row, then a transpose: no Python loop over every value.
        getter = itemgetter(*row_names)
        base = list(map(getter, rows))
        transposed = list(zip(*base, strict=True)) if len(row_names) > 1 else [tuple(base)]
        by_name = dict(zip(row_names, transposed, strict=True))
        cols: list[Any] = []
        for name in self.names:
            if name in by_name:
                values = by_name[name]
                cols.append(values if self.processors[name] is None else self._column(name, values))
            else:
                cols.append(self._column(name, [(constants or {})[name]]) * n)
        if self.positional:
            params: list[Any] = list(zip(*cols, strict=True))
        else:
            params = [dict(zip(self.names, t, strict=True)) for t in zip(*cols, strict=True)]
        result = self.conn.exec_driver_sql(self.sql, params)
        return int(result.rowcount)
