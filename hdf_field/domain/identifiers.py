"""Legal identifiers: French SIREN/SIRET (Luhn) and Belgian enterprise numbers (mod 97).

Registers hold typing mistakes; a failed check rejects the row rather than storing an
identifier that would later collide with the real one.
"""

from __future__ import annotations

import re

from hdf_field.domain.errors import ValidationError

LA_POSTE_SIREN = "356000000"
_NON_DIGITS = re.compile(r"[\s.\-/]")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _clean(value: str) -> str:
    return _NON_DIGITS.sub("", value.strip())


def is_valid_siren(value: str) -> bool:
    v = _clean(value)
    return len(v) == 9 and v.isdigit() and luhn_ok(v)


def is_valid_siret(value: str) -> bool:
    v = _clean(value)
    if len(v) != 14 or not v.isdigit():
        return False
    if v.startswith(LA_POSTE_SIREN):
        # La Poste's establishments do not follow Luhn: the digit sum is a multiple of 5.
        return sum(int(c) for c in v) % 5 == 0
    return luhn_ok(v)


def normalize_siret(value: str, field: str = "siret") -> str:
    v = _clean(value)
    if len(v) != 14 or not v.isdigit():
        raise ValidationError(field, f"a SIRET has 14 digits, got {value!r}")
    if not is_valid_siret(v):
        raise ValidationError(field, f"SIRET {v} fails its check digit")
    return v


def normalize_siren(value: str, field: str = "siren") -> str:
    v = _clean(value)
    if len(v) != 9 or not v.isdigit():
        raise ValidationError(field, f"a SIREN has 9 digits, got {value!r}")
    if not is_valid_siren(v):
        raise ValidationError(field, f"SIREN {v} fails its check digit")
    return v


def is_valid_be_enterprise_number(value: str) -> bool:
    v = _clean(value)
    if len(v) == 9:  # older numbers written without the leading 0
        v = "0" + v
    if len(v) != 10 or not v.isdigit():
        return False
    return 97 - int(v[:8]) % 97 == int(v[8:])


def normalize_be_enterprise_number(value: str, field: str = "be_enterprise_number") -> str:
    """Return the canonical ``0200.065.765`` form."""
    v = _clean(value)
    if len(v) == 9:
        v = "0" + v
    if len(v) != 10 or not v.isdigit():
        raise ValidationError(field, f"a Belgian enterprise number has 10 digits, got {value!r}")
    if not is_valid_be_enterprise_number(v):
        raise ValidationError(field, f"enterprise number {value} fails its mod-97 check")
    return f"{v[:4]}.{v[4:7]}.{v[7:]}"
