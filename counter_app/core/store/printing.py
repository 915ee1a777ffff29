"""Reading what the printed forms need, already formatted in the center's local time,
and the print log (``print_log``): which print of a form is its issue, which a reprint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.catalog import DOCUMENT_KINDS, RESULT_OPTIONS, limit_text
from counter_app.core.domain.fees import format_vnd, quote_fee
from counter_app.core.domain.listing import LedgerFilter, ledger_book, ledger_label
from counter_app.core.domain.status import Status
from counter_app.core.errors import NotFound
from counter_app.core.forms.data import (
    DocumentLine,
    DossierSheet,
    Form,
    Issue,
    LedgerLine,
    ProgressLine,
)
from counter_app.core.store import models as m
from counter_app.core.store.catalog import processing_limit
from counter_app.core.store.codes_repo import VOIDED
from counter_app.core.store.search import VOIDED_DOSSIER, ledger_where
from counter_app.core.sync.protocol import EventType
from counter_app.core.sync.status import QUARANTINED

RECEPTION_DESK = "Bộ phận tiếp nhận và trả kết quả"
# A notice of stopping processing is issued for these: the citizen withdrew, or it stopped.
STOP_STATUSES = (int(Status.WITHDRAWN), int(Status.STOPPED))


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
        # A void, a new appointment or a correction is written with the status unchanged.
        handover = change.from_status != change.to_status
        lines.append(
            ProgressLine(
                body=RECEPTION_DESK if at_desk or not handover else dossier.processing_body,
                at=at,
                action=f"{target.label if handover else change.note} ({change.actor})",
                timeliness=_timeliness(at, due) if handover and target is Status.DONE else "",
                note=change.note,
                status=int(target),
                actor=change.actor,
                handover=handover,
            )
        )
    return tuple(lines)


def next_ledger_number(session: Session, year: int, counter: int) -> int:
    """The next number in the counter's book for the year; taken inside the reception's
    transaction. Other counters' dossiers are in their own books."""
    last = session.scalar(
        select(func.max(m.Dossier.ledger_number)).where(
            m.Dossier.ledger_year == year,
            m.Dossier.counter_number == counter,
            m.Dossier.ledger_number > 0,  # so that the book's (partial) index answers it
        )
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
    issued = session.get(m.IssuedCode, dossier.code)
    voided = issued is not None and issued.state == VOIDED
    stop = next(
        (c for c in reversed(dossier.history) if c.to_status in STOP_STATUSES),
        None,
    )
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
        ledger_book=ledger_book(dossier.ledger_year, dossier.counter_number),
        ledger_number=dossier.ledger_number,
        received_by=dossier.received_by,
        processing_body=dossier.processing_body,
        reason=dossier.outcome_reason or "",
        status=dossier.status,
        status_label=Status(dossier.status).label,
        progress=_progress(dossier, tz),
        voided=voided,
        void_reason=issued.note if issued is not None and voided else "",
        stopped_at=stop.at.astimezone(tz) if stop else None,
        stop_reason=stop.note if stop else "",
        refused=tuple(
            session.scalars(
                select(m.OutboxEvent.last_error).where(
                    m.OutboxEvent.dossier_code == dossier.code,
                    m.OutboxEvent.state == QUARANTINED,
                    m.OutboxEvent.last_error.is_not(None),
                )
            )
        ),
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
        select(m.Dossier, VOIDED_DOSSIER)
        .join(m.Procedure, m.Dossier.procedure_id == m.Procedure.id)
        .where(ledger_where(spec, tz))
        .options(selectinload(m.Dossier.applicant), selectinload(m.Dossier.procedure))
        .order_by(m.Dossier.received_at, m.Dossier.code)
    )
    lines = []
    for dossier, voided in session.execute(query):
        applicant = dossier.applicant
        collected = dossier.collected_by_name or ""
        if collected and dossier.collected_by_id_number:
            collected += f" ({dossier.collected_by_id_number})"

        def local(moment: datetime | None) -> datetime | None:
            return moment.astimezone(tz) if moment else None

        lines.append(
            LedgerLine(
                number=ledger_label(dossier.counter_number, dossier.ledger_number),
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
                voided=bool(voided),
                status=dossier.status,
            )
        )
    return lines


# --- the print log ---------------------------------------------------------------------


