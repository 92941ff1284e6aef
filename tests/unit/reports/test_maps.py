"""The offline map page: no network URL anywhere, markers encoded as expected."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hdf_field.reports.maps import (
    STATUS_COLOURS,
    STATUS_ORDER,
    MapMarker,
    MapOptions,
    MapOutlines,
    SiteMarker,
    TileSource,
    build_map,
    install_outlines,
    markers_payload,
    outlines_script,
    referenced_assets,
    write_map,
)

URL = re.compile(r"https?://[^\s\"'<>)]*", re.IGNORECASE)
# Strings in the vendored Leaflet files that look like URLs but are never fetched: the SVG
# namespace, the attribution prefix link (attribution is switched off and navigation is
# refused by the view) and a bug-tracker reference inside a CSS comment.
NOT_FETCHED = {
    "http://www.w3.org/2000/svg",
    "https://leafletjs.com",
    "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
}


def _square(code: str, name: str, s: float, w: float, n: float, e: float) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
    }


def _collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


OUTLINES = MapOutlines(
    communes=_collection(_square("59350", "Lille", 50.6, 3.0, 50.7, 3.1)),
    epcis=_collection(_square("200093201", "MEL", 50.5, 2.8, 50.8, 3.3)),
    departements=_collection(_square("59", "Nord", 50.0, 2.5, 51.1, 4.2)),
)

MARKERS = [
    MapMarker("a1", "Forge </script> & Cie", 50.6329123, 3.0585987, "visited", "Lille"),
    MapMarker("b2", "Lycée Branly", 49.8941, 2.2958, "member", None),
    MapMarker("c3", "Inconnu", 50.0, 3.0, "no-such-status", "Arras"),
]


def _config(html: str) -> dict:
    match = re.search(r"hdfMap\.init\(\w+, (\{.*?\})\);\n", html, re.DOTALL)
    assert match, "init call not found"
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_page_and_every_asset_it_loads_have_no_network_url(tmp_path: Path) -> None:
    html = build_map(
        MARKERS,
        outlines=OUTLINES,
        cluster_sites=[SiteMarker("Lille", "Eurasanté", 50.63, 3.06)],
    )
    assert URL.findall(html) == []
    page = write_map(html, tmp_path / "map.html")
    assets = referenced_assets(html)
    assert {"hdf-map-assets/leaflet/leaflet.js", "hdf-map-assets/hdf/hdf_map.js"} <= set(assets)
    seen = set()
    for rel in assets:
        path = page.parent / rel
        assert path.is_file(), rel
        text = path.read_text(encoding="utf-8")
        seen.update(URL.findall(text))
        # Style sheets may pull images: they must be relative files that exist.
        css_urls = re.findall(r"url\(([^)]+)\)", text) if rel.endswith(".css") else []
        for inner in css_urls:
            inner = inner.strip("'\"")
            if inner.startswith(("data:", "#")):  # inline data, IE-only VML behaviour
                continue
            assert (path.parent / inner).is_file(), (rel, inner)
    assert seen <= NOT_FETCHED


def test_folium_cdn_defaults_are_left_out() -> None:
    html = build_map(MARKERS)
    for name in ("jquery", "bootstrap", "awesome-markers", "font-awesome", "cdn."):
        assert name not in html.lower()


def test_markers_are_one_compact_array_with_status_indexes() -> None:
    config = _config(build_map(MARKERS))
    assert config["markers"] == [
        ["a1", "Forge </script> & Cie", 50.63291, 3.0586, STATUS_ORDER.index("visited"), "Lille"],
        ["b2", "Lycée Branly", 49.8941, 2.2958, STATUS_ORDER.index("member"), ""],
        ["c3", "Inconnu", 50.0, 3.0, 0, "Arras"],
    ]
    assert markers_payload([]) == []


def test_closing_script_tag_in_a_name_cannot_break_the_page() -> None:
    html = build_map(MARKERS)
    assert "Forge </script>" not in html
    assert "Forge <\\/script>" in html


def test_every_status_has_its_colour_in_css_and_legend() -> None:
    html = build_map(MARKERS)
    config = _config(html)
    assert [s[0] for s in config["statuses"]] == list(STATUS_ORDER)
    for i, key in enumerate(STATUS_ORDER):
        assert f".hdf-s{i}{{background:{STATUS_COLOURS[key]};}}" in html
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_ORDER)
    assert config["statuses"][STATUS_ORDER.index("member")][1] == "Adhérent"


def test_outlines_and_sites_are_drawn() -> None:
    html = build_map(
        MARKERS,
        outlines=OUTLINES,
        cluster_sites=[SiteMarker("Amiens", "Nutrition Santé Longévité", 49.9, 2.3, False, True)],
    )
    sites = _config(html)["sites"]
    assert sites == [["Amiens", "Nutrition Santé Longévité", 49.9, 2.3, False, True]]
    inline = re.search(r"window\.hdfOutlines = JSON\.parse\('(.*?)'\);\n", html)
    assert inline
    data = json.loads(inline.group(1))
    assert set(data) == {
        "scale",
        "land",
        "communes",
        "epcis",
        "departements",
        "beCantons",
        "beArrondissements",
    }
    assert data["beCantons"] == data["beArrondissements"] == []

    def decode(line: list[int]) -> list[tuple[float, float]]:
        x = y = 0
        points = []
        for dx, dy in zip(line[::2], line[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x / data["scale"], y / data["scale"]))
        return points

    # The land is the département polygon; its border is drawn once as a line.
    assert [[decode(r) for r in poly] for poly in data["land"]] == [
        [[(2.5, 50.0), (4.2, 50.0), (4.2, 51.1), (2.5, 51.1), (2.5, 50.0)]]
    ]
    assert [decode(line) for line in data["departements"]] == [
        [(2.5, 50.0), (4.2, 50.0), (4.2, 51.1), (2.5, 51.1), (2.5, 50.0)]
    ]


def test_belgium_is_land_with_its_provinces_and_cantons_drawn() -> None:
    # Hainaut beside the Nord, split into two cantons along x = 4.0.
    belgium = MapOutlines(
        departements=OUTLINES.departements,
        be_country=_collection(_square("BE", "Belgique", 50.0, 4.2, 51.0, 6.0)),
        be_arrondissements=_collection(_square("hainaut", "Hainaut", 50.0, 4.2, 51.0, 5.0)),
        be_cantons=_collection(
            _square("mons", "Mons", 50.0, 4.2, 51.0, 4.6),
            _square("binche", "Binche", 50.0, 4.6, 51.0, 5.0),
        ),
    )
    html = build_map(MARKERS, outlines=belgium)
    data = json.loads(re.search(r"JSON\.parse\('(.*?)'\);\n", html).group(1))
    assert len(data["land"]) == 2  # the département and Belgium: no blank space over there
    assert data["land"][1][0][:2] == [420_000, 5_000_000]
    assert len(data["beArrondissements"]) == 1
    # Two cantons with one shared edge: 7 distinct edges, drawn as polylines.
    assert sum(len(line) // 2 - 1 for line in data["beCantons"]) == 7
    labels = _config(html)["labels"]
    assert labels["beCantons"] == "Cantons (Belgique)"
    assert _config(html)["layerControl"] is True


def test_shared_borders_are_drawn_once() -> None:
    # Two squares side by side share the edge x = 3.0.
    pair = MapOutlines(
        communes=_collection(
            _square("a", "A", 50.0, 2.0, 51.0, 3.0), _square("b", "B", 50.0, 3.0, 51.0, 4.0)
        )
    )
    data = json.loads(re.search(r"JSON\.parse\('(.*?)'\)", outlines_script(pair)).group(1))
    segments = 0
    for line in data["communes"]:
        segments += len(line) // 2 - 1
    assert segments == 7  # 4 + 4 edges, the shared one once


def test_outlines_can_live_in_a_script_beside_the_page(tmp_path: Path) -> None:
    rel = install_outlines(OUTLINES, tmp_path)
    assert rel.startswith("hdf-map-assets/outlines/") and (tmp_path / rel).is_file()
    html = build_map(MARKERS, outlines=OUTLINES, options=MapOptions(outlines_url=rel))
    assert _config(html)["outlinesUrl"] == rel  # fetched by the page after the markers
    assert "window.hdfOutlines =" not in html
    assert install_outlines(OUTLINES, tmp_path) == rel


def test_tile_source_is_passed_to_the_page() -> None:
    html = build_map(
        MARKERS, options=MapOptions(tiles=TileSource("mbtiles:tiles/{z}/{x}/{y}", 5, 12))
    )
    assert 'hdfMap.setTiles("mbtiles:tiles/{z}/{x}/{y}", 5, 12);' in html


def test_assets_are_copied_once_and_refreshed_when_changed(tmp_path: Path) -> None:
    write_map(build_map([]), tmp_path / "a.html")
    script = tmp_path / "hdf-map-assets" / "hdf" / "hdf_map.js"
    original = script.read_bytes()
    script.write_text("tampered", encoding="utf-8")
    write_map(build_map([]), tmp_path / "b.html")
    assert script.read_bytes() == original


def test_remote_page_carries_no_markers_but_the_legend_counts() -> None:
    from hdf_field.reports.maps import RemoteMarkers

    counts = [3, 0, 1, 0, 0, 2, 1]
    config = _config(build_map([], remote=RemoteMarkers(total=7, counts=counts)))
    assert config["markers"] == []
    assert config["remote"] == {"total": 7, "counts": counts}
    assert _config(build_map(MARKERS))["remote"] is None


def test_remote_page_refuses_markers_or_inconsistent_counts() -> None:
    import pytest

    from hdf_field.reports.maps import RemoteMarkers

    with pytest.raises(ValueError, match="view by view"):
        build_map(MARKERS, remote=RemoteMarkers(total=0, counts=[0] * len(STATUS_ORDER)))
    with pytest.raises(ValueError, match="one count per status"):
        build_map([], remote=RemoteMarkers(total=5, counts=[1, 1]))
