"""What the printed forms show: plain, already-formatted data (no ORM, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from counter_app.core.forms.formset import DEFAULT_FORM_SET


@dataclass(frozen=True)
class Letterhead:
    """What the center prints on every paper, from its settings."""

    agency_name: str
    place: str
    lookup_url: str  # base of the status-lookup link in the QR code; "" for none
    system: str = ""  # the issuing system, named in the QR code
    form_set: str = DEFAULT_FORM_SET  # which circular's numbers and names (formset.py)


@dataclass(frozen=True)
class DocumentLine:
    name: str
    kind: str  # Vietnamese label: Bản chính, …
    count: int
    received: bool = True


@dataclass(frozen=True)
class ProgressLine:
    """One line of the dossier's history: a hand-over (a status change, on the control
    slip) or an action that left the status as it was (a void, a new appointment, a
    correction: ``handover`` False; ``action`` is then its note and the actor)."""

    body: str
    at: datetime
    action: str
    timeliness: str  # Trước hạn / Đúng hạn / Quá hạn / ""
    note: str
    status: int = 0  # the status it reached (the screen names it in its own language)
    actor: str = ""  # who did it (``action`` is the status's Vietnamese label and the actor)
    handover: bool = True  # the status changed; False: the history notes an action only


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
    voided: bool = False  # its code was voided (entered in error): papers say ĐÃ HỦY
    void_reason: str = ""
    stopped_at: datetime | None = None  # when it reached status 7 or 8 (local, aware)
    stop_reason: str = ""  # the note recorded with that status
    # This counter's actions on it that the province refused (another counter acted
    # first, say), with the province's reason: the clerk sees them on the dossier.
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    """When a paper is issued: the place-and-date line, the reprint mark, the QR's time.

    ``issued_at`` is the form's first print (for a reprint, the original issue);
    ``reprinted_at`` is now, when this print is a reprint. ``record`` is the print-log
    entry of this print (None for a preview or a saved copy): withdrawn if the paper
    never reaches a printer, so that the next print is not taken for a reprint.
    """

    issued_at: datetime  # local, aware
    reprinted_at: datetime | None = None
    record: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LedgerLine:
    number: str  # "Q2-9": the counter's book and the number in it
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
    voided: bool = False
    status: int = 0  # a refused or sent-back dossier has no appointment at all ("—")


class Form(StrEnum):
    """A dossier's forms; their numbers depend on the set (formset.py)."""

    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP = "stop"  # notice of stopping processing (2025 set only)
    CONTROL = "control"

    @property
    def paper_name(self) -> str:
        """What people call the paper (the audit trail says it; forms have their own)."""
        return FORM_TITLES[self]


FORM_TITLES = {
    Form.RECEIPT: "Giấy tiếp nhận",
    Form.SUPPLEMENT: "Phiếu yêu cầu bổ sung",
    Form.REFUSAL: "Phiếu từ chối",
    Form.APOLOGY: "Phiếu xin lỗi và hẹn lại",
    Form.STOP: "Thông báo dừng giải quyết",
    Form.CONTROL: "Phiếu kiểm soát",
}


@dataclass(frozen=True)
class Printed:
    code: str
    form: Form
    pdf: bytes
    reprint: bool
    number: str = ""  # the form's number in the set it was printed from: "01"
    name: str = ""  # its name in that set
    record: int | None = None  # its print-log entry (see Issue.record)
