"""NAF rev. 2 divisions with short labels, to explain a code in words when no label came with it.

Registers give each establishment a five-character class (``29.10Z``); the first two digits
(the division) are enough to tell a person what trade it is.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"^(\d{2})\.?(\d{0,2})([A-Za-z]?)$")

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


def division_label(code: str | None, lang: str = "fr") -> str | None:
    code = dotted(code)
    if code is None:
        return None
    labels = DIVISIONS.get(code[:2])
    if labels is None:
        return None
    return labels[1] if lang == "en" else labels[0]


def prefix_matches(code: str, prefix: str) -> bool:
    """``prefix`` is a division (``29``), group (``30.2``) or class (``10.81``)."""
    return code.startswith(prefix)


def prefix_depth(prefix: str) -> int:
    """How many digits a prefix fixes: 2 for a division, 3 for a group, 4 for a class."""
    return sum(ch.isdigit() for ch in prefix)
