"""registry record aliases (a laptop's id for an organisation the registry already had)

Revision ID: 0005_record_alias
Revises: 0004_login_attempts
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hdf_field.storage.types

revision: str = "0005_record_alias"
down_revision: str | Sequence[str] | None = "0004_login_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_alias",
        sa.Column("alias_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("canonical_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("alias_id", name=op.f("pk_registry_alias")),
    )
    with op.batch_alter_table("registry_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_alias_canonical_id"), ["canonical_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("registry_alias")
