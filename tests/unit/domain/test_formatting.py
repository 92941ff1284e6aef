"""Numbers, plurals and name order per language (issue 12 item 9)."""

from __future__ import annotations

import pytest

from hdf_field.domain.formatting import (
    collation_key,
    count,
    is_plural,
    number,
    percent,
    plural,
    with_unit,
)

NNBSP = "\u202f"
NBSP = "\u00a0"


def test_thousands_and_decimals_per_language() -> None:
    assert number(7000, "fr") == f"7{NNBSP}000"
    assert number(7000, "en") == "7,000"
    assert number(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert number(14.4, "fr", 1) == "14,4"
    assert number(14.4, "en", 1) == "14.4"
    assert number(-0.04, "fr", 1) == "0,0"
    assert with_unit(14.44, "s", "fr", 1) == f"14,4{NBSP}s"
    assert percent(0.456, "fr") == f"46{NBSP}%"
    assert percent(0.456, "en") == "46%"


def test_same_separator_as_qt() -> None:
    qtcore = pytest.importorskip("PySide6.QtCore")
    french = qtcore.QLocale(qtcore.QLocale.Language.French)
    english = qtcore.QLocale(qtcore.QLocale.Language.English)
    assert number(7000, "fr") == french.toString(7000)
    assert number(7000, "en") == english.toString(7000)
    assert number(14.4, "fr", 1) == french.toString(14.4, "f", 1)


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [(0, False, True), (1, False, False), (2, True, True), (7000, True, True)],
)
def test_plural_rules(n: int, fr: bool, en: bool) -> None:
    assert is_plural(n, "fr") is fr
    assert is_plural(n, "en") is en


def test_counts() -> None:
    assert count(0, "visite", "visites") == "0 visite"
    assert count(1, "visite", "visites") == "1 visite"
    assert count(7000, "organisation", "organisations") == f"7{NNBSP}000 organisations"
    assert count(0, "visit", "visits", "en") == "0 visits"
    assert plural(1, "visit", "visits", "en") == "visit"
    assert count(3, "{n} conflits", "{n} conflits") == "3 conflits"


def test_accented_names_sort_with_their_letter() -> None:
    names = ["Zefe", "École des mines", "Eiffage", "Œuvres sociales", "Oise Habitat", "éclat"]
    ordered = sorted(names, key=collation_key)
    assert ordered == [
        "éclat",
        "École des mines",
        "Eiffage",
        "Œuvres sociales",  # "oeuvres" < "oise"
        "Oise Habitat",
        "Zefe",
    ]
    assert collation_key(None) == ""
    assert collation_key("ÉLAN") == collation_key("elan")
