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
        located = Organisation(
            name="Atelier", lat=50.3, lon=3.1, city="Douai", status=FunnelStatus.ORIENTED
        )
        uow.session.add_all(
            [
                located,
                Organisation(name="Sans adresse"),
                Organisation(name="Supprimée", lat=50.0, lon=3.0, deleted_at=utcnow()),
            ]
        )
        cluster = Cluster(name="i-Trans", kind=ClusterKind.POLE, domain="mobility")
        uow.session.add(cluster)
        uow.session.flush()
        uow.session.add_all(
            [
                ClusterSite(
                    cluster_id=cluster.id,
                    kind=SiteKind.PRINCIPAL,
                    name="Valenciennes",
                    lat=50.35,
                    lon=3.52,
                ),
                ClusterSite(
                    cluster_id=cluster.id,
                    kind=SiteKind.SECONDARY,
                    name="Amiens",
                    lat=49.9,
                    lon=2.3,
                    is_proposal=True,
                ),
            ]
        )
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


# -- the page's per-view requests (remote mode) ------------------------------------------

import json  # noqa: E402

import pytest  # noqa: E402

from hdf_field.reports.maps import STATUS_ORDER, MapMarker  # noqa: E402
from hdf_field.services.map_data import (  # noqa: E402
    MAX_REQUEST_CHARS,
    REMOTE_THRESHOLD,
    MapRequestError,
    answer_view,
    marker_index,
    parse_view_request,
    remote_summary,
    select_area,
    uses_remote_markers,
)

GRID = [
    MapMarker(
        f"o{i}-{j}",
        f"Org {i} {j}",
        50.0 + i * 0.01,
        3.0 + j * 0.01,
        STATUS_ORDER[(i + j) % len(STATUS_ORDER)],
        "Douai",
    )
    for i in range(40)
    for j in range(40)
] + [MapMarker("odd", "Statut inconnu", 50.2, 3.2, "no-such-status", None)]


def _view(**fields: object) -> str:
    base: dict[str, object] = {
        "seq": 3,
        "south": 49.9,
        "west": 2.9,
        "north": 50.5,
        "east": 3.5,
        "zoom": 9.5,
    }
    base.update(fields)
    return json.dumps(base)


def test_remote_mode_starts_above_the_threshold() -> None:
    assert not uses_remote_markers(REMOTE_THRESHOLD)
    assert uses_remote_markers(REMOTE_THRESHOLD + 1)


def test_index_of_markers_counts_unknown_statuses_as_the_first_step() -> None:
    index = marker_index(GRID)
    summary = remote_summary(index)
    assert summary.total == len(GRID)
    expected = [sum(1 for m in GRID[:-1] if m.status == s) for s in STATUS_ORDER]
    expected[0] += 1
    assert list(summary.counts) == expected
    assert index.position_of("odd") == (50.2, 3.2)


def test_a_view_request_is_answered_with_its_sequence_number() -> None:
    index = marker_index(GRID)
    answer = answer_view(index, parse_view_request(_view()))
    assert answer["seq"] == 3 and answer["zoom"] == 9
    assert sum(c[2] for c in answer["clusters"]) + len(answer["singles"]) == answer["total"]
    assert answer["total"] == len(GRID)  # the whole grid is in view
    json.dumps(answer)  # it travels as JSON
    street = answer_view(
        index,
        parse_view_request(_view(south=50.195, west=3.195, north=50.205, east=3.205, zoom=16)),
    )
    assert "odd" in {r[0] for r in street["singles"]} and street["clusters"] == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (_view(seq=-1), "'seq'"),
        (_view(seq=True), "'seq'"),
        (_view(south="50"), "'south'"),
        (_view(east=None), "'east'"),
        (_view(zoom=99), "'zoom'"),
        ('{"seq": 1, "south": 1e999, "west": 0, "north": 0, "east": 0, "zoom": 1}', "'south'"),
        ("x" * (MAX_REQUEST_CHARS + 1), "longer than"),
    ],
)
def test_malformed_view_requests_are_refused_by_field(text: str, field: str) -> None:
    with pytest.raises(MapRequestError, match=field):
        parse_view_request(text)


def test_selections_from_the_page_are_resolved_against_every_point() -> None:
    index = marker_index(GRID)
    rect = select_area(
        index,
        json.dumps({"kind": "rect", "south": 50.0, "west": 3.0, "north": 50.025, "east": 3.015}),
    )
    assert rect == [f"o{i}-{j}" for i in range(3) for j in range(2)]
    around = select_area(index, json.dumps({"kind": "radius", "lat": 50.2, "lon": 3.2, "km": 0.5}))
    assert "odd" in around and "o20-20" in around and "o0-0" not in around
    assert select_area(index, '{"kind": "none"}') == []


@pytest.mark.parametrize(
    ("area", "field"),
    [
        ({"kind": "polygon"}, "'kind'"),
        ({"kind": "radius", "lat": 50, "lon": 3, "km": -1}, "'km'"),
        ({"kind": "radius", "lat": 50, "lon": 3, "km": 5000}, "'km'"),
        ({"kind": "rect", "south": 50, "west": 3, "north": 51}, "'east'"),
    ],
)
def test_malformed_selections_are_refused_by_field(area: dict, field: str) -> None:
    with pytest.raises(MapRequestError, match=field):
        select_area(marker_index(GRID), json.dumps(area))
