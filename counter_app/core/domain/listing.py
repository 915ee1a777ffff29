"""Lists of dossiers (search results, the ledger): their rows and filters, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_app.core.domain.status import Status


@dataclass(frozen=True)
class DossierSummary:
    """A row of a search result: plain data, safe to hand to another thread."""

    id: int
    code: str
    status: Status
    procedure_code: str
    procedure_name: str
    applicant_name: str
    id_number: str | None
    phone: str | None
    address: str
    received_at: datetime
    appointment_at: datetime | None
    ledger: str = ""  # its number in its counter's book for the year, "Q2-9" (unique)
    voided: bool = False  # received in error and voided: its code is kept, never reused


@dataclass(frozen=True)
class LedgerFilter:
    first: date  # local dates, inclusive
    last: date
    status: Status | None = None
    procedure_code: str | None = None
    overdue_at: datetime | None = None  # only dossiers still open and due before this


def ledger_book(year: int, counter: int) -> str:
    """A ledger book's name as printed: "2026-Q2", the year's book of counter 2.

    Each counter keeps its own book, so the pair (book, number) is unique in the
    center however many counters receive offline at once.
    """
    return f"{year}-Q{counter}"


def ledger_label(counter: int, number: int) -> str:
    """A dossier's number as lists show it, unique in the center: "Q2-9"."""
    return f"Q{counter}-{number}" if number else "—"
