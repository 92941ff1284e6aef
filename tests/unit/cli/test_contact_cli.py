"""``hdf-field contact add|set|list|export``: the documented contract, through ``main``."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hdf_field.cli import main
from hdf_field.services.protected_files import open_protected
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

    # --pdf OUT: the PDF and the JSON in an AES-256 ZIP, its passphrase once on stderr only.
    pdf = tmp_path / "acces.pdf"
    code, out, err = run(
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
    archive = tmp_path / "acces.zip"
    assert str(archive) in out and not pdf.exists()
    [passphrase] = re.findall(r"[a-z2-9]{5}(?:-[a-z2-9]{5}){3}", err)
    assert passphrase not in out
    raw = archive.read_bytes()
    assert b"Lef" not in raw and b"anne@forges" not in raw
    inside = open_protected(archive, passphrase)
    assert json.loads(inside["acces.json"])["contact"]["id"] == cid
    (tmp_path / "opened.pdf").write_bytes(inside["acces.pdf"])
    text = " ".join(p.extract_text() or "" for p in PdfReader(tmp_path / "opened.pdf").pages)
    assert "Anne Lefèvre" in text and "Ne plus contacter" in text


@pytest.fixture
def person(org_db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    _, out, _ = run(
        capsys,
        "contact",
        "add",
        SIRET,
        "--db",
        str(org_db),
        "--last-name",
        "Quenouillard",
        "--email",
        "zoe@forges.example",
        "--json",
    )
    return str(json.loads(out)["id"])


def test_export_json_says_encrypted_and_where_never_the_passphrase(
    org_db: Path, person: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    given = tmp_path / "pass.txt"
    given.write_text("a passphrase of our own\n", encoding="utf-8")
    out_zip = tmp_path / "export.zip"
    argv = ["contact", "export", person, "--db", str(org_db), "--pdf", str(out_zip), "--json"]
    code, out, err = run(capsys, *argv, "--passphrase-file", str(given))
    assert code == 0 and err == ""  # the user knows their passphrase: nothing printed
    said = json.loads(out)
    assert said == {
        "pdf": str(out_zip),
        "file": str(out_zip),
        "encrypted": True,
        "format": "zip-aes256",
        "members": ["export.pdf", "export.json"],
        "passphrase_source": "file",
    }
    assert (
        json.loads(open_protected(out_zip, "a passphrase of our own")["export.json"])["contact"][
            "last_name"
        ]
        == "Quenouillard"
    )

    code, out, err = run(capsys, *argv)  # generated: on stderr, not in the JSON
    said = json.loads(out)
    assert said["passphrase_source"] == "generated" and "passphrase" not in said
    [generated] = re.findall(r"[a-z2-9]{5}(?:-[a-z2-9]{5}){3}", err)
    assert generated not in out
    open_protected(out_zip, generated)

    code, out, err = run(capsys, *argv, "--show-passphrase")  # asked for: in the JSON too
    said = json.loads(out)
    assert said["passphrase"] in err
    open_protected(out_zip, said["passphrase"])


def test_export_passphrase_from_stdin(
    org_db: Path,
    person: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("piped passphrase 123\n"))
    out_zip = tmp_path / "e.zip"
    code, out, _ = run(
        capsys, "contact", "export", person, "--db", str(org_db), "--pdf", str(out_zip),
        "--passphrase-file", "-", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["passphrase_source"] == "stdin"
    assert open_protected(out_zip, "piped passphrase 123")


def test_export_plain_is_explicit_and_warns(
    org_db: Path, person: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "acces.pdf"
    code, out, err = run(
        capsys, "contact", "export", person, "--db", str(org_db), "--pdf", str(pdf), "--plain",
        "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {
        "pdf": str(pdf),
        "file": str(pdf),
        "encrypted": False,
        "format": "pdf",
        "members": ["acces.pdf"],
        "passphrase_source": "none",
    }
    assert "warning" in err and "NOT encrypted" in err and str(pdf) in err
    assert "Quenouillard" in " ".join(p.extract_text() or "" for p in PdfReader(pdf).pages)


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--plain"], "go with --pdf OUT"),
        (["--pdf", "x.zip", "--show-passphrase"], "--json"),
        (["--pdf", "x.zip", "--passphrase-file", "/nonexistent/p"], "/nonexistent/p"),
    ],
)
def test_export_refuses_options_that_make_no_sense(
    org_db: Path, person: str, capsys: pytest.CaptureFixture[str], extra: list[str], needle: str
) -> None:
    code, _, err = run(capsys, "contact", "export", person, "--db", str(org_db), *extra)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1


def test_export_plain_and_a_passphrase_exclude_each_other(
    org_db: Path, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):  # argparse's own refusal
        main(["contact", "export", person, "--db", str(org_db), "--pdf", "x.zip", "--plain",
              "--passphrase-file", "p"])  # fmt: skip
    assert "not allowed with" in capsys.readouterr().err


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
