"""Which clusters fit an organisation, and why — scored on plain data.

An officer needs a short, defensible answer at the door: "i-Trans, because you make car parts,
and its nearest site is 12 km away". So the score adds a few readable criteria, each giving
one sentence of explanation, rather than an opaque similarity:

* **trade** (NAF code): a longer matching prefix is a more specific fit;
* **declared needs** (ticked during visits, or tagged) that the cluster answers;
* **declared field** (a tag naming one of the cluster's domains), mostly for schools and labs
  whose NAF code says "education" or "research" but not in what;
* **kind**: schools lean to clusters that work on skills, labs to R&D partnerships, project
  holders to incubation;
* **proximity** of the cluster's nearest site, preferring a site in the organisation's own
  historical area (ex-Nord-Pas-de-Calais / ex-Picardie), which is the regional policy;
  Belgian partners simply get the nearest site.

Only clusters with a clear enough thematic reason (trade, field, a core need, or several
lesser needs) are proposed: distance alone never makes a cluster relevant, and neither does a
single need that many clusters answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hdf_field.domain import glossary
from hdf_field.domain.enums import Area, ClusterKind, OrgKind
from hdf_field.domain.naf import division_label, dotted, prefix_depth, prefix_matches
from hdf_field.domain.needs import NEEDS_BY_KEY

# Points of each criterion; the total is capped at 100.
NAF_POINTS = {2: 30, 3: 36, 4: 40}
NEED_POINTS = 8  # a need among the cluster's first (core) topics
SIDE_NEED_POINTS = 5  # a need it also answers
CORE_TOPICS = 2
# A need that most clusters answer ("innovation funding") says little about which one fits.
GENERIC_NEED_POINTS = 3
GENERIC_NEED_SHARE = 0.4
MAX_NEEDS_COUNTED = 3
FIELD_POINTS = 20
KIND_POINTS = 10  # the kind's topic is among the cluster's core topics
SIDE_KIND_POINTS = 6
PROXIMITY_POINTS = 20
PROXIMITY_RANGE_KM = 200.0
OWN_AREA_POINTS = 5
# Below this, the link is one side need or one generic need: too weak to propose the cluster.
MIN_RELEVANCE = 8
# A site outside the organisation's historical area is chosen only if it is this much nearer.
OTHER_AREA_PENALTY_KM = 30.0

# What each kind of organisation looks for beyond its trade.
KIND_TOPICS: dict[OrgKind, tuple[str, ...]] = {
    OrgKind.SCHOOL: ("skills_training", "recruitment"),
    OrgKind.RESEARCH_LAB: ("rd_partners", "collaborative_project"),
    OrgKind.PROJECT_HOLDER: ("startup_support",),
    OrgKind.SOCIAL_ECONOMY: ("circular_economy",),
}


@dataclass(frozen=True, slots=True)
class SiteRef:
    name: str
    lat: float
    lon: float
    area: Area | None = None
    is_proposal: bool = False
    principal: bool = True


@dataclass(frozen=True, slots=True)
class ClusterProfile:
    id: str
    name: str
    kind: ClusterKind
    domain: str
    domains: tuple[str, ...] = ()
    naf_prefixes: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sites: tuple[SiteRef, ...] = ()


@dataclass(frozen=True, slots=True)
class OrgProfile:
    kind: OrgKind = OrgKind.FIRM
    naf_code: str | None = None
    naf_label: str | None = None
    lat: float | None = None
    lon: float | None = None
    area: Area | None = None
    needs: tuple[str, ...] = ()  # need keys declared during visits
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrientationHint:
    cluster_id: str
    cluster_name: str
    score: int  # 0..100
    site_name: str | None
    distance_km: float | None
    reasons: list[str] = field(default_factory=list)
    cluster_kind: str = ""
    site_is_proposal: bool = False


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a 6371 km sphere: plenty for ranking sites 10–200 km away."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _of(name: str) -> str:
    """French elision: « d'i-Trans », « de Cap Digital »."""
    return f"d'{name}" if name[:1].casefold() in "aeiouyéèh" else f"de {name}"


def _norm(text: str) -> str:
    return text.strip().casefold().replace("-", "_").replace(" ", "_")


