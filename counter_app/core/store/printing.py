"""Reading what the printed forms need, already formatted in the center's local time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from counter_app.core.domain.catalog import DOCUMENT_KINDS, RESULT_OPTIONS, limit_text
from counter_app.core.domain.fees import format_vnd, quote_fee
from counter_app.core.domain.listing import LedgerFilter
from counter_app.core.domain.status import Status
from counter_app.core.errors import NotFound
from counter_app.core.forms.data import DocumentLine, DossierSheet, LedgerLine, ProgressLine
from counter_app.core.store import models as m
from counter_app.core.store.catalog import processing_limit
from counter_app.core.store.search import ledger_where

RECEPTION_DESK = "Bộ phận tiếp nhận và trả kết quả"


def _fee_text(dossier: m.Dossier) -> str:
    if dossier.fee_amount is None:
        note = quote_fee(dossier.procedure.fee_rule).note
        return note or "Theo quy định"
    return "Miễn phí" if dossier.fee_amount == 0 else format_vnd(dossier.fee_amount)


def _timeliness(at: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    if at.date() < due.date():
        return "Trước hạn"
    return "Đúng hạn" if at <= due else "Quá hạn"


def _progress(dossier: m.Dossier, tz: ZoneInfo) -> tuple[ProgressLine, ...]:
    due = dossier.appointment_at.astimezone(tz) if dossier.appointment_at else None
    lines = []
    for change in dossier.history:
        at = change.at.astimezone(tz)
        target = Status(change.to_status)
        at_desk = target in (Status.ACCEPTED, Status.RETURNED, Status.NOT_ACCEPTED)
        lines.append(
            ProgressLine(
                body=RECEPTION_DESK if at_desk else dossier.processing_body,
                at=at,
                action=f"{target.label} ({change.actor})",
                timeliness=_timeliness(at, due) if target is Status.DONE else "",
                note=change.note,
            )
        )
    return tuple(lines)


def next_ledger_number(session: Session, year: int) -> int:
    """The next number in the year's ledger book; taken inside the reception's transaction."""
    last = session.scalar(
        select(func.max(m.Dossier.ledger_number)).where(m.Dossier.ledger_year == year)
    )
    return (last or 0) + 1


def dossier_sheet(session: Session, code: str, tz: ZoneInfo) -> DossierSheet:
    query = (
        select(m.Dossier)
        .where(m.Dossier.code == code.strip().upper())
        .options(selectinload(m.Dossier.documents), selectinload(m.Dossier.history))
    )
    dossier = session.scalar(query)
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã «{code}».")
    applicant, procedure = dossier.applicant, dossier.procedure
    return DossierSheet(
        code=dossier.code,
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        applicant_name=applicant.name,
        applicant_address=applicant.address,
        phone=applicant.phone or "",
        email=applicant.email or "",
        id_number=applicant.id_number or "",
        documents=tuple(
            DocumentLine(d.name, DOCUMENT_KINDS.get(d.kind, d.kind), d.count, d.received)
            for d in dossier.documents
        ),
        sets_count=dossier.sets_count,
        limit_text=limit_text(processing_limit(procedure)),
        received_at=dossier.received_at.astimezone(tz),
        appointment_at=dossier.appointment_at.astimezone(tz) if dossier.appointment_at else None,
        return_method=RESULT_OPTIONS.get(dossier.return_method, dossier.return_method),
        return_address=dossier.return_address or "",
        fee_text=_fee_text(dossier),
        ledger_book=str(dossier.ledger_year),
        ledger_number=dossier.ledger_number,
        received_by=dossier.received_by,
        processing_body=dossier.processing_body,
        reason=dossier.outcome_reason or "",
        status=dossier.status,
        status_label=Status(dossier.status).label,
        progress=_progress(dossier, tz),
    )


def ledger_lines(
    session: Session,
    first: date,
    last: date,
    tz: ZoneInfo,
    *,
    status: Status | None = None,
    procedure_code: str | None = None,
    overdue_at: datetime | None = None,
) -> list[LedgerLine]:
    """Dossiers received from ``first`` to ``last`` (local dates, inclusive), in order,
    filtered as the ledger screen filters them (the same condition).

    Each line carries the dossier's number in its year's book, as on its receipt.
    """
    spec = LedgerFilter(first, last, status, procedure_code, overdue_at)
    query = (
        select(m.Dossier)
        .join(m.Procedure, m.Dossier.procedure_id == m.Procedure.id)
        .where(ledger_where(spec, tz))
        .options(selectinload(m.Dossier.applicant), selectinload(m.Dossier.procedure))
        .order_by(m.Dossier.id)
    )
    lines = []
    for dossier in session.scalars(query):
        applicant = dossier.applicant
        collected = dossier.collected_by_name or ""
        if collected and dossier.collected_by_id_number:
            collected += f" ({dossier.collected_by_id_number})"

        def local(moment: datetime | None) -> datetime | None:
            return moment.astimezone(tz) if moment else None

        lines.append(
            LedgerLine(
                number=dossier.ledger_number,
                code=dossier.code,
                procedure_name=dossier.procedure.name,
                applicant_name=applicant.name,
                address_phone=", ".join(p for p in (applicant.address, applicant.phone or "") if p),
                processing_body=dossier.processing_body,
                received_at=dossier.received_at.astimezone(tz),
                appointment_at=local(dossier.appointment_at),
                returned_at=local(dossier.returned_at),
                return_method=RESULT_OPTIONS.get(dossier.return_method, dossier.return_method),
                collected_by=collected,
            )
        )
    return lines
