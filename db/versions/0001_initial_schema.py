"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 19:43:05.244321
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hdf_field.storage.types

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "cluster",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "pole_de_competitivite",
                "regional_cluster",
                name="clusterkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("domain", sa.String(length=50), nullable=False),
        sa.Column(
            "domains",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "naf_prefixes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "topics",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster")),
        sa.UniqueConstraint("name", name=op.f("uq_cluster_name")),
    )
    op.create_table(
        "officer",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column(
            "role",
            sa.Enum("officer", "manager", "admin", name="role", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("home_insee", sa.String(length=5), nullable=True),
        sa.Column("home_commune", sa.String(length=200), nullable=True),
        sa.Column("home_lat", sa.Float(), nullable=True),
        sa.Column("home_lon", sa.Float(), nullable=True),
        sa.Column(
            "working_days",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("day_start", sa.String(length=5), nullable=False),
        sa.Column("day_end", sa.String(length=5), nullable=False),
        sa.Column("lunch_start", sa.String(length=5), nullable=False),
        sa.Column("lunch_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "territory",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer")),
        sa.UniqueConstraint("email", name=op.f("uq_officer_email")),
    )
    op.create_table(
        "cluster_site",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("principal", "secondary", name="sitekind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("insee_code", sa.String(length=5), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column(
            "area",
            sa.Enum(
                "ex-Nord-Pas-de-Calais",
                "ex-Picardie",
                "Belgium",
                name="area",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("is_proposal", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["cluster.id"], name=op.f("fk_cluster_site_cluster_id_cluster")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_site")),
    )
    with op.batch_alter_table("cluster_site", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_site_cluster_id"), ["cluster_id"], unique=False
        )

    op.create_table(
        "organisation",
        sa.Column(
            "kind",
            sa.Enum(
                "firm",
                "social_economy",
                "school",
                "research_lab",
                "project_holder",
                name="orgkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("siren", sa.String(length=9), nullable=True),
        sa.Column("be_enterprise_number", sa.String(length=12), nullable=True),
        sa.Column("be_establishment_number", sa.String(length=13), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("trade_name", sa.String(length=300), nullable=True),
        sa.Column("legal_form", sa.String(length=100), nullable=True),
        sa.Column("naf_code", sa.String(length=10), nullable=True),
        sa.Column("naf_label", sa.String(length=300), nullable=True),
        sa.Column("workforce_band", sa.String(length=2), nullable=True),
        sa.Column("head_office", sa.Boolean(), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("register_active", sa.Boolean(), nullable=False),
        sa.Column("street", sa.String(length=300), nullable=True),
        sa.Column("address_complement", sa.String(length=300), nullable=True),
        sa.Column("postal_code", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("insee_code", sa.String(length=5), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column(
            "geo_precision",
            sa.Enum(
                "address",
                "manual",
                "commune",
                "postcode",
                "none",
                name="geoprecision",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("departement", sa.String(length=3), nullable=True),
        sa.Column("epci_code", sa.String(length=9), nullable=True),
        sa.Column(
            "area",
            sa.Enum(
                "ex-Nord-Pas-de-Calais",
                "ex-Picardie",
                "Belgium",
                name="area",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column(
            "opening_hours",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "identified",
                "contacted",
                "visit_planned",
                "visited",
                "interested",
                "oriented",
                "member",
                name="funnelstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("assigned_officer_id", sa.Uuid(), nullable=True),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_officer_id"],
            ["officer.id"],
            name=op.f("fk_organisation_assigned_officer_id_officer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint(
            "be_establishment_number", name=op.f("uq_organisation_be_establishment_number")
        ),
        sa.UniqueConstraint("siret", name=op.f("uq_organisation_siret")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_area"), ["area"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_assigned_officer_id"), ["assigned_officer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organisation_be_enterprise_number"),
            ["be_enterprise_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_organisation_departement"), ["departement"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organisation_epci_code"), ["epci_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_insee_code"), ["insee_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organisation_naf_code"), ["naf_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_postal_code"), ["postal_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organisation_siren"), ["siren"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_status"), ["status"], unique=False)

    op.create_table(
        "contact",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column(
            "legal_basis",
            sa.Enum(
                "consent",
                "legitimate_interest",
                "contract",
                "public_task",
                name="legalbasis",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_contact_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "visit",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column(
            "planned_start", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "done",
                "cancelled",
                "no_show",
                name="visitstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("fixed", sa.Boolean(), nullable=False),
        sa.Column("plan_order", sa.Integer(), nullable=True),
        sa.Column(
            "actual_start", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("actual_duration_min", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "met",
                "interested",
                "not_interested",
                "to_recontact",
                "wrong_contact",
                "closed",
                name="visitoutcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column(
            "needs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "recommended_clusters",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("purpose", sa.String(length=300), nullable=True),
        sa.Column("next_step", sa.String(length=300), nullable=True),
        sa.Column("follow_up_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_visit_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_visit_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_visit_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(
            "ix_visit_officer_start", ["officer_id", "planned_start"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_visit_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visit_planned_start"), ["planned_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_status"), ["status"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "done", "cancelled", name="followupstatus", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("done_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", hdf_field.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_follow_up_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_follow_up_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_follow_up_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_follow_up_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_visit_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_officer_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_due_date"))

    op.drop_table("follow_up")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_status"))
        batch_op.drop_index(batch_op.f("ix_visit_planned_start"))
        batch_op.drop_index(batch_op.f("ix_visit_organisation_id"))
        batch_op.drop_index("ix_visit_officer_start")
        batch_op.drop_index(batch_op.f("ix_visit_officer_id"))

    op.drop_table("visit")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_organisation_id"))

    op.drop_table("contact")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_status"))
        batch_op.drop_index(batch_op.f("ix_organisation_siren"))
        batch_op.drop_index(batch_op.f("ix_organisation_postal_code"))
        batch_op.drop_index(batch_op.f("ix_organisation_naf_code"))
        batch_op.drop_index(batch_op.f("ix_organisation_insee_code"))
        batch_op.drop_index(batch_op.f("ix_organisation_epci_code"))
        batch_op.drop_index(batch_op.f("ix_organisation_departement"))
        batch_op.drop_index(batch_op.f("ix_organisation_be_enterprise_number"))
        batch_op.drop_index(batch_op.f("ix_organisation_assigned_officer_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_area"))

    op.drop_table("organisation")
    with op.batch_alter_table("cluster_site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_site_cluster_id"))

    op.drop_table("cluster_site")
    op.drop_table("officer")
    op.drop_table("cluster")
    op.drop_table("app_meta")
