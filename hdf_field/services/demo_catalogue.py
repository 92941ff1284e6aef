"""The vocabulary the synthetic demo region is drawn from: sectors, names, streets, officers.

Sector weights describe the regional economy roughly (a large manufacturing base, agri-food,
logistics on the Lille–Paris and coastal corridors, a digital scene around Lille, textiles
around Roubaix–Tourcoing, seafood on the Boulogne coast); NAF codes are real subclasses
(labelled from the NAF table), every name built from these lists is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from hdf_field.domain.enums import OrgKind


@dataclass(frozen=True, slots=True)
class Sector:
    key: str
    kind: OrgKind
    weight: float
    activities: tuple[str, ...]  # NAF rev. 2 subclasses; labels come from the NAF table
    name_heads: tuple[str, ...]
    needs: tuple[str, ...]  # what such organisations tend to ask for
    # "population": placed like people; "rural": spread over small communes;
    # or near named anchor communes (INSEE codes) within ``radius_km``.
    placement: str = "population"
    anchors: tuple[str, ...] = ()
    radius_km: float = 25.0
    tags: tuple[str, ...] = ()  # a declared field, for schools and labs


# Shares of kinds asked for by the campaign: ESS ~8 %, schools ~2 %, labs ~1 %,
# project holders ~3 %; firms make up the rest.
SECTORS: tuple[Sector, ...] = (
    Sector(
        "mechanics", OrgKind.FIRM, 13.0,
        ("25.62A", "25.11Z", "28.29B", "24.51Z", "33.12Z"),
        ("Mécanique", "Ateliers", "Chaudronnerie", "Usinage", "Fonderie"),
        ("industry_4_0", "recruitment", "decarbonisation", "innovation_funding"),
    ),
    Sector(
        "mobility", OrgKind.FIRM, 6.0,
        ("29.32Z", "29.10Z", "30.20Z", "22.11Z"),
        ("Équipements", "Ferroviaire", "Automotive", "Composants"),
        ("mobility_logistics", "industry_4_0", "decarbonisation", "collaborative_project"),
        placement="anchors", anchors=("59606", "59183", "59178", "80021", "60159"), radius_km=30,
    ),
    Sector(
        "agrifood", OrgKind.FIRM, 9.0,
        ("10.81Z", "10.62Z", "10.31Z", "10.71A", "10.51A", "11.05Z", "10.86Z"),
        ("Biscuiterie", "Laiterie", "Brasserie", "Conserverie", "Sucrerie", "Maison"),
        ("food_quality", "bio_based", "export", "decarbonisation"),
        placement="rural",
    ),
    Sector(
        "seafood", OrgKind.FIRM, 2.0,
        ("10.20Z", "46.38A", "03.11Z"),
        ("Marée", "Saurisserie", "Armement", "Pêcheries"),
        ("food_quality", "export", "innovation_funding"),
        placement="anchors", anchors=("62160", "62193", "59183", "80721", "62318"), radius_km=12,
    ),
    Sector(
        "farming", OrgKind.FIRM, 5.0,
        ("01.11Z", "01.13Z", "01.61Z", "46.21Z"),
        ("EARL", "SCEA", "Coopérative", "Négoce"),
        ("bio_based", "decarbonisation", "circular_economy"),
        placement="rural",
    ),
    Sector(
        "logistics", OrgKind.FIRM, 9.0,
        ("49.41A", "52.10B", "52.10A", "52.29A"),
        ("Transports", "Logistique", "Entrepôts", "Messagerie"),
        ("mobility_logistics", "decarbonisation", "digital_transition"),
    ),
    Sector(
        "digital", OrgKind.FIRM, 9.0,
        ("62.01Z", "62.02A", "58.29C", "63.11Z", "47.91B"),
        ("Logiciels", "Data", "Numérique", "Web", "Cloud"),
        ("digital_transition", "recruitment", "startup_support", "innovation_funding"),
        placement="anchors", anchors=("59350", "59599", "59512", "80021", "62041", "60057"),
        radius_km=20,
    ),
    Sector(
        "creative", OrgKind.FIRM, 2.5,
        ("59.11B", "58.21Z", "74.10Z", "73.11Z"),
        ("Studio", "Productions", "Design", "Images"),
        ("digital_transition", "networking", "startup_support"),
        placement="anchors", anchors=("59350", "59599", "80021"), radius_km=15,
    ),
    Sector(
        "health", OrgKind.FIRM, 4.5,
        ("32.50A", "21.20Z", "72.11Z", "26.60Z"),
        ("Médical", "Biotech", "Pharma", "Santé"),
        ("health_products", "rd_partners", "innovation_funding", "export"),
        placement="anchors", anchors=("59350", "80021", "60057", "62041"), radius_km=25,
    ),
    Sector(
        "materials", OrgKind.FIRM, 9.0,
        ("13.96Z", "13.20Z", "13.92Z", "14.13Z", "22.29A", "22.21Z", "20.16Z", "20.59Z", "23.13Z"),
        ("Textiles", "Tissages", "Plasturgie", "Composites", "Chimie", "Verrerie"),
        ("new_materials", "circular_economy", "industry_4_0", "decarbonisation"),
    ),
    Sector(
        "recycling", OrgKind.FIRM, 3.0,
        ("38.32Z", "38.11Z", "38.21Z", "46.77Z"),
        ("Recyclage", "Valorisation", "Environnement", "Récupération"),
        ("circular_economy", "decarbonisation", "new_materials"),
    ),
    Sector(
        "building_energy", OrgKind.FIRM, 7.0,
        ("43.22B", "41.20A", "43.21A", "35.11Z", "71.12B"),
        ("Énergies", "Bâtiment", "Thermique", "Solaire", "Études"),
        ("decarbonisation", "skills_training", "recruitment"),
    ),
    Sector(
        "services", OrgKind.FIRM, 5.5,
        ("70.22Z", "46.69B"),
        ("Conseil", "Services", "Fournitures"),
        ("networking", "export"),
    ),
    Sector(
        "social_economy", OrgKind.SOCIAL_ECONOMY, 8.0,
        ("88.10C", "38.32Z", "94.99Z", "56.29B"),
        ("Association", "Coopérative", "Ressourcerie", "Atelier solidaire", "SCOP"),
        ("circular_economy", "skills_training", "networking"),
    ),
    Sector(
        "school", OrgKind.SCHOOL, 2.0,
        ("85.32Z", "85.59A"),
        ("Lycée professionnel", "Lycée technique", "CFA", "Campus des métiers"),
        ("skills_training", "recruitment", "networking"),
        tags=("mobility", "materials", "digital", "nutrition-health", "eco-transition"),
    ),
    Sector(
        "lab", OrgKind.RESEARCH_LAB, 1.0,
        ("72.19Z", "72.11Z"),
        ("Laboratoire", "Unité de recherche", "Institut"),
        ("rd_partners", "collaborative_project", "innovation_funding"),
        placement="anchors", anchors=("59350", "80021", "60159", "59606", "62041", "02691"),
        radius_km=10,
        tags=("mobility", "materials", "bioeconomy", "nutrition-health", "digital"),
    ),
    Sector(
        "project_holder", OrgKind.PROJECT_HOLDER, 3.0,
        (),
        ("Projet",),
        ("startup_support", "innovation_funding", "networking"),
        tags=("digital", "circular-economy", "nutrition-health", "mobility", "bioeconomy"),
    ),
)  # fmt: skip

SYLLABLES = (
    "ar", "bel", "cor", "dan", "el", "fen", "gar", "lor", "mar", "nor", "val", "ver", "sol",
    "tal", "ri", "mo", "ne", "sa", "ti", "bra", "dor", "li", "pa", "ro", "vi", "ze", "qua",
)  # fmt: skip
ENDINGS = ("ia", "ec", "ane", "is", "or", "ys", "eo", "a", "ix", "on")
SURNAMES = (
    "Martin", "Lefebvre", "Dubois", "Leroy", "Lemaire", "Dupont", "Lambert", "Vasseur",
    "Delattre", "Deleplanque", "Carpentier", "Lecomte", "Dufour", "Caron", "Leclercq", "Boulanger",
    "Wattez", "Devos", "Vandamme", "Duhamel", "Hennebert", "Lemoine", "Poulain", "Roussel",
    "Fournier", "Mercier", "Blanchard", "Lefort", "Bocquet", "Delcourt", "Marchand", "Dumont",
)  # fmt: skip
FIRST_NAMES = (
    "Camille", "Julie", "Thomas", "Nicolas", "Sophie", "Léa", "Hugo", "Manon", "Antoine",
    "Claire", "Mathieu", "Sarah", "Pierre", "Emma", "Julien", "Chloé", "Maxime", "Laura",
    "Romain", "Pauline", "Karim", "Inès", "Samuel", "Lucie",
)  # fmt: skip
ROLES = {
    OrgKind.FIRM: ("Dirigeant·e", "Directeur·rice technique", "Responsable R&D",
                   "Responsable RH", "Directeur·rice de site"),
    OrgKind.SOCIAL_ECONOMY: ("Directeur·rice", "Président·e", "Coordinateur·rice"),
    OrgKind.SCHOOL: ("Proviseur·e", "Directeur·rice délégué·e aux formations",
                     "Chargé·e des relations entreprises"),
    OrgKind.RESEARCH_LAB: ("Directeur·rice du laboratoire", "Chargé·e de valorisation"),
    OrgKind.PROJECT_HOLDER: ("Porteur·se de projet",),
}  # fmt: skip
STREETS = (
    "rue de la Gare", "rue Jean Jaurès", "rue Victor Hugo", "avenue de la République",
    "rue du Moulin", "chemin des Prés", "rue Pasteur", "rue de l'Industrie",
    "avenue du Général de Gaulle", "rue des Écoles", "boulevard Gambetta", "rue du Marais",
    "zone d'activités du Bois", "parc d'activités de la Vallée", "rue des Tisserands",
    "rue du Port", "impasse des Artisans", "route nationale",
)  # fmt: skip
LEGAL_FORMS = {
    OrgKind.FIRM: (("SAS", 5), ("SARL", 4), ("SA", 1), ("EURL", 1)),
    OrgKind.SOCIAL_ECONOMY: (("Association loi 1901", 6), ("SCOP", 2), ("SCIC", 1)),
    OrgKind.SCHOOL: (("Établissement public local d'enseignement", 3), ("Association", 1)),
    OrgKind.RESEARCH_LAB: (("Unité mixte de recherche", 1),),
    OrgKind.PROJECT_HOLDER: ((None, 1),),
}
# INSEE workforce bands, skewed to small establishments as in the register.
WORKFORCE_BANDS = (
    ("NN", 5), ("00", 10), ("01", 20), ("02", 15), ("03", 13), ("11", 12), ("12", 9),
    ("21", 6), ("22", 4), ("31", 2.5), ("32", 1.5), ("41", 1), ("42", 0.6), ("51", 0.3),
)  # fmt: skip
OPENING_HOURS = (
    ({"1-5": [["08:30", "12:00"], ["13:30", "17:30"]]}, 5),
    ({"1-5": [["08:00", "12:00"], ["14:00", "18:00"]]}, 3),
    ({"1-4": [["08:00", "12:00"], ["13:00", "17:00"]], "5": [["08:00", "12:00"]]}, 2),
    ({"1-5": [["09:00", "17:30"]]}, 2),
    ({"1-5": [["08:30", "12:00"], ["14:00", "18:00"]], "6": [["09:00", "12:00"]]}, 1),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class OfficerSpec:
    first_name: str
    last_name: str
    home_insee: str
    territory: tuple[str, ...]
    manager: bool = False


# Twelve officers, two or three per département, based in real towns of both former regions;
# the three Nord officers also see the Belgian border partners ("BE").
OFFICERS: tuple[OfficerSpec, ...] = (
    OfficerSpec("Aurélie", "Demarcq", "59350", ("59", "BE"), manager=True),  # Lille
    OfficerSpec("Bastien", "Lheureux", "59606", ("59", "BE")),  # Valenciennes
    OfficerSpec("Céline", "Verhaeghe", "59183", ("59", "BE")),  # Dunkerque
    OfficerSpec("David", "Ternisien", "62041", ("62",)),  # Arras
    OfficerSpec("Élodie", "Fourmaintraux", "62160", ("62",)),  # Boulogne-sur-Mer
    OfficerSpec("Fabien", "Delannoy", "62498", ("62",)),  # Lens
    OfficerSpec("Gaëlle", "Lenglet", "80021", ("80",)),  # Amiens
    OfficerSpec("Hervé", "Dufossé", "80001", ("80",)),  # Abbeville
    OfficerSpec("Isabelle", "Crapet", "60057", ("60",)),  # Beauvais
    OfficerSpec("Jérôme", "Sauvage", "60159", ("60",)),  # Compiègne
    OfficerSpec("Karine", "Lefranc", "02408", ("02",)),  # Laon
    OfficerSpec("Ludovic", "Quennehen", "02691", ("02",)),  # Saint-Quentin
)

# Belgian border partners: postal codes whose point lies this close to one of these towns.
BELGIAN_SHARE = 0.015
BELGIAN_BORDER_TOWNS = ("59350", "59599", "59017", "59606", "59392", "59183")
BELGIAN_BORDER_KM = 25.0
