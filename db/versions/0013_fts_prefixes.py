"""longer FTS5 prefix indexes (1 to 6 letters) for the prospect search (issue 15)

Revision ID: 0013_fts_prefixes
Revises: 0012_sort_keys
Create Date: 2026-12-03

A search word of 4 to 6 letters ("boul", "hélène") was past the FTS5 prefix index
(``prefix = '1 2 3'``): each rowid-bounded probe of the bounded walk merged whole doclists
(7-30 ms at 1,000,000 organisations), so those keystrokes collected and sorted every hit.
The index is derived data: the FTS table is dropped, recreated with ``prefix = '1 2 3 4 5
6'``, refilled from ``organisation`` and ``contact`` and optimized; the sort table is left
alone. No-op on PostgreSQL (the registry has no FTS index).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from hdf_field.storage import search_index

revision: str = "0013_fts_prefixes"
down_revision: str | Sequence[str] | None = "0012_sort_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_index.rebuild_fts_table(op.get_bind())


def downgrade() -> None:
    """The longer prefix index serves the older code as well (same columns, same queries)."""
