"""Devices and enrolment codes, dossiers, applied events, changes for counters to pull.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime()  # naive UTC (models.UTCDateTime)


def upgrade() -> None:
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("agency", sa.String(20), nullable=False),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("agency", sa.String(20), nullable=False, index=True),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("enrolled_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=True),
    )
    op.create_table(
        "dossiers",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("agency", sa.String(20), nullable=False, index=True),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("received_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "applied_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("dossier", sa.String(40), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("received_at", WHEN, nullable=False),
    )
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("agency", sa.String(20), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_changes_agency_seq", "changes", ["agency", "seq"])


def downgrade() -> None:
    for table in ("changes", "applied_events", "dossiers", "devices", "enrolment_codes"):
        op.drop_table(table)
