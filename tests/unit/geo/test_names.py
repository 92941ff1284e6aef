"""Place-name normalisation."""

from __future__ import annotations

import pytest

from hdf_field.geo.geocoding import normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Saint-Quentin", "saint quentin"),
        ("ST QUENTIN", "saint quentin"),
        ("St-Quentin Cedex 2", "saint quentin"),
        ("Ste-Geneviève", "sainte genevieve"),
        ("Compiègne", "compiegne"),
        ("Boulogne-sur-Mer", "boulogne sur mer"),
        ("Boulogne s/ Mer", "boulogne sur mer"),
        ("Quesnoy (Le)", "le quesnoy"),
        ("Abergement-Clémenciat (L')", "l abergement clemenciat"),
        ("L’Abergement-Clémenciat", "l abergement clemenciat"),
        ("Villeneuve-d'Ascq", "villeneuve d ascq"),
        ("  LILLE  CEDEX ", "lille"),
        ("Cœuvres-et-Valsery", "coeuvres et valsery"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_saint_inside_a_word_is_left_alone() -> None:
    assert normalize_name("Stella-Plage") == "stella plage"
