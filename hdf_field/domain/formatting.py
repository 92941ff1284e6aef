"""Numbers, plurals and name order the way a French or an English reader expects them.

The core runs without Qt (CLI, PDFs, CSV for people, worker threads), so it cannot ask QLocale;
these helpers give the same result as Qt does in the GUI: French groups thousands with a
narrow no-break space (U+202F, what QLocale uses) and writes a decimal comma, English writes
"7,000" and "14.4". Machine output (JSON, CSV meant for programs) keeps plain numbers.
"""

from __future__ import annotations

import unicodedata
from typing import Final

FR_GROUP: Final = "\u202f"  # narrow no-break space, as QLocale(French).groupSeparator()
FR_SPACE: Final = "\u00a0"  # no-break space before a unit or a percent sign


def number(value: float, lang: str = "fr", decimals: int = 0) -> str:
    """'7 000' / '7,000'; '14,4' / '14.4'. Negative zero prints as 0."""
    text = f"{value + 0.0:,.{decimals}f}" if decimals else f"{round(value):,d}"
    if text.startswith("-") and text.strip("-0.,") == "":
        text = text[1:]
    if lang == "fr":
        text = text.replace(",", FR_GROUP).replace(".", ",")
    return text


def with_unit(value: float, unit: str, lang: str = "fr", decimals: int = 0) -> str:
    """'14,4 s' / '14.4 s': a no-break space so the unit never starts a line."""
    return f"{number(value, lang, decimals)}{FR_SPACE}{unit}"


def percent(share: float, lang: str = "fr", decimals: int = 0) -> str:
    """'46 %' in French (spaced, no-break), '46%' in English; ``share`` is 0–1."""
    text = number(100 * share, lang, decimals)
    return f"{text}{FR_SPACE}%" if lang == "fr" else f"{text}%"


def is_plural(n: float, lang: str = "fr") -> bool:
    """French: 0 and 1 take the singular (and 1,5 too: "1,5 heure"); English: only 1 does."""
    if lang == "fr":
        return abs(n) >= 2
    return n != 1


def plural(n: float, one: str, many: str, lang: str = "fr") -> str:
    """The form of a word that goes with ``n``."""
    return many if is_plural(n, lang) else one


def count(n: int, one: str, many: str, lang: str = "fr") -> str:
    """'7 000 organisations', '1 visite', '0 visite' / '0 visits': the number, formatted,
    with the right form. ``one``/``many`` may hold ``{n}`` when the number is not first."""
    word = plural(n, one, many, lang)
    shown = number(n, lang)
    if "{n}" in word:
        return word.replace("{n}", shown)
    return f"{shown} {word}"


def collation_key(text: str | None) -> str:
    """What names are sorted by: accents, case and ligatures ignored, so that "École" sorts
    with the E's (not after Z, as code points would put it) and "Œuvre" with "Oeuvre".

    Only letters' base forms are kept; punctuation and spaces stay, so "Saint-Omer" and
    "Saint Omer" stay next to each other. The same key feeds Python sorts and SQLite's
    stored sort column, so lists, PDFs and the database agree."""
    if not text:
        return ""
    folded = text.casefold().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
