"""Staff accounts per agency (login unique within the agency), hashed with Argon2id.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

WHEN = sa.DateTime()  # naive UTC (models.UTCDateTime)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency", sa.String(20), nullable=False),
        sa.Column("login", sa.String(50), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change", sa.Boolean, nullable=False),
        sa.Column("disabled_at", WHEN, nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.UniqueConstraint("agency", "login", name="uq_accounts_agency_login"),
    )


def downgrade() -> None:
    op.drop_table("accounts")
