"""erasure: registry tombstones of erased records, and the outbox's erase entries

Revision ID: 0010_erasure
Revises: 0009_merge_heads
Create Date: 2026-12-03

``registry_erasure`` remembers which records were erased (id, when, by whom: no personal
data) so that pulls tell every laptop and later mutations naming them are dropped.
``sync_outbox.erase`` marks the one entry that replaces a laptop's waiting changes to a
contact it erased; existing entries are ordinary changes (false).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hdf_field.storage.types

revision: str = "0010_erasure"
down_revision: str | Sequence[str] | None = "0009_merge_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_erasure",
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("erased_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("erased_by", sa.String(length=254), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_registry_erasure")),
        sa.UniqueConstraint("seq", name=op.f("uq_registry_erasure_seq")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("erase", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_column("erase")
    op.drop_table("registry_erasure")
