"""The per-zoom cluster index behind the 600,000-prospect map: counts add up in every view,
points come alone at street level, selections see every point, bad input is refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdf_field.geo.marker_index import (
    CLUSTER_MAX_ZOOM,
    DISABLE_CLUSTERING_ZOOM,
    EARTH_RADIUS_M,
    MarkerIndex,
)

N_STATUSES = 7


def _index(lat: np.ndarray, lon: np.ndarray, status: np.ndarray | None = None) -> MarkerIndex:
    n = len(lat)
    status = np.arange(n) % N_STATUSES if status is None else status
    return MarkerIndex(
        lat,
        lon,
        status,
        [f"id{i}" for i in range(n)],
        lambda i: (f"Org {i}", f"Commune {i % 3}"),
        n_statuses=N_STATUSES,
    )


@pytest.fixture(scope="module")
def cloud() -> tuple[np.ndarray, np.ndarray, MarkerIndex]:
    """20,000 points around Lille, Arras and Amiens, some of them across the Belgian border
    (Tournai, Mons)."""
    rng = np.random.default_rng(3)
    towns = np.array([(50.63, 3.06), (50.29, 2.78), (49.89, 2.30), (50.61, 3.39), (50.45, 3.95)])
    t = towns[rng.integers(0, len(towns), 20_000)]
    lat = t[:, 0] + rng.normal(0, 0.08, len(t))
    lon = t[:, 1] + rng.normal(0, 0.12, len(t))
    return lat, lon, _index(lat, lon)


def _inside(lat: np.ndarray, lon: np.ndarray, bounds: tuple[float, ...]) -> int:
    s, w, n, e = bounds
    return int(((lat >= s) & (lat < n) & (lon >= w) & (lon < e)).sum())


VIEWS = [
    (48.8, 1.3, 51.1, 4.3),  # the region
    (50.55, 2.95, 50.72, 3.2),  # Lille
    (50.4, 3.2, 50.8, 4.2),  # across the border into Hainaut
    (50.0, 2.0, 50.1, 2.1),  # nearly empty fields
]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("zoom", [0, 3, 6, 8, 9.75, 11, 12, 13, 14, 16])
def test_cluster_counts_add_up_to_the_points_in_the_view(cloud, view, zoom) -> None:
    lat, lon, index = cloud
    result = index.query(*view, zoom)
    counted = sum(c[2] for c in result.clusters) + len(result.singles)
    assert counted == result.total == _inside(lat, lon, result.bounds)
    # The snapped bounds cover the view asked for.
    s, w, n, e = result.bounds
    assert s <= view[0] and w <= view[1] and n >= view[2] and e >= view[3]
    # Status mixes add up to each cluster's count.
    assert all(sum(c[3]) == c[2] and len(c[3]) == N_STATUSES for c in result.clusters)


def test_clusters_sit_inside_their_view_and_merge_when_zooming_out(cloud) -> None:
    _, _, index = cloud
    counts = [len(index.query(*VIEWS[0], z).clusters) for z in range(6, CLUSTER_MAX_ZOOM + 1)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    result = index.query(*VIEWS[1], 11)
    s, w, n, e = result.bounds
    assert all(s <= c[0] <= n and w <= c[1] <= e for c in result.clusters)


def test_every_point_comes_alone_at_street_zoom(cloud) -> None:
    lat, lon, index = cloud
    view = (50.62, 3.05, 50.625, 3.06)
    result = index.query(*view, DISABLE_CLUSTERING_ZOOM + 2)
    assert result.clusters == []
    ids = {r[0] for r in result.singles}
    s, w, n, e = result.bounds
    expected = {f"id{i}" for i in np.flatnonzero((lat >= s) & (lat < n) & (lon >= w) & (lon < e))}
    assert ids == expected and ids
    row = next(r for r in result.singles)
    i = int(row[0][2:])
    assert row == [
        f"id{i}",
        f"Org {i}",
        round(lat[i], 5),
        round(lon[i], 5),
        i % N_STATUSES,
        f"Commune {i % 3}",
    ]


def test_a_lone_point_is_found_at_max_zoom() -> None:
    index = _index(np.array([50.6292, 49.0]), np.array([3.0573, 2.0]))
    result = index.query(50.6291, 3.0572, 50.6293, 3.0574, 19)
    assert [r[0] for r in result.singles] == ["id0"]


def test_too_many_points_in_view_stay_clustered(cloud) -> None:
    _, _, index = cloud
    result = index.query(*VIEWS[0], DISABLE_CLUSTERING_ZOOM, max_singles=100)
    assert result.clusters and result.total > 100
    assert sum(c[2] for c in result.clusters) + len(result.singles) == result.total


def test_points_on_both_sides_of_the_border_are_counted() -> None:
    # Halluin (FR) and Menen (BE) are 2 km apart across the Lys.
    index = _index(np.array([50.7836, 50.7963]), np.array([3.1256, 3.1226]))
    for zoom in range(0, 15):
        result = index.query(50.70, 3.0, 50.85, 3.25, zoom)
        assert sum(c[2] for c in result.clusters) + len(result.singles) == 2
    assert {r[0] for r in index.query(50.70, 3.0, 50.85, 3.25, 15).singles} == {"id0", "id1"}


def test_empty_index_answers_every_view() -> None:
    index = _index(np.array([]), np.array([]))
    assert len(index) == 0
    for zoom in (0, 8, 14, 18):
        result = index.query(*VIEWS[0], zoom)
        assert (result.clusters, result.singles, result.total) == ([], [], 0)
    assert index.select_rect(*VIEWS[0]) == []
    assert index.select_radius(50.0, 3.0, 50) == []
    assert index.position_of("id0") is None
    assert index.status_counts() == [0] * N_STATUSES
    assert len(index.subset(["id0"])) == 0


def test_rectangle_selection_sees_every_point_not_just_those_drawn(cloud) -> None:
    lat, lon, index = cloud
    s, w, n, e = 50.5, 2.9, 50.8, 3.3
    expected = [f"id{i}" for i in np.flatnonzero((lat >= s) & (lat <= n) & (lon >= w) & (lon <= e))]
    assert len(expected) > 1000
    assert index.select_rect(s, w, n, e) == expected
    assert index.select_rect(n, e, s, w) == expected  # corners in any order


def test_radius_selection_uses_leaflet_great_circle(cloud) -> None:
    lat, lon, index = cloud
    clat, clon, km = 50.63, 3.06, 12.0
    la1, la2 = math.radians(clat), np.radians(lat)
    h = (
        np.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * np.cos(la2) * np.sin(np.radians(lon - clon) / 2) ** 2
    )
    dist = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))
    expected = [f"id{i}" for i in np.flatnonzero(dist <= km * 1000)]
    assert 0 < len(expected) < len(lat)
    assert index.select_radius(clat, clon, km) == expected
    with pytest.raises(ValueError, match="radius"):
        index.select_radius(clat, clon, float("nan"))


def test_subset_keeps_only_the_filtered_points(cloud) -> None:
    lat, lon, index = cloud
    keep = [f"id{i}" for i in range(0, 20_000, 7)] + ["not-an-id"]
    sub = index.subset(keep)
    assert len(sub) == len(range(0, 20_000, 7))
    assert sub.select_rect(*VIEWS[0]) == [
        f"id{i}" for i in range(0, 20_000, 7) if _inside(lat[i : i + 1], lon[i : i + 1], VIEWS[0])
    ]
    assert sub.position_of("id7") == (lat[7], lon[7])
    assert sub.position_of("id8") is None
    assert len(index.subset([])) == 0


def test_status_counts_feed_the_legend(cloud) -> None:
    _, _, index = cloud
    assert index.status_counts() == np.bincount(np.arange(20_000) % 7, minlength=7).tolist()


@pytest.mark.parametrize(
    ("lat", "lon", "status", "message"),
    [
        ([50.0, float("nan")], [3.0, 3.0], [0, 0], "finite"),
        ([50.0], [3.0, 3.1], [0], "length"),
        ([50.0], [3.0], [7], "status"),
        ([50.0], [3.0], [-1], "status"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(lat, lon, status, message) -> None:
    with pytest.raises(ValueError, match=message):
        _index(np.array(lat), np.array(lon), np.array(status))


def test_views_must_be_finite(cloud) -> None:
    _, _, index = cloud
    with pytest.raises(ValueError, match="finite"):
        index.query(50.0, 3.0, float("inf"), 3.2, 10)


def test_poles_and_antimeridian_do_not_break_clustering() -> None:
    index = _index(np.array([89.9, -89.9, 0.0, 0.0]), np.array([179.99, -180.0, 180.0, 0.0]))
    result = index.query(-90, -180, 90, 180, 0)
    assert result.total == 4 == sum(c[2] for c in result.clusters) + len(result.singles)
