"""A change the registry refuses outright is kept on the laptop as a conflict on field "*";
the conflicts screen gives the registry's reason in the user's language, from the code the
registry sent beside its English words, and the English words when it sent none it can trust."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import select

from hdf_field.services.sync_conflicts import open_conflicts
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.tables import LocalConflict
from tests.integration.sync.conftest import Laptop, Registry


def add_org(db: Database, **kw: Any) -> uuid.UUID:
    with UnitOfWork(db) as uow:
        org = Organisation(**{"name": "Acme", "departement": "59", **kw})
        uow.session.add(org)
        uow.commit()
        return org.id


def refused_reasons(db: Database, lang: str) -> list[Any]:
    return [i.theirs for i in open_conflicts(db, lang) if i.whole_record]


class Rewriting(httpx.BaseTransport):
    """The registry's transport, with each 403 answer's ``code`` and ``params`` replaced:
    a newer or hostile registry."""

    def __init__(self, inner: httpx.BaseTransport, code: Any, params: Any) -> None:
        self._inner, self._code, self._params = inner, code, params

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self._inner.handle_request(request)
        if resp.status_code != 403:
            return resp
        body = {**resp.json(), "code": self._code, "params": self._params}
        return httpx.Response(403, json=body, request=request)


def test_a_push_refused_out_of_scope_reads_in_the_users_language(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    lap = make_laptop(registry.user("nord@hdf.fr", territory=["59"]))
    outside = add_org(lap.db, name="Hors zone", departement="62")  # not the Nord
    lap.sync.run()
    with lap.db.session() as s:
        [row] = s.scalars(select(LocalConflict).where(LocalConflict.field == "*")).all()
    assert row.record_id == outside
    assert isinstance(row.theirs, dict) and "outside your scope" in row.theirs["reason"]
    assert (row.theirs["code"], row.theirs["params"]) == ("push.out_of_scope", {})
    assert refused_reasons(lap.db, "fr") == ["hors de votre périmètre"]
    assert refused_reasons(lap.db, "en") == ["outside your scope"]


def test_hostile_or_unknown_codes_fall_back_to_the_english_reason(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    officer = registry.user("nord@hdf.fr", territory=["59"])
    for code, params in (
        ("push.from_the_future", {}),  # a code this version lacks
        ("push.integrity", {"detail": "x" * 10_000}),  # past the bound on a parameter
        ("push.integrity", {"detail": ["not", "text"]}),
        ("push.out_of_scope", "not a mapping"),
        (["not", "a", "code"], {}),
    ):
        lap = make_laptop(officer, Rewriting(registry.transport(), code, params))
        add_org(lap.db, name="Hors zone", departement="62")
        lap.sync.run()
        with lap.db.session() as s:
            [row] = s.scalars(select(LocalConflict).where(LocalConflict.field == "*")).all()
        # Nothing it cannot trust is kept; the English reason is shown as it came.
        assert (row.theirs["code"], row.theirs["params"]) == (None, None), (code, params)
        [fr] = refused_reasons(lap.db, "fr")
        assert fr == row.theirs["reason"] and "outside your scope" in fr, (code, params)


def test_a_row_kept_before_codes_still_shows_its_words(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    lap = make_laptop(registry.user("nord@hdf.fr", territory=["59"]))
    org = add_org(lap.db, name="Ancienne")
    old = "sync failed (forbidden): HTTP 403: outside your scope: mutation(s) 1234"
    with UnitOfWork(lap.db) as uow:
        uow.session.add(
            LocalConflict(
                id=uuid.uuid4(),
                entity="organisation",
                record_id=org,
                field="*",
                base=None,
                mine={"name": "Ancienne"},
                theirs=old,
                author=None,
                status="open",
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()
    assert refused_reasons(lap.db, "fr") == [old]
    assert refused_reasons(lap.db, "en") == [old]
    # A row whose words are some other shape is shown as it is, not an error.
    with UnitOfWork(lap.db) as uow:
        row = uow.session.scalars(select(LocalConflict)).one()
        row.theirs = json.loads('{"reason": 12, "code": "push.out_of_scope"}')
        uow.commit()
    assert refused_reasons(lap.db, "fr") == [{"reason": 12, "code": "push.out_of_scope"}]


def test_a_refusal_the_registry_keeps_stays_coded_after_the_pull(
    registry: Registry, make_laptop: Callable[..., Laptop]
) -> None:
    """A change the registry refuses and keeps as its own conflict on "*" comes back at the
    pull with the English words only: the laptop keeps the code the push answer gave."""
    from hdf_field.sync.tables import OutboxEntry

    lap = make_laptop(registry.user("nord@hdf.fr", territory=["59"]))
    unknown = uuid.uuid4()
    with UnitOfWork(lap.db) as uow:  # a change to a contact the registry never had
        uow.session.add(
            OutboxEntry(entity="contact", record_id=unknown, changes={"first_name": [None, "Paul"]})
        )
        uow.commit()
    lap.sync.run()
    with lap.db.session() as s:
        [row] = s.scalars(select(LocalConflict).where(LocalConflict.field == "*")).all()
    assert isinstance(row.theirs, dict) and row.theirs["code"] == "push.incomplete"
    [fr] = refused_reasons(lap.db, "fr")
    assert fr.startswith(f"contact {unknown} inconnu du registre"), fr
    [en] = refused_reasons(lap.db, "en")
    assert en.startswith(f"unknown contact {unknown} and not a complete new record"), en
    # Pulled again from the start (a rebuilt cursor): still coded.
    with UnitOfWork(lap.db) as uow:
        from hdf_field.sync import engine

        engine.get_state(uow.session).cursor = 0
        uow.commit()
    lap.sync.run()
    assert refused_reasons(lap.db, "fr") == [fr]
