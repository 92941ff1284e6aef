"""Turn what registers and people give us (INSEE code, postal code + town, Lambert-93
coordinates, free text) into a point with a stated precision — offline, from the gazetteer.

Lookups go from cheapest and surest to fuzziest: an INSEE code is a dict lookup; a postal
code narrows the candidates before a name is compared; names are compared on normalised
keys first and only then with rapidfuzz, whose score is kept so importers can flag doubtful
placements.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from hdf_field.domain.enums import GeoPrecision
from hdf_field.domain.errors import ValidationError
from hdf_field.geo.gazetteer import Commune, Gazetteer
from hdf_field.geo.names import normalize_name

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike

__all__ = [
    "Location",
    "locate_belgian",
    "lambert93_to_wgs84",
    "lambert93_to_wgs84_many",
    "locate_commune",
    "locate_insee",
    "locate_lambert93",
    "locate_point",
    "locate_text",
    "normalize_name",
    "reverse",
]

# rapidfuzz ratio (0-100) a name must reach: lower when a postal code already narrowed the
# candidates to a handful, stricter against the whole region where near-homonyms abound.
FUZZY_MIN_WITH_POSTCODE = 75.0
FUZZY_MIN_REGION = 85.0
# Lambert-93 extent of metropolitan France (EPSG:2154 area of use, rounded outwards).
_L93_X = (0.0, 1_300_000.0)
_L93_Y = (6_000_000.0, 7_200_000.0)


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    insee: str | None
    commune: str | None
    departement: str | None
    postal_code: str | None
    country: str  # "FR" or "BE"
    precision: GeoPrecision
    score: float | None = None  # fuzzy match score 0-100 when the name was fuzzy-matched

    def as_dict(self) -> dict[str, Any]:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "insee": self.insee,
            "commune": self.commune,
            "departement": self.departement,
            "precision": self.precision.value,
            "postal_code": self.postal_code,
            "country": self.country,
            "score": self.score,
        }


def _commune_location(
    commune: Commune, postal_code: str | None = None, score: float | None = None
) -> Location:
    if postal_code not in commune.postal_codes:
        postal_code = commune.postal_codes[0] if commune.postal_codes else None
    return Location(
        lat=commune.lat,
        lon=commune.lon,
        insee=commune.insee,
        commune=commune.name,
        departement=commune.departement,
        postal_code=postal_code,
        country="FR",
        precision=GeoPrecision.COMMUNE,
        score=score,
    )


def clean_postal_code(code: str | None) -> str | None:
    """Digits of a French postal code; a 4-digit code lost its leading zero in a spreadsheet."""
    if code is None:
        return None
    digits = re.sub(r"\D", "", str(code))
    if len(digits) == 4:
        digits = "0" + digits
    return digits if len(digits) == 5 else None


def _most_populous(communes: list[Commune]) -> Commune:
    return max(communes, key=lambda c: (c.population, c.insee))


def _fuzzy(
    gaz: Gazetteer, key: str, candidates: list[Commune], minimum: float
) -> tuple[Commune, float] | None:
    from rapidfuzz import fuzz, process

    choices = {c.insee: gaz.name_key(c) for c in candidates}
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=minimum)
    if best is None:
        return None
    _, score, insee = best
    return next(c for c in candidates if c.insee == insee), round(float(score), 1)


def _fuzzy_region(gaz: Gazetteer, key: str) -> tuple[Commune, float] | None:
    from rapidfuzz import fuzz, process

    best = process.extractOne(
        key, gaz.normalized_names(), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_REGION
    )
    if best is None:
        return None
    name, score, _ = best
    return gaz.by_normalized_name(name)[0], round(float(score), 1)


def locate_commune(
    gaz: Gazetteer, postal_code: str | None, commune_name: str | None
) -> Location | None:
    """Commune centroid from a postal code and/or a name.

    Order: exact name within the postal code, fuzzy name within it, exact name anywhere,
    fuzzy name anywhere; then, when the name matches nothing, the postal code alone (its most
    populous commune, with the best — failing — fuzzy score so the caller can flag it).
    """
    code = clean_postal_code(postal_code)
    key = normalize_name(commune_name) if commune_name else ""
    in_code = gaz.by_postal_code(code) if code else []
    if key:
        if in_code:
            exact = [c for c in in_code if gaz.name_key(c) == key]
            if exact:
                return _commune_location(_most_populous(exact), code)
            fuzzy = _fuzzy(gaz, key, in_code, FUZZY_MIN_WITH_POSTCODE)
            if fuzzy:
                return _commune_location(fuzzy[0], code, fuzzy[1])
        named = gaz.by_normalized_name(key)
        if named:
            same_dep = [c for c in named if code and c.departement == code[:2]]
            return _commune_location((same_dep or named)[0], code)
        fuzzy = _fuzzy_region(gaz, key)
        if fuzzy:
            return _commune_location(fuzzy[0], code, fuzzy[1])
        if in_code:
            weak = _fuzzy(gaz, key, in_code, 0.0)
            return _commune_location(_most_populous(in_code), code, weak[1] if weak else 0.0)
        return None
    if in_code:
        return _commune_location(_most_populous(in_code), code)
    return None


def locate_insee(gaz: Gazetteer, insee: str) -> Location | None:
    commune = gaz.commune(insee)
    return _commune_location(commune) if commune else None


@cache
def _lambert93_transformer() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of a Lambert-93 point (SIRENE's ``coordonneeLambertAbscisse/Ordonnee``)."""
    lon, lat = _lambert93_transformer().transform(x, y)
    return float(lat), float(lon)


