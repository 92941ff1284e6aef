"""merge the search index branch into the main chain

Revision ID: 0009_merge_heads
Revises: 0002_search, 0008_contact_legal
Create Date: 2026-12-03

``0002_search`` and ``0002_sync`` both revised ``0001``, so the script directory had two
heads and every database was stamped with both. This revision joins them without touching
the schema: a database at both heads (or at either one, or anywhere behind) upgrades to the
single head ``0009_merge_heads``, and new revisions have one parent again.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0009_merge_heads"
down_revision: str | Sequence[str] | None = ("0002_search", "0008_contact_legal")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """No schema change: only the version table moves from two rows to one."""


def downgrade() -> None:
    """No schema change: the version table goes back to the two former heads."""
