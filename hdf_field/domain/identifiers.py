"""Legal identifiers: French SIREN/SIRET (Luhn) and Belgian enterprise numbers (mod 97).

Registers hold typing mistakes; a failed check rejects the row rather than storing an
identifier that would later collide with the real one.
"""

from __future__ import annotations

import re

from hdf_field.domain.errors import ValidationError

LA_POSTE_SIREN = "356000000"
_NON_DIGITS = re.compile(r"[\s.\-/]")


# Digit → value it adds when doubled by Luhn ("7" → 14 → 5), as a bytes translation table.
_LUHN_DOUBLED = bytes.maketrans(b"0123456789", bytes([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]))
_DIGIT_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))


def luhn_ok(digits: str) -> bool:
    """Luhn check of a digit string; slicing and ``bytes.translate`` keep the loop in C,
    which matters when a register file has millions of rows."""
    raw = digits.encode("ascii")
    total = sum(raw[-1::-2].translate(_DIGIT_VALUE)) + sum(raw[-2::-2].translate(_LUHN_DOUBLED))
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """``prefix`` + the digit that makes it pass :func:`luhn_ok` (a SIREN from 8 digits, a
    SIRET from its SIREN and 4 NIC digits). One implementation for the demo data, the SIRENE
    layout helpers and the benchmarks' generators, so they cannot drift from the check."""
    if not (prefix.isascii() and prefix.isdigit()):
        raise ValueError(f"a Luhn prefix is one or more digits only, got {prefix!r}")
    raw = prefix.encode("ascii")
    # the check digit goes last, so the prefix's last digit is the first one doubled
    total = sum(raw[-1::-2].translate(_LUHN_DOUBLED)) + sum(raw[-2::-2].translate(_DIGIT_VALUE))
    return prefix + str(-total % 10)


def _clean(value: str) -> str:
    return _NON_DIGITS.sub("", value.strip())


def is_valid_siren(value: str) -> bool:
    v = _clean(value)
    return len(v) == 9 and v.isdigit() and luhn_ok(v)


def is_valid_siret(value: str) -> bool:
    v = value if len(value) == 14 and value.isdigit() else _clean(value)
    if len(v) != 14 or not v.isdigit():
        return False
    if v.startswith(LA_POSTE_SIREN):
        # La Poste's establishments do not follow Luhn: the digit sum is a multiple of 5.
        return sum(int(c) for c in v) % 5 == 0
    return luhn_ok(v)


def normalize_siret(value: str, field: str = "siret") -> str:
    v = _clean(value)
    if len(v) != 14 or not v.isdigit():
        raise ValidationError(field, code="siret.digits", params={"value": value})
    if not is_valid_siret(v):
        raise ValidationError(field, code="siret.check", params={"value": v})
    return v


def normalize_siren(value: str, field: str = "siren") -> str:
    v = _clean(value)
    if len(v) != 9 or not v.isdigit():
        raise ValidationError(field, code="siren.digits", params={"value": value})
    if not is_valid_siren(v):
        raise ValidationError(field, code="siren.check", params={"value": v})
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
        raise ValidationError(field, code="be_enterprise.digits", params={"value": value})
    if not is_valid_be_enterprise_number(v):
        raise ValidationError(field, code="be_enterprise.check", params={"value": value})
    return f"{v[:4]}.{v[4:7]}.{v[7:]}"
