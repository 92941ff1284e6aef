"""A push batch reads its records' rows at once and writes its answers and audit once
(issue 15): the merge must still see, for every mutation, the record as the batch left it,
and a change the database refuses must still be undone alone."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from hdf_field.domain.enums import Role
from hdf_field.registry.apply import push
from hdf_field.registry.auth import principal_for_token
from hdf_field.registry.tables import AppliedMutation, AuditEntry
from hdf_field.storage.orm import Organisation
from hdf_field.sync.schemas import MutationIn
from tests.integration.sync.conftest import Registry

SIRET = "73282932000074"
OTHER_SIRET = "55210055400013"


def creation(record_id: uuid.UUID, **fields: Any) -> MutationIn:
    return MutationIn(
        mutation_id=uuid.uuid4(),
        entity="organisation",
        record_id=record_id,
        base_version=0,
        changes={k: (None, v) for k, v in fields.items()},
    )


def change(record_id: uuid.UUID, version: int, **fields: tuple[Any, Any]) -> MutationIn:
    return MutationIn(
        mutation_id=uuid.uuid4(),
        entity="organisation",
        record_id=record_id,
        base_version=version,
        changes=fields,
    )


def test_a_change_after_an_adoption_in_the_same_batch_sees_the_adopted_values(
    registry: Registry,
) -> None:
    token = registry.user("chef@hdf.fr", Role.MANAGER)
    known = uuid.uuid4()
    with registry.db.session_factory() as s:
        chef = principal_for_token(s, token)
        push(s, chef, [creation(known, name="ACME", siret=SIRET, departement="59")])
        s.commit()
        # A laptop created the same establishment (adopted: its website fills the registry's
        # empty one), then, in the same batch, changed the registry's record from empty.
        results = push(
            s,
            chef,
            [
                creation(uuid.uuid4(), name="ACME", siret=SIRET, website="https://a.example"),
                change(known, 1, website=(None, "https://b.example")),
            ],
        )
        s.commit()
        websites = [tuple(r) for r in s.execute(select(Organisation.id, Organisation.website))]
    assert websites == [(known, "https://a.example")]  # adopted: no second organisation
    assert results[1].status == "conflict"
    assert [(c.field, c.mine, c.theirs) for c in results[1].conflicts] == [
        ("website", "https://b.example", "https://a.example")
    ]


def test_a_refused_change_is_undone_alone_and_every_answer_is_kept(
    registry: Registry,
) -> None:
    token = registry.user("chef@hdf.fr", Role.MANAGER)
    first, second = uuid.uuid4(), uuid.uuid4()
    with registry.db.session_factory() as s:
        chef = principal_for_token(s, token)
        push(
            s,
            chef,
            [
                creation(first, name="Alpha", siret=SIRET, departement="59"),
                creation(second, name="Beta", siret=OTHER_SIRET, departement="62"),
            ],
        )
        s.commit()
        batch = [
            change(first, 1, notes=(None, "seen")),  # needs no savepoint
            change(second, 1, siret=(OTHER_SIRET, SIRET), notes=(None, "dup")),  # refused
            change(second, 1, priority=(1, 3)),
        ]
        results = push(s, chef, batch)
        s.commit()
        rows = {
            o.id: (o.notes, o.siret, o.priority, o.version)
            for o in s.scalars(select(Organisation).where(Organisation.id.in_([first, second])))
        }
        answers = {
            m.mutation_id: m.status
            for m in s.scalars(
                select(AppliedMutation).where(
                    AppliedMutation.mutation_id.in_([m.mutation_id for m in batch])
                )
            )
        }
        audited = sorted(
            (str(a.mutation_id), a.action)
            for a in s.scalars(
                select(AuditEntry).where(AuditEntry.mutation_id.in_([m.mutation_id for m in batch]))
            )
        )
        replay = push(s, chef, batch)
        s.commit()
    assert [r.status for r in results] == ["applied", "rejected", "applied"]
    assert results[1].conflicts[0].field == "*"
    assert rows[first] == ("seen", SIRET, 1, 2)
    assert rows[second] == (None, OTHER_SIRET, 3, 2)  # the refused change left nothing
    assert answers == {m.mutation_id: r.status for m, r in zip(batch, results, strict=True)}
    assert audited == sorted(
        [
            (str(batch[0].mutation_id), "applied"),
            (str(batch[1].mutation_id), "rejected"),
            (str(batch[2].mutation_id), "applied"),
        ]
    )
    assert [r.duplicate for r in replay] == [True, True, True]
    assert [r.status for r in replay] == [r.status for r in results]
