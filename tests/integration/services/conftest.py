"""Import fixtures (see tests/imports_support.py)."""

from tests.imports_support import places, write_sirene  # noqa: F401
