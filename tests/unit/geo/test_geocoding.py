"""Geocoding against the real gazetteer: codes, names, fuzzy names, Lambert-93, reverse."""

from __future__ import annotations

import numpy as np
import pytest

from hdf_field.domain.enums import GeoPrecision
from hdf_field.domain.errors import ValidationError
from hdf_field.geo.gazetteer import Gazetteer, load_gazetteer
from hdf_field.geo.geocoding import (
    lambert93_to_wgs84,
    lambert93_to_wgs84_many,
    locate_commune,
    locate_insee,
    locate_lambert93,
    locate_text,
    reverse,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_locate_insee_gives_the_commune_point(gaz: Gazetteer) -> None:
    loc = locate_insee(gaz, "80021")
    assert loc is not None
    assert (loc.insee, loc.commune, loc.departement, loc.country) == ("80021", "Amiens", "80", "FR")
    assert loc.precision is GeoPrecision.COMMUNE
    assert loc.postal_code == "80000"
    assert loc.lat == pytest.approx(49.89, abs=0.02) and loc.lon == pytest.approx(2.30, abs=0.02)
    assert locate_insee(gaz, "75056") is None


@pytest.mark.parametrize(
    ("postal_code", "name", "insee"),
    [
        (None, "st quentin", "02691"),
        (None, "SAINT-QUENTIN", "02691"),
        ("02100", "St Quentin", "02691"),
        ("80100", "ABBEVILLE", "80001"),
        ("59000", "LILLE CEDEX", "59350"),
        ("2100", "saint quentin", "02691"),  # leading zero lost in a spreadsheet
        ("59530", "Quesnoy (Le)", "59481"),
        (None, "villeneuve d ascq", "59009"),
    ],
)
def test_exact_names_are_case_accent_hyphen_and_abbreviation_insensitive(
    gaz: Gazetteer, postal_code: str | None, name: str, insee: str
) -> None:
    loc = locate_commune(gaz, postal_code, name)
    assert loc is not None
    assert loc.insee == insee
    assert loc.score is None  # exact, not fuzzy


def test_fuzzy_typo_is_found_with_its_score(gaz: Gazetteer) -> None:
    loc = locate_commune(gaz, None, "Valencienne")
    assert loc is not None and loc.insee == "59606"
    assert loc.score is not None and 85 <= loc.score < 100
    with_code = locate_commune(gaz, "80100", "Abevile")
    assert with_code is not None and with_code.insee == "80001"


def test_a_shared_postal_code_is_resolved_by_name(gaz: Gazetteer) -> None:
    assert len(gaz.by_postal_code("62140")) > 10
    loc = locate_commune(gaz, "62140", "La Loge")
    assert loc is not None and loc.insee == "62521" and loc.postal_code == "62140"
    other = locate_commune(gaz, "62140", "Marconnelle")
    assert other is not None and other.insee == "62550"


def test_homonyms_are_told_apart_by_postal_code(gaz: Gazetteer) -> None:
    assert locate_commune(gaz, "80480", "Dury").insee == "80261"  # type: ignore[union-attr]
    assert locate_commune(gaz, "62156", "Dury").insee == "62280"  # type: ignore[union-attr]
    # Name alone: the most populous homonym.
    assert locate_commune(gaz, None, "Fontaine-Notre-Dame").insee == "59244"  # type: ignore[union-attr]


def test_postal_code_alone_and_unknown_inputs(gaz: Gazetteer) -> None:
    assert locate_commune(gaz, "80000", None).insee == "80021"  # type: ignore[union-attr]
    assert locate_commune(gaz, None, None) is None
    assert locate_commune(gaz, "75001", None) is None
    assert locate_commune(gaz, None, "Marseille") is None
    assert locate_commune(gaz, None, "zzzz qqqq") is None


def test_unmatched_name_falls_back_to_the_postal_code_with_a_low_score(gaz: Gazetteer) -> None:
    loc = locate_commune(gaz, "59260", "Hellemmes")  # an associated commune of Lille
    assert loc is not None and loc.insee == "59350"
    assert loc.score is not None and loc.score < 75


def test_lambert93_conversion_of_lille_town_hall() -> None:
    lat, lon = lambert93_to_wgs84(704_000, 7_059_000)
    assert lat == pytest.approx(50.63, abs=0.01) and lon == pytest.approx(3.06, abs=0.01)
    lats, lons = lambert93_to_wgs84_many(np.array([704_000.0, 648_000.0]), [7_059_000, 6_863_000])
    assert lats[0] == pytest.approx(lat) and lons[0] == pytest.approx(lon)
    assert lats.shape == (2,)


def test_locate_lambert93_finds_the_commune(gaz: Gazetteer) -> None:
    loc = locate_lambert93(gaz, 704_000, 7_059_000)
    assert loc.precision is GeoPrecision.ADDRESS
    assert (loc.insee, loc.commune, loc.departement) == ("59350", "Lille", "59")
    paris = locate_lambert93(gaz, 652_000, 6_862_000)
    assert paris.insee is None and paris.lat == pytest.approx(48.85, abs=0.05)
    with pytest.raises(ValidationError, match="x"):
        locate_lambert93(gaz, 0, 0)


def test_reverse_finds_the_commune_of_every_commune_point(gaz: Gazetteer) -> None:
    communes = gaz.communes()[::40]
    found = [reverse(gaz, c.lat, c.lon) for c in communes]
    assert [f.insee if f else None for f in found] == [c.insee for c in communes]


def test_reverse_outside_the_region_is_none(gaz: Gazetteer) -> None:
    assert reverse(gaz, 48.8566, 2.3522) is None  # Paris
    assert reverse(gaz, 50.50, 1.00) is None  # the Channel off Le Touquet
    assert reverse(gaz, 50.60, 3.30) is None  # Belgium, east of Lille
    assert reverse(gaz, 49.8945, 2.2958).insee == "80021"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        ("59000 Lille", "59350"),
        ("Lille (59000)", "59350"),
        ("Lille", "59350"),
        ("80000", "80021"),
        ("80021", "80021"),  # an INSEE code that is not a postal code
        ("Saint-Quentin", "02691"),
        ("2100 st quentin", "02691"),
        ("50.6309, 3.0709", "59350"),
        ("Lomme", "59350"),  # associated commune of Lille
        ("59355", "59350"),  # ... and its former INSEE code
        ("Saint-Pol-sur-Mer", "59183"),  # associated commune of Dunkerque
    ],
)
def test_locate_text(gaz: Gazetteer, text: str, insee: str) -> None:
    loc = locate_text(gaz, text)
    assert loc is not None and loc.insee == insee


def test_typed_coordinates_keep_the_point(gaz: Gazetteer) -> None:
    loc = locate_text(gaz, "50.6309, 3.0709")
    assert loc is not None and loc.precision is GeoPrecision.MANUAL
    assert (loc.lat, loc.lon) == (50.6309, 3.0709)
    belgium = locate_text(gaz, "50.60 3.30")
    assert belgium is not None and belgium.insee is None
    assert locate_text(gaz, "95.0, 3.0") is None


def test_locate_text_nothing(gaz: Gazetteer) -> None:
    assert locate_text(gaz, "") is None
    assert locate_text(gaz, "Paris") is None
