"""Sync state (server cursor, last success, clock offset) and a note on outbox events.

The cursor lives in the dossier database so that applying pulled changes and
advancing the cursor is one transaction. The outbox note keeps who discarded a
quarantined event and why, beside the server's own reason.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cursor", sa.Integer, nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("offline_since", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("clock_offset_seconds", sa.Float, nullable=True),
        sa.CheckConstraint("id = 1", name="single_sync_state"),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("note", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("note")
    op.drop_table("sync_state")
