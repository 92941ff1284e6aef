"""Work around PySide6 6.12 dropping a reference to ``None`` on every call of a void method.

With Python 3.11 (``None`` became immortal only in 3.12) each ``label.setText(...)``,
``font.setBold(...)``, ``item.setPen(...)`` made from Python lowers ``None``'s reference
count by one; after a few thousand calls the interpreter aborts with "none_dealloc:
deallocating None" (at the latest when it exits). Holding enough extra references, never
released, keeps the count positive for any realistic session. Harmless on Python 3.12+
and on a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

_GUARD: list[None] = []


def keep_none_alive(references: int = 1 << 22) -> None:
    """Add ``references`` (default 4 Mi, 32 MB of pointers) to ``None``'s count, once."""
    if sys.version_info >= (3, 12) or _GUARD:
        return
    _GUARD.extend([None] * references)
    # Never free the list, not even at interpreter exit: that is when the count would
    # otherwise reach zero.
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(_GUARD))
