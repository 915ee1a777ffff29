"""Reading what the printed forms need, already formatted in the center's local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from counter_app.core.domain.calendar import LimitKind, ProcessingLimit
from counter_app.core.domain.fees import format_vnd, quote_fee
from counter_app.core.domain.status import Status
from counter_app.core.errors import NotFound
from counter_app.core.forms.data import DocumentLine, DossierSheet, LedgerLine, ProgressLine
from counter_app.core.store import models as m
from counter_app.core.store.catalog import DOCUMENT_KINDS, RESULT_OPTIONS, processing_limit

RECEPTION_DESK = "Bộ phận tiếp nhận và trả kết quả"


def limit_text(limit: ProcessingLimit) -> str:
    if limit.kind is LimitKind.NONE:
        return "Không quy định thời hạn cụ thể"
    if limit.kind is LimitKind.SAME_DAY:
        if limit.cutoff:
            return f"Trong ngày (nhận sau {limit.cutoff:%H:%M} trả trong ngày làm việc tiếp theo)"
        return "Trong ngày làm việc"
    unit = "ngày làm việc" if limit.kind is LimitKind.WORKING_DAYS else "giờ làm việc"
    return f"{limit.value} {unit}"


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


def ledger_position(session: Session, dossier: m.Dossier, tz: ZoneInfo) -> tuple[str, int]:
    """Ledger book (the local year of reception) and the dossier's number in it."""
    year = dossier.received_at.astimezone(tz).year
    start = datetime.combine(date(year, 1, 1), time(), tz)
    number = session.scalar(
        select(func.count()).where(m.Dossier.received_at >= start, m.Dossier.id <= dossier.id)
    )
    return str(year), number or 1


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
    book, number = ledger_position(session, dossier, tz)
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
        ledger_book=book,
        ledger_number=number,
        received_by=dossier.received_by,
        processing_body=dossier.processing_body,
        reason=dossier.outcome_reason or "",
        status=dossier.status,
        status_label=Status(dossier.status).label,
        progress=_progress(dossier, tz),
    )


def ledger_lines(session: Session, first: date, last: date, tz: ZoneInfo) -> list[LedgerLine]:
    """Dossiers received from ``first`` to ``last`` (local dates, inclusive), in order."""
    start = datetime.combine(first, time(), tz)
    end = datetime.combine(last + timedelta(days=1), time(), tz)
    query = (
        select(m.Dossier)
        .where(m.Dossier.received_at >= start, m.Dossier.received_at < end)
        .options(selectinload(m.Dossier.applicant), selectinload(m.Dossier.procedure))
        .order_by(m.Dossier.id)
    )
    lines = []
    for n, dossier in enumerate(session.scalars(query), start=1):
        applicant = dossier.applicant
        collected = dossier.collected_by_name or ""
        if collected and dossier.collected_by_id_number:
            collected += f" ({dossier.collected_by_id_number})"

        def local(moment: datetime | None) -> datetime | None:
            return moment.astimezone(tz) if moment else None

        lines.append(
            LedgerLine(
                number=n,
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
