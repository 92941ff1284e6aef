"""The protocol number read from envelopes, and the one-line refusals naming both sides."""

from __future__ import annotations

from typing import Any

import pytest

from hdf_field.sync.protocol import (
    bundle_refused,
    named_protocol,
    registry_refused,
    request_refused,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, 1),
        ({"records": []}, 1),
        ([1, 2], 1),
        ("text", 1),  # from before versioning
        ({"protocol": 1}, 1),
        ({"protocol": 7}, 7),
        ({"protocol": 0}, 0),
        ({"protocol": True}, None),
        ({"protocol": "2"}, None),
        ({"protocol": 2.0}, None),
        ({"protocol": None}, None),
    ],
)
def test_named_protocol(data: Any, expected: int | None) -> None:
    assert named_protocol(data) == expected


def test_each_refusal_names_both_numbers_and_the_side_to_update() -> None:
    assert request_refused(2, 1).endswith("protocol 2: the registry must be updated first")
    assert request_refused(0, 1).endswith("protocol 0: update the application")
    assert registry_refused(2, 1) == (
        "the registry speaks sync protocol 2, this application protocol 1: update the application"
    )
    assert registry_refused(1, 2).endswith("the registry must be updated (ask the office)")
    assert bundle_refused(3, 1, "registry").startswith(
        "sync bundle of protocol 3, this registry speaks protocol 1: update the registry;"
    )
    assert "update the registry that made it" in bundle_refused(0, 1, "application")
    for line in (request_refused(9, 1), registry_refused(9, 1), bundle_refused(9, 1, "x")):
        assert "\n" not in line and "9" in line and "1" in line
