"""SQLAlchemy models of the counter database (the live schema).

Migrations under ``migrations/versions`` carry their own frozen table definitions;
``tests/unit/core/store/test_migrations.py`` checks the two agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from counter_app.core.store.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class Station(Base):
    """Which agency and counter this database belongs to (exactly one row)."""

    __tablename__ = "station"
    __table_args__ = (CheckConstraint("id = 1", name="single_station"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(20))
    agency_name: Mapped[str] = mapped_column(String(200))
    counter_number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CatalogVersion(Base):
    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective_from: Mapped[date] = mapped_column(Date)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(200))


class Procedure(Base):
    """One administrative procedure (TTHC) as published in one catalog version."""

    __tablename__ = "procedures"
    __table_args__ = (UniqueConstraint("code", "catalog_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), index=True)  # MaTTHC
    catalog_version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id"))
    name: Mapped[str] = mapped_column(String(500))
    name_folded: Mapped[str] = mapped_column(String(500))
    field: Mapped[str] = mapped_column(String(200))  # lĩnh vực
    field_code: Mapped[str | None] = mapped_column(String(30))  # MaLinhVuc
    level: Mapped[str] = mapped_column(String(20))  # commune / province
    limit_kind: Mapped[str] = mapped_column(String(20))
    limit_value: Mapped[int] = mapped_column(default=0)
    cutoff: Mapped[str | None] = mapped_column(String(5))  # "15:00"
    fee_rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    result_options: Mapped[list[str]] = mapped_column(JSON)
    processing_body: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)

    components: Mapped[list[ProcedureComponent]] = relationship(
        order_by="ProcedureComponent.position", cascade="all, delete-orphan"
    )


class ProcedureComponent(Base):
    """A required document of a procedure (thành phần hồ sơ)."""

    __tablename__ = "procedure_components"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))  # original / certified_copy / photocopy
    count: Mapped[int] = mapped_column(default=1)
    required: Mapped[bool] = mapped_column(default=True)


class Applicant(Base):
    """The applicant's details exactly as given at one or more receptions."""

    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_type: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str | None] = mapped_column(String(20), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(3))  # GioiTinh: "Nam", "Nữ" or not given
    phone: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(250))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Dossier(Base):
    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint("status BETWEEN 1 AND 10", name="status_range"),
        Index("ix_dossiers_received_at", "received_at"),
        Index("ix_dossiers_applicant_id", "applicant_id"),
        Index("ix_dossiers_status", "status"),
        Index(
            "ix_dossiers_ledger",
            "ledger_year",
            "counter_number",
            "ledger_number",
            unique=True,
            sqlite_where=text("ledger_number > 0"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    status: Mapped[int]
    channel: Mapped[int] = mapped_column(default=1)  # KenhThucHien: 1 in person
    sets_count: Mapped[int] = mapped_column(default=1)
    summary: Mapped[str] = mapped_column(String(500), default="")  # TrichYeuHoSo
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_by: Mapped[str] = mapped_column(String(100))
    processing_body: Mapped[str] = mapped_column(String(200))
    fee_amount: Mapped[int | None]
    return_method: Mapped[str] = mapped_column(String(20))  # counter / post
    return_address: Mapped[str | None] = mapped_column(String(250))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collected_by_name: Mapped[str | None] = mapped_column(String(100))
    collected_by_id_number: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Sổ theo dõi hồ sơ: one book per counter and local year of reception ("Quyển số
    # 2026-Q2"), numbered from 1, so a number is unique in the center; 0: none given.
    ledger_year: Mapped[int] = mapped_column(server_default="0")
    ledger_number: Mapped[int] = mapped_column(server_default="0")
    counter_number: Mapped[int] = mapped_column(server_default="0")  # that received it
    rev: Mapped[int] = mapped_column(default=0, server_default="0")  # the record applied

    procedure: Mapped[Procedure] = relationship()
    applicant: Mapped[Applicant] = relationship()
    documents: Mapped[list[DossierDocument]] = relationship(
        order_by="DossierDocument.position", cascade="all, delete-orphan"
    )
    history: Mapped[list[StatusChange]] = relationship(
        order_by="StatusChange.id", cascade="all, delete-orphan"
    )


class DossierDocument(Base):
    """A document actually received (or, for form 02, found missing)."""

    __tablename__ = "dossier_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(default=1)
    received: Mapped[bool] = mapped_column(default=True)
    component_id: Mapped[int | None] = mapped_column(ForeignKey("procedure_components.id"))


class StatusChange(Base):
    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    from_status: Mapped[int | None]
    to_status: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")


class CalendarDay(Base):
    """A day off or an extra working day; weekdays not listed follow the week."""

    __tablename__ = "calendar_days"
    __table_args__ = (CheckConstraint("kind IN ('off', 'work')", name="calendar_kind"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))  # holidays / local / server


class IssuedCode(Base):
    """Every daily number this counter used, voided or skipped: none unaccounted for."""

    __tablename__ = "issued_codes"
    __table_args__ = (
        UniqueConstraint("local_date", "counter_number", "seq"),
        CheckConstraint("state IN ('used', 'voided', 'skipped')", name="code_state"),
    )

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date)
    counter_number: Mapped[int]
    seq: Mapped[int]
    state: Mapped[str] = mapped_column(String(10))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxEvent(Base):
    """An event waiting to be delivered to the provincial server (transactional outbox)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "state IN ('pending', 'delivered', 'quarantined', 'discarded')", name="outbox_state"
        ),
        Index("ix_outbox_state_id", "state", "id"),
        Index("ix_outbox_next_attempt_at", "next_attempt_at"),  # the few held back
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    dossier_code: Mapped[str] = mapped_column(String(40), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # held back until
    # Times the server failed on it alone (500): it waits, then is set aside.
    held: Mapped[int] = mapped_column(default=0, server_default="0")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)  # who discarded it, and why


class SyncState(Base):
    """Where this counter stands with the provincial server (exactly one row)."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_sync_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cursor: Mapped[int]  # the last server change applied here
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offline_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    clock_offset_seconds: Mapped[float | None]  # server time minus ours, at the last reply
    # Fetching the center's dossiers: "current" (open and recent), "history", "done".
    records_phase: Mapped[str] = mapped_column(
        String(10), default="current", server_default="current"
    )
    records_key: Mapped[str | None] = mapped_column(String(100))  # the next page
    records_since: Mapped[date | None] = mapped_column(Date)  # "recent" is from this day
    records_head: Mapped[int | None]  # the feed's number when the fetching began
    records_count: Mapped[int] = mapped_column(default=0, server_default="0")  # fetched


class HeldRecord(Base):
    """A province record of a dossier this counter still has events on their way for.

    Applied once they are answered: until then the counter's own action is newer
    than the record, and after, the record says what the province made of it.
    """

    __tablename__ = "held_records"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    rev: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class SkippedChange(Base):
    """A change pulled from the province that could not be applied here, kept for a person.

    The cursor moves past it (one bad change must not stop every later one), so it
    is recorded with its payload and reason; the sync console and ``db check`` show it.
    """

    __tablename__ = "skipped_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(index=True)  # the server's change number
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)  # as received, JSON text
    skipped_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PrintRecord(Base):
    """A form printed (or saved as PDF) for a dossier; later ones are reprints."""

    __tablename__ = "print_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    form: Mapped[str] = mapped_column(String(20))
    reprint: Mapped[bool]
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    # What the paper said that the dossier does not hold (a notice of stopping's reason).
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class SeededYear(Base):
    """Years already seeded from the ``holidays`` package."""

    __tablename__ = "calendar_seeded_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class AuditLogEntry(Base):
    """One entry of the audit trail: append-only, hash-chained (see core/sync/wire_audit.py).

    Triggers refuse UPDATE and DELETE; ``audit verify`` finds what was changed anyway.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_action_seq", "action", "seq"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    counter: Mapped[int]
    login: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    dossier: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditState(Base):
    """The audit chain's head and how far the province holds it (exactly one row)."""

    __tablename__ = "audit_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_audit_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int]  # the newest entry appended here
    last_hash: Mapped[str] = mapped_column(String(64))
    acked_seq: Mapped[int]  # the newest entry the province acknowledged
    last_error: Mapped[str | None] = mapped_column(Text)  # the province's last refusal


class Account(Base):
    """A staff account this counter can sign in: pulled from the province (``source``
    ``province``, with its ``revision``) or made here (``local``: the first admin of a
    counter not enrolled yet, or a clerk a supervisor added). Sign-in works offline.

    The failure count and lock are this counter's own (5 wrong tries lock the account
    here for 5 minutes); a pull never touches them.
    """

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("role IN ('clerk', 'supervisor', 'admin')", name="account_role"),
        CheckConstraint("source IN ('province', 'local')", name="account_source"),
    )

    login: Mapped[str] = mapped_column(String(50), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change: Mapped[bool]
    disabled: Mapped[bool]
    source: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int]  # the province's revision of this account; 0 for a local one
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    failures: Mapped[int]  # wrong passwords in a row at this counter
    first_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
