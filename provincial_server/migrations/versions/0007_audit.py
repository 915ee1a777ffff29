"""Each device's audit chain, as the counter sent it, and where the chain stands.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHEN = sa.DateTime()  # naive UTC (models.UTCDateTime)
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "audit_chains",
        sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("agency", sa.String(20), nullable=False, index=True),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("last_seq", SEQ, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("problem_seq", SEQ, nullable=True),
        sa.Column("problem", sa.String(500), nullable=True),
        sa.Column("problem_at", WHEN, nullable=True),
    )
    op.create_table(
        "audit_entries",
        sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("dossier", sa.String(40), nullable=False),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("received_at", WHEN, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_entries")
    op.drop_table("audit_chains")
