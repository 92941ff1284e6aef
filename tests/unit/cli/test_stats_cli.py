from __future__ import annotations

import json
from pathlib import Path

import pytest

from hdf_field.cli import main
from hdf_field.domain.enums import Area
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork


def test_stats_json_shape(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_path)
    with UnitOfWork(db) as uow:
        uow.session.add_all(
            [
                Organisation(name="A", departement="59", area=Area.NPDC),
                Organisation(name="B", departement="80", area=Area.PICARDIE),
                Organisation(name="C", departement="80", area=Area.PICARDIE),
            ]
        )
        uow.commit()
    db.dispose()
    assert main(["stats", "--db", str(db_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["organisations"] == 3
    assert data["by_departement"]["80"] == 2
    assert data["by_departement"]["02"] == 0
    assert data["by_area"] == {"ex-Nord-Pas-de-Calais": 1, "ex-Picardie": 2, "Belgium": 0}
    assert set(data) >= {"visits", "officers", "by_kind", "by_status"}


def test_bad_database_gives_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_text("this is not sqlite")
    assert main(["stats", "--db", str(bad)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hdf-field: error:")


def test_stats_text_names_codes_in_french(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON keeps the codes; the text a manager reads says Entreprise, Identifié, Belgique."""
    db = open_database(db_path)
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name="Tournai SA", area=Area.BELGIUM))
        uow.commit()
    db.dispose()
    assert main(["stats", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Entreprise" in out and "Identifié" in out and "Belgique" in out
    assert "firm" not in out and "identified" not in out and "Belgium" not in out
    assert "59 Nord" in out


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("fr", "Fédération des pôles", "Federation of the clusters"),
        ("en", "Federation of the clusters", "Fédération des pôles"),
    ],
)
def test_dashboard_pdf_in_the_asked_language(
    db_path: Path, tmp_path: Path, lang: str, expected: str, absent: str
) -> None:
    import io

    from pypdf import PdfReader

    target = tmp_path / f"dashboard-{lang}.pdf"
    assert main(["dashboard", str(target), "--db", str(db_path), "--no-map", "--lang", lang]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert expected in text and absent not in text
