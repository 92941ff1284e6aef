"""The communes of Hauts-de-France, loaded from ``resources/geo`` (built by
``scripts/build_geography.py``).

The commune table is small and parsed on first use; outlines (the bulk of the data) and the
spatial index are only parsed when a map or a reverse lookup asks for them, so importing a
register that already carries INSEE codes never pays for polygons.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from hdf_field.domain.enums import Area
from hdf_field.domain.errors import InputFileError
from hdf_field.domain.regions import AREA_BY_DEPARTEMENT
from hdf_field.geo.names import normalize_name
from hdf_field.paths import resources_dir

OutlineLevel = Literal["commune", "departement", "epci"]
OUTLINE_LEVELS: tuple[OutlineLevel, ...] = ("commune", "departement", "epci")
# Outlines are generalised (~100 m): a point that falls in a sliver between two simplified
# neighbours, or just off the coast line, still belongs to the nearest commune within this.
REVERSE_SNAP_DEGREES = 0.003


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    postal_codes: tuple[str, ...]
    departement: str
    epci_code: str | None
    epci_name: str | None
    population: int
    lat: float
    lon: float

    @property
    def area(self) -> Area:
        return AREA_BY_DEPARTEMENT[self.departement]


def geo_resources_dir() -> Path:
    return resources_dir() / "geo"


def read_gzip_json(path: Path) -> Any:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise InputFileError(
            f"{path}: geography resource missing (run scripts/build_geography.py)"
        ) from exc
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{path}: unreadable geography resource ({exc})") from exc


class Gazetteer:
    """Read-only lookups over the communes; safe to share between threads."""

    def __init__(self, directory: Path | None = None) -> None:
        self._dir = directory or geo_resources_dir()
        table = read_gzip_json(self._dir / "communes.json.gz")
        fields = table["fields"]
        epci = table["epci"]
        communes: list[Commune] = []
        for raw in table["communes"]:
            row = dict(zip(fields, raw, strict=True))
            code = row["epci"]
            communes.append(
                Commune(
                    insee=row["insee"],
                    name=row["name"],
                    postal_codes=tuple(row["postal_codes"]),
                    departement=row["departement"],
                    epci_code=code,
                    epci_name=epci[code][0] if code else None,
                    population=row["population"],
                    lat=row["lat"],
                    lon=row["lon"],
                )
            )
        communes.sort(key=lambda c: c.insee)
        self._communes: tuple[Commune, ...] = tuple(communes)
        self._by_insee = {c.insee: c for c in communes}
        by_postal: dict[str, list[Commune]] = defaultdict(list)
        by_name: dict[str, list[Commune]] = defaultdict(list)
        self._key_by_insee: dict[str, str] = {}
        for c in communes:
            for code in c.postal_codes:
                by_postal[code].append(c)
            key = self._key_by_insee[c.insee] = normalize_name(c.name)
            by_name[key].append(c)
        self._by_postal = dict(by_postal)
        # Homonyms (three "Dury"...) are ordered most populous first.
        self._by_name = {k: sorted(v, key=lambda c: -c.population) for k, v in by_name.items()}
        # Associated/delegated communes: their former INSEE code and their name lead to the
        # commune they belong to, after any current commune of the same name.
        self._former_codes: dict[str, Commune] = {}
        alias_fields = table.get("alias_fields", [])
        for raw in table.get("aliases", []):
            alias = dict(zip(alias_fields, raw, strict=True))
            parent = self._by_insee[alias["commune"]]
            if alias["code"] not in self._by_insee:
                self._former_codes[alias["code"]] = parent
            named = self._by_name.setdefault(normalize_name(alias["name"]), [])
            if parent not in named:
                named.append(parent)
        self._lock = threading.Lock()
        self._outlines: dict[str, dict[str, Any]] = {}
        self._tree: Any = None
        self._tree_communes: list[Commune] = []

    # -- table lookups -------------------------------------------------------------------
    def commune(self, insee: str) -> Commune | None:
        """The commune of a current INSEE code, or of the former code of an associated or
        delegated commune (59355 Lomme → Lille 59350): check ``.insee`` to tell them apart."""
        code = insee.strip().upper()
        return self._by_insee.get(code) or self._former_codes.get(code)

    def communes(self) -> Sequence[Commune]:
        return self._communes

    def by_postal_code(self, code: str) -> list[Commune]:
        return list(self._by_postal.get(code.strip(), ()))

    def by_normalized_name(self, key: str) -> list[Commune]:
        """Communes whose normalised name is exactly ``key``, most populous first."""
        return list(self._by_name.get(key, ()))

    def name_key(self, commune: Commune) -> str:
        """The commune's normalised name (see ``normalize_name``), computed once at load."""
        return self._key_by_insee[commune.insee]

    def normalized_names(self) -> Sequence[str]:
        return tuple(self._by_name)

    # -- outlines and spatial index ------------------------------------------------------
    def outlines(self, level: OutlineLevel) -> dict[str, Any]:
        """GeoJSON FeatureCollection (WGS84); shared and cached, so callers must not mutate it."""
        if level not in OUTLINE_LEVELS:
            raise ValueError(f"unknown outline level {level!r}; expected one of {OUTLINE_LEVELS}")
        with self._lock:
            if level not in self._outlines:
                self._outlines[level] = read_gzip_json(self._dir / f"outlines_{level}.geojson.gz")
            return self._outlines[level]

    def commune_at(self, lat: float, lon: float) -> Commune | None:
        """The commune whose outline holds the point, else the nearest one within
        ``REVERSE_SNAP_DEGREES``; None outside the five départements."""
        import shapely

        tree = self._spatial_index()
        point = shapely.Point(lon, lat)
        hits = tree.query(point, predicate="intersects")
        if len(hits) == 0:
            hits = tree.query_nearest(point, max_distance=REVERSE_SNAP_DEGREES)
        if len(hits) == 0:
            return None
        return self._tree_communes[int(min(hits))]

    def _spatial_index(self) -> Any:
        if self._tree is not None:
            return self._tree
        import shapely
        from shapely.geometry import shape

        features = self.outlines("commune")["features"]
        with self._lock:
            if self._tree is None:
                geoms = [shape(f["geometry"]) for f in features]
                shapely.prepare(geoms)
                self._tree_communes = [self._by_insee[f["properties"]["code"]] for f in features]
                self._tree = shapely.STRtree(geoms)
            return self._tree


@cache
def load_gazetteer() -> Gazetteer:
    """The application-wide gazetteer, built on first call."""
    return Gazetteer()
