"""officers may leave before their working day for a fixed first appointment

Revision ID: 0007_planning_early_departure
Revises: 0006_bundles_token_key

Existing officers get the default allowance of 60 minutes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_planning_early_departure"
down_revision: str | Sequence[str] | None = "0006_bundles_token_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("early_departure_min", sa.Integer(), nullable=False, server_default="60")
        )
    # the ORM supplies the default on insert; the server default only filled existing rows
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.alter_column("early_departure_min", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_column("early_departure_min")
