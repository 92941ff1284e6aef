"""``hdf-field contact add|set|list|export``: the documented contract, through ``main``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hdf_field.cli import main
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

SIRET = "73282932000074"


@pytest.fixture
def org_db(db_path: Path) -> Path:
    db = open_database(db_path)
    try:
        with UnitOfWork(db) as uow:
            uow.session.add(Organisation(name="Forges du Nord", siret=SIRET, departement="59"))
            uow.commit()
    finally:
        db.dispose()
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_set_list_export(
    org_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(org_db)
    code, out, _ = run(
        capsys,
        "contact",
        "add",
        SIRET,
        "--db",
        db,
        "--last-name",
        "Lefèvre",
        "--first-name",
        "Anne",
        "--email",
        "anne@forges.example",
        "--legal-basis",
        "consent",
        "--source",
        "event",
        "--informed-at",
        "2026-11-02",
        "--json",
    )
    assert code == 0
    added = json.loads(out)
    assert added["consent_date"] == date.today().isoformat()  # consent without a date: today
    assert (added["source"], added["informed_at"], added["objection"]) == (
        "event",
        "2026-11-02",
        False,
    )
    cid = added["id"]

    code, out, _ = run(
        capsys, "contact", "set", cid, "objection=oui", "role=DAF", "--db", db, "--json"
    )
    assert code == 0
    changed = json.loads(out)
    assert changed["objection"] is True and changed["objection_date"] == date.today().isoformat()
    assert changed["role"] == "DAF" and changed["version"] == 2

    code, out, _ = run(capsys, "contact", "list", SIRET, "--db", db)
    assert code == 0 and "NE PLUS CONTACTER" in out and "Lefèvre" in out
    code, out, _ = run(capsys, "contact", "list", SIRET, "--db", db, "--json")
    assert [c["id"] for c in json.loads(out)] == [cid]

    code, out, _ = run(
        capsys, "contact", "export", cid, "--db", db, "--json", "--drafts", str(tmp_path / "none")
    )
    assert code == 0
    held = json.loads(out)
    assert held["contact"]["id"] == cid and held["organisation"]["siret"] == SIRET
    assert set(held) >= {"visits", "follow_ups", "drafts", "outbox", "conflicts"}

    pdf = tmp_path / "acces.pdf"
    code, _, _ = run(
        capsys,
        "contact",
        "export",
        cid,
        "--db",
        db,
        "--pdf",
        str(pdf),
        "--drafts",
        str(tmp_path / "none"),
    )
    assert code == 0
    text = " ".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert "Anne Lefèvre" in text and "Ne plus contacter" in text


def test_set_is_all_or_nothing(org_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(org_db)
    _, out, _ = run(
        capsys,
        "contact",
        "add",
        SIRET,
        "--db",
        db,
        "--last-name",
        "Morel",
        "--role",
        "DRH",
        "--json",
    )
    cid = json.loads(out)["id"]
    code, _, err = run(
        capsys, "contact", "set", cid, "role=PDG", "informed_at=2999-01-01", "--db", db
    )
    assert code == 2
    assert err.strip().count("\n") == 0 and "Informed on" in err
    _, out, _ = run(capsys, "contact", "list", SIRET, "--db", db, "--json")
    [row] = json.loads(out)
    assert row["role"] == "DRH" and row["version"] == 1 and row["informed_at"] is None


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["contact", "add", SIRET, "--last-name", "X", "--source", "other"], "Data source detail"),
        (["contact", "add", SIRET, "--last-name", "X", "--consent-date", "demain"], "Consent date"),
        (["contact", "add", "00000000000000", "--last-name", "X"], "no organisation"),
        (["contact", "set", "not-an-id", "role=x"], "no contact"),
        (["contact", "set", "00000000-0000-0000-0000-000000000001", "role"], "FIELD=VALUE"),
    ],
)
def test_bad_input_is_one_line(
    org_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, _, err = run(capsys, *argv, "--db", str(org_db))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_export_of_a_person_not_held_exits_1(
    org_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "contact",
        "export",
        "00000000-0000-0000-0000-000000000001",
        "--db",
        str(org_db),
        "--json",
    )
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "no contact" in err


def test_org_show_flags_a_person_who_objected(
    org_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(org_db)
    _, out, _ = run(
        capsys, "contact", "add", SIRET, "--db", db, "--last-name", "Morel", "--objection", "--json"
    )
    assert json.loads(out)["objection_date"] == date.today().isoformat()
    code, out, _ = run(capsys, "org", "show", SIRET, "--db", db)
    assert code == 0
    [line] = [ln for ln in out.splitlines() if "Morel" in ln]
    assert line.endswith("[ne plus contacter]")
