"""Errors carry a code and parameters and render wholly in one language (issue 12 item 8)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from hdf_field.domain import validation
from hdf_field.domain.error_messages import TEMPLATES, reason, render, template_text
from hdf_field.domain.errors import InputFileError, ValidationError
from hdf_field.domain.glossary import FIELD

# English words that must never appear in a French sentence, and French ones in English.
ENGLISH_WORDS = re.compile(
    r"\b(must|not|empty|digits|has|have|got|expected|only|the|a|an|no|column|file|"
    r"between|at most|given|unknown|allowed|is|in|and)\b"
)
FRENCH_WORDS = re.compile(
    r"\b(doit|chiffres|compte|attendu|attendue|pas|vide|fichier|colonne|valeur|entre|"
    r"au plus|saisis|inconnue|le|la|les|un|une|est|des)\b|[éèàùç]"
)
SAMPLE = {
    "value": "x",
    "max": 1000,
    "given": 1200,
    "char": "0007",
    "pos": 3,
    "type": "int",
    "scheme": "ftp",
    "allowed": "X, Y",
    "low": 0,
    "high": 9,
    "bound": "90",
    "detail": "d",
    "path": "f.csv",
    "what": "a SIRENE StockEtablissement CSV",
    "columns": "siren",
    "other": "o",
    "field": "x",
    "reason": "x",
    "column": "C",
    # sync, registry, planning and archive messages
    "author": "x",
    "chunk": 2,
    "count": 3,
    "email": "x",
    "end": "08:00",
    "entity": "x",
    "error": "x",
    "found": "x",
    "id": "x",
    "index": 4,
    "kind": "7",
    "known": "X, Y",
    "limit": "1e+15",
    "line": 12,
    "member": "x",
    "message": "x",
    "min": 8,
    "missing": "x",
    "more": "",
    "name": "x",
    "needs": "x",
    "other_server": "x",
    "ours": 1,
    "owner": "x",
    "package": "x",
    "problem": "x",
    "ratio": "120",
    "record": "x",
    "row": 5,
    "server": "x",
    "size": 4096,
    "solver": "X",
    "start": "09:00",
    "status": "422",
    "theirs": 2,
    "where": "x",
    "members": "x",
    "passphrase": "x",
    "length": 12,
    "damage": "x",
    "seconds": 30,
}


def _params(template: str) -> dict[str, object]:
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    return {n: SAMPLE[n] for n in names}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_code_has_both_templates_with_the_same_parameters(code: str) -> None:
    fr, en = TEMPLATES[code]
    assert fr.strip() and en.strip()
    assert _params(fr).keys() == _params(en).keys(), code


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_language_is_whole(code: str) -> None:
    params = _params(TEMPLATES[code][0])
    fr = template_text(code, params, "fr")
    en = template_text(code, params, "en")
    # Quoted values and codes (SIRET, NAF, INSEE, x) aside, no word of the other language.
    # French "a" (has) is a word of its own: "n'a pas", "a été", "a besoin"…
    french_a = re.sub(r"\b(?:n'a|l'a|a (?:été|besoin|changé|refusé|un))\b", "", fr)
    # Command-line options (--passphrase-file) are names, not words of either language.
    french_a = re.sub(r"--[\w-]+", "", french_a)
    en = re.sub(r"--[\w-]+", "", en)
    assert not ENGLISH_WORDS.search(french_a.replace("'x'", "")), fr
    assert not FRENCH_WORDS.search(en.replace("Département", "")), en
    assert "(s)" not in fr and "(e)" not in fr


FORMERLY_MIXED = [
    (
        lambda: validation.required_text("name", 10)(""),
        "Raison sociale\u00a0: ne doit pas être vide",
        "Name: must not be empty",
    ),
    (
        lambda: validation.validate_postal_code("5900"),
        "un code postal français compte 5 chiffres",
        "a French postal code has 5 digits",
    ),
    (
        lambda: validation.validate_siret("12345678901234"),
        "la clé de contrôle",
        "fails its check digit",
    ),
    (
        lambda: validation.validate_email("x@"),
        "E-mail\u00a0: adresse e-mail invalide",
        "E-mail: not a valid e-mail address",
    ),
    (
        lambda: validation.validate_phone("12"),
        "Téléphone\u00a0: numéro de téléphone invalide",
        "Phone: not a phone number",
    ),
]


@pytest.mark.parametrize(("fails", "fr", "en"), FORMERLY_MIXED)
def test_formerly_mixed_messages(fails, fr: str, en: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        fails()
    assert fr in render(info.value, "fr")
    assert en in render(info.value, "en")
    assert info.value.code is not None


def test_sirene_header_error_in_both_languages(tmp_path: Path) -> None:
    from hdf_field.imports.sirene import _Columns

    with pytest.raises(InputFileError) as info:
        _Columns(tmp_path / "stock.csv", ["siren", "nic"])
    fr = render(info.value, "fr")
    assert "ce n'est pas un CSV SIRENE StockEtablissement" in fr
    assert "« siret »" in fr and "not" not in fr
    assert "not a SIRENE StockEtablissement CSV (no 'siret' column" in render(info.value, "en")
    assert str(info.value) == render(info.value, "en")  # logs and the registry stay English


def test_field_names_follow_the_language() -> None:
    exc = ValidationError("postal_code", code="postal_code.fr", params={"value": "1"})
    assert render(exc, "fr").startswith("Code postal\u00a0: ")
    assert render(exc, "en").startswith("Postal code: ")
    assert reason(exc, "fr") == "un code postal français compte 5 chiffres : '1'"
    assert "departement" in FIELD and FIELD["departement"][1] == "Department"


def test_numbers_in_messages_follow_the_language() -> None:
    exc = ValidationError("notes", code="text.too_long", params={"max": 4000, "given": 4100})
    assert reason(exc, "fr") == "4\u202f000 caractères au plus (4\u202f100 saisis)"
    assert reason(exc, "en") == "at most 4,000 characters (4,100 given)"


def test_uncoded_errors_keep_their_text_and_unknown_codes_show_themselves() -> None:
    assert (
        render(ValidationError("name", "legacy words"), "fr")
        == "Raison sociale\u00a0: legacy words"
    )
    assert template_text("from.the.future", {"a": 1}, "fr") == "from.the.future (a=1)"
