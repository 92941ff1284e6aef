"""Support for the import tests: files in the registers' exact layouts, a small gazetteer.

The fixtures are re-exported by ``tests/unit/imports/conftest.py`` and
``tests/integration/imports/conftest.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from hdf_field.domain.identifiers import luhn_complete
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.sirene_layout import SIRENE_COLUMNS, layout_row


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


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}


def write_shared_strings_xlsx(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """A minimal workbook whose text cells are all shared strings, as Excel writes them
    (openpyxl writes inline strings, so its files never exercise ``xl/sharedStrings.xml``)."""
    from xml.sax.saxutils import escape

    strings: list[str] = []
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            strings.append(value)
            ref = f"{chr(ord('A') + c)}{r}"
            cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(sheet_rows)}</sheetData></worksheet>"
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", shared)
    return path
