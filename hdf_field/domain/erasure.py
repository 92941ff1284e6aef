"""Erasing a person (GDPR art. 17): what identifies them in free text, and how it is removed.

Visit notes, next steps and follow-up actions are about an organisation, so erasing a contact
keeps them; but an officer writes "vu Anne Lefèvre, rappeler au 06 11 22 33 44" and those
words are the person. :func:`scrub_text` replaces, case- and accent-insensitively:

* the full name, in both orders ("Anne Lefèvre", "LEFEVRE Anne");
* the last name alone, as a whole word, when it has at least
  :data:`MIN_NAME_LENGTH` letters (a short name such as "Roy" would also eat other words);
* the e-mail address;
* the phone number, whatever separators it was typed with, national or international form.

First names alone are kept: on their own they identify nobody and are common words of notes.
A mention of the person in another organisation's notes is not searched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ERASED_TEXT = "[effacé]"
MIN_NAME_LENGTH = 4
# Accented forms each plain letter may have been typed with in a note.
_VARIANTS = {
    "a": "aàâäá",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïí",
    "o": "oôöó",
    "u": "uùûüú",
    "y": "yÿ",
    "n": "nñ",
}
_SEP = r"[\s.\-/]*"


def _plain(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    ).lower()


def _letters(word: str) -> str:
    """A regex matching ``word`` whatever its accents and case."""
    out = []
    for ch in word:
        base = _plain(ch)
        if len(base) == 1 and base in _VARIANTS:
            out.append(f"[{_VARIANTS[base]}]")
        elif ch.isspace():
            out.append(r"[\s\-]+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    if phone.strip().startswith("+"):
        country, national = digits[:2], digits[2:]
    else:
        country, national = ("32" if len(digits) == 9 else "33"), digits[1:]
    body = _SEP.join(national)
    return rf"(?:(?:\+|00){country}{_SEP}(?:\(0\){_SEP})?|0{_SEP}){body}(?!\d)"


@dataclass(frozen=True)
class PersonMarks:
    """What identifies one person in free text, compiled once."""

    pattern: re.Pattern[str] | None

    def found_in(self, text: str) -> bool:
        return self.pattern is not None and self.pattern.search(text) is not None


def person_marks(
    first_name: str | None, last_name: str | None, email: str | None, phone: str | None
) -> PersonMarks:
    parts: list[str] = []
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    if first and last:
        parts.append(_letters(first) + r"[\s\-]+" + _letters(last))
        parts.append(_letters(last) + r"[\s\-]+" + _letters(first))
    if last and len(_plain(last)) >= MIN_NAME_LENGTH:
        parts.append(r"(?<!\w)" + _letters(last) + r"(?!\w)")
    if email and email.strip():
        parts.append(re.escape(email.strip()))
    if phone and (pattern := _phone_pattern(phone)):
        parts.append(pattern)
    if not parts:
        return PersonMarks(None)
    # Longest alternatives first, so "Anne Lefèvre" goes whole rather than as "Anne [effacé]".
    return PersonMarks(re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE))


def scrub_text(text: str, marks: PersonMarks) -> str:
    if marks.pattern is None or not text:
        return text
    return marks.pattern.sub(ERASED_TEXT, text)


def scrub_json(value: Any, marks: PersonMarks) -> Any:
    """``value`` (JSON data) with every string scrubbed, keys included."""
    if isinstance(value, str):
        return scrub_text(value, marks)
    if isinstance(value, list | tuple):
        return [scrub_json(v, marks) for v in value]
    if isinstance(value, dict):
        return {scrub_text(str(k), marks): scrub_json(v, marks) for k, v in value.items()}
    return value


def mentions(value: Any, marks: PersonMarks) -> bool:
    return bool(scrub_json(value, marks) != value)


def replace_ids(value: Any, ids: Iterable[str]) -> Any:
    """``value`` with any string equal to one of ``ids`` (an erased record's id) as None."""
    gone = set(ids)
    if isinstance(value, str):
        return None if value in gone else value
    if isinstance(value, list | tuple):
        return [replace_ids(v, gone) for v in value]
    if isinstance(value, dict):
        return {k: replace_ids(v, gone) for k, v in value.items()}
    return value
