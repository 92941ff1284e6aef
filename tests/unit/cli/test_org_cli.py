from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from hdf_field.cli import main
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Organisation


@pytest.fixture
def demo_path(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["demo", "--db", str(db_path), "--prospects", "200", "--seed", "3", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["synthetic"] is True and summary["organisations"] == 200
    assert summary["officers"] == 12
    return db_path


def pick(db_path: Path, **where: object) -> Organisation:
    db = open_database(db_path)
    try:
        with db.session() as s:
            stmt = select(Organisation).where(Organisation.siret.is_not(None))
            for key, value in where.items():
                stmt = stmt.where(getattr(Organisation, key) == value)
            org = s.scalars(stmt.order_by(Organisation.id)).first()
            assert org is not None
            return org
    finally:
        db.dispose()


def test_demo_text_says_synthetic_and_refuses_second_run(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(demo_path), "--prospects", "20"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--force" in err[0]
    assert main(["demo", "--db", str(demo_path), "--prospects", "20", "--force"]) == 0
    assert "FICTIVES" in capsys.readouterr().out
    assert main(["stats", "--db", str(demo_path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["organisations"] == 20 and stats["officers"] == 12
    assert stats["visits"] > 0


def test_stats_after_demo(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", str(demo_path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["organisations"] == 200
    assert sum(stats["by_departement"].values()) + stats["by_area"]["Belgium"] == 200
    assert stats["by_area"]["ex-Picardie"] > 0 and stats["by_area"]["ex-Nord-Pas-de-Calais"] > 0


def test_org_show_json_keys_by_id_and_siret(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = pick(demo_path)
    for ref in (str(org.id), org.id.hex, org.siret):
        assert main(["org", "show", str(ref), "--db", str(demo_path), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert {"id", "siret", "name", "lat", "lon", "version"} <= set(data)
        assert data["id"] == str(org.id) and data["siret"] == org.siret


def test_org_show_card_is_french(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = pick(demo_path)
    assert main(["org", "show", org.id.hex, "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert org.name in out and "Adresse :" in out and "Orientation :" in out
    assert "démonstration fictive" in out


def test_org_set_prints_version_and_errors_in_one_line(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = pick(demo_path)
    args = [
        "org",
        "set",
        org.id.hex,
        "priority=3",
        "phone=+33 3 53 01 00 00",
        "--db",
        str(demo_path),
    ]
    assert main(args) == 0
    assert "version 2" in capsys.readouterr().out
    assert main([*args[:3], "email=broken", "--db", str(demo_path)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hdf-field: error: E-mail:")
    assert main([*args[:3], "priority", "--db", str(demo_path)]) != 0
    assert "FIELD=VALUE" in capsys.readouterr().err
    assert main(["org", "show", "nope", "--db", str(demo_path)]) != 0
    assert "no organisation" in capsys.readouterr().err


def test_orient_json_is_a_ranked_list_of_hints(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = pick(demo_path, kind="firm")
    assert main(["orient", str(org.siret), "--db", str(demo_path), "--json"]) == 0
    hints = json.loads(capsys.readouterr().out)
    assert isinstance(hints, list)
    for hint in hints:
        assert {
            "cluster_id",
            "cluster_name",
            "score",
            "site_name",
            "distance_km",
            "reasons",
        } <= set(hint)
    scores = [h["score"] for h in hints]
    assert scores == sorted(scores, reverse=True)
    assert main(["orient", str(org.siret), "--db", str(demo_path), "--lang", "en"]) == 0


def test_card_groups_days_with_the_same_hours() -> None:
    from hdf_field.cli.org import _hours

    morning = [["08:00", "12:00"]]
    assert _hours({"1": morning, "2": morning, "3": morning, "5": [["09:00", "12:00"]]}) == (
        "lun–mer 08:00–12:00 ; ven 09:00–12:00"
    )
    assert _hours(None) == "non renseignés"


def test_a_bad_reference_says_what_is_wrong_in_one_line(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    siret = pick(demo_path).siret
    assert siret is not None
    wrong_digit = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    cases = {
        wrong_digit: "fails its check digit",
        "12345": "neither an id nor a 14-digit SIRET",
        "00000000-0000-0000-0000-000000000000": "no organisation with id or SIRET",
    }
    for command in (["org", "show"], ["orient"], ["org", "set"]):
        for ref, expected in cases.items():
            extra = ["priority=1"] if command[-1] == "set" else []
            assert main([*command, ref, *extra, "--db", str(demo_path)]) == 2
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 1 and expected in err[0], (command, ref, err)


def test_reading_commands_refuse_a_database_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite3"
    for args in (["stats"], ["org", "show", "12345"], ["orient", "12345"],
                 ["org", "set", "12345", "priority=1"]):  # fmt: skip
        assert main([*args, "--db", str(missing), "--json"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "no such database" in err[0] and str(missing) in err[0]
    assert not missing.exists()
