"""Support for the import tests: files in the registers' exact layouts, a small gazetteer.

The fixtures are re-exported by ``tests/unit/imports/conftest.py`` and
``tests/integration/imports/conftest.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from hdf_field.domain.enums import Area
from hdf_field.imports.places import CommunePlace, PostcodePlace, project_to_wgs84
from hdf_field.imports.sirene_layout import SIRENE_COLUMNS, layout_row, luhn_complete

# Real INSEE codes, centroids and EPCI of a few communes.
COMMUNES = {
    "59350": CommunePlace("59350", "Lille", "59", "200093201", Area.NPDC, 50.6311, 3.0468),
    "80021": CommunePlace("80021", "Amiens", "80", "248000531", Area.PICARDIE, 49.8942, 2.2957),
    "60057": CommunePlace("60057", "Beauvais", "60", "200067999", Area.PICARDIE, 49.4365, 2.0861),
    "62041": CommunePlace("62041", "Arras", "62", "200033579", Area.NPDC, 50.2898, 2.7651),
    "02408": CommunePlace("02408", "Laon", "02", "200043495", Area.PICARDIE, 49.5679, 3.6200),
}
BELGIAN = {
    "7500": PostcodePlace(50.6058, 3.3880, "Tournai", "7500"),
    "7700": PostcodePlace(50.7436, 3.2140, "Mouscron", "7700"),
    "8500": PostcodePlace(50.8280, 3.2649, "Kortrijk", "8500"),
}


class TablePlaces:
    """The :class:`~hdf_field.imports.places.Places` interface over the tables above."""

    def commune(self, insee: str) -> CommunePlace | None:
        return COMMUNES.get(insee)

    def to_wgs84(
        self, epsg: int, xs: Sequence[float], ys: Sequence[float]
    ) -> list[tuple[float, float]]:
        return project_to_wgs84(epsg, xs, ys)

    def belgian(self, postcode: str, municipality: str | None) -> PostcodePlace | None:
        return BELGIAN.get(postcode)


@pytest.fixture
def places() -> TablePlaces:
    return TablePlaces()


SireneWriter = Callable[..., Path]


@pytest.fixture
def write_sirene(tmp_path: Path) -> SireneWriter:
    """Write rows (dicts of SIRENE column → text) in the exact 53-column layout."""

    def write(
        rows: Sequence[Mapping[str, str] | str],
        name: str = "StockEtablissement_utf8.csv",
        *,
        bom: bool = False,
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(SIRENE_COLUMNS)
            for row in rows:
                if isinstance(row, str):
                    f.write(row)  # a raw (possibly broken) line, written as is
                else:
                    w.writerow(layout_row(row))
        return path

    return write


def siret_for(n: int, nic: str = "0001") -> str:
    """A valid SIRET, distinct for each ``n``."""
    siren = luhn_complete(f"{40_000_000 + n:08d}")
    return luhn_complete(siren + nic)


def sirene_row(n: int, **overrides: str) -> dict[str, str]:
    """An active, public establishment in Lille, with Lambert-93 coordinates; ``n`` picks
    the SIRET. Keyword arguments replace columns (by their INSEE names)."""
    siret = overrides.pop("siret", None) or siret_for(n)
    row = {
        "siren": siret[:9],
        "nic": siret[9:],
        "siret": siret,
        "statutDiffusionEtablissement": "O",
        "dateCreationEtablissement": "2004-05-17",
        "trancheEffectifsEtablissement": "11",
        "etablissementSiege": "true",
        "numeroVoieEtablissement": "25",
        "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "NATIONALE",
        "codePostalEtablissement": "59000",
        "libelleCommuneEtablissement": "LILLE",
        "codeCommuneEtablissement": "59350",
        "coordonneeLambertAbscisseEtablissement": "703500.0",
        "coordonneeLambertOrdonneeEtablissement": "7059200.0",
        "dateDebut": "2004-05-17",
        "etatAdministratifEtablissement": "A",
        "denominationUsuelleEtablissement": f"ENTREPRISE {n}",
        "activitePrincipaleEtablissement": "62.01Z",
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "caractereEmployeurEtablissement": "O",
    }
    row.update(overrides)
    return row
