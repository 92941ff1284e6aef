"""registry login attempts kept in the database (rate limit shared by every process)

Revision ID: 0004_login_attempts
Revises: 0003_feed_body
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hdf_field.storage.types

revision: str = "0004_login_attempts"
down_revision: str | Sequence[str] | None = "0003_feed_body"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_login_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_login_attempt")),
    )
    with op.batch_alter_table("registry_login_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_login_attempt_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_login_attempt_at"), ["at"], unique=False)


def downgrade() -> None:
    op.drop_table("registry_login_attempt")
