"""CLI tests check the English wording of errors unless they say otherwise: French is the CLI's
default language (tests/unit/cli/test_cli_language.py proves it), English is what these
assertions were written in."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_errors(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "french" not in request.node.name:
        monkeypatch.setenv("HDF_FIELD_LANG", "en")
    else:
        monkeypatch.delenv("HDF_FIELD_LANG", raising=False)
