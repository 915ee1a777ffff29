"""The applicant's sex (giới tính), read from the chip-ID card or chosen by the clerk.

The province's form needs it (GioiTinh). Earlier applicants keep NULL: nothing
recorded it, and it is not guessed from their ID number.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place (no table copy),
    # instantly even on a counter with a million applicants.
    op.add_column("applicants", sa.Column("sex", sa.String(3), nullable=True))


def downgrade() -> None:
    op.drop_column("applicants", "sex")  # in place (SQLite 3.35+), as 0003 does
