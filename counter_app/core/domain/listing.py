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
    ledger_number: int = 0  # its number in the year's ledger book, as on its receipt
    voided: bool = False  # received in error and voided: its code is kept, never reused


@dataclass(frozen=True)
class LedgerFilter:
    first: date  # local dates, inclusive
    last: date
    status: Status | None = None
    procedure_code: str | None = None
    overdue_at: datetime | None = None  # only dossiers still open and due before this
