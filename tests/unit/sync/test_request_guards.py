"""What the registry refuses before a request reaches its routes: unsafe text in JSON, and
who the client really is behind a proxy."""

from __future__ import annotations

from typing import Any

import pytest

from hdf_field.registry.http import client_address, parse_proxies
from hdf_field.sync.schemas import MAX_JSON_DEPTH, UnsafeJSON, check_json_text


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"email": "a\x00b"}, "email"),
        ({"mutations": [{"changes": {"name": [None, "x\udc80"]}}]}, "mutations[0].changes.name[1]"),
        ({"changes": {"na\x00me": 1}}, "changes"),
        ("\ud83d", "body"),
    ],
)
def test_unsafe_text_is_named_where_it_is(data: Any, path: str) -> None:
    with pytest.raises(UnsafeJSON) as err:
        check_json_text(data)
    assert err.value.path == path


def test_depth_is_bounded_without_recursion() -> None:
    deep: Any = "leaf"
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(UnsafeJSON, match=f"deeper than {MAX_JSON_DEPTH}"):
        check_json_text(deep)
    shallow: Any = "ok \u00e9\U0001f600"
    for _ in range(MAX_JSON_DEPTH - 1):
        shallow = {"k": shallow}
    check_json_text(shallow)


def test_trusted_proxies_parse_repeated_and_comma_separated() -> None:
    assert parse_proxies(["10.0.0.1, 10.0.0.2", "::1"]) == {"10.0.0.1", "10.0.0.2", "::1"}
    with pytest.raises(ValueError, match="not an IP address"):
        parse_proxies(["proxy.local"])


@pytest.mark.parametrize(
    ("peer", "xff", "trusted", "expected"),
    [
        ("203.0.113.9", "1.2.3.4", set(), "203.0.113.9"),  # no proxy trusted: header ignored
        ("203.0.113.9", "1.2.3.4", {"10.0.0.1"}, "203.0.113.9"),  # peer is not the proxy
        ("10.0.0.1", "1.2.3.4", {"10.0.0.1"}, "1.2.3.4"),
        ("10.0.0.1", "6.6.6.6, 1.2.3.4", {"10.0.0.1"}, "1.2.3.4"),  # forged prefix ignored
        ("10.0.0.1", "1.2.3.4, 10.0.0.2", {"10.0.0.1", "10.0.0.2"}, "1.2.3.4"),  # two proxies
        ("10.0.0.1", "garbage", {"10.0.0.1"}, "10.0.0.1"),
        ("10.0.0.1", None, {"10.0.0.1"}, "10.0.0.1"),
    ],
)
def test_client_address(peer: str, xff: str | None, trusted: set[str], expected: str) -> None:
    assert client_address(peer, xff, frozenset(trusted)) == expected
