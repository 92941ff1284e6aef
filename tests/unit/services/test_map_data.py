"""Map rows come from live organisations with coordinates, and cluster sites."""

from __future__ import annotations

from hdf_field.domain.enums import ClusterKind, FunnelStatus, SiteKind
from hdf_field.services.map_data import cluster_site_markers, organisation_markers
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, ClusterSite, Organisation
from hdf_field.storage.types import utcnow
from hdf_field.storage.uow import UnitOfWork


def test_only_live_located_organisations_are_drawn(db: Database) -> None:
    with UnitOfWork(db, actor="test") as uow:
        located = Organisation(name="Atelier", lat=50.3, lon=3.1, city="Douai",
                               status=FunnelStatus.ORIENTED)
        uow.session.add_all([
            located,
            Organisation(name="Sans adresse"),
            Organisation(name="Supprimée", lat=50.0, lon=3.0, deleted_at=utcnow()),
        ])
        cluster = Cluster(name="i-Trans", kind=ClusterKind.POLE, domain="mobility")
        uow.session.add(cluster)
        uow.session.flush()
        uow.session.add_all([
            ClusterSite(cluster_id=cluster.id, kind=SiteKind.PRINCIPAL, name="Valenciennes",
                        lat=50.35, lon=3.52),
            ClusterSite(cluster_id=cluster.id, kind=SiteKind.SECONDARY, name="Amiens",
                        lat=49.9, lon=2.3, is_proposal=True),
        ])
        uow.commit()
    with db.session() as session:
        markers = organisation_markers(session)
        sites = cluster_site_markers(session)
    assert [(m.id, m.name, m.status, m.commune) for m in markers] == [
        (str(located.id), "Atelier", "oriented", "Douai")
    ]
    assert [(s.name, s.cluster, s.principal, s.proposal) for s in sites] == [
        ("Amiens", "i-Trans", False, True),
        ("Valenciennes", "i-Trans", True, False),
    ]


def test_the_basemap_includes_belgium_beside_the_region() -> None:
    from shapely.geometry import Point, shape

    from hdf_field.services.map_data import basemap_outlines

    outlines = basemap_outlines()
    assert outlines.be_country is not None and outlines.be_arrondissements is not None
    (country,) = outlines.be_country["features"]
    belgium = shape(country["geometry"])
    for lat, lon in ((50.83, 3.26), (50.61, 3.39), (50.45, 3.95), (50.47, 4.87)):  # Kortrijk,
        assert belgium.contains(Point(lon, lat))  # Tournai, Mons, Namur
    assert not belgium.contains(Point(3.06, 50.63))  # Lille stays in France
    names = {f["properties"]["name"] for f in outlines.be_arrondissements["features"]}
    assert {"West-Vlaanderen", "Hainaut", "Namur"} <= names
    cantons = outlines.be_cantons["features"]
    kortrijk = [f for f in cantons if shape(f["geometry"]).contains(Point(3.26, 50.83))]
    assert len(kortrijk) == 1 and kortrijk[0]["properties"]["name"].startswith("Kortrijk")
    assert len(cantons) == 45
