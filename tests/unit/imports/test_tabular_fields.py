"""Leading zeros a spreadsheet dropped from identifiers typed as numbers."""

from __future__ import annotations

import pytest

from hdf_field.imports.tabular import restore_leading_zeros


@pytest.mark.parametrize(
    ("field", "digits", "expected"),
    [
        ("siret", "75675900015", "00075675900015"),
        ("siret", "12345678901234", "12345678901234"),
        ("siret", "123456789012345", "123456789012345"),  # too long: never cut, rejected later
        ("siren", "756759", "000756759"),
        ("postal_code", "2100", "02100"),
        ("postal_code", "210", "210"),  # no département starts with 00
        ("insee_code", "2691", "02691"),
        ("be_enterprise_number", "200065765", "0200065765"),
        ("be_enterprise_number", "65765", "65765"),
        ("siret", "0", "0"),  # "unknown" typed as 0 is no identifier
        ("siret", "7.56759E+10", "7.56759E+10"),
    ],
)
def test_restore_leading_zeros(field: str, digits: str, expected: str) -> None:
    assert restore_leading_zeros(field, digits) == expected
