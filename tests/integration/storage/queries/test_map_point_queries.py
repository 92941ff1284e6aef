"""What the map can draw: live organisations with both coordinates, live sites of live
clusters, in the order the page lists them."""

from __future__ import annotations

from datetime import UTC, datetime

from hdf_field.domain.enums import ClusterKind, FunnelStatus, SiteKind
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, ClusterSite, Organisation
from hdf_field.storage.queries.map_points import organisation_points, site_points
from hdf_field.storage.uow import UnitOfWork

GONE = datetime(2026, 1, 1, tzinfo=UTC)


def test_only_drawable_live_organisations_by_name(db: Database) -> None:
    with UnitOfWork(db, actor="t") as uow:
        uow.session.add_all(
            [
                Organisation(name="Zinc", lat=50.1, lon=3.1, city="Lille"),
                Organisation(name="Acier", lat=49.9, lon=2.3, status=FunnelStatus.VISITED),
                Organisation(name="Sans longitude", lat=50.0),
                Organisation(name="Nulle part"),
                Organisation(name="Fermée", lat=50.0, lon=3.0, deleted_at=GONE),
            ]
        )
        uow.commit()
    with db.session() as s:
        points = organisation_points(s)
    assert [(p[1], p[2], p[3], p[4], p[5]) for p in points] == [
        ("Acier", 49.9, 2.3, FunnelStatus.VISITED, None),
        ("Zinc", 50.1, 3.1, FunnelStatus.IDENTIFIED, "Lille"),
    ]


def test_live_sites_of_live_clusters(db: Database) -> None:
    with UnitOfWork(db, actor="t") as uow:
        for name, deleted in [("i-Trans", None), ("Aquimer", None), ("Ancien", GONE)]:
            cluster = Cluster(name=name, kind=ClusterKind.POLE, domain="x", deleted_at=deleted)
            for site, kind, proposal, site_deleted in [
                ("Siège", SiteKind.PRINCIPAL, False, None),
                ("Antenne", SiteKind.SECONDARY, True, None),
                ("Fermée", SiteKind.SECONDARY, False, GONE),
            ]:
                cluster.sites.append(
                    ClusterSite(
                        name=site,
                        kind=kind,
                        is_proposal=proposal,
                        lat=50.0,
                        lon=3.0,
                        deleted_at=site_deleted,
                    )
                )
            uow.session.add(cluster)
        uow.commit()
    with db.session() as s:
        points = site_points(s)
    assert [(p[1], p[0], p[4], p[5]) for p in points] == [
        ("Aquimer", "Antenne", SiteKind.SECONDARY, True),
        ("Aquimer", "Siège", SiteKind.PRINCIPAL, False),
        ("i-Trans", "Antenne", SiteKind.SECONDARY, True),
        ("i-Trans", "Siège", SiteKind.PRINCIPAL, False),
    ]
