"""A register import pauses the search index's triggers; the index must still be complete."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from hdf_field.domain.progress import Cancelled
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene import import_sirene
from hdf_field.services.prospects import ProspectFilter, search_prospects
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from tests.imports_support import SireneWriter, sirene_row
from tests.progress_support import cancelled


def test_imported_organisations_are_searchable_and_triggers_restored(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    rows = [sirene_row(1, denominationUsuelleEtablissement="Chaudronnerie Wattrelosienne")]
    rows += [sirene_row(n) for n in range(2, 30)]
    report = import_sirene(db, write_sirene(rows), places=places)
    assert report.created == 29
    with db.engine.connect() as conn:
        assert search_index.is_healthy(conn)
    with db.session() as s:
        hits = search_prospects(s, ProspectFilter(text="wattrelos"))
    assert [h.name for h in hits] == ["Chaudronnerie Wattrelosienne"]


def test_a_cancelled_import_leaves_the_triggers_in_place(
    db: Database, write_sirene: SireneWriter, places: GazetteerPlaces
) -> None:
    path = write_sirene([sirene_row(n) for n in range(1, 20)])
    with pytest.raises(Cancelled):
        import_sirene(db, path, places=places, cancel=cancelled())
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert set(search_index.TRIGGERS) <= names
        assert search_index.is_healthy(conn)