def log_print(
    session: Session,
    code: str,
    form: Form,
    *,
    actor: audit.Person,
    now: datetime,
    tz: ZoneInfo,
    new_issue: bool = False,
    log: bool = True,
    note: str = "",
) -> Issue:
    """Record a print of ``form`` and say how it is dated.

    The first print of a form is its issue: dated today. A later print is a reprint:
    dated with the day of the issue and marked with today's. ``new_issue`` starts a
    new paper of the same form (each new appointment has its own apology), so the
    latest issue, not the first print, dates the reprints. ``log=False`` (a preview or
    a saved copy) dates the paper the same way but records nothing. ``note``: what the
    paper says that the dossier does not hold (see ``issued_note``).
    """
    dossier_id = session.scalar(select(m.Dossier.id).where(m.Dossier.code == code))
    if dossier_id is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã «{code}».")
    issued = None if new_issue else _latest_issue(session, dossier_id, form)
    issued_at = issued.printed_at if issued is not None else None
    reprint = issued_at is not None
    record = None
    if log:
        entry = m.PrintRecord(
            dossier_id=dossier_id,
            form=form.value,
            reprint=reprint,
            printed_at=now,
            actor=audit.name_of(actor),
            note=note,
        )
        session.add(entry)
        session.flush()  # its id: the print is withdrawn by it if it never reaches paper
        record = entry.id
        audit.append(
            session,
            actor,
            AuditAction.REPRINT if reprint else AuditAction.PRINT,
            at=now,
            dossier=code,
            detail=form.paper_name + (f"; {note}" if note else ""),
        )
    if issued_at is None:
        return Issue(now.astimezone(tz), record=record)
    return Issue(issued_at.astimezone(tz), reprinted_at=now.astimezone(tz), record=record)


def _latest_issue(session: Session, dossier_id: int, form: Form) -> m.PrintRecord | None:
    """The print that issued the dossier's current paper of ``form`` (not a reprint)."""
    return session.scalar(
        select(m.PrintRecord)
        .where(
            m.PrintRecord.dossier_id == dossier_id,
            m.PrintRecord.form == form.value,
            m.PrintRecord.reprint.is_(False),
        )
        .order_by(m.PrintRecord.id.desc())
        .limit(1)
    )


def issued_note(session: Session, code: str, form: Form) -> str:
    """The note logged with the latest issue of ``form`` ("" if none): a reprint says it."""
    dossier_id = session.scalar(select(m.Dossier.id).where(m.Dossier.code == code))
    issued = None if dossier_id is None else _latest_issue(session, dossier_id, form)
    return issued.note if issued is not None else ""


def withdraw_print(session: Session, record: int, now: datetime) -> None:
    """Strike a print that never reached paper (no printer, the clerk chose not to print).

    The audit trail cannot strike its entry for that print: it says so in a new one.
    """
    row = session.execute(
        select(m.PrintRecord.form, m.PrintRecord.actor, m.Dossier.code)
        .join(m.Dossier, m.Dossier.id == m.PrintRecord.dossier_id)
        .where(m.PrintRecord.id == record)
    ).first()
    if row is None:
        return
    session.execute(delete(m.PrintRecord).where(m.PrintRecord.id == record))
    form, actor, code = row
    detail = f"{Form(form).paper_name}: không ra giấy, đã rút khỏi sổ in"
    audit.append(session, actor, AuditAction.PRINT, at=now, dossier=code, detail=detail)


@dataclass(frozen=True)
class AppointmentChange:
    """The latest new appointment of a dossier, as its apology printed it."""

    old: datetime | None  # local, aware
    new: datetime
    reason: str


def last_appointment_change(session: Session, code: str, tz: ZoneInfo) -> AppointmentChange | None:
    """From the outbox event that carried it to the province (kept after delivery)."""
    payload = session.scalar(
        select(m.OutboxEvent.payload)
        .where(
            m.OutboxEvent.dossier_code == code,
            m.OutboxEvent.type == EventType.APPOINTMENT_CHANGED.value,
        )
        .order_by(m.OutboxEvent.id.desc())
        .limit(1)
    )
    if payload is None:
        return None
    data = payload["data"]

    def moment(value: str | None) -> datetime | None:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=tz) if value else None

    new = moment(data["NgayHenTra"])
    if new is None:
        return None
    return AppointmentChange(moment(data.get("NgayHenTraCu")), new, data.get("LyDo", ""))
