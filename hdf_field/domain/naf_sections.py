"""NAF rev. 2 sections (the letter level) and the divisions (two-digit codes) they group.

Officers filter by broad sector ("C — industrie manufacturière") more often than by code.
"""

from __future__ import annotations

from dataclasses import dataclass


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
