"""Sync bundles, planning, the registry's CLI and the KBO import answer in the CLI's language
(issue 12 item 8: the corners the last review found still English-only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.cli import main


def _run(argv: list[str], lang: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*argv, "--lang", lang]) != 0
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("fr", "ce n'est pas un paquet de synchronisation (trop court)", "not a"),
        ("en", "not a sync bundle (too short)", "paquet"),
    ],
)
def test_a_broken_bundle_is_refused_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str, foreign: str
) -> None:
    bundle = tmp_path / "reply.hdfb"
    bundle.write_bytes(b"HDF")
    argv = ["bundle", "import", str(bundle), "--db", str(tmp_path / "a.sqlite")]
    argv += ["--server", "https://registry.example.org", "--token", "t0k3n"]
    err = _run(argv, lang, capsys)
    assert expected in err and foreign not in err, err


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("fr", "chargé de mission 'nobody@example.org' introuvable", "not found"),
        ("en", "officer 'nobody@example.org' not found", "introuvable"),
    ],
)
def test_an_unknown_officer_is_named_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str, foreign: str
) -> None:
    argv = ["plan", "day", "--db", str(tmp_path / "a.sqlite"), "--officer", "nobody@example.org"]
    err = _run([*argv, "--date", "2026-01-06"], lang, capsys)
    assert expected in err and foreign not in err, err


@pytest.mark.parametrize(
    ("argv", "fr", "en"),
    [
        (
            ["plan", "campaign", "--db", "x.sqlite", "--start", "2026-01-05", "--weeks", "30"],
            "--weeks va de 1 à 26",
            "--weeks must be between 1 and 26",
        ),
        (
            ["registry", "contact", "erase", "not-an-id", "--db", "x.sqlite"],
            "'not-an-id' n'est pas un identifiant de contact",
            "'not-an-id' is not a contact id",
        ),
        (
            ["registry", "contact", "erase", "00000000-0000-0000-0000-000000000001"],
            "l'effacement est définitif : relancez avec --yes pour confirmer",
            "erasure cannot be undone: run again with --yes to confirm",
        ),
        (
            ["registry", "serve", "--db", "x.sqlite", "--certfile", "c.pem"],
            "--certfile et --keyfile vont ensemble",
            "--certfile and --keyfile go together",
        ),
        (
            ["registry", "serve", "--db", "x.sqlite", "--trusted-proxy", "10.0.0.300"],
            "--trusted-proxy : ce n'est pas une adresse IP : '10.0.0.300'",
            "--trusted-proxy: not an IP address: '10.0.0.300'",
        ),
    ],
)
def test_registry_commands_refuse_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], fr: str, en: str
) -> None:
    assert fr.replace(" :", "\u00a0:") in _run(argv, "fr", capsys).replace(" :", "\u00a0:")
    assert en in _run(argv, "en", capsys)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "--postcodes\u00a0: ce n'est pas une plage de codes postaux belges : '9000-1000'"),
        ("en", "--postcodes: not a Belgian postal code range: '9000-1000'"),
    ],
)
def test_kbo_postcodes_are_refused_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    argv = ["import", "kbo", str(tmp_path), "--db", str(tmp_path / "a.sqlite")]
    err = _run([*argv, "--postcodes", "9000-1000"], lang, capsys)
    assert expected.replace(" :", "\u00a0:") in err.replace(" :", "\u00a0:"), err


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("fr", "ce n'est pas un dossier KBO/BCE, il manque address.csv", "missing"),
        ("en", "not a KBO folder, missing address.csv", "manque"),
    ],
)
def test_a_kbo_folder_without_its_files_is_refused_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str, foreign: str
) -> None:
    folder = tmp_path / "kbo"
    folder.mkdir()
    argv = ["import", "kbo", str(folder), "--db", str(tmp_path / "a.sqlite")]
    err = _run([*argv, "--postcodes", "7500-7999"], lang, capsys)
    assert expected in err and foreign not in err, err
