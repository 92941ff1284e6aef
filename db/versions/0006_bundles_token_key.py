"""registry token bundle key (sealed sync bundles)

Revision ID: 0006_bundles_token_key
Revises: 0005_record_alias
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_bundles_token_key"
down_revision: str | Sequence[str] | None = "0005_record_alias"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: tokens issued before cannot be turned into a key (only their hash is kept).
    with op.batch_alter_table("registry_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bundle_key", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registry_token", schema=None) as batch_op:
        batch_op.drop_column("bundle_key")
