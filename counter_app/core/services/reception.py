"""Receiving a dossier: one clerk action, one transaction.

The dossier, its documents, its number, its status history, its search row and
its outbox event are written together or not at all; the receipt is printed
only after ``receive`` returns (i.e. after the commit).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.catalog import DOCUMENT_KINDS, RESULT_OPTIONS
from counter_app.core.domain.fees import quote_fee
from counter_app.core.domain.limits import (
    MAX_ADDRESS,
    MAX_CLERK,
    MAX_COPIES,
    MAX_DOCUMENT_COUNT,
    MAX_DOCUMENT_NAME,
    MAX_DOCUMENTS,
    MAX_PAGES,
    MAX_PROCEDURE_CODE,
    MAX_REASON,
    MAX_SETS,
    MAX_SUMMARY,
)
from counter_app.core.domain.reception import (
    DocumentInput,
    Outcome,
    ReceptionInput,
    ReceptionResult,
)
from counter_app.core.domain.status import Status, check_transition
from counter_app.core.domain.text import checked_text, clean, vn_number
from counter_app.core.domain.validation import Applicant, validate_applicant
from counter_app.core.errors import ClockBehind, FieldError, ValidationFailed
from counter_app.core.logs import Personal
from counter_app.core.services.context import Services
from counter_app.core.services.events import dossier_event
from counter_app.core.settings import Settings
from counter_app.core.store import models as m
from counter_app.core.store.calendar_repo import working_calendar
from counter_app.core.store.catalog import procedure_in_force, processing_limit
from counter_app.core.store.codes_repo import allocate
from counter_app.core.store.printing import next_ledger_number
from counter_app.core.store.search import index_dossier
from counter_app.core.sync.outbox import enqueue
from counter_app.core.sync.protocol import EventType

log = logging.getLogger("counter_app.services")


def _text_error(
    field: str, label: str, raw: str, limit: int, missing: str | None = None
) -> FieldError | None:
    """The one problem of a free-text field, if any: bad characters, missing, too long."""
    try:
        value = checked_text(field, label, raw, limit)
    except FieldError as error:
        return error
    return FieldError(field, label, missing) if missing is not None and not value else None


def _check_procedure_code(code: str) -> list[FieldError]:
    """Before the code goes into a query or a message: it must be short, plain text."""
    error = _text_error("procedure", "Mã thủ tục", code, MAX_PROCEDURE_CODE, "chưa chọn thủ tục.")
    return [] if error is None else [error]


def _check_request(request: ReceptionInput, procedure: m.Procedure | None) -> list[FieldError]:
    """Everything but the applicant; without a procedure, what does not depend on it."""
    errors: list[FieldError] = []

    def bad(name: str, label: str, problem: str) -> None:
        errors.append(FieldError(name, label, problem))

    reason_needed = request.outcome is not Outcome.ACCEPTED
    return_by_post = request.return_method == "post"
    texts = [
        _text_error("clerk", "Người tiếp nhận", request.clerk, MAX_CLERK, "chưa nhập."),
        _text_error("summary", "Trích yếu", request.summary, MAX_SUMMARY),
        _text_error(
            "return_address",
            "Địa chỉ nhận kết quả",
            request.return_address,
            MAX_ADDRESS,
            "cần ghi khi trả qua bưu chính." if return_by_post else None,
        ),
        _text_error(
            "reason",
            "Lý do",
            request.reason,
            MAX_REASON,
            "cần ghi rõ lý do yêu cầu bổ sung hoặc từ chối." if reason_needed else None,
        ),
    ]
    errors += [e for e in texts if e is not None]
    if not 1 <= request.sets_count <= MAX_SETS:
        bad("sets_count", "Số bộ hồ sơ", f"phải từ 1 đến {MAX_SETS}.")
    if not 1 <= request.pages <= MAX_PAGES:
        bad("pages", "Số trang", f"phải từ 1 đến {vn_number(MAX_PAGES)}.")
    if not 1 <= request.copies <= MAX_COPIES:
        bad("copies", "Số bản", f"phải từ 1 đến {vn_number(MAX_COPIES)}.")
    if procedure is not None and request.return_method not in procedure.result_options:
        allowed = ", ".join(RESULT_OPTIONS[o] for o in procedure.result_options)
        bad("return_method", "Hình thức nhận kết quả", f"thủ tục này chỉ nhận: {allowed}.")
    return errors + _check_documents(request.documents or [], procedure)


def _check_documents(
    documents: list[DocumentInput], procedure: m.Procedure | None
) -> list[FieldError]:
    if len(documents) > MAX_DOCUMENTS:
        return [
            FieldError(
                "documents",
                "Giấy tờ",
                f"hồ sơ có {vn_number(len(documents))} giấy tờ, nhiều hơn mức tối đa "
                f"{MAX_DOCUMENTS} của một hồ sơ. Hãy kiểm tra lại danh sách giấy tờ "
                "(có thể bị nhân bản nhầm).",
            )
        ]
    positions = None if procedure is None else {c.position for c in procedure.components}
    errors = []
    for n, doc in enumerate(documents, start=1):
        label = f"Giấy tờ thứ {n}"
        name = _text_error(
            "documents", label, doc.name, MAX_DOCUMENT_NAME, "chưa nhập tên giấy tờ."
        )
        if name is not None:
            errors.append(name)
        if doc.kind not in DOCUMENT_KINDS:
            errors.append(
                FieldError(
                    "documents",
                    label,
                    "loại bản phải là bản chính, bản sao chứng thực hoặc bản photo.",
                )
            )
        if not 1 <= doc.count <= MAX_DOCUMENT_COUNT:
            errors.append(
                FieldError("documents", label, f"số lượng phải từ 1 đến {MAX_DOCUMENT_COUNT}.")
            )
        position = doc.component_position
        if positions is not None and position is not None and position not in positions:
            errors.append(
                FieldError(
                    "documents",
                    label,
                    f"thủ tục này không có thành phần hồ sơ số {position} "
                    f"(chỉ có từ 1 đến {len(positions)}).",
                )
            )
    return errors


def _documents(request: ReceptionInput, procedure: m.Procedure) -> list[m.DossierDocument]:
    by_position = {c.position: c for c in procedure.components}
    if request.documents is None:
        return [
            m.DossierDocument(
                position=c.position, name=c.name, kind=c.kind, count=c.count, component_id=c.id
            )
            for c in procedure.components
        ]
    rows = []
    for position, doc in enumerate(request.documents, start=1):
        component = by_position.get(doc.component_position or -1)
        rows.append(
            m.DossierDocument(
                position=position,
                name=clean(doc.name),
                kind=doc.kind,
                count=doc.count,
                received=doc.received,
                component_id=component.id if component else None,
            )
        )
    return rows


def _applicant_row(session: Session, applicant: Applicant, now: datetime) -> m.Applicant:
    """Reuse the row if this person came before with identical details, else a new row,
    so every dossier keeps the details exactly as given that day."""
    fields = {
        "applicant_type": int(applicant.applicant_type),
        "name": applicant.name,
        "id_number": applicant.id_number,
        "birth_date": applicant.birth_date,
        "sex": applicant.sex,
        "phone": applicant.phone,
        "email": applicant.email,
        "address": applicant.address,
    }
    if applicant.id_number:
        query = select(m.Applicant).filter_by(**fields).limit(1)
        existing = session.scalar(query)
        if existing is not None:
            return existing
    row = m.Applicant(created_at=now, **fields)
    session.add(row)
    return row


# An NTP correction may step the clock back a little; a dead BIOS battery sets it
# back by years. Only the latter can put a wrong date in codes and appointments.
CLOCK_SLACK = timedelta(minutes=2)


def check_clock(session: Session, now: datetime, settings: Settings) -> None:
    """Refuse to receive when the clock is earlier than the counter's latest event."""
    latest = session.scalar(
        select(m.OutboxEvent.created_at).order_by(m.OutboxEvent.id.desc()).limit(1)
    )
    if latest is not None and now < latest - CLOCK_SLACK:
        shown = latest.astimezone(settings.timezone).strftime("%H:%M %d/%m/%Y")
        raise ClockBehind(
            f"Đồng hồ máy tính đang chỉ {now.astimezone(settings.timezone):%H:%M %d/%m/%Y}, "
            f"sớm hơn thao tác gần nhất của quầy ({shown}). Mã hồ sơ và ngày hẹn phụ thuộc "
            "vào ngày giờ, nên chưa thể tiếp nhận. Hãy chỉnh lại ngày giờ của máy tính "
            "(có thể pin đồng hồ máy đã hết) rồi thử lại; thông tin đã nhập vẫn được giữ."
        )


