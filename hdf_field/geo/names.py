"""Place-name normalisation, shared by the gazetteer's name index and the geocoder.

Registers, spreadsheets and people spell the same commune many ways ("ST QUENTIN",
"Saint-Quentin", "St-Quentin CEDEX 2", "Quesnoy (Le)", "Boulogne s/ Mer"): comparing
normalised keys makes all of them meet before any fuzzy matching is needed.
"""

from __future__ import annotations

import re
import unicodedata

_CEDEX = re.compile(r"\b(cedex|cidex)\b(\s*\d+)?.*$")
_TRAILING_ARTICLE = re.compile(r"^(?P<name>.+?)\s*\((?P<article>l'|l’|le|la|les)\)$")
_SUR_ABBREV = re.compile(r"\bs/\s*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(name: str) -> str:
    """Lowercase, accent-free, space-separated key of a place name.

    Hyphens and apostrophes become spaces, "St"/"Ste" become "saint"/"sainte", "s/" becomes
    "sur", a CEDEX suffix is dropped and a trailing article "(Le)" moves to the front.
    """
    text = strip_accents(name.strip().lower().translate(_LIGATURES))
    text = _CEDEX.sub("", text).strip()
    match = _TRAILING_ARTICLE.match(text)
    if match:
        article = match["article"].replace("’", "'")
        text = f"{article}{'' if article.endswith(chr(39)) else ' '}{match['name']}"
    text = _SUR_ABBREV.sub("sur ", text)
    tokens = _NON_ALNUM.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(token, token) for token in tokens)
