"""referrals to the clusters, cluster accounts, portal sessions

Revision ID: 0011_referrals
Revises: 0009_merge_heads
Create Date: 2026-12-03

A new synchronised table ``referral`` (an organisation handed to a cluster, with the consent to
share and the cluster's answers), the cluster a ``cluster`` registry account works for, and the
clusters' portal sessions. Existing accounts get no cluster; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hdf_field.storage.types

revision: str = "0011_referrals"
down_revision: str | Sequence[str] | None = "0010_erasure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_portal_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["registry_account.id"],
            name=op.f("fk_registry_portal_session_account_id_registry_account"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_registry_portal_session")),
    )
    with op.batch_alter_table("registry_portal_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_portal_session_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registry_portal_session_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("sent_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("consent_given_by", sa.String(length=200), nullable=False),
        sa.Column(
            "consent_given_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("consent_recorded_by", sa.String(length=254), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "sent",
                "acknowledged",
                "meeting",
                "member",
                "declined",
                name="referralstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column(
            "status_changed_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "comments",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "history",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["cluster.id"], name=op.f("fk_referral_cluster_id_cluster")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_referral_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_referral_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_referral_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referral_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_status"), ["status"], unique=False)

    with op.batch_alter_table("registry_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cluster_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registry_account", schema=None) as batch_op:
        batch_op.drop_column("cluster_id")

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_status"))
        batch_op.drop_index(batch_op.f("ix_referral_sent_at"))
        batch_op.drop_index(batch_op.f("ix_referral_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_referral_officer_id"))
        batch_op.drop_index(batch_op.f("ix_referral_cluster_id"))

    op.drop_table("referral")
    with op.batch_alter_table("registry_portal_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_portal_session_expires_at"))
        batch_op.drop_index(batch_op.f("ix_registry_portal_session_account_id"))

    op.drop_table("registry_portal_session")
