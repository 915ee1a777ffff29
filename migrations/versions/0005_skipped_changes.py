"""Changes pulled from the province that could not be applied, kept for a person to see.

Until now such a change was skipped with only a line in the sync state's last error,
which the next cycle overwrote: nothing lost on the server, but nobody at the counter
could tell. Each is now a row with its reason and payload.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "skipped_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("skipped_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_skipped_changes_seq", "skipped_changes", ["seq"])


def downgrade() -> None:
    op.drop_index("ix_skipped_changes_seq", "skipped_changes")
    op.drop_table("skipped_changes")
