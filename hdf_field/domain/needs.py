"""The needs/topics an officer ticks during a visit, and that clusters answer.

Keys are stable (stored in visits and cluster reference data); labels are for people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Need:
    key: str
    label_fr: str
    label_en: str


NEEDS: tuple[Need, ...] = (
    Need("innovation_funding", "Financement de l'innovation", "Innovation funding"),
    Need("rd_partners", "Partenaires R&D / laboratoires", "R&D partners / labs"),
    Need("collaborative_project", "Projet collaboratif", "Collaborative project"),
    Need("digital_transition", "Transition numérique", "Digital transition"),
    Need("industry_4_0", "Industrie 4.0 / automatisation", "Industry 4.0 / automation"),
    Need("decarbonisation", "Décarbonation / énergie", "Decarbonisation / energy"),
    Need("circular_economy", "Économie circulaire / déchets", "Circular economy / waste"),
    Need("new_materials", "Nouveaux matériaux / procédés", "New materials / processes"),
    Need("mobility_logistics", "Mobilité / logistique", "Mobility / logistics"),
    Need("food_quality", "Qualité / sécurité alimentaire", "Food quality / safety"),
    Need(
        "health_products",
        "Produits de santé / dispositifs médicaux",
        "Health products / medical devices",
    ),
    Need("bio_based", "Biosourcé / agro-ressources", "Bio-based / agro-resources"),
    Need("export", "Export / international", "Export / international"),
    Need("cross_border", "Partenariats transfrontaliers", "Cross-border partnerships"),
    Need("skills_training", "Compétences / formation", "Skills / training"),
    Need("recruitment", "Recrutement", "Recruitment"),
    Need("startup_support", "Création / incubation", "Start-up support / incubation"),
    Need("networking", "Mise en réseau / visibilité", "Networking / visibility"),
)

NEEDS_BY_KEY: dict[str, Need] = {n.key: n for n in NEEDS}
