"""Support for the import tests: files in the registers' exact layouts, a small gazetteer.

The fixtures are re-exported by ``tests/unit/imports/conftest.py`` and
``tests/integration/imports/conftest.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene_layout import SIRENE_COLUMNS, layout_row, luhn_complete


@pytest.fixture(scope="session")
def places() -> GazetteerPlaces:
    """The real offline gazetteer, loaded once for the session."""
    return GazetteerPlaces()


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
