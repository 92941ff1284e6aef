"""One import request from a screen: dispatch, cancel, mapping file plus tags, history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from tests.imports_support import sirene_row
from tests.progress_support import cancelled


def test_a_sirene_request_is_recorded_in_the_history(db: Database, write_sirene: Any) -> None:
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
    outcome = run_import(db, SireneRequest(path), cancel=cancelled())
    assert outcome.cancelled and outcome.report is None
    assert import_history(db) == []
    with db.session() as s:
        assert s.scalars(select(Organisation).where(Organisation.source == "sirene")).all() == []


def test_a_mapping_file_gets_the_tags_typed_on_screen(db: Database, tmp_path: Path) -> None:
    from hdf_field.services.imports import ListRequest, run_import

    (tmp_path / "map.json").write_text(
        json.dumps(
            {"columns": {"Nom": "name", "CP": "postal_code"}, "defaults": {"tags": ["pôle-x"]}}
        ),
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


def test_list_headers_from_csv_and_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from hdf_field.domain.errors import InputFileError
    from hdf_field.services.imports import list_header

    (tmp_path / "a.csv").write_text("\ufeffNom;CP;Ville\nX;59000;Lille\n", encoding="utf-8")
    assert list_header(tmp_path / "a.csv") == ["Nom", "CP", "Ville"]
    book = Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(["Raison sociale", None, "SIRET"])
    sheet.append(["ACME", None, 55210055400013])
    book.save(tmp_path / "b.xlsx")
    assert list_header(tmp_path / "b.xlsx") == ["Raison sociale", "SIRET"]
    (tmp_path / "c.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(InputFileError, match="c.xlsx: not a readable XLSX workbook"):
        list_header(tmp_path / "c.xlsx")
