"""One import request from a screen: dispatch, cancel, mapping file plus tags, history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from tests.imports_support import sirene_row


def test_a_sirene_request_is_recorded_in_the_history(
    db: Database, write_sirene: Any
) -> None:
    from hdf_field.services.imports import SireneRequest, import_history, run_import

    path = write_sirene([sirene_row(1), sirene_row(2)])
    outcome = run_import(db, SireneRequest(path), actor="test")
    assert outcome.report is not None and outcome.report.created == 2
    assert not outcome.cancelled and outcome.demo_removed == 0
    run_import(db, SireneRequest(path), actor="test")
    history = import_history(db)
    assert [(h.kind, h.created, h.updated) for h in history] == [("sirene", 0, 2), ("sirene", 2, 0)]
    assert history[0].source == str(path)


def test_a_cancelled_request_writes_nothing_not_even_history(
    db: Database, write_sirene: Any
) -> None:
    from hdf_field.services.imports import SireneRequest, import_history, run_import

    path = write_sirene([sirene_row(1)])
    outcome = run_import(db, SireneRequest(path), cancel=lambda: True)
    assert outcome.cancelled and outcome.report is None
    assert import_history(db) == []
    with db.session() as s:
        assert s.scalars(select(Organisation).where(Organisation.source == "sirene")).all() == []


def test_a_mapping_file_gets_the_tags_typed_on_screen(db: Database, tmp_path: Path) -> None:
    from hdf_field.services.imports import ListRequest, run_import

    (tmp_path / "map.json").write_text(
        json.dumps({"columns": {"Nom": "name", "CP": "postal_code"},
                    "defaults": {"tags": ["pôle-x"]}}),
        encoding="utf-8",
    )
    (tmp_path / "liste.csv").write_text("Nom;CP\nFonderie Picarde;80000\n", encoding="utf-8")
    outcome = run_import(
        db,
        ListRequest(tmp_path / "liste.csv", mapping_file=tmp_path / "map.json", tags=("salon",)),
    )
    assert outcome.report is not None and outcome.report.created == 1
    with db.session() as s:
        org = s.scalars(select(Organisation).where(Organisation.name == "Fonderie Picarde")).one()
        assert org.tags == ["pôle-x", "salon"] and org.departement == "80"
