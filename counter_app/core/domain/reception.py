"""What the clerk submits at reception and what comes back: plain values, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from counter_app.core.domain.status import Status
from counter_app.core.domain.validation import ApplicantInput


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # form 01
    SUPPLEMENT = "supplement"  # form 02
    REFUSED = "refused"  # form 03

    @property
    def status(self) -> Status:
        return {
            Outcome.ACCEPTED: Status.ACCEPTED,
            Outcome.SUPPLEMENT: Status.SUPPLEMENT_REQUIRED,
            Outcome.REFUSED: Status.NOT_ACCEPTED,
        }[self]


@dataclass
class DocumentInput:
    name: str
    kind: str = "original"
    count: int = 1
    received: bool = True  # False: listed as missing on form 02
    component_position: int | None = None  # which catalog component, if any


@dataclass
class ReceptionInput:
    procedure_code: str
    applicant: ApplicantInput
    clerk: str
    outcome: Outcome = Outcome.ACCEPTED
    clerk_login: str = ""  # the signed-in account's (the audit trail names it); "": none
    documents: list[DocumentInput] | None = None  # None: every catalog component received
    sets_count: int = 1
    return_method: str = "counter"
    return_address: str = ""
    reason: str = ""  # required for supplement and refusal
    summary: str = ""
    pages: int = 1  # for per-page fees (certified copies)
    copies: int = 1


@dataclass(frozen=True)
class ReceptionResult:
    dossier_id: int
    code: str
    status: Status
    received_at: datetime
    appointment_at: datetime | None
    fee_amount: int | None
    event_id: str
