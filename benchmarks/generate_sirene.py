"""Write a synthetic SIRENE ``StockEtablissement`` CSV in the exact INSEE layout.

The mix imitates a national-style extract: ``--in-region`` rows in the five départements
(about 85 % active, 15 % closed, 3 % partially public with masked ``[ND]`` fields, Lambert-93
coordinates on about 60 %, a few NAFRev1 codes) and ``--out-of-region`` rows elsewhere in
France (Corsica included). SIRETs are unique and pass the Luhn check.

    python benchmarks/generate_sirene.py --in-region 600000 --out /tmp/stock.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from pyproj import Transformer

from hdf_field.domain.identifiers import luhn_complete
from hdf_field.domain.naf import naf_table
from hdf_field.domain.workforce import WORKFORCE_BANDS
from hdf_field.imports.sirene_layout import SIRENE_COLUMNS

# Used when the gazetteer is not available: (INSEE, postal code, name, lat, lon).
FALLBACK_COMMUNES = (
    ("59350", "59000", "LILLE", 50.6311, 3.0468),
    ("59512", "59100", "ROUBAIX", 50.6942, 3.1746),
    ("59599", "59200", "TOURCOING", 50.7239, 3.1612),
    ("59183", "59140", "DUNKERQUE", 51.0343, 2.3768),
    ("59606", "59300", "VALENCIENNES", 50.3570, 3.5235),
    ("80021", "80000", "AMIENS", 49.8942, 2.2957),
    ("60057", "60000", "BEAUVAIS", 49.4365, 2.0861),
    ("60159", "60200", "COMPIEGNE", 49.4179, 2.8261),
    ("62041", "62000", "ARRAS", 50.2898, 2.7651),
    ("62193", "62100", "CALAIS", 50.9513, 1.8587),
    ("02408", "02000", "LAON", 49.5679, 3.6200),
    ("02691", "02100", "SAINT-QUENTIN", 49.8465, 3.2876),
)
OUT_OF_REGION = (
    ("75056", "75001", "PARIS"),
    ("69123", "69001", "LYON"),
    ("13055", "13001", "MARSEILLE"),
    ("33063", "33000", "BORDEAUX"),
    ("2A004", "20000", "AJACCIO"),
    ("2B033", "20200", "BASTIA"),
    ("76540", "76000", "ROUEN"),
    ("51454", "51100", "REIMS"),
)
STREET_TYPES = ("RUE", "RUE", "RUE", "AV", "BD", "PL", "CHE", "RTE", "ZI", "ZA", "IMP", "ALL")
STREETS = (
    "DE LA GARE",
    "JEAN JAURES",
    "DU GENERAL DE GAULLE",
    "DES PRES",
    "VICTOR HUGO",
    "DE PARIS",
    "PASTEUR",
    "DU MOULIN",
    "DE L'EGLISE",
    "NATIONALE",
)
NAMES = (
    "BOULANGERIE",
    "GARAGE",
    "ATELIER",
    "CABINET",
    "SOCIETE",
    "TRANSPORTS",
    "MENUISERIE",
    "ETS",
    "LABO",
    "INSTITUT",
)
NAF_REV1 = ("72.2Z", "74.1A", "52.1D", "45.2B", "85.3K")


def region_communes() -> list[tuple[str, str, str, float, float]]:
    """The region's communes from the gazetteer, or a short built-in list without it."""
    try:
        from hdf_field.geo.gazetteer import load_gazetteer

        communes = load_gazetteer().communes()
    except (ImportError, OSError):
        return list(FALLBACK_COMMUNES)
    found = [
        (c.insee, (c.postal_codes or ("",))[0], c.name.upper(), c.lat, c.lon)
        for c in communes
        if c.insee[:2] in ("02", "59", "60", "62", "80")
    ]
    return found or list(FALLBACK_COMMUNES)


def _lambert(communes: Sequence[tuple[str, str, str, float, float]]) -> list[tuple[float, float]]:
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    xs, ys = to_l93.transform([c[4] for c in communes], [c[3] for c in communes])
    return list(zip(xs, ys, strict=True))


