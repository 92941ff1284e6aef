"""Typed errors of the core: the CLI and the GUI turn them into one-line messages."""

from __future__ import annotations


class HdfFieldError(Exception):
    """Base class: anything raised on purpose by the core, with a message for a person."""


class ValidationError(HdfFieldError):
    """A value a person typed or a file held is not acceptable; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(HdfFieldError):
    pass


class InputFileError(HdfFieldError):
    """A whole file cannot be read or is not in the expected format; nothing was changed."""
