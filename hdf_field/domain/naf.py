"""NAF rev. 2, the French activity nomenclature: codes, labels, divisions and sections.

The only place that knows NAF. Registers give each establishment a subclass (``29.10Z``), in
several spellings (``2910Z``, ``29.10z``); the official labels of every level come from
``resources/naf/naf_rev2.csv`` (built by ``scripts/build_naf.py``); the two-digit division is
enough to tell a person what trade it is, and officers filter by the broad section (``C``).
Belgian NACE-BEL codes share their first four digits with NAF, so they land here too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from hdf_field.domain.enums import OrgKind
from hdf_field.paths import resources_dir

NAF_REV2 = "NAFRev2"  # nomenclatureActivitePrincipaleEtablissement of a rev. 2 code

_CODE = re.compile(r"^(\d{2})\.?(\d{0,2})([A-Za-z]?)$")
_SUBCLASS = re.compile(r"\d\d\.\d\d[A-Z]")


# --- codes -------------------------------------------------------------------------------


def dotted(code: str | None) -> str | None:
    """``2910Z``/``29.10z``/``29.10`` → ``29.10Z``; ``None`` when it is not a NAF code."""
    if not code:
        return None
    match = _CODE.match(code.strip().replace(" ", ""))
    if not match:
        return None
    division, rest, letter = match.groups()
    if not rest:
        return division
    return f"{division}.{rest}{letter.upper()}"


def subclass_code(code: str | None) -> str | None:
    """``code`` dotted when it has the shape of a subclass (``29.10Z``), else ``None``.

    Shape only: records keep codes the bundled table may not know yet.
    """
    code = dotted(code)
    return code if code is not None and _SUBCLASS.fullmatch(code) else None


def prefix_matches(code: str, prefix: str) -> bool:
    """``prefix`` is a division (``29``), group (``30.2``) or class (``10.81``)."""
    return code.startswith(prefix)


def prefix_depth(prefix: str) -> int:
    """How many digits a prefix fixes: 2 for a division, 3 for a group, 4 for a class."""
    return sum(ch.isdigit() for ch in prefix)


def nace_to_naf_class(nace: str) -> str | None:
    """NACE-BEL 2008 ``62010`` → NAF rev. 2 class ``62.01`` (the first four digits agree)."""
    digits = nace.strip().replace(".", "")
    if len(digits) < 4 or not digits[:4].isdigit():
        return None
    return f"{digits[:2]}.{digits[2:4]}"


# --- official labels ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NafTable:
    labels: dict[str, str]  # every level: "62", "62.0", "62.01", "62.01Z"

    def label(self, code: str) -> str | None:
        return self.labels.get(code)

    def is_subclass(self, code: str) -> bool:
        return bool(_SUBCLASS.fullmatch(code)) and code in self.labels


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


# --- divisions: short words in French and English ----------------------------------------

# division → (French, English)
DIVISIONS: dict[str, tuple[str, str]] = {
    "01": ("cultures et élevage", "crop and animal production"),
    "02": ("sylviculture", "forestry"),
    "03": ("pêche et aquaculture", "fishing and aquaculture"),
    "05": ("extraction de houille", "coal mining"),
    "06": ("extraction d'hydrocarbures", "oil and gas extraction"),
    "07": ("extraction de minerais métalliques", "metal ore mining"),
    "08": ("autres industries extractives", "other mining and quarrying"),
    "09": ("services de soutien aux industries extractives", "mining support services"),
    "10": ("industries alimentaires", "food products"),
    "11": ("fabrication de boissons", "beverages"),
    "12": ("fabrication de produits à base de tabac", "tobacco products"),
    "13": ("fabrication de textiles", "textiles"),
    "14": ("industrie de l'habillement", "wearing apparel"),
    "15": ("industrie du cuir et de la chaussure", "leather and footwear"),
    "16": ("travail du bois", "wood products"),
    "17": ("industrie du papier et du carton", "paper and paperboard"),
    "18": ("imprimerie", "printing"),
    "19": ("cokéfaction et raffinage", "coke and refined petroleum"),
    "20": ("industrie chimique", "chemicals"),
    "21": ("industrie pharmaceutique", "pharmaceuticals"),
    "22": ("fabrication de produits en caoutchouc et en plastique", "rubber and plastic products"),
    "23": ("autres produits minéraux non métalliques", "other non-metallic mineral products"),
    "24": ("métallurgie", "basic metals"),
    "25": ("fabrication de produits métalliques", "fabricated metal products"),
    "26": (
        "produits informatiques, électroniques et optiques",
        "computer, electronic and optical products",
    ),
    "27": ("fabrication d'équipements électriques", "electrical equipment"),
    "28": ("fabrication de machines et équipements", "machinery and equipment"),
    "29": ("industrie automobile", "motor vehicles"),
    "30": ("fabrication d'autres matériels de transport", "other transport equipment"),
    "31": ("fabrication de meubles", "furniture"),
    "32": ("autres industries manufacturières", "other manufacturing"),
    "33": ("réparation et installation de machines", "repair and installation of machinery"),
    "35": ("production et distribution d'énergie", "electricity, gas and steam supply"),
    "36": ("captage, traitement et distribution d'eau", "water supply"),
    "37": ("collecte et traitement des eaux usées", "sewerage"),
    "38": (
        "collecte, traitement et valorisation des déchets",
        "waste collection, treatment and recovery",
    ),
    "39": ("dépollution", "remediation"),
    "41": ("construction de bâtiments", "construction of buildings"),
    "42": ("génie civil", "civil engineering"),
    "43": ("travaux de construction spécialisés", "specialised construction"),
    "45": ("commerce et réparation automobiles", "motor vehicle trade and repair"),
    "46": ("commerce de gros", "wholesale trade"),
    "47": ("commerce de détail", "retail trade"),
    "49": ("transports terrestres", "land transport"),
    "50": ("transports par eau", "water transport"),
    "51": ("transports aériens", "air transport"),
    "52": (
        "entreposage et services auxiliaires des transports",
        "warehousing and transport support",
    ),
    "53": ("activités de poste et de courrier", "postal and courier activities"),
    "55": ("hébergement", "accommodation"),
    "56": ("restauration", "food and beverage service"),
    "58": ("édition", "publishing"),
    "59": ("cinéma, vidéo, télévision et son", "film, video, television and sound"),
    "60": ("programmation et diffusion", "broadcasting"),
    "61": ("télécommunications", "telecommunications"),
    "62": ("programmation et conseil informatiques", "computer programming and consultancy"),
    "63": ("services d'information", "information services"),
    "64": ("services financiers", "financial services"),
    "65": ("assurance", "insurance"),
    "66": ("activités auxiliaires de services financiers", "activities auxiliary to finance"),
    "68": ("activités immobilières", "real estate"),
    "69": ("activités juridiques et comptables", "legal and accounting"),
    "70": ("sièges sociaux et conseil de gestion", "head offices and management consultancy"),
    "71": ("architecture et ingénierie", "architecture and engineering"),
    "72": ("recherche-développement scientifique", "scientific research and development"),
    "73": ("publicité et études de marché", "advertising and market research"),
    "74": (
        "autres activités spécialisées (design, photographie)",
        "other professional activities (design, photography)",
    ),
    "75": ("activités vétérinaires", "veterinary activities"),
    "77": ("location", "rental and leasing"),
    "78": ("activités liées à l'emploi", "employment activities"),
    "79": ("agences de voyage", "travel agencies"),
    "80": ("sécurité et enquêtes", "security and investigation"),
    "81": ("services aux bâtiments", "services to buildings"),
    "82": ("services administratifs de soutien", "office support services"),
    "84": ("administration publique", "public administration"),
    "85": ("enseignement", "education"),
    "86": ("activités pour la santé humaine", "human health"),
    "87": ("hébergement médico-social", "residential care"),
    "88": ("action sociale sans hébergement", "social work without accommodation"),
    "90": ("activités créatives, artistiques et de spectacle", "creative, arts and entertainment"),
    "91": ("bibliothèques, archives, musées", "libraries, archives, museums"),
    "92": ("jeux de hasard", "gambling"),
    "93": ("activités sportives et récréatives", "sports and recreation"),
    "94": ("activités des organisations associatives", "membership organisations"),
    "95": (
        "réparation d'ordinateurs et de biens personnels",
        "repair of computers and household goods",
    ),
    "96": ("autres services personnels", "other personal services"),
    "97": ("ménages employeurs", "households as employers"),
    "98": ("ménages producteurs pour usage propre", "households producing for own use"),
    "99": ("organisations extraterritoriales", "extraterritorial organisations"),
}


def division_label(code: str | None, lang: str = "fr") -> str | None:
    """A few words for the trade, shorter than the official label, in French or English."""
    code = dotted(code)
    if code is None:
        return None
    labels = DIVISIONS.get(code[:2])
    if labels is None:
        return None
    return labels[1] if lang == "en" else labels[0]


# --- sections: the letter level, for filtering by broad sector ---------------------------


@dataclass(frozen=True, slots=True)
class NafSection:
    letter: str
    first: int
    last: int
    label_fr: str
    label_en: str

    @property
    def divisions(self) -> tuple[str, ...]:
        return tuple(f"{d:02d}" for d in range(self.first, self.last + 1))


NAF_SECTIONS: tuple[NafSection, ...] = (
    NafSection("A", 1, 3, "Agriculture, sylviculture et pêche", "Agriculture, forestry, fishing"),
    NafSection("B", 5, 9, "Industries extractives", "Mining and quarrying"),
    NafSection("C", 10, 33, "Industrie manufacturière", "Manufacturing"),
    NafSection("D", 35, 35, "Énergie", "Electricity, gas, steam"),
    NafSection("E", 36, 39, "Eau, déchets, dépollution", "Water, waste, remediation"),
    NafSection("F", 41, 43, "Construction", "Construction"),
    NafSection("G", 45, 47, "Commerce", "Wholesale and retail trade"),
    NafSection("H", 49, 53, "Transports et entreposage", "Transport and storage"),
    NafSection("I", 55, 56, "Hébergement et restauration", "Accommodation and food"),
    NafSection("J", 58, 63, "Information et communication", "Information and communication"),
    NafSection("K", 64, 66, "Finance et assurance", "Finance and insurance"),
    NafSection("L", 68, 68, "Immobilier", "Real estate"),
    NafSection(
        "M", 69, 75, "Activités scientifiques et techniques", "Professional, scientific, technical"
    ),
    NafSection("N", 77, 82, "Services administratifs et de soutien", "Administrative and support"),
    NafSection("O", 84, 84, "Administration publique", "Public administration"),
    NafSection("P", 85, 85, "Enseignement", "Education"),
    NafSection("Q", 86, 88, "Santé humaine et action sociale", "Health and social work"),
    NafSection("R", 90, 93, "Arts, spectacles et loisirs", "Arts and recreation"),
    NafSection("S", 94, 96, "Autres activités de services", "Other services"),
    NafSection("T", 97, 98, "Activités des ménages", "Households as employers"),
    NafSection("U", 99, 99, "Activités extra-territoriales", "Extraterritorial organisations"),
)

SECTIONS_BY_LETTER: dict[str, NafSection] = {s.letter: s for s in NAF_SECTIONS}


def section_of(naf_code: str | None) -> NafSection | None:
    if not naf_code or len(naf_code) < 2 or not naf_code[:2].isdigit():
        return None
    division = int(naf_code[:2])
    for section in NAF_SECTIONS:
        if section.first <= division <= section.last:
            return section
    return None


# --- the kind of organisation a code suggests --------------------------------------------


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