def generate(path: Path, in_region: int, out_of_region: int, seed: int = 7) -> int:
    rnd = random.Random(seed)
    communes = region_communes()
    lambert = _lambert(communes)
    subclasses = [c for c in naf_table().labels if len(c) == 6]
    bands = list(WORKFORCE_BANDS) + ["", "", ""]
    total = in_region + out_of_region
    col = {name: i for i, name in enumerate(SIRENE_COLUMNS)}
    width = len(SIRENE_COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(SIRENE_COLUMNS)
        left_in, left_out = in_region, out_of_region
        for n in range(total):
            region = rnd.random() * (left_in + left_out) < left_in
            if region:
                left_in -= 1
            else:
                left_out -= 1
            siren = luhn_complete(f"{10_000_000 + n:08d}")
            siret = luhn_complete(siren + f"{rnd.randrange(1, 10_000):04d}")
            row = [""] * width
            row[col["siren"]] = siren
            row[col["nic"]] = siret[9:]
            row[col["siret"]] = siret
            masked = rnd.random() < 0.03
            row[col["statutDiffusionEtablissement"]] = "P" if masked else "O"
            row[col["dateCreationEtablissement"]] = (
                f"{rnd.randrange(1970, 2026)}-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}"
            )
            row[col["trancheEffectifsEtablissement"]] = rnd.choice(bands)
            row[col["etablissementSiege"]] = "true" if rnd.random() < 0.6 else "false"
            row[col["dateDernierTraitementEtablissement"]] = "2025-10-01T03:12:45"
            row[col["nombrePeriodesEtablissement"]] = str(rnd.randrange(1, 5))
            row[col["dateDebut"]] = "2020-01-01"
            row[col["etatAdministratifEtablissement"]] = "A" if rnd.random() < 0.85 else "F"
            if region:
                i = rnd.randrange(len(communes))
                insee, postcode, city, _, _ = communes[i]
            else:
                i = -1
                insee, postcode, city = rnd.choice(OUT_OF_REGION)
            row[col["codeCommuneEtablissement"]] = insee
            if masked:
                for name in (
                    "numeroVoieEtablissement",
                    "typeVoieEtablissement",
                    "libelleVoieEtablissement",
                    "denominationUsuelleEtablissement",
                    "coordonneeLambertAbscisseEtablissement",
                    "coordonneeLambertOrdonneeEtablissement",
                ):
                    row[col[name]] = "[ND]"
                row[col["codePostalEtablissement"]] = postcode
                row[col["libelleCommuneEtablissement"]] = city
            else:
                row[col["numeroVoieEtablissement"]] = str(rnd.randrange(1, 200))
                if rnd.random() < 0.05:
                    row[col["indiceRepetitionEtablissement"]] = "B"
                row[col["typeVoieEtablissement"]] = rnd.choice(STREET_TYPES)
                row[col["libelleVoieEtablissement"]] = rnd.choice(STREETS)
                row[col["codePostalEtablissement"]] = postcode
                row[col["libelleCommuneEtablissement"]] = city
                if rnd.random() < 0.1:
                    row[col["complementAdresseEtablissement"]] = "BATIMENT B, 2E ETAGE"
                if region and rnd.random() < 0.6:
                    x, y = lambert[i]
                    row[col["coordonneeLambertAbscisseEtablissement"]] = (
                        f"{x + rnd.uniform(-1500, 1500):.1f}"
                    )
                    row[col["coordonneeLambertOrdonneeEtablissement"]] = (
                        f"{y + rnd.uniform(-1500, 1500):.1f}"
                    )
                label = f"{rnd.choice(NAMES)} {rnd.choice(STREETS).title()}"
                if rnd.random() < 0.5:
                    row[col["denominationUsuelleEtablissement"]] = label
                elif rnd.random() < 0.7:
                    row[col["enseigne1Etablissement"]] = f"{label}, {city.title()}"
            if rnd.random() < 0.03:
                row[col["activitePrincipaleEtablissement"]] = rnd.choice(NAF_REV1)
                row[col["nomenclatureActivitePrincipaleEtablissement"]] = "NAFRev1"
            else:
                row[col["activitePrincipaleEtablissement"]] = rnd.choice(subclasses)
                row[col["nomenclatureActivitePrincipaleEtablissement"]] = "NAFRev2"
            row[col["caractereEmployeurEtablissement"]] = rnd.choice("ON")
            w.writerow(row)
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-region", type=int, default=600_000)
    parser.add_argument(
        "--out-of-region",
        type=int,
        default=None,
        help="default: so that about 70 %% of rows are in the region",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    out_of_region = (
        args.out_of_region if args.out_of_region is not None else round(args.in_region * 3 / 7)
    )
    total = generate(args.out, args.in_region, out_of_region, args.seed)
    print(f"{args.out}: {total} rows ({args.in_region} in the region)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
