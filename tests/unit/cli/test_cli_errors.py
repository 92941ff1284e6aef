"""Usage mistakes are bad input like any other: one line on stderr, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.cli import main

MISTAKES = (
    ["org", "show"],
    ["geo", "locate", "--lambert93", "abc", "1"],
    ["stats", "--bogus"],
    ["nosuchcommand"],
    ["demo", "--prospects", "x"],
    ["import", "kbo", "some-dir"],
)


@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_usage_mistakes_are_one_line_errors(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "error:" in err[0] and "--help" in err[0]


def test_help_is_still_the_full_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["org", "show", "--help"])
    assert exit_info.value.code == 0
    assert "ID|SIRET" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fr", "hdf-field\u00a0: erreur\u00a0: --weeks va de 1 à 26"),
        ("en", "hdf-field: error: --weeks must be between 1 and 26"),
    ],
)
def test_the_error_prefix_is_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, line: str
) -> None:
    """A French run used to say "hdf-field: error: --weeks va de 1 à 26"; the exit code and the
    line's shape (one line, starting with hdf-field) are what scripts read, and they stay."""
    argv = ["plan", "campaign", "--db", str(tmp_path / "a.sqlite"), "--start", "2026-01-05"]
    assert main([*argv, "--weeks", "30", "--lang", lang]) == 2
    assert capsys.readouterr().err.splitlines() == [line]


def test_the_error_prefix_is_french_by_default_with_its_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Named "french": the CLI tests' fixture leaves $HDF_FIELD_LANG unset, as on a new laptop.
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_text("this is not sqlite")
    assert main(["stats", "--db", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("hdf-field\u00a0: erreur\u00a0: "), err
    assert "error:" not in err[0]


def test_the_language_option_wins_over_the_variable_for_the_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HDF_FIELD_LANG", "en")
    argv = ["contact", "export", "00000000-0000-0000-0000-000000000001", "--lang", "fr"]
    db = tmp_path / "a.sqlite"
    assert main(["demo", "--db", str(db), "--prospects", "10"]) == 0
    capsys.readouterr()
    # Not held: exit 1 (the contract of contact export), the line in French.
    assert main([*argv, "--db", str(db)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("hdf-field\u00a0: erreur\u00a0: "), err
