"""Typed errors of the core: the CLI and the GUI turn them into one-line messages.

An error raised with a ``code`` carries its ``params`` rather than finished words, so that each
face renders it in its user's language (:func:`hdf_field.domain.error_messages.render`): the
French GUI never shows "Raison sociale : must not be empty". ``str(exc)`` stays the English
text, for logs, the registry's HTTP answers and tests of the wording.
"""

from __future__ import annotations

from collections.abc import Mapping


class HdfFieldError(Exception):
    """Base class: anything raised on purpose by the core, with a message for a person.

    ``SomeError(code="registry.no_account", params={...})`` renders in the user's language and
    keeps its English sentence as ``str(exc)``; a plain message stays English (logs, tests)."""

    code: str | None = None
    params: Mapping[str, object] = {}

    def __init__(
        self,
        *args: object,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        if code is not None:
            from hdf_field.domain.error_messages import template_text

            self.code = code
            self.params = dict(params or {})
            if not args:
                args = (template_text(code, self.params, "en"),)
        super().__init__(*args)


class ValidationError(HdfFieldError):
    """A value a person typed or a file held is not acceptable; ``field`` names it.

    ``ValidationError(field, code="text.empty")`` is the translated form;
    ``ValidationError(field, "message")`` an English-only one, for developers' tools only
    (``tests/unit/test_coded_messages.py`` keeps it out of the places a person reads)."""

    def __init__(
        self,
        field: str,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        from hdf_field.domain.error_messages import template_text

        self.field = field
        self.code = code
        self.params = dict(params or {})
        if message is None:
            if code is None:
                raise TypeError("ValidationError needs a message or a code")
            message = template_text(code, self.params, "en")
        self.message = message
        super().__init__(f"{field}: {message}")


class NotFoundError(HdfFieldError):
    pass


class InputFileError(HdfFieldError):
    """A whole file cannot be read or is not in the expected format; nothing was changed.

    ``InputFileError(code="file.not_sirene_stock", params={"path": ...})`` renders in the
    user's language; a plain message stays English."""

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        from hdf_field.domain.error_messages import template_text

        self.code = code
        self.params = dict(params or {})
        if message is None:
            if code is None:
                raise TypeError("InputFileError needs a message or a code")
            message = template_text(code, self.params, "en")
        super().__init__(message)
