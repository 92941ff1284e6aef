from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from hdf_field.domain.enums import Area, ClusterKind, SiteKind
from hdf_field.domain.needs import NEEDS_BY_KEY
from hdf_field.services.reference import (
    cluster_uuid,
    ensure_reference_data,
    load_cluster_specs,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, ClusterSite
from hdf_field.storage.uow import UnitOfWork


def test_reference_file_matches_the_shared_facts(shared_dir: Path) -> None:
    specs = {s.name: s for s in load_cluster_specs()}
    with (shared_dir / "data/clusters/clusters.csv").open(encoding="utf-8") as handle:
        facts = list(csv.DictReader(handle))
    assert set(specs) == {row["name"] for row in facts}
    for row in facts:
        spec = specs[row["name"]]
        assert spec.kind == ClusterKind(row["type"])
        assert spec.domain == row["domain"]
        principal = next(s for s in spec.sites if s.kind is SiteKind.PRINCIPAL)
        assert principal.insee_code == row["seat_insee"] and not principal.is_proposal


def test_every_broad_domain_has_a_site_in_each_former_region() -> None:
    for spec in load_cluster_specs():
        assert all(t in NEEDS_BY_KEY for t in spec.topics)
        assert spec.naf_prefixes
        if spec.kind is ClusterKind.POLE:
            deps = {s.insee_code[:2] for s in spec.sites}
            assert deps & {"59", "62"} and deps & {"02", "60", "80"}, spec.name
        assert all(s.is_proposal for s in spec.sites if s.kind is SiteKind.SECONDARY)


def test_loading_is_idempotent_and_ids_are_stable(db: Database) -> None:
    first = ensure_reference_data(db)
    assert first == 11 + 18  # clusters + sites
    assert ensure_reference_data(db) == 0
    with db.session() as s:
        clusters = s.scalars(select(Cluster)).all()
        assert len(clusters) == 11
        assert all(c.version == 1 for c in clusters)
        itrans = s.get(Cluster, cluster_uuid("i-Trans"))
        assert itrans is not None
        sites = {site.name: site for site in itrans.sites}
        assert sites["Valenciennes"].area is Area.NPDC
        assert sites["Amiens"].area is Area.PICARDIE and sites["Amiens"].is_proposal
        assert 49.8 < sites["Amiens"].lat < 50.0


def test_a_moved_or_deleted_proposal_is_left_alone(db: Database) -> None:
    ensure_reference_data(db)
    with UnitOfWork(db, actor="manager") as uow:
        site = uow.session.scalar(select(ClusterSite).where(ClusterSite.name == "Compiègne"))
        assert site is not None
        site.lat, site.lon = 49.26, 2.48  # moved to Creil
        amiens = uow.session.scalars(
            select(ClusterSite).where(ClusterSite.name == "Amiens", ClusterSite.is_proposal)
        ).first()
        assert amiens is not None
        from hdf_field.storage.types import utcnow

        amiens.deleted_at = utcnow()
        amiens_id = amiens.id
        uow.commit()
    assert ensure_reference_data(db) == 0
    with db.session() as s:
        moved = s.scalar(select(ClusterSite).where(ClusterSite.name == "Compiègne"))
        assert moved is not None and (moved.lat, moved.lon) == (49.26, 2.48)
        deleted = s.get(ClusterSite, amiens_id)
        assert deleted is not None and deleted.deleted_at is not None
