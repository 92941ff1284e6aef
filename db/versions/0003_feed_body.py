"""registry change feed keeps each record's pull body (JSON text)

Revision ID: 0003_feed_body
Revises: 0002_sync

Existing rows get their body from the registry's catch-up on the next start.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_feed_body"
down_revision: str | Sequence[str] | None = "0002_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registry_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registry_change", schema=None) as batch_op:
        batch_op.drop_column("body")
