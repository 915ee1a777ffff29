"""Initial counter schema: identity, catalog, applicants, dossiers, calendar, codes, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Table definitions are frozen here on purpose: later model changes must not change
what this migration creates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime()


def upgrade() -> None:
    op.create_table(
        "station",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("agency_name", sa.String(200), nullable=False),
        sa.Column("counter_number", sa.Integer, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.CheckConstraint("id = 1", name="single_station"),
    )
    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.String(40), nullable=False, unique=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("loaded_at", _utc(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
    )
    op.create_table(
        "procedures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(30), nullable=False, index=True),
        sa.Column(
            "catalog_version_id", sa.Integer, sa.ForeignKey("catalog_versions.id"), nullable=False
        ),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("name_folded", sa.String(500), nullable=False),
        sa.Column("field", sa.String(200), nullable=False),
        sa.Column("field_code", sa.String(30)),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("limit_kind", sa.String(20), nullable=False),
        sa.Column("limit_value", sa.Integer, nullable=False),
        sa.Column("cutoff", sa.String(5)),
        sa.Column("fee_rule", sa.JSON, nullable=False),
        sa.Column("result_options", sa.JSON, nullable=False),
        sa.Column("processing_body", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.UniqueConstraint("code", "catalog_version_id"),
    )
    op.create_table(
        "procedure_components",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "procedure_id", sa.Integer, sa.ForeignKey("procedures.id"), nullable=False, index=True
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("required", sa.Boolean, nullable=False),
    )
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("applicant_type", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("id_number", sa.String(20), index=True),
        sa.Column("birth_date", sa.Date),
        sa.Column("phone", sa.String(15)),
        sa.Column("email", sa.String(254)),
        sa.Column("address", sa.String(250), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
    )
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedures.id"), nullable=False),
        sa.Column("applicant_id", sa.Integer, sa.ForeignKey("applicants.id"), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("channel", sa.Integer, nullable=False),
        sa.Column("sets_count", sa.Integer, nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("received_at", _utc(), nullable=False),
        sa.Column("appointment_at", _utc()),
        sa.Column("received_by", sa.String(100), nullable=False),
        sa.Column("processing_body", sa.String(200), nullable=False),
        sa.Column("fee_amount", sa.Integer),
        sa.Column("return_method", sa.String(20), nullable=False),
        sa.Column("return_address", sa.String(250)),
        sa.Column("outcome_reason", sa.Text),
        sa.Column("returned_at", _utc()),
        sa.Column("collected_by_name", sa.String(100)),
        sa.Column("collected_by_id_number", sa.String(20)),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.CheckConstraint("status BETWEEN 1 AND 10", name="status_range"),
    )
    op.create_index("ix_dossiers_received_at", "dossiers", ["received_at"])
    op.create_index("ix_dossiers_applicant_id", "dossiers", ["applicant_id"])
    op.create_table(
        "dossier_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), nullable=False, index=True
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("received", sa.Boolean, nullable=False),
        sa.Column("component_id", sa.Integer, sa.ForeignKey("procedure_components.id")),
    )
    op.create_table(
        "status_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), nullable=False, index=True
        ),
        sa.Column("from_status", sa.Integer),
        sa.Column("to_status", sa.Integer, nullable=False),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(4), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.CheckConstraint("kind IN ('off', 'work')", name="calendar_kind"),
    )
    op.create_table(
        "issued_codes",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("counter_number", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id")),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("issued_at", _utc(), nullable=False),
        sa.UniqueConstraint("local_date", "counter_number", "seq"),
        sa.CheckConstraint("state IN ('used', 'voided', 'skipped')", name="code_state"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("dossier_code", sa.String(40), nullable=False, index=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("next_attempt_at", _utc()),
        sa.Column("delivered_at", _utc()),
        sa.CheckConstraint(
            "state IN ('pending', 'delivered', 'quarantined', 'discarded')", name="outbox_state"
        ),
    )
    op.create_index("ix_outbox_state_id", "outbox", ["state", "id"])
    # Search over folded (lower-case, no diacritics, đ→d) applicant name, address,
    # phone and ID number; rowid = dossiers.id, so newest first is ORDER BY rowid DESC.
    # detail=none: we only need token and prefix matching, not phrases; it keeps the index
    # small. Prefix indexes 1-6 cover almost every folded Vietnamese syllable: a prefix
    # longer than the indexed lengths makes FTS5 merge whole doclists (37 ms for "nguyen"*
    # on a million rows) instead of walking the newest matches lazily (0.03 ms).
    op.execute(
        "CREATE VIRTUAL TABLE dossier_search USING fts5("
        "text, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5 6', detail = none)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE dossier_search")
    for table in (
        "outbox",
        "issued_codes",
        "calendar_days",
        "status_history",
        "dossier_documents",
        "dossiers",
        "applicants",
        "procedure_components",
        "procedures",
        "catalog_versions",
        "station",
    ):
        op.drop_table(table)
