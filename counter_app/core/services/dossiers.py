"""Actions on an existing dossier: status changes, returning the result, voiding."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.limits import MAX_CLERK, MAX_REASON
from counter_app.core.domain.roles import Actor, Permission, require
from counter_app.core.domain.status import VOIDABLE, Status, check_transition
from counter_app.core.domain.text import checked_text, excerpt, text_problem
from counter_app.core.domain.validation import ApplicantType, validate_id_number, validate_name
from counter_app.core.errors import CounterError, FieldError, NotFound, ValidationFailed
from counter_app.core.logs import Personal
from counter_app.core.services.context import Services
from counter_app.core.services.events import dossier_event
from counter_app.core.store import models as m
from counter_app.core.store.calendar_repo import working_calendar
from counter_app.core.store.codes_repo import VOIDED
from counter_app.core.sync.outbox import enqueue
from counter_app.core.sync.protocol import EventType, portal_time

log = logging.getLogger("counter_app.services")


@dataclass(frozen=True)
class StatusResult:
    code: str
    from_status: Status
    to_status: Status
    at: datetime
    event_id: str


MAX_CODE = 40  # a dossier code is 25 characters: 000.17.22.H56-260310-1001


def _dossier(session: Session, code: str, action: str) -> m.Dossier:
    """The dossier an action is about; a voided one refuses every action, with why."""
    dossier = None
    if len(code) <= MAX_CODE and text_problem(code) is None:  # else: not a code, not a query
        dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == code.strip().upper()))
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã «{excerpt(code)}».")
    issued = session.get(m.IssuedCode, dossier.code)
    if issued is not None and issued.state == VOIDED:
        raise CounterError(f"Hồ sơ {dossier.code} đã bị hủy ({issued.note}); không thể {action}.")
    return dossier


def _record(
    services: Services,
    session: Session,
    dossier: m.Dossier,
    target: Status,
    *,
    actor: str,
    note: str,
) -> StatusResult:
    now = services.clock()
    current = Status(dossier.status)
    check_transition(current, target)
    dossier.status = int(target)
    dossier.updated_at = now
    add_history(session, dossier, from_status=int(current), at=now, actor=actor, note=note)
    # The server checks "from" against its own state: it is authoritative for processing.
    data = {
        "MaHoSo": dossier.code,
        "TrangThaiTruoc": int(current),
        "TrangThai": int(target),
        "NguoiXuLy": actor,
        "ThoiDiemXuLy": portal_time(now, services.settings.timezone),
        "NoiDungXuLy": note,
        "NgayTra": portal_time(dossier.returned_at, services.settings.timezone),
        "NguoiNhanKetQua": dossier.collected_by_name,
        "SoGiayToNguoiNhan": dossier.collected_by_id_number,
    }
    kind = EventType.RESULT_RETURNED if target is Status.RETURNED else EventType.STATUS_CHANGED
    event = dossier_event(kind, dossier, services.settings, now, data)
    enqueue(session, event, now)
    return StatusResult(dossier.code, current, target, now, event.id)


def add_history(
    session: Session, dossier: m.Dossier, *, from_status: int, at: datetime, actor: str, note: str
) -> None:
    """One line of the dossier's history, ending at its current status."""
    session.add(
        m.StatusChange(
            dossier_id=dossier.id,
            from_status=from_status,
            to_status=dossier.status,
            at=at,
            actor=actor,
            note=note,
        )
    )


def _text(field: str, label: str, raw: str, limit: int, required: bool = True) -> str:
    """``raw`` cleaned, or ``ValidationFailed`` naming the field: bad characters, empty, long."""
    try:
        return checked_text(field, label, raw, limit, required=required)
    except FieldError as error:
        raise ValidationFailed([error]) from None


def _actor(actor: str) -> str:
    return _text("actor", "Người thực hiện", actor, MAX_CLERK)


def change_status(
    services: Services, code: str, target: Status, actor: str, note: str = ""
) -> StatusResult:
    actor = _actor(actor)
    note = _text("note", "Nội dung xử lý", note, MAX_REASON, required=False)
    with services.db.write() as session:
        dossier = _dossier(session, code, "đổi trạng thái")
        result = _record(services, session, dossier, target, actor=actor, note=note)
    _log_status(result, actor)
    return result


def _log_status(result: StatusResult, actor: str) -> None:
    """Committed: the support log says it (no personal data, as for receptions)."""
    log.info(
        "%s: %s → %s, by %s", result.code, result.from_status.label, result.to_status.label, actor
    )


