"""Staff accounts: who may sign in at this counter, with their role and Argon2id hash.

Accounts come from the province through the change feed (sign-in then works
offline) or are made here (the first admin of a counter not enrolled yet). The
failure count and lock are this counter's own. Existing data is untouched: a
counter upgraded without accounts asks for ``counter-app setup --admin-login …``
or its first pull.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("login", sa.String(50), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('clerk', 'supervisor', 'admin')", name="account_role"),
        sa.CheckConstraint("source IN ('province', 'local')", name="account_source"),
    )


def downgrade() -> None:
    op.drop_table("accounts")
