"""What sync sets aside is kept where a person sees it: skipped changes, held events.

- Changes pulled from the province that could not be applied: until now such a
  change was skipped with only a line in the sync state's last error, which the
  next cycle overwrote. Each is now a row with its reason and payload.
- An event the server fails on (500) even when sent alone is held back for a while
  (``next_attempt_at``, an unused column until now) so that it stops poisoning
  every batch; ``held`` counts how often, and after a few times it is set aside
  (quarantined) for a person, with the reason.

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
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("held", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_outbox_next_attempt_at", "outbox", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_next_attempt_at", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("held")
    op.drop_index("ix_skipped_changes_seq", "skipped_changes")
    op.drop_table("skipped_changes")