def return_result(
    services: Services, code: str, collector_name: str, collector_id: str, person: Actor
) -> StatusResult:
    """Hand the result over: records who collected it (with ID) and when; status 10."""
    require(person, Permission.RETURN)
    actor = _actor(person.name)
    errors: list[FieldError] = []
    name = id_number = None
    today = services.clock().astimezone(services.settings.timezone).date()
    try:
        name = validate_name(collector_name, ApplicantType.CITIZEN)
    except FieldError as error:
        errors.append(error)
    try:
        id_number = validate_id_number(collector_id, ApplicantType.CITIZEN, today)
    except FieldError as error:
        errors.append(error)
    if errors:
        raise ValidationFailed(errors)
    with services.db.write() as session:
        dossier = _dossier(session, code, "trả kết quả")
        check_transition(Status(dossier.status), Status.RETURNED)
        dossier.returned_at = services.clock()
        dossier.collected_by_name = name
        dossier.collected_by_id_number = id_number
        result = _record(
            services, session, dossier, Status.RETURNED, actor=actor, note=f"Người nhận: {name}"
        )
        audit.append(
            session,
            person,
            AuditAction.RETURN,
            at=result.at,
            dossier=dossier.code,
            detail=f"Người nhận {Personal(name)}, giấy tờ {id_number}",
        )
    _log_status(result, actor)
    return result


def reschedule(
    services: Services, code: str, new_date: datetime, reason: str, person: Actor
) -> None:
    """Form 04: a late result gets a new appointment, with the reason; history keeps the old one.

    The new appointment is a working day and hour of the center's calendar, later than now:
    the citizen is never asked to come back on a day off, whichever program asks.
    """
    require(person, Permission.RESCHEDULE)
    actor = _actor(person.name)
    errors = []
    try:
        reason = _text("reason", "Lý do chậm trả", reason, MAX_REASON)
    except ValidationFailed as failure:
        errors += failure.errors
    now = services.clock()
    tz = services.settings.timezone
    with services.db.write() as session:
        dossier = _dossier(session, code, "hẹn lại ngày trả")
        if Status(dossier.status).is_final or dossier.status == Status.DONE:
            raise CounterError(
                f"Hồ sơ đang ở trạng thái «{Status(dossier.status).label}», không cần hẹn lại."
            )
        calendar = working_calendar(session, services.settings)
        problem = calendar.appointment_problem(new_date, now)
        if problem is not None:
            errors.append(FieldError("new_date", "Ngày hẹn mới", problem))
        if errors:
            raise ValidationFailed(errors)
        old = dossier.appointment_at
        dossier.appointment_at = new_date
        dossier.updated_at = now
        old_text = old.astimezone(tz).strftime("%H:%M %d/%m/%Y") if old else "không có"
        note = (
            f"Hẹn lại ngày trả: {new_date.astimezone(tz):%H:%M %d/%m/%Y} "
            f"(hẹn cũ {old_text}). Lý do: {reason}"
        )
        add_history(session, dossier, from_status=dossier.status, at=now, actor=actor, note=note)
        data = {
            "MaHoSo": dossier.code,
            "NgayHenTraCu": portal_time(old, tz),
            "NgayHenTra": portal_time(new_date, tz),
            "LyDo": reason,
            "NguoiXuLy": actor,
        }
        event = dossier_event(EventType.APPOINTMENT_CHANGED, dossier, services.settings, now, data)
        enqueue(session, event, now)
        audit.append(
            session, person, AuditAction.RESCHEDULE, at=now, dossier=dossier.code, detail=note
        )
    log.info(
        "%s: new appointment %s, by %s", code, f"{new_date.astimezone(tz):%H:%M %d/%m/%Y}", actor
    )


def void_dossier(services: Services, code: str, reason: str, person: Actor) -> None:
    """Void a dossier entered in error (a supervisor's decision). Its number stays
    accounted for as voided."""
    require(person, Permission.VOID)
    actor = _actor(person.name)
    reason = _text("reason", "Lý do hủy", reason, MAX_REASON)
    with services.db.write() as session:
        dossier = _dossier(session, code, "hủy lần nữa")
        issued = session.get(m.IssuedCode, dossier.code)
        if issued is None:
            raise CounterError(f"Mã hồ sơ «{dossier.code}» không do quầy này cấp.")
        if Status(dossier.status) not in VOIDABLE:
            raise CounterError(
                "Chỉ hủy được hồ sơ chưa chuyển xử lý; hồ sơ này đang ở trạng thái "
                f"«{Status(dossier.status).label}»."
            )
        now = services.clock()
        issued.state, issued.note = VOIDED, reason
        add_history(
            session,
            dossier,
            from_status=dossier.status,
            at=now,
            actor=actor,
            note=f"Hủy mã hồ sơ: {reason}",
        )
        data = {"MaHoSo": dossier.code, "LyDo": reason, "NguoiXuLy": actor}
        enqueue(
            session,
            dossier_event(EventType.CODE_VOIDED, dossier, services.settings, now, data),
            now,
        )
        audit.append(
            session,
            person,
            AuditAction.VOID,
            at=now,
            dossier=dossier.code,
            detail=f"Lý do: {reason}",
        )
    log.info("%s: voided, by %s", code, actor)
