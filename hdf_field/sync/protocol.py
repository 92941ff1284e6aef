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

from hdf_field.domain.error_messages import template_text
from hdf_field.domain.errors import HdfFieldError, InputFileError

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


# Each refusal is a code of :mod:`hdf_field.domain.error_messages` and its parameters (the
# ``*_code`` functions), so that a person reads it in their language; the English sentence
# (``str`` of the error, the registry's ``detail``) stays what it always was.
Coded = tuple[str, dict[str, object]]


def request_refused_code(theirs: int, ours: int) -> Coded:
    fix = "app" if theirs < ours else "registry"
    return f"protocol.request_update_{fix}", {"theirs": theirs, "ours": ours}


def request_refused(theirs: int, ours: int) -> str:
    """The registry's answer to a request of another protocol."""
    return template_text(*request_refused_code(theirs, ours), "en")


def registry_refused_code(theirs: int, ours: int) -> Coded:
    fix = "app" if theirs > ours else "registry"
    return f"protocol.registry_update_{fix}", {"theirs": theirs, "ours": ours}


def registry_refused(theirs: int, ours: int) -> str:
    """The laptop's message when the registry answers in another protocol."""
    return template_text(*registry_refused_code(theirs, ours), "en")


def bundle_refused_code(theirs: int, ours: int, reader: str) -> Coded:
    side = "app" if reader == "application" else "registry"
    age = "newer" if theirs > ours else "older"
    return f"protocol.bundle_{side}_{age}", {"theirs": theirs, "ours": ours}


def bundle_refused(theirs: int, ours: int, reader: str) -> str:
    """Why a bundle of another protocol is refused whole; ``reader`` is "application" or
    "registry", whoever opens it."""
    return template_text(*bundle_refused_code(theirs, ours, reader), "en")


def bundle_refused_error(path: object, theirs: int, ours: int, reader: str) -> InputFileError:
    """The refusal of a bundle file of another protocol, naming the file."""
    code, params = bundle_refused_code(theirs, ours, reader)
    return InputFileError(
        code="file.refused", params={"path": path, "error": HdfFieldError(code=code, params=params)}
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
