"""The agency's dossiers in the change feed: every counter of a center knows them all.

A change of kind "dossier" names a dossier whose record is built when it is read;
a dossier keeps one such row (its latest), numbered ``dossiers.rev``. Existing
dossiers get their row here, oldest first, so counters fetch them like new ones.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A dossier's row is deleted when it changes: SQLite would give the highest number
    # out again (counters' cursors are already past it) unless the table AUTOINCREMENTs.
    dossier = sa.Column("dossier", sa.String(40), nullable=True)
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "changes", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            batch.add_column(dossier)
    else:
        op.add_column("changes", dossier)
    op.create_index("ix_changes_dossier", "changes", ["dossier"])
    op.add_column("dossiers", sa.Column("rev", sa.BigInteger(), nullable=True))
    op.create_index("ix_dossiers_agency_received", "dossiers", ["agency", "received_at", "code"])
    op.execute(
        "INSERT INTO changes (agency, kind, payload, created_at, dossier) "
        "SELECT agency, 'dossier', '{}', updated_at, code FROM dossiers "
        "ORDER BY received_at, code"
    )
    op.execute(
        "UPDATE dossiers SET rev = (SELECT seq FROM changes "
        "WHERE changes.dossier = dossiers.code AND changes.kind = 'dossier')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM changes WHERE kind = 'dossier'")
    op.drop_index("ix_dossiers_agency_received", "dossiers")
    op.drop_column("dossiers", "rev")
    op.drop_index("ix_changes_dossier", "changes")
    op.drop_column("changes", "dossier")
