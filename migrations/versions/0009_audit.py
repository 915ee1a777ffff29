"""The audit trail: who did what at this counter, append-only and hash-chained.

``audit_log`` holds one row per action (reception, print, return, void, …) written in
the action's own transaction; each row carries the hash of the previous one, so an
entry changed or removed later breaks the chain (``counter-app audit verify``).
Triggers refuse UPDATE and DELETE on it: the program never changes an entry.
``audit_state`` keeps the chain's head (so a removed tail shows too) and how far the
province has acknowledged it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("counter", sa.Integer, nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("dossier", sa.String(40), nullable=True),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_action_seq", "audit_log", ["action", "seq"])
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    op.create_table(
        "audit_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("acked_seq", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.CheckConstraint("id = 1", name="single_audit_state"),
    )
    op.execute(
        "INSERT INTO audit_state (id, last_seq, last_hash, acked_seq) "
        f"VALUES (1, 0, '{GENESIS}', 0)"
    )


def downgrade() -> None:
    op.drop_table("audit_state")
    op.execute("DROP TRIGGER audit_log_no_delete")
    op.execute("DROP TRIGGER audit_log_no_update")
    op.drop_index("ix_audit_log_action_seq", "audit_log")
    op.drop_index("ix_audit_log_at", "audit_log")
    op.drop_table("audit_log")