def lambert93_to_wgs84_many(xs: ArrayLike, ys: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised variant for imports: arrays of x and y → arrays of lat and lon."""
    import numpy as np

    lon, lat = _lambert93_transformer().transform(
        np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    )
    return np.asarray(lat), np.asarray(lon)


def check_lambert93(x: float, y: float) -> None:
    if not (math.isfinite(x) and _L93_X[0] < x < _L93_X[1]):
        raise ValidationError("x", f"{x} is not a Lambert-93 abscissa of metropolitan France")
    if not (math.isfinite(y) and _L93_Y[0] < y < _L93_Y[1]):
        raise ValidationError("y", f"{y} is not a Lambert-93 ordinate of metropolitan France")


def locate_lambert93(gaz: Gazetteer, x: float, y: float) -> Location:
    """Address-precision point; the commune comes from a reverse lookup and is None outside
    the five départements. Raises ValidationError for coordinates outside France."""
    check_lambert93(x, y)
    lat, lon = lambert93_to_wgs84(x, y)
    commune = gaz.commune_at(lat, lon)
    return Location(
        lat=round(lat, 6),
        lon=round(lon, 6),
        insee=commune.insee if commune else None,
        commune=commune.name if commune else None,
        departement=commune.departement if commune else None,
        postal_code=commune.postal_codes[0] if commune and commune.postal_codes else None,
        country="FR",
        precision=GeoPrecision.ADDRESS,
    )


def locate_belgian(postcode: str, municipality: str | None = None) -> Location | None:
    """Point of a Belgian postal code (country "BE", precision POSTCODE); None if unknown."""
    from hdf_field.geo.belgium import locate_belgian as _locate

    return _locate(postcode, municipality)


def locate_point(gaz: Gazetteer, lat: float, lon: float) -> Location | None:
    """A point a person typed or clicked (precision MANUAL) with the commune under it;
    None for coordinates that are not on Earth. Outside the region the commune is None."""
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    commune = gaz.commune_at(lat, lon)
    return Location(
        lat=lat,
        lon=lon,
        insee=commune.insee if commune else None,
        commune=commune.name if commune else None,
        departement=commune.departement if commune else None,
        postal_code=commune.postal_codes[0] if commune and commune.postal_codes else None,
        country="FR",
        precision=GeoPrecision.MANUAL,
    )


def reverse(gaz: Gazetteer, lat: float, lon: float) -> Commune | None:
    return gaz.commune_at(lat, lon)


_FR_CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_BE_CODE = re.compile(r"(?:\bB\s*-\s*)?(?<!\d)(\d{4})(?!\d)", re.IGNORECASE)
_LATLON = re.compile(r"^\s*(-?\d{1,2}\.\d+)\s*[,; ]\s*(-?\d{1,3}\.\d+)\s*$")


def locate_text(gaz: Gazetteer, text: str) -> Location | None:
    """Free text as typed in a search box: "59000 Lille", "Lille (59000)", "80000",
    "Saint-Quentin", an INSEE code "80021", "50.63, 3.06" (reverse lookup), or a Belgian
    "7500 Tournai" / "B-8500 Kortrijk"."""
    text = text.strip()
    if not text:
        return None
    latlon = _LATLON.match(text)
    if latlon:
        return locate_point(gaz, float(latlon[1]), float(latlon[2]))
    fr = _FR_CODE.search(text)
    if fr:
        code = fr[1]
        name = (text[: fr.start()] + " " + text[fr.end() :]).strip(" ,;()-")
        found = locate_commune(gaz, code, name or None)
        if found is None and not name:
            found = locate_insee(gaz, code)
        return found
    be = _BE_CODE.search(text)
    if be:
        name = (text[: be.start()] + " " + text[be.end() :]).strip(" ,;()-")
        found = locate_belgian(be[1], name or None)
        explicit_belgian = be[0].upper().startswith("B")
        if (found is None or found.score is not None) and name and not explicit_belgian:
            # Maybe a French code of the Aisne (02xxx) that lost its leading zero in a
            # spreadsheet: trust it only if the name matches exactly.
            french = locate_commune(gaz, "0" + be[1], name)
            if french and french.score is None:
                return french
        return found
    return locate_commune(gaz, None, text)
