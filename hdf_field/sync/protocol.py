"""The sync protocol's version: the one number every envelope carries.

A laptop and a registry that disagree on the shape of a push, a pull page or a bundle would
otherwise fail field by field (or worse, half-apply). Every envelope names its protocol, and
a peer speaking another one is refused whole, before anything is parsed or applied, with one
line naming both numbers and which side to update.

Bump :data:`PROTOCOL` whenever a change to :mod:`hdf_field.sync.schemas` or the bundle
payload is not readable by the previous release.
"""

from __future__ import annotations

from typing import Any, Final

# Protocol 1 has not shipped yet: the erasure tombstones (``erased``) in pull pages and the
# ``referral`` entity are part of it. From the first release on, the rule above applies.
PROTOCOL: Final = 1
# What a peer that names no protocol speaks: every release from before versioning.
IMPLICIT: Final = 1
# The field as it appears in JSON envelopes; an int, bounded so nothing odd reaches a message.
MAX_PROTOCOL: Final = 2**31 - 1


class ProtocolMismatch(ValueError):
    """A peer speaks another protocol; the message is the one line to show."""

    def __init__(self, message: str, theirs: int) -> None:
        super().__init__(message)
        self.theirs = theirs


def request_refused(theirs: int, ours: int) -> str:
    """The registry's answer to a request of another protocol."""
    fix = "update the application" if theirs < ours else "the registry must be updated first"
    return f"this registry speaks sync protocol {ours} only, the request protocol {theirs}: {fix}"


def registry_refused(theirs: int, ours: int) -> str:
    """The laptop's message when the registry answers in another protocol."""
    fix = (
        "update the application"
        if theirs > ours
        else "the registry must be updated (ask the office)"
    )
    return f"the registry speaks sync protocol {theirs}, this application protocol {ours}: {fix}"


def bundle_refused(theirs: int, ours: int, reader: str) -> str:
    """Why a bundle of another protocol is refused whole; ``reader`` is "application" or
    "registry", whoever opens it."""
    other = "registry" if reader == "application" else "application"
    fix = f"update the {reader}" if theirs > ours else f"update the {other} that made it"
    return (
        f"sync bundle of protocol {theirs}, this {reader} speaks protocol {ours}: {fix}; "
        f"nothing was applied"
    )


def named_protocol(data: Any) -> int | None:
    """The protocol a parsed JSON envelope names, IMPLICIT when it names none, or None when
    the field is there but not a plain integer (left to the schema to refuse)."""
    if not isinstance(data, dict) or "protocol" not in data:
        return IMPLICIT
    value = data["protocol"]
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value