def receive(services: Services, request: ReceptionInput) -> ReceptionResult:
    settings: Settings = services.settings
    now = services.clock()
    local_day = now.astimezone(settings.timezone).date()
    applicant_errors: list[FieldError] = []
    applicant: Applicant | None = None
    try:
        applicant = validate_applicant(request.applicant, local_day)
    except ValidationFailed as failure:
        applicant_errors = failure.errors

    code_errors = _check_procedure_code(request.procedure_code)
    if code_errors:  # not a code to look up, nor to quote in a message
        raise ValidationFailed(applicant_errors + code_errors + _check_request(request, None))

    with services.db.write() as session:
        check_clock(session, now, settings)
        procedure = procedure_in_force(session, request.procedure_code, local_day)
        errors = applicant_errors + _check_request(request, procedure)
        if errors or applicant is None:
            raise ValidationFailed(errors)
        status = request.outcome.status
        check_transition(Status.REGISTERED, status)
        accepted = request.outcome is Outcome.ACCEPTED
        calendar = working_calendar(session, settings)
        appointment = calendar.appointment(now, processing_limit(procedure)) if accepted else None
        fee = (
            quote_fee(procedure.fee_rule, request.pages, request.copies).amount
            if accepted
            else None
        )

        issued = allocate(session, settings.agency_code, settings.counter_number, local_day, now)
        applicant_row = _applicant_row(session, applicant, now)
        dossier = m.Dossier(
            code=issued.code,
            procedure=procedure,
            applicant=applicant_row,
            status=int(status),
            channel=1,
            sets_count=request.sets_count,
            summary=clean(request.summary) or procedure.name,
            received_at=now,
            appointment_at=appointment,
            received_by=clean(request.clerk),
            processing_body=procedure.processing_body or settings.agency_name,
            fee_amount=fee,
            return_method=request.return_method,
            return_address=clean(request.return_address) or None,
            outcome_reason=clean(request.reason) or None,
            updated_at=now,
            ledger_year=local_day.year,
            counter_number=settings.counter_number,
            ledger_number=next_ledger_number(session, local_day.year, settings.counter_number),
            documents=_documents(request, procedure),
        )
        session.add(dossier)
        session.flush()
        issued.dossier_id = dossier.id
        session.add(
            m.StatusChange(
                dossier_id=dossier.id,
                from_status=int(Status.REGISTERED),
                to_status=int(status),
                at=now,
                actor=dossier.received_by,
                note=dossier.outcome_reason or "",
            )
        )
        index_dossier(session, dossier.id, applicant_row)
        event = dossier_event(EventType.DOSSIER_RECEIVED, dossier, settings, now)
        enqueue(session, event, now)
        audit.append(
            session,
            audit.Signed(request.clerk_login, dossier.received_by),
            AuditAction.RECEIVE,
            at=now,
            dossier=dossier.code,
            detail=f"{status.label}; thủ tục {procedure.code}; "
            f"người nộp {Personal(applicant.name)}",
        )
    log.info(
        "received %s: %s, procedure %s, for %s",
        dossier.code,
        status.label,
        request.procedure_code,
        Personal(applicant.name),
    )
    return ReceptionResult(dossier.id, dossier.code, status, now, appointment, fee, event.id)
