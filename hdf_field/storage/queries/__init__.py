"""The queries the services run, one module per topic, so that SQLAlchemy stays in storage.

Services hand in the unit of work's session and get ORM objects, rows or domain values back;
they never build a ``select`` themselves (``tests/unit/test_layering.py`` enforces it).
``Session`` is re-exported for their type hints.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

__all__ = ["Session"]
