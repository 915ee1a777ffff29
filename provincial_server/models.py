"""The province's tables: enrolled devices, dossiers as reported, applied events, changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_app.core.store.types import UTCDateTime


class Base(DeclarativeBase):
    # Aware UTC in and out, stored naive UTC: SQLite has no time zones, PostgreSQL agrees.
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}  # noqa: RUF012


class EnrolmentCode(Base):
    """A one-time code the province gives a counter's installer; stored only hashed."""

    __tablename__ = "enrolment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency: Mapped[str] = mapped_column(String(20))
    counter: Mapped[int]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Device(Base):
    """An enrolled counter PC; its bearer token is stored only hashed."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agency: Mapped[str] = mapped_column(String(20), index=True)
    counter: Mapped[int]
    enrolled_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]
    # Verifies the device's USB bundles; derived from the token, which is never stored.
    bundle_key: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]  # access withdrawn by the province
    # The device enrolled for the same counter number after it (then revoked_at is set):
    # one active device per counter number, so no two PCs issue the same codes.
    replaced_by: Mapped[int | None]


class Dossier(Base):
    """A dossier as the province knows it; the province is authoritative for its status."""

    __tablename__ = "dossiers"
    # The pages of GET /v1/dossiers walk an agency's dossiers newest first.
    __table_args__ = (Index("ix_dossiers_agency_received", "agency", "received_at", "code"),)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency: Mapped[str] = mapped_column(String(20), index=True)
    counter: Mapped[int]
    status: Mapped[int]
    data: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    voided_at: Mapped[datetime | None]  # the counter voided the code (entered in error)
    # The number of its record in the change feed (the feed keeps only the latest).
    rev: Mapped[int | None] = mapped_column(BigInteger)


class AppliedEvent(Base):
    """Every event id ever answered, with its answer: a resent event gets the same answer."""

    __tablename__ = "applied_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    dossier: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))  # applied / rejected
    reason: Mapped[str] = mapped_column(String(500), default="")
    received_at: Mapped[datetime]


class Change(Base):
    """What counters pull, in order: dossier records (per agency), catalog and calendar (all).

    A dossier has one row at most, its latest: its record is built from the dossier
    when the row is read, so a counter far behind pulls each dossier once.
    """

    __tablename__ = "changes"
    # A dossier's row goes when it changes: SQLite must never hand its number out again
    # (counters' cursors are past it), so AUTOINCREMENT; PostgreSQL's sequence never does.
    __table_args__ = (
        Index("ix_changes_agency_seq", "agency", "seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    agency: Mapped[str | None] = mapped_column(String(20))  # None: for every agency
    kind: Mapped[str] = mapped_column(String(20))  # dossier / status / catalog / calendar
    dossier: Mapped[str | None] = mapped_column(String(40), index=True)  # kind "dossier"
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class AuditChain(Base):
    """Where a device's audit chain stands: its last entry, and the first problem found."""

    __tablename__ = "audit_chains"

    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    agency: Mapped[str] = mapped_column(String(20), index=True)
    counter: Mapped[int]
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]
    problem_seq: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    problem: Mapped[str | None] = mapped_column(String(500))
    problem_at: Mapped[datetime | None]


class AuditRecord(Base):
    """One entry of a device's audit chain, as the counter sent it (hash included)."""

    __tablename__ = "audit_entries"

    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime]
    counter: Mapped[int]
    login: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    dossier: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]


class Account(Base):
    """A staff account of an agency; the password only as an Argon2id hash.

    Every change bumps ``revision`` and is published to the agency's counters as an
    ``account`` change (its whole state, hash included), so they sign in offline.
    """

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("agency", "login", name="uq_accounts_agency_login"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(20))
    login: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))  # clerk / supervisor / admin
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change: Mapped[bool]
    disabled_at: Mapped[datetime | None]
    revision: Mapped[int]
    updated_at: Mapped[datetime]
