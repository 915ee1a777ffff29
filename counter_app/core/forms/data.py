"""What the printed forms show: plain, already-formatted data (no ORM, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Letterhead:
    agency_name: str
    place: str
    lookup_url: str  # base of the status-lookup link in the QR code; "" for none


@dataclass(frozen=True)
class DocumentLine:
    name: str
    kind: str  # Vietnamese label: Bản chính, …
    count: int
    received: bool = True


@dataclass(frozen=True)
class ProgressLine:
    """One hand-over on the control slip (form 05)."""

    body: str
    at: datetime
    action: str
    timeliness: str  # Trước hạn / Đúng hạn / Quá hạn / ""
    note: str


@dataclass(frozen=True)
class DossierSheet:
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_address: str
    phone: str
    email: str
    id_number: str
    documents: tuple[DocumentLine, ...]
    sets_count: int
    limit_text: str
    received_at: datetime  # local, aware
    appointment_at: datetime | None  # local, aware; None: no fixed deadline
    return_method: str  # Vietnamese label
    return_address: str
    fee_text: str
    ledger_book: str
    ledger_number: int
    received_by: str
    processing_body: str
    reason: str = ""
    status: int = 0
    status_label: str = ""
    progress: tuple[ProgressLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LedgerLine:
    number: int
    code: str
    procedure_name: str
    applicant_name: str
    address_phone: str
    processing_body: str
    received_at: datetime
    appointment_at: datetime | None
    returned_at: datetime | None
    return_method: str
    collected_by: str


class Form(StrEnum):
    RECEIPT = "receipt"  # 01
    SUPPLEMENT = "supplement"  # 02
    REFUSAL = "refusal"  # 03
    APOLOGY = "apology"  # 04
    CONTROL = "control"  # 05


@dataclass(frozen=True)
class Printed:
    code: str
    form: Form
    pdf: bytes
    reprint: bool
