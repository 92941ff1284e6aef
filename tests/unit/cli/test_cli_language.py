"""The CLI speaks French by default and English on request, errors included (issue 12 item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.cli import main


def _sirene_without_siret(tmp_path: Path) -> Path:
    path = tmp_path / "stock.csv"
    path.write_text("siren,nic\n123456789,00011\n", encoding="utf-8")
    return path


def test_errors_in_french_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _sirene_without_siret(tmp_path)
    assert main(["import", "sirene", str(path), "--db", str(tmp_path / "a.sqlite")]) != 0
    err = capsys.readouterr().err.strip()
    assert "ce n'est pas un CSV SIRENE StockEtablissement" in err, err
    assert "not a" not in err and "column" not in err


def test_errors_in_english_with_lang_en_french_env(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _sirene_without_siret(tmp_path)
    argv = ["import", "sirene", str(path), "--db", str(tmp_path / "a.sqlite"), "--lang", "en"]
    assert main(argv) != 0
    err = capsys.readouterr().err.strip()
    assert "not a SIRENE StockEtablissement CSV (no 'siret' column" in err, err
