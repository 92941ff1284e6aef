"""Orientation on the shipped reference data and real commune centroids."""

from __future__ import annotations

import pytest

from hdf_field.domain.enums import Area, OrgKind
from hdf_field.domain.orientation import ClusterProfile, OrgProfile, great_circle_km, orient
from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.services.reference import load_cluster_specs, profiles_from_specs


@pytest.fixture(scope="module")
def clusters() -> list[ClusterProfile]:
    return profiles_from_specs(load_cluster_specs(), load_gazetteer())


def firm_in(insee: str, naf: str, **extra: object) -> OrgProfile:
    commune = load_gazetteer().commune(insee)
    assert commune is not None
    return OrgProfile(
        naf_code=naf,
        lat=commune.lat,
        lon=commune.lon,
        area=commune.area,
        **extra,  # type: ignore[arg-type]
    )


def names(hints: list) -> list[str]:  # type: ignore[type-arg]
    return [h.cluster_name for h in hints]


def test_car_parts_maker_in_valenciennes_goes_to_i_trans(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("59606", "29.32Z"), clusters)
    assert names(hints)[0] == "i-Trans"
    first = hints[0]
    assert first.site_name == "Valenciennes" and first.distance_km is not None
    assert first.distance_km < 3
    assert any("29.32Z" in r and "i-Trans" in r for r in first.reasons)


def test_fish_processor_in_boulogne_goes_to_aquimer(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("62160", "1020Z"), clusters)
    assert names(hints)[0] == "Aquimer"
    assert "cœur de métier d'Aquimer" in hints[0].reasons[0]


def test_software_firm_in_lille_goes_to_digital_clusters(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("59350", "62.01Z"), clusters)
    assert set(names(hints)[:2]) == {"Cap Digital", "EuraTechnologies"}


def test_sugar_maker_in_aisne_goes_to_bioeconomy(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("02691", "10.81Z"), clusters)  # Saint-Quentin
    assert names(hints)[0] == "Bioeconomy For Change"


def test_plastics_recycler_goes_to_team2(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("59178", "38.32Z"), clusters)  # Douai
    assert names(hints)[0] == "Team²"


def test_textile_firm_in_roubaix_goes_to_euramaterials(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("59512", "13.96Z"), clusters)
    assert names(hints)[0] == "Euramaterials"
    assert hints[0].site_name == "Tourcoing"


def test_medtech_near_amiens_gets_the_picardie_hub(clusters: list[ClusterProfile]) -> None:
    hints = orient(firm_in("80021", "32.50A"), clusters)
    assert names(hints)[0] in ("Clubster NSL", "Eurasanté")
    nsl = next(h for h in hints if h.cluster_name == "Clubster NSL")
    assert nsl.site_name == "Amiens" and nsl.site_is_proposal
    assert nsl.reasons[-1].startswith(
        "Site de votre zone (ex-Picardie) : Amiens (antenne proposée)"
    )
    assert names(hints)[0] == "Clubster NSL"  # its Amiens hub beats Eurasanté's Lille seat


def test_own_area_site_preferred_over_a_slightly_nearer_one(
    clusters: list[ClusterProfile],
) -> None:
    gaz = load_gazetteer()
    org = firm_in("02691", "29.32Z")  # Saint-Quentin, ex-Picardie
    hint = orient(org, clusters)[0]
    assert hint.cluster_name == "i-Trans"
    valenciennes, amiens = gaz.commune("59606"), gaz.commune("80021")
    assert valenciennes is not None and amiens is not None
    assert great_circle_km(org.lat, org.lon, valenciennes.lat, valenciennes.lon) < great_circle_km(  # type: ignore[arg-type]
        org.lat,
        org.lon,
        amiens.lat,
        amiens.lon,  # type: ignore[arg-type]
    )
    assert hint.site_name == "Amiens"


def test_belgian_partner_gets_the_nearest_site(clusters: list[ClusterProfile]) -> None:
    mouscron = OrgProfile(naf_code="13.96Z", lat=50.744, lon=3.214, area=Area.BELGIUM)
    hint = orient(mouscron, clusters)[0]
    assert hint.cluster_name == "Euramaterials" and hint.site_name == "Tourcoing"
    assert hint.reasons[-1].startswith("Site le plus proche : Tourcoing")


def test_school_with_declared_field(clusters: list[ClusterProfile]) -> None:
    school = firm_in("59606", "85.32Z", kind=OrgKind.SCHOOL, tags=("démo", "mobility"))
    hints = orient(school, clusters)
    assert names(hints)[0] == "i-Trans"
    assert any("Filière déclarée « mobility »" in r for r in hints[0].reasons)


def test_needs_move_the_ranking(clusters: list[ClusterProfile]) -> None:
    plain = orient(firm_in("59350", "70.22Z"), clusters)
    assert plain == []  # a management consultancy: nothing thematic, so nothing proposed
    with_needs = orient(firm_in("59350", "70.22Z", needs=("circular_economy",)), clusters)
    assert names(with_needs)[0] in ("Team²", "CD2E")
    assert "économie circulaire" in with_needs[0].reasons[0]


def test_english_reasons_and_deterministic_order(clusters: list[ClusterProfile]) -> None:
    org = firm_in("80021", "32.50A", needs=("rd_partners", "export"))
    first = orient(org, clusters, lang="en")
    assert first == orient(org, clusters, lang="en")
    assert (
        first[0].reasons[-1].startswith("Site in your area (former Picardy): Amiens (proposed hub)")
    )
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)


def test_no_position_still_ranks_on_theme(clusters: list[ClusterProfile]) -> None:
    hints = orient(OrgProfile(naf_code="10.20Z"), clusters)
    assert names(hints)[0] == "Aquimer" and hints[0].distance_km is None


def test_one_weak_need_proposes_nothing(clusters: list[ClusterProfile]) -> None:
    assert orient(firm_in("59350", "25.62A", tags=("export",)), clusters) == []
    assert orient(firm_in("59350", "25.62A", needs=("innovation_funding",)), clusters) == []


def test_social_economy_recycler_prefers_the_pole_at_a_shared_seat(
    clusters: list[ClusterProfile],
) -> None:
    ess = firm_in("62498", "94.99Z", kind=OrgKind.SOCIAL_ECONOMY)  # Lens
    hints = orient(ess, clusters)
    assert names(hints)[:2] == ["Team²", "CD2E"]
    assert hints[0].score == hints[1].score and hints[0].site_name == hints[1].site_name
    assert "Structure de l'ESS" in hints[0].reasons[0]
