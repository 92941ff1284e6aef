"""Usage mistakes are bad input like any other: one line on stderr, exit code 2."""

from __future__ import annotations

import pytest

from hdf_field.cli import main

MISTAKES = (
    ["org", "show"],
    ["geo", "locate", "--lambert93", "abc", "1"],
    ["stats", "--bogus"],
    ["nosuchcommand"],
    ["demo", "--prospects", "x"],
    ["import", "kbo", "some-dir"],
)


@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_usage_mistakes_are_one_line_errors(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "error:" in err[0] and "--help" in err[0]


def test_help_is_still_the_full_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["org", "show", "--help"])
    assert exit_info.value.code == 0
    assert "ID|SIRET" in capsys.readouterr().out
