"""What a printed paper said that the dossier does not hold: the reason on a notice of
stopping processing, as the clerk worded it when it was issued.

A reprint must say what the issued paper said, after a restart too; until now that
reason lived only in the window's memory.

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


def upgrade() -> None:
    # A constant default: SQLite adds the column in place, without copying the table.
    op.add_column("print_log", sa.Column("note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("print_log", "note")
