"""Print log (every printed form, so a reprint is recorded as one); seeded calendar years.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), nullable=False, index=True
        ),
        sa.Column("form", sa.String(20), nullable=False),
        sa.Column("reprint", sa.Boolean, nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
    )

    op.create_table(
        "calendar_seeded_years",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    )


def downgrade() -> None:
    op.drop_table("calendar_seeded_years")
    op.drop_table("print_log")
