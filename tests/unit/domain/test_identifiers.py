from __future__ import annotations

import pytest

from hdf_field.domain.errors import ValidationError
from hdf_field.domain.identifiers import (
    is_valid_be_enterprise_number,
    is_valid_siren,
    is_valid_siret,
    luhn_complete,
    luhn_ok,
    normalize_be_enterprise_number,
    normalize_siret,
)


@pytest.mark.parametrize("siren", ["732829320", "552100554", "356000000"])
def test_real_sirens_pass_luhn(siren: str) -> None:
    assert is_valid_siren(siren)


def test_siren_with_one_digit_changed_fails() -> None:
    assert not is_valid_siren("732829321")


def test_siret_luhn() -> None:
    assert is_valid_siret("73282932000074")
    assert not is_valid_siret("73282932000075")
    assert not is_valid_siret("7328293200007")
    assert not is_valid_siret("7328293200007A")


def test_la_poste_establishments_use_the_sum_rule() -> None:
    candidates = [f"356000000{n:05d}" for n in range(1, 200)]
    by_sum = {c: sum(int(x) for x in c) % 5 == 0 for c in candidates}
    assert any(by_sum.values()) and not all(by_sum.values())
    for siret, ok in by_sum.items():
        assert is_valid_siret(siret) is ok, siret


def test_normalize_siret_strips_spaces_and_names_the_field() -> None:
    assert normalize_siret("732 829 320 00074") == "73282932000074"
    with pytest.raises(ValidationError) as err:
        normalize_siret("73282932000075")
    assert err.value.field == "siret"
    assert "check digit" in str(err.value)


def test_luhn_reference_value() -> None:
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")


def test_luhn_complete_makes_valid_identifiers() -> None:
    assert luhn_complete("7992739871") == "79927398713"
    siren = luhn_complete("73282932")
    assert siren == "732829320" and is_valid_siren(siren)
    assert luhn_complete(siren + "0007") == "73282932000074"


@pytest.mark.parametrize("length", [1, 2, 8, 13])
def test_luhn_complete_picks_the_only_digit_that_passes(length: int) -> None:
    for n in range(0, 10**length, max(1, 10**length // 997)):
        prefix = f"{n:0{length}d}"
        passing = [d for d in "0123456789" if luhn_ok(prefix + d)]
        assert [luhn_complete(prefix)] == [prefix + d for d in passing], prefix


@pytest.mark.parametrize("prefix", ["", "12a4", "１２３", "12 3", "-12"])
def test_luhn_complete_refuses_what_is_not_digits(prefix: str) -> None:
    with pytest.raises(ValueError, match="digits only"):
        luhn_complete(prefix)


def test_belgian_enterprise_number_mod97() -> None:
    assert is_valid_be_enterprise_number("0200.065.765")
    assert is_valid_be_enterprise_number("200065765")
    assert not is_valid_be_enterprise_number("0200.065.766")
    assert normalize_be_enterprise_number("0200065765") == "0200.065.765"
    with pytest.raises(ValidationError):
        normalize_be_enterprise_number("0200.065.766")
