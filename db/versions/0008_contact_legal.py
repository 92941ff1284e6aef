"""contacts carry their GDPR facts: source of the data, information date, objection

Revision ID: 0008_contact_legal
Revises: 0007_planning_early_departure

Existing contacts get no source, no information date and no objection (``objection`` false).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_contact_legal"
down_revision: str | Sequence[str] | None = "0007_planning_early_departure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source",
                sa.Enum(
                    "register",
                    "business_card",
                    "website",
                    "event",
                    "referral",
                    "other",
                    name="contactsource",
                    native_enum=False,
                    create_constraint=False,
                    length=32,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("source_detail", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("informed_at", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("objection", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("objection_date", sa.Date(), nullable=True))
    # the ORM supplies the default on insert; the server default only filled existing rows
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.alter_column("objection", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        for name in ("objection_date", "objection", "informed_at", "source_detail", "source"):
            batch_op.drop_column(name)