def _best_naf(code: str | None, prefixes: Iterable[str]) -> str | None:
    if not code:
        return None
    best: str | None = None
    for prefix in prefixes:
        if prefix_matches(code, prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best


def _need_points(need: str, cluster: ClusterProfile, generic_needs: frozenset[str]) -> int:
    if need in generic_needs:
        return GENERIC_NEED_POINTS
    return NEED_POINTS if need in cluster.topics[:CORE_TOPICS] else SIDE_NEED_POINTS


def _choose_site(org: OrgProfile, sites: Sequence[SiteRef]) -> tuple[SiteRef, float] | None:
    if org.lat is None or org.lon is None or not sites:
        return None
    french = org.area in (Area.NPDC, Area.PICARDIE)
    best: tuple[float, str, SiteRef, float] | None = None
    for site in sites:
        km = great_circle_km(org.lat, org.lon, site.lat, site.lon)
        effective = km if not french or site.area == org.area else km + OTHER_AREA_PENALTY_KM
        key = (effective, site.name, site, km)
        if best is None or key[:2] < best[:2]:
            best = key
    assert best is not None
    return best[2], best[3]


def score_cluster(
    org: OrgProfile,
    cluster: ClusterProfile,
    lang: str = "fr",
    generic_needs: frozenset[str] = frozenset(),
) -> OrientationHint | None:
    """``None`` when the organisation has no thematic reason (or too weak a one) to join."""
    en = lang == "en"
    reasons: list[str] = []
    relevance = 0

    code = dotted(org.naf_code)
    prefix = _best_naf(code, cluster.naf_prefixes)
    if code and prefix:
        relevance += NAF_POINTS[min(4, prefix_depth(prefix))]
        label = org.naf_label or division_label(code, lang) or ""
        label = f" ({label.lower()})" if label else ""
        specific = prefix_depth(prefix) >= 3
        if en:
            what = "core business of" if specific else "a sector served by"
            reasons.append(f"NAF code {code}{label}: {what} {cluster.name}")
        elif specific:
            reasons.append(f"Code NAF {code}{label} : cœur de métier {_of(cluster.name)}")
        else:
            reasons.append(f"Code NAF {code}{label} : secteur servi par {cluster.name}")

    declared = [n for n in dict.fromkeys((*org.needs, *map(_norm, org.tags))) if n in NEEDS_BY_KEY]
    met = [n for n in declared if n in cluster.topics]
    if met:
        points = sorted((_need_points(n, cluster, generic_needs) for n in met), reverse=True)
        relevance += sum(points[:MAX_NEEDS_COUNTED])
        if en:
            labels = ", ".join(NEEDS_BY_KEY[n].label_en.lower() for n in met)
            reasons.append(f"Declared needs answered by {cluster.name}: {labels}")
        else:
            labels = ", ".join(NEEDS_BY_KEY[n].label_fr.lower() for n in met)
            reasons.append(f"Besoins exprimés auxquels répond {cluster.name} : {labels}")

    cluster_fields = {_norm(d) for d in (cluster.domain, *cluster.domains, cluster.name)}
    fields = [t for t in org.tags if _norm(t) in cluster_fields]
    if fields:
        relevance += FIELD_POINTS
        if en:
            reasons.append(f"Declared field « {fields[0]} »: a domain of {cluster.name}")
        else:
            reasons.append(f"Filière déclarée « {fields[0]} » : domaine {_of(cluster.name)}")

    kind_topics = [t for t in KIND_TOPICS.get(org.kind, ()) if t in cluster.topics]
    if kind_topics:
        core_kind = any(t in cluster.topics[:CORE_TOPICS] for t in kind_topics)
        relevance += KIND_POINTS if core_kind else SIDE_KIND_POINTS
        need = NEEDS_BY_KEY[kind_topics[0]]
        if en:
            reasons.append(
                f"{glossary.label(org.kind, 'en')}: {cluster.name} works on {need.label_en.lower()}"
            )
        else:
            reasons.append(
                f"{glossary.label(org.kind)} : {cluster.name} agit sur {need.label_fr.lower()}"
            )

    if relevance < MIN_RELEVANCE:
        return None
    score = relevance
    chosen = _choose_site(org, cluster.sites)
    site_name: str | None = None
    distance: float | None = None
    proposal = False
    if chosen is not None:
        site, km = chosen
        site_name, distance, proposal = site.name, round(km, 1), site.is_proposal
        score += round(PROXIMITY_POINTS * max(0.0, 1.0 - km / PROXIMITY_RANGE_KM))
        own_area = org.area in (Area.NPDC, Area.PICARDIE) and site.area == org.area
        if own_area:
            score += OWN_AREA_POINTS
        reasons.append(_site_reason(site, km, own_area, org.area, en))
    return OrientationHint(
        cluster_id=cluster.id,
        cluster_name=cluster.name,
        score=min(100, score),
        site_name=site_name,
        distance_km=distance,
        reasons=reasons,
        cluster_kind=cluster.kind.value,
        site_is_proposal=proposal,
    )


def _site_reason(site: SiteRef, km: float, own_area: bool, area: Area | None, en: bool) -> str:
    km_text = f"{km:.0f} km"
    if en:
        status = " (proposed hub)" if site.is_proposal else ""
        where = (
            f"Site in your area ({glossary.label(area, 'en')})"
            if own_area and area
            else "Nearest site"
        )
        return f"{where}: {site.name}{status}, {km_text}"
    status = " (antenne proposée)" if site.is_proposal else ""
    where = (
        f"Site de votre zone ({glossary.label(area)})"
        if own_area and area
        else "Site le plus proche"
    )
    return f"{where} : {site.name}{status}, {km_text}"


def orient(
    org: OrgProfile,
    clusters: Iterable[ClusterProfile],
    *,
    lang: str = "fr",
    limit: int | None = None,
) -> list[OrientationHint]:
    """Clusters with a thematic reason, best first; ties broken by distance, then pôles before
    regional clusters (two sharing a seat), then name, so the list is always the same."""
    clusters = list(clusters)
    generic = generic_topics(clusters)
    hints = [h for c in clusters if (h := score_cluster(org, c, lang, generic)) is not None]
    hints.sort(
        key=lambda h: (
            -h.score,
            h.distance_km if h.distance_km is not None else math.inf,
            h.cluster_kind != ClusterKind.POLE.value,
            h.cluster_name,
        )
    )
    return hints[:limit] if limit is not None else hints


def generic_topics(clusters: Sequence[ClusterProfile]) -> frozenset[str]:
    """Needs answered by a large share of the clusters: weak evidence for any one of them."""
    counts: dict[str, int] = {}
    for c in clusters:
        for t in set(c.topics):
            counts[t] = counts.get(t, 0) + 1
    limit = max(2, GENERIC_NEED_SHARE * len(clusters))
    return frozenset(t for t, n in counts.items() if n >= limit)
