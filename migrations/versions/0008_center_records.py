"""The center's dossiers at every counter: ledger books per counter, records' revisions.

- ``dossiers.counter_number``: the counter that received the dossier. Its ledger
  book is that counter's for the year ("Quyển số 2026-Q2"), so two counters never
  print the same number: the ledger's unique key becomes (year, counter, number).
  Existing dossiers were all received here; their counter is in their code and
  their numbers stay as printed.
- ``dossiers.rev``: the number of the province's record this counter last applied
  (0: none yet), so a record never steps a dossier back.
- ``held_records``: a record that arrived while this counter's own events on the
  dossier were still on their way; applied once they are answered.
- ``sync_state.records_*``: where the fetching of the center's dossiers stands
  (open and recent first, then the history, newest first), so it resumes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# <agency>-YYMMDD-<counter><nnn>: the counter is the first digit of the last four.
COUNTER_OF_CODE = "CAST(substr(code, length(code) - 3, 1) AS INTEGER)"


def upgrade() -> None:
    op.add_column(
        "dossiers", sa.Column("counter_number", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("dossiers", sa.Column("rev", sa.Integer, nullable=False, server_default="0"))
    op.execute(f"UPDATE dossiers SET counter_number = {COUNTER_OF_CODE}")
    op.drop_index("ix_dossiers_ledger", "dossiers")
    op.create_index(
        "ix_dossiers_ledger",
        "dossiers",
        ["ledger_year", "counter_number", "ledger_number"],
        unique=True,
        sqlite_where=sa.text("ledger_number > 0"),  # a dossier from an older counter has none
    )
    # "Kết quả chờ trả": the center's dossiers done (9), counted in the status bar.
    op.create_index("ix_dossiers_status", "dossiers", ["status"])
    op.create_table(
        "held_records",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
    )
    for column in (
        sa.Column("records_phase", sa.String(10), nullable=False, server_default="current"),
        sa.Column("records_key", sa.String(100), nullable=True),
        sa.Column("records_since", sa.Date, nullable=True),
        sa.Column("records_head", sa.Integer, nullable=True),
        sa.Column("records_count", sa.Integer, nullable=False, server_default="0"),
    ):
        op.add_column("sync_state", column)


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        for name in ("records_count", "records_head", "records_since", "records_key"):
            batch.drop_column(name)
        batch.drop_column("records_phase")
    op.drop_table("held_records")
    op.drop_index("ix_dossiers_status", "dossiers")
    op.drop_index("ix_dossiers_ledger", "dossiers")
    op.create_index("ix_dossiers_ledger", "dossiers", ["ledger_year", "ledger_number"], unique=True)
    op.drop_column("dossiers", "rev")
    op.drop_column("dossiers", "counter_number")
