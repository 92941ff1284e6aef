"""Belgian border partners placed by postal code."""

from __future__ import annotations

import pytest

from hdf_field.domain.enums import GeoPrecision
from hdf_field.geo.belgium import clean_belgian_postcode, load_belgian_postcodes
from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.geo.geocoding import locate_belgian, locate_text, reverse


def test_every_province_along_the_border_is_covered() -> None:
    codes = load_belgian_postcodes().postcodes()
    assert len(codes) > 1_100
    assert sum(c.startswith("7") for c in codes) > 100  # Hainaut
    assert sum(c.startswith("8") for c in codes) > 90  # West Flanders


@pytest.mark.parametrize(
    ("postcode", "name", "commune", "lat", "lon"),
    [
        ("7500", "Tournai", "Tournai", 50.60, 3.39),
        ("8500", "Kortrijk", "Kortrijk", 50.83, 3.27),
        ("B-8500", "Courtrai", "Kortrijk", 50.83, 3.27),  # French name of a Flemish town
        ("7700", "Moeskroen", "Mouscron", 50.74, 3.22),  # Dutch name of a Walloon town
        ("7000", None, "Mons", 50.45, 3.95),
    ],
)
def test_locate_belgian(
    postcode: str, name: str | None, commune: str, lat: float, lon: float
) -> None:
    loc = locate_belgian(postcode, name)
    assert loc is not None
    assert (loc.commune, loc.country, loc.departement, loc.insee) == (commune, "BE", None, None)
    assert loc.precision is GeoPrecision.POSTCODE
    assert loc.postal_code == clean_belgian_postcode(postcode)
    assert loc.lat == pytest.approx(lat, abs=0.05) and loc.lon == pytest.approx(lon, abs=0.05)
    assert loc.score is None
    assert reverse(load_gazetteer(), loc.lat, loc.lon) is None  # really across the border


def test_points_placed_at_a_far_homonym_by_the_source_were_replaced() -> None:
    """The postcode source put 1910 Kampenhout at "Berg" near Hasselt, 64 km away."""
    loc = locate_belgian("1910", "Kampenhout")
    assert loc is not None and loc.commune == "Kampenhout"
    assert loc.lat == pytest.approx(50.94, abs=0.05) and loc.lon == pytest.approx(4.55, abs=0.08)


def test_a_shared_postcode_is_resolved_by_name() -> None:
    assert locate_belgian("1040", "Etterbeek").commune == "Etterbeek"  # type: ignore[union-attr]
    assert locate_belgian("1040", "Bruxelles").commune == "Bruxelles"  # type: ignore[union-attr]


def test_a_misspelt_name_keeps_the_postcode_point_with_a_score() -> None:
    loc = locate_belgian("7500", "Tournay")
    assert loc is not None and loc.commune == "Tournai"
    assert loc.score is not None and loc.score < 100


def test_unknown_or_malformed_postcodes_give_none() -> None:
    assert locate_belgian("9999", "Nulle part") is None
    assert locate_belgian("75000") is None
    assert locate_belgian("abcd") is None
    assert clean_belgian_postcode(" BE-7500 ") == "7500"


def test_free_text_with_a_belgian_postcode() -> None:
    gaz = load_gazetteer()
    assert locate_text(gaz, "7500 Tournai").country == "BE"  # type: ignore[union-attr]
    assert locate_text(gaz, "B-8500 Kortrijk").commune == "Kortrijk"  # type: ignore[union-attr]
