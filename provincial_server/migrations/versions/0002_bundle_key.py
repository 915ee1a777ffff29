"""Each device's key for signed USB bundles (derived from its token); voided dossiers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("bundle_key", sa.String(64), nullable=True))
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("voided_at")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("bundle_key")
