"""sort keys for every column of the prospect list (issue 15)

Revision ID: 0012_sort_keys
Revises: 0009_merge_heads
Create Date: 2026-12-03

The narrow ``organisation_sort`` table gains one key per sortable column (département, NAF,
status rank, priority, kind, officer name), each indexed behind ``live``, so that a page of
1,000,000 organisations sorted on any column is an index walk. The table is derived data: it
is dropped and refilled from ``organisation``; the FTS index is left alone. No-op on
PostgreSQL (the registry has neither table).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from hdf_field.storage import search_index

revision: str = "0012_sort_keys"
down_revision: str | Sequence[str] | None = "0011_referrals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_index.rebuild_sort_table(op.get_bind())


def downgrade() -> None:
    """The wider table serves the older code as well (it names the columns it reads)."""
