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

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency: Mapped[str] = mapped_column(String(20), index=True)
    counter: Mapped[int]
    status: Mapped[int]
    data: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    voided_at: Mapped[datetime | None]  # the counter voided the code (entered in error)


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
    """What counters pull, in order: status updates (per agency), catalog and calendar (all)."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_agency_seq", "agency", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    agency: Mapped[str | None] = mapped_column(String(20))  # None: for every agency
    kind: Mapped[str] = mapped_column(String(20))  # status / catalog / calendar
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


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
