"""Change numbers are 64-bit, as the wire protocol says (cursors up to 2**63 - 1).

SQLite's INTEGER PRIMARY KEY is 64-bit already; PostgreSQL's SERIAL was 32-bit,
so a busy province would have run out after about 2.1 billion changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("changes", "seq", type_=sa.BigInteger)
    op.execute("ALTER SEQUENCE IF EXISTS changes_seq_seq AS bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER SEQUENCE IF EXISTS changes_seq_seq AS integer")
    op.alter_column("changes", "seq", type_=sa.Integer)
