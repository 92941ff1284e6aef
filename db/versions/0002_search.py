"""full-text search over organisations and contacts (SQLite FTS5)

Revision ID: 0002_search
Revises: 0001

The GUI's instant search needs an FTS5 index; PostgreSQL (the registry) does not, so the
migration is a no-op there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from hdf_field.storage import search_index

revision: str = "0002_search"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_index.install(op.get_bind())


def downgrade() -> None:
    search_index.uninstall(op.get_bind())
