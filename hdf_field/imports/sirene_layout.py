"""The exact column layout of INSEE's ``StockEtablissement`` CSV (53 columns, in order) and
the abbreviations its address columns use.

Used to write files in that layout (benchmarks, tests, exports for checking) and to tell a
complete header from a partial one.
"""

from __future__ import annotations

from collections.abc import Mapping

SIRENE_COLUMNS: tuple[str, ...] = (
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement",
    "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement",
    "typeVoie2Etablissement",
    "libelleVoie2Etablissement",
    "codePostal2Etablissement",
    "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement",
    "codeCedex2Etablissement",
    "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement",
    "libellePaysEtranger2Etablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
)

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


def layout_row(values: Mapping[str, str]) -> list[str]:
    """A row in file order; columns not given are empty. Unknown names are an error."""
    unknown = set(values) - set(SIRENE_COLUMNS)
    if unknown:
        raise KeyError(f"not SIRENE columns: {sorted(unknown)}")
    return [values.get(name, "") for name in SIRENE_COLUMNS]
