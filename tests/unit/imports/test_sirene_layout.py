"""The SIRENE column layout matches INSEE's published header exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.imports.sirene_layout import SIRENE_COLUMNS, layout_row


def test_columns_match_the_shared_header(shared_dir: Path) -> None:
    header = shared_dir / "data" / "formats" / "sirene_stock_etablissement_header.csv"
    assert tuple(header.read_text(encoding="utf-8").strip().split(",")) == SIRENE_COLUMNS
    assert len(SIRENE_COLUMNS) == 53


def test_layout_row_orders_and_refuses_unknown_columns() -> None:
    row = layout_row({"siret": "73282932000074", "siren": "732829320"})
    assert row[:3] == ["732829320", "", "73282932000074"] and len(row) == 53
    with pytest.raises(KeyError):
        layout_row({"raison_sociale": "x"})
