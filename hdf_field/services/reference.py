"""The clusters and their sites, loaded from ``resources/reference/clusters.json``.

Every laptop and the registry load the same file, so cluster and site ids are derived from
their names (UUID v5): two databases that load the reference data offline end up with the
same ids and sync without duplicates. Facts about a cluster (domains, NAF prefixes, topics,
principal seat) follow the file; proposed secondary hubs are planning data a manager may move
or delete, so once a hub exists its position is left alone, and a deleted hub is not revived.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hdf_field.domain.enums import ClusterKind, SiteKind
from hdf_field.domain.errors import InputFileError
from hdf_field.domain.needs import NEEDS_BY_KEY
from hdf_field.domain.orientation import ClusterProfile, SiteRef
from hdf_field.domain.regions import area_of_departement, departement_of
from hdf_field.paths import resources_dir
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, ClusterSite
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.reference import clusters_with_sites
from hdf_field.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from hdf_field.geo.gazetteer import Gazetteer

REFERENCE_NAMESPACE = uuid.UUID("6f1c2a4e-8d0b-5e2f-9a47-3b1d5c7e9f20")
ACTOR = "reference-data"


def clusters_file() -> Path:
    return resources_dir() / "reference" / "clusters.json"


def cluster_uuid(name: str) -> uuid.UUID:
    return uuid.uuid5(REFERENCE_NAMESPACE, f"cluster:{name}")


def site_uuid(cluster_name: str, site_name: str) -> uuid.UUID:
    return uuid.uuid5(REFERENCE_NAMESPACE, f"site:{cluster_name}:{site_name}")


@dataclass(frozen=True, slots=True)
class SiteSpec:
    name: str
    kind: SiteKind
    insee_code: str
    is_proposal: bool


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    name: str
    kind: ClusterKind
    domain: str
    domains: tuple[str, ...]
    description: str | None
    website: str | None
    naf_prefixes: tuple[str, ...]
    topics: tuple[str, ...]
    sites: tuple[SiteSpec, ...]


def load_cluster_specs(path: Path | None = None) -> list[ClusterSpec]:
    """Read and check the reference file; a mistake names the file and the cluster."""
    path = path or clusters_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw_clusters = data["clusters"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputFileError(f"{path}: cannot read cluster reference data ({exc})") from exc
    specs: list[ClusterSpec] = []
    for i, raw in enumerate(raw_clusters, start=1):
        try:
            specs.append(_spec(raw))
        except (KeyError, ValueError, TypeError) as exc:
            name = raw.get("name", f"#{i}") if isinstance(raw, dict) else f"#{i}"
            raise InputFileError(f"{path}: cluster {name}: {exc}") from exc
    return specs


def _spec(raw: dict[str, Any]) -> ClusterSpec:
    topics = tuple(raw["topics"])
    unknown = [t for t in topics if t not in NEEDS_BY_KEY]
    if unknown:
        raise ValueError(f"unknown topic key(s) {', '.join(unknown)}")
    sites = tuple(
        SiteSpec(
            name=s["name"],
            kind=SiteKind(s["kind"]),
            insee_code=s["insee_code"],
            is_proposal=bool(s["is_proposal"]),
        )
        for s in raw["sites"]
    )
    if sum(s.kind is SiteKind.PRINCIPAL for s in sites) != 1:
        raise ValueError("exactly one principal site expected")
    return ClusterSpec(
        name=raw["name"],
        kind=ClusterKind(raw["kind"]),
        domain=raw["domain"],
        domains=tuple(raw.get("domains", ())),
        description=raw.get("description"),
        website=raw.get("website"),
        naf_prefixes=tuple(raw["naf_prefixes"]),
        topics=topics,
        sites=sites,
    )


def _site_position(gazetteer: Gazetteer, spec: SiteSpec, cluster: str) -> tuple[float, float]:
    commune = gazetteer.commune(spec.insee_code)
    if commune is None:
        raise InputFileError(
            f"{clusters_file()}: {cluster} site {spec.name}: INSEE code {spec.insee_code} "
            "is not in the gazetteer"
        )
    return commune.lat, commune.lon


def profiles_from_specs(specs: list[ClusterSpec], gazetteer: Gazetteer) -> list[ClusterProfile]:
    """Orientation profiles straight from the file, for callers without a database."""
    profiles = []
    for spec in specs:
        sites = []
        for s in spec.sites:
            lat, lon = _site_position(gazetteer, s, spec.name)
            sites.append(
                SiteRef(
                    name=s.name,
                    lat=lat,
                    lon=lon,
                    area=area_of_departement(departement_of(s.insee_code)),
                    is_proposal=s.is_proposal,
                    principal=s.kind is SiteKind.PRINCIPAL,
                )
            )
        profiles.append(
            ClusterProfile(
                id=str(cluster_uuid(spec.name)),
                name=spec.name,
                kind=spec.kind,
                domain=spec.domain,
                domains=spec.domains,
                naf_prefixes=spec.naf_prefixes,
                topics=spec.topics,
                sites=tuple(sites),
            )
        )
    return profiles


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set only what differs, so an unchanged cluster keeps its version (and does not sync)."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def apply_reference_data(session: Session, specs: list[ClusterSpec], gazetteer: Gazetteer) -> int:
    """Upsert clusters and sites into ``session`` without committing; returns rows touched."""
    existing = {c.name: c for c in clusters_with_sites(session)}
    touched = 0
    for spec in specs:
        facts = {
            "kind": spec.kind,
            "domain": spec.domain,
            "domains": list(spec.domains),
            "description": spec.description,
            "website": spec.website,
            "naf_prefixes": list(spec.naf_prefixes),
            "topics": list(spec.topics),
        }
        cluster = existing.get(spec.name)
        if cluster is None:
            cluster = Cluster(id=cluster_uuid(spec.name), name=spec.name, **facts)
            session.add(cluster)
            touched += 1
        elif _assign(cluster, facts):
            touched += 1
        sites = {s.name: s for s in cluster.sites}
        for s in spec.sites:
            lat, lon = _site_position(gazetteer, s, spec.name)
            position = {
                "insee_code": s.insee_code,
                "lat": lat,
                "lon": lon,
                "area": area_of_departement(departement_of(s.insee_code)),
            }
            site = sites.get(s.name)
            if site is None:
                session.add(
                    ClusterSite(
                        id=site_uuid(spec.name, s.name),
                        cluster=cluster,
                        name=s.name,
                        kind=s.kind,
                        is_proposal=s.is_proposal,
                        **position,
                    )
                )
                touched += 1
            elif s.kind is SiteKind.PRINCIPAL and _assign(
                site, {"kind": s.kind, "is_proposal": False, **position}
            ):
                touched += 1
    return touched


def ensure_reference_data(
    db: Database, gazetteer: Gazetteer | None = None, *, path: Path | None = None
) -> int:
    """Load or refresh the clusters in one transaction; 0 when already up to date."""
    specs = load_cluster_specs(path)
    if gazetteer is None:
        from hdf_field.geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    with UnitOfWork(db, actor=ACTOR) as uow:
        touched = apply_reference_data(uow.session, specs, gazetteer)
        uow.commit()
    return touched
