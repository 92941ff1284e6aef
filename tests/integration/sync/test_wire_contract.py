"""The wire contract through storage, for every column of every synchronised entity.

Laptop path: a value saved through the ORM on SQLite → the outbox row the session listener
writes, and the one the bulk importers' SQL writes (``record_inserted_rows``) → both equal
the codec's encoding. Registry path: the wire record → decoded and stored in the registry's
database (SQLite, and PostgreSQL when reachable) → the feed body it serves → applied on a
laptop by the raw pull upsert → read back through the ORM: the very value that left.

Foreign keys are not enforced here (a generated row points at parents that do not exist):
what is under test is each value's form, not the records' graph.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete, event, insert, select, text
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Role
from hdf_field.registry.sequence import load_rows
from hdf_field.storage.orm import Base
from hdf_field.sync import engine as sync_engine
from hdf_field.sync.outbox import max_rowid, record_inserted_rows
from hdf_field.sync.records import ENTITIES, ENTITY_ORDER, to_wire
from hdf_field.sync.schemas import RecordOut
from hdf_field.sync.tables import OutboxEntry
from tests.integration.sync.conftest import PG_URL, Registry, _pg_available
from tests.integration.sync.registry_http import caller, mutation
from tests.wire_strategies import rows

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _sqlite() -> Engine:
    """A laptop-shaped SQLite database (the ORM's tables) without the search index."""
    eng = create_engine("sqlite://")
    Base.metadata.create_all(eng)
    return eng


def _clear(eng: Engine) -> None:
    with eng.begin() as conn:
        for entity in reversed(ENTITY_ORDER):
            conn.execute(delete(ENTITIES[entity].table))
        conn.execute(delete(OutboxEntry.__table__))  # type: ignore[arg-type]


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    """The row as wire values: comparisons that ignore the time zone a datetime was
    written in (every end keeps UTC) and nothing else."""
    return {k: to_wire(v) for k, v in row.items()}


def _read_back(eng: Engine, entity: str, record_id: uuid.UUID) -> dict[str, Any]:
    espec = ENTITIES[entity]
    with Session(eng) as s:
        obj = s.get(espec.model, record_id)
        assert obj is not None
        return {c.name: getattr(obj, c.name) for c in espec.table.columns}


def _assert_same_values(entity: str, got: dict[str, Any], want: dict[str, Any]) -> None:
    for name, value in want.items():
        assert got[name] == value, f"{entity}.{name}: {got[name]!r} != {value!r}"


@pytest.fixture(scope="module")
def laptop() -> Iterator[Engine]:
    eng = _sqlite()
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def other_laptop() -> Iterator[Engine]:
    eng = _sqlite()
    yield eng
    eng.dispose()


@pytest.mark.parametrize("entity", ENTITY_ORDER)
@SETTINGS
@given(data=st.data())
def test_laptop_path_value_sqlite_outbox(entity: str, laptop: Engine, data: Any) -> None:
    """Value → SQLite through the ORM → the outbox's wire value, by the session listener and
    by the importers' SQL: both are the codec's encoding, field by field."""
    espec = ENTITIES[entity]
    row = data.draw(rows(entity))
    _clear(laptop)
    with Session(laptop) as s:
        mark = max_rowid(s.connection(), entity)
        s.add(espec.model(**row))
        s.commit()
    with laptop.begin() as conn:
        assert record_inserted_rows(conn, entity, mark) == 1
    with Session(laptop) as s:
        by_orm, by_sql = (e.changes for e in s.scalars(select(OutboxEntry).order_by("seq")))
    want = {f: [None, espec.encode(f, v)] for f in espec.fields if (v := row[f]) is not None}
    assert by_orm == want
    assert by_sql == want  # JSON text built by SQLite from the stored values
    # And what the ORM reads back encodes to the same wire row.
    back = _read_back(laptop, entity, row["id"])
    for f in espec.fields:
        assert espec.encode(f, back[f]) == espec.encode(f, row[f]), f


def _registry_round_trip(registry: Engine, lap: Engine, entity: str, row: dict[str, Any]) -> None:
    """Wire → registry storage → feed body → laptop row, as a push then a pull carry it."""
    espec = ENTITIES[entity]
    sent = json.loads(json.dumps(espec.encode_row(row)))  # what a laptop pushes
    decoded = {name: espec.decode(name, value, checked=False) for name, value in sent.items()}
    with registry.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # no FK checks
        conn.execute(insert(espec.table), [decoded])
    with registry.connect() as conn:
        (stored,) = load_rows(conn, entity, [row["id"]])
    body = espec.wire_record(stored)  # the feed's body for this record
    record = RecordOut.model_validate_json(body)
    assert record.data == sent, "the registry serves back what it was sent"
    assert record.deleted == (row["deleted_at"] is not None)
    _clear(lap)
    with Session(lap) as s:
        sync_engine.mark_pulled_session(s)
        sync_engine.apply_records(s, [record])  # the raw SQLite upsert of a pull
        s.commit()
    back = _read_back(lap, entity, row["id"])
    _assert_same_values(entity, _stored(back), _stored(row))
    _assert_same_values(entity, back, {k: v for k, v in row.items() if not hasattr(v, "tzinfo")})
    # The loaders of the ORM path (a laptop on another dialect) give the same values.
    assert sync_engine.decode_record(record) == row


@pytest.mark.parametrize("entity", ENTITY_ORDER)
@SETTINGS
@given(data=st.data())
def test_registry_path_sqlite(entity: str, laptop: Engine, other_laptop: Engine, data: Any) -> None:
    row = data.draw(rows(entity))
    _clear(other_laptop)
    _registry_round_trip(other_laptop, laptop, entity, row)


@pytest.fixture(scope="module")
def pg_registry() -> Iterator[Engine]:
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    schema = f"wire_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    eng = create_engine(f"{PG_URL}?options=-csearch_path%3D{schema}")

    @event.listens_for(eng, "connect")
    def _utc(dbapi_conn: Any, _rec: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'Europe/Paris'")  # the server's zone must not matter

    Base.metadata.create_all(eng)
    yield eng
    eng.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("entity", ENTITY_ORDER)
@SETTINGS
@given(data=st.data())
def test_registry_path_postgresql(
    entity: str, pg_registry: Engine, laptop: Engine, data: Any
) -> None:
    row = data.draw(rows(entity))
    _clear(pg_registry)
    _registry_round_trip(pg_registry, laptop, entity, row)


def _hostile_cases() -> list[tuple[str, str, Any]]:
    from tests.unit.sync.test_codec import _hostile

    return [
        (entity, name, value)
        for entity in ENTITY_ORDER
        for name in ENTITIES[entity].fields
        for value in _hostile(ENTITIES[entity].table.c[name])
        if _is_json(value)
    ]


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (ValueError, RecursionError):
        return False
    return True


def test_hostile_wire_values_pushed_are_refused_naming_the_field(
    sqlite_registry: Registry,
) -> None:
    """Every field of every entity, over HTTP: a 422 naming the mutation's field, nothing
    stored, whatever else the mutation holds."""
    chef = caller(sqlite_registry, "chef@hdf.fr", Role.MANAGER)
    sent: dict[str, list[uuid.UUID]] = {}
    for entity, name, value in _hostile_cases():
        rid = uuid.uuid4()
        sent.setdefault(entity, []).append(rid)
        m = mutation(entity, rid, **{name: value})
        resp = chef.push(m)
        assert resp.status_code == 422, (entity, name, value, resp.text)
        where = resp.json()["field"].removeprefix(f"mutations[0].changes.{name}")
        assert where in ("", "[1]") or where.startswith(("[1][", "[1].")), (entity, name, resp.text)
        assert "\n" not in resp.json()["detail"]
    with sqlite_registry.db.engine.connect() as conn:
        for entity, ids in sent.items():
            assert load_rows(conn, entity, ids) == [], entity
