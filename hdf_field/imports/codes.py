"""Register code lists: NAF rev. 2 labels, INSEE workforce bands, street types, kind rules.

The NAF table is data built by ``scripts/build_naf.py`` into ``resources/naf/naf_rev2.csv``;
the short lists below are INSEE facts small enough to live in code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from hdf_field.domain.enums import OrgKind
from hdf_field.paths import resources_dir

NAF_REV2 = "NAFRev2"

# trancheEffectifsEtablissement (INSEE) → label.
WORKFORCE_BANDS: dict[str, str] = {
    "NN": "Non employeur ou effectif inconnu",
    "00": "0 salarié",
    "01": "1 ou 2 salariés",
    "02": "3 à 5 salariés",
    "03": "6 à 9 salariés",
    "11": "10 à 19 salariés",
    "12": "20 à 49 salariés",
    "21": "50 à 99 salariés",
    "22": "100 à 199 salariés",
    "31": "200 à 249 salariés",
    "32": "250 à 499 salariés",
    "41": "500 à 999 salariés",
    "42": "1 000 à 1 999 salariés",
    "51": "2 000 à 4 999 salariés",
    "52": "5 000 à 9 999 salariés",
    "53": "10 000 salariés et plus",
}

# typeVoieEtablissement abbreviations (INSEE) → words as written in an address.
STREET_TYPES: dict[str, str] = {
    "ALL": "allée",
    "AV": "avenue",
    "BD": "boulevard",
    "BRG": "bourg",
    "CAR": "carrefour",
    "CHE": "chemin",
    "CHS": "chaussée",
    "CHV": "chemin vicinal",
    "CITE": "cité",
    "COR": "corniche",
    "CRS": "cours",
    "DOM": "domaine",
    "DSC": "descente",
    "ECA": "écart",
    "ESP": "esplanade",
    "FG": "faubourg",
    "GR": "grande rue",
    "HAM": "hameau",
    "HLE": "halle",
    "IMP": "impasse",
    "LD": "lieu-dit",
    "LOT": "lotissement",
    "MAR": "marché",
    "MTE": "montée",
    "PARC": "parc",
    "PAS": "passage",
    "PL": "place",
    "PLN": "plaine",
    "PLT": "plateau",
    "PONT": "pont",
    "PRO": "promenade",
    "PRV": "parvis",
    "QUA": "quartier",
    "QUAI": "quai",
    "RES": "résidence",
    "RLE": "ruelle",
    "ROC": "rocade",
    "RPT": "rond-point",
    "RTE": "route",
    "RUE": "rue",
    "SEN": "sente",
    "SQ": "square",
    "TPL": "terre-plein",
    "TRA": "traverse",
    "VLA": "villa",
    "VLGE": "village",
    "VOIE": "voie",
    "ZA": "zone artisanale",
    "ZAC": "ZAC",
    "ZAD": "ZAD",
    "ZI": "zone industrielle",
    "ZONE": "zone",
}

# indiceRepetitionEtablissement → the word after the number ("12 bis rue ...").
REPETITION_INDICES: dict[str, str] = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}

_NAF_REV2_SUBCLASS = re.compile(r"\d\d\.\d\d[A-Z]")


@dataclass(frozen=True, slots=True)
class NafTable:
    labels: dict[str, str]  # every level: "62", "62.0", "62.01", "62.01Z"

    def label(self, code: str) -> str | None:
        return self.labels.get(code)

    def is_subclass(self, code: str) -> bool:
        return bool(_NAF_REV2_SUBCLASS.fullmatch(code)) and code in self.labels


@lru_cache(maxsize=1)
def naf_table() -> NafTable:
    path = resources_dir() / "naf" / "naf_rev2.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return NafTable({row["code"]: row["label"] for row in csv.DictReader(f)})


def naf_label(code: str | None, nomenclature: str | None = NAF_REV2) -> str | None:
    """Rev. 2 label of a code; older nomenclatures (NAFRev1, NAF1993, NAP) have none here."""
    if not code or (nomenclature and nomenclature != NAF_REV2):
        return None
    return naf_table().label(code)


def nace_to_naf_class(nace: str) -> str | None:
    """NACE-BEL 2008 ``62010`` → NAF rev. 2 class ``62.01`` (the first four digits agree)."""
    digits = nace.strip().replace(".", "")
    if len(digits) < 4 or not digits[:4].isdigit():
        return None
    return f"{digits[:2]}.{digits[2:4]}"


def kind_for_naf(code: str | None, nomenclature: str | None = NAF_REV2) -> OrgKind:
    """Obvious cases only; officers reclassify the rest by hand.

    - 85.xx (education) → school: lycées, CFA and training bodies are the schools we meet;
    - 94.99Z (other membership organisations, i.e. most associations) → social economy;
    - 72.xx (scientific research and development) → research lab;
    - anything else, or a code of an older nomenclature → firm.
    """
    if not code or (nomenclature and nomenclature != NAF_REV2):
        return OrgKind.FIRM
    if code.startswith("85."):
        return OrgKind.SCHOOL
    if code.startswith("94.99"):
        return OrgKind.SOCIAL_ECONOMY
    if code.startswith("72."):
        return OrgKind.RESEARCH_LAB
    return OrgKind.FIRM
