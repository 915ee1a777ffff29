"""What the reception desk asks of the core, each call one unit of background work.

The GUI holds one ``Desk`` and calls it only on its worker thread; the module is
imported there too (with SQLAlchemy and ReportLab), after the window is painted.
Everything returned is plain data (dataclasses, bytes), never live ORM objects,
so it can cross from the database worker to the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from counter_app.core import audit
from counter_app.core import settings as settings_file
from counter_app.core.audit import trail as audit_trail
from counter_app.core.audit.trail import AuditFilter, AuditRow
from counter_app.core.domain.calendar import WorkingCalendar
from counter_app.core.domain.catalog import ProcedureInfo
from counter_app.core.domain.limits import MAX_REASON
from counter_app.core.domain.listing import DossierSummary, LedgerFilter
from counter_app.core.domain.reception import Outcome, ReceptionInput, ReceptionResult
from counter_app.core.domain.roles import Actor, Permission, require
from counter_app.core.domain.status import Status
from counter_app.core.domain.text import checked_text
from counter_app.core.domain.validation import ApplicantInput
from counter_app.core.errors import CounterError, FieldError, ValidationFailed
from counter_app.core.forms.data import DossierSheet, Form, Issue, Letterhead, Printed
from counter_app.core.forms.formset import FormCaption, FormNotInSet, basis, caption
from counter_app.core.forms.paper import Paper
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import (
    Correction,
    correct_applicant,
    recorded_applicant,
)
from counter_app.core.services.dossiers import reschedule, return_result, void_dossier
from counter_app.core.services.identity import bind_identity, record_settings_change
from counter_app.core.services.reception import receive
from counter_app.core.settings import Settings
from counter_app.core.store import models as m
from counter_app.core.store.applicants import KnownApplicant, known_applicant
from counter_app.core.store.calendar_repo import working_calendar
from counter_app.core.store.catalog import catalog_snapshot
from counter_app.core.store.printing import (
    STOP_STATUSES,
    dossier_sheet,
    issued_note,
    last_appointment_change,
    ledger_lines,
    log_print,
    withdraw_print,
)
from counter_app.core.store.safety import daily_backup
from counter_app.core.store.search import ledger, ready_count, ready_results, search
from counter_app.core.sync.status import PENDING

if TYPE_CHECKING:
    from counter_app.core.sync.engine import SyncEngine

FORM_OF_OUTCOME = {
    Outcome.ACCEPTED: Form.RECEIPT,
    Outcome.SUPPLEMENT: Form.SUPPLEMENT,
    Outcome.REFUSED: Form.REFUSAL,
}

logger = logging.getLogger("counter_app.services")


@dataclass(frozen=True)
class DeskSnapshot:
    catalog: list[ProcedureInfo]
    calendar: WorkingCalendar
    pending_events: int


class Desk:
    """What the reception desk asks of the core; each call is one unit of background work."""

    def __init__(
        self,
        services: Services,
        sync_factory: Callable[[], SyncEngine] | None = None,
        *,
        backups: Path | None = None,
    ) -> None:
        self.services = services
        self._sync_factory = sync_factory
        self._backups = backups

    def daily_backup(self) -> Path | None:
        """The day's first copy of the database (``BackupFailed`` if it cannot be written)."""
        if self._backups is None:
            return None
        s = self.services
        return daily_backup(s.db.path, self._backups, s.clock(), s.settings.backup_keep)

    def open_sync(self) -> SyncEngine | None:
        """The sync engine, built after ``ready`` (its HTTP stack is not needed to receive);
        the window runs it on its network worker."""
        return self._sync_factory() if self._sync_factory else None

    def warm_up(self) -> None:
        """Load ReportLab and the fonts (~80 ms) once the desk is ready, not at its start
        (the catalog shows sooner) nor at the first receipt (which prints as fast as any)."""
        from counter_app.core.forms import layout  # noqa: PLC0415

        layout.register_fonts()

    def apply_settings(self, new: Settings, path: Path, actor: Actor) -> None:
        """Re-bind the database's identity, save the file, then work with the new settings."""
        require(actor, Permission.CHANGE_SETTINGS)
        before = self.services.settings
        bind_identity(self.services.db, new, self.services.clock(), rebind=True)
        settings_file.save(new, path)
        self.services = replace(self.services, settings=new)
        record_settings_change(self.services.db, actor, before.values(), new, self.services.clock())

    def letterhead(self) -> Letterhead:
        s = self.services.settings
        system = f"Quầy Một Cửa {s.agency_code} quầy {s.counter_number}"
        return Letterhead(s.agency_name, s.place, s.lookup_url, system, s.form_set)

    def form_caption(self, form: Form) -> FormCaption:
        """The form's number and name in the chosen set; a clear error if the set lacks it."""
        form_set = self.services.settings.form_set
        try:
            return caption(form_set, form.value)
        except FormNotInSet:
            raise CounterError(
                f"Bộ biểu mẫu {form_set} ({basis(form_set)}) không có mẫu này. Chọn bộ biểu "
                "mẫu 2025 (Thông tư 03/2025/TT-VPCP) trong Hệ thống → Cài đặt để in."
            ) from None

    def paper(self, form: Form) -> Paper:
        """The receipt on its own paper (A4, A5 or the 80 mm roll of the receipt printer);
        every other form on A4, for the A4 printer."""
        return self.services.settings.paper if form is Form.RECEIPT else Paper.A4

    def pending_events(self) -> int:
        with self.services.db.read() as session:
            query = select(func.count()).where(m.OutboxEvent.state == PENDING)
            return session.scalar(query) or 0

    def snapshot(self) -> DeskSnapshot:
        today = self.services.clock().astimezone(self.services.settings.timezone).date()
        with self.services.db.read() as session:
            catalog = catalog_snapshot(session, today)
            calendar = working_calendar(session, self.services.settings)
        return DeskSnapshot(catalog, calendar, self.pending_events())

    def render_form(
        self, code: str, form: Form, actor: audit.Person, *, reason: str = "", log: bool = True
    ) -> Printed:
        """Print a form of a dossier: log the print, then render it.

        The first print of a form is its issue, dated today; a later one is a reprint,
        dated with the issue's day and marked «Bản in lại ngày …». The log entry is
        committed before the PDF is handed out for printing. ``reason``: the notice of
        stopping processing's reason (empty: the issued notice's, else the one recorded
        with status 7 or 8).
        An apology is reprinted as last issued (``reschedule_and_render`` issues one).
        A preview or a saved copy (``log=False``) is not a print and is not logged.
        """
        from counter_app.core.forms import render  # noqa: PLC0415 (see warm_up)

        settings, head = self.services.settings, self.letterhead()
        name = self.form_caption(form)
        tz, paper = settings.timezone, self.paper(form)
        with self.services.db.write() as session:
            sheet = dossier_sheet(session, code, tz)
            if form is Form.STOP:  # a reprint says what the issued notice said
                reason = _stop_reason(sheet, reason or issued_note(session, sheet.code, form))
            change = None
            if form is Form.APOLOGY:
                change = last_appointment_change(session, sheet.code, tz)
                if change is None:
                    raise CounterError(
                        f"Hồ sơ {sheet.code} chưa có phiếu xin lỗi nào để in lại: phiếu xin lỗi "
                        "được in khi hẹn lại ngày trả."
                    )
            issue = log_print(
                session,
                sheet.code,
                form,
                actor=actor,
                now=self.services.clock(),
                tz=tz,
                log=log,
                note=reason if form is Form.STOP else "",
            )
        if form is Form.APOLOGY:
            assert change is not None
            pdf = render.apology_pdf(
                replace(sheet, appointment_at=change.old),
                head,
                paper=paper,
                issue=issue,
                new_date=change.new,
                reason=change.reason,
                signer="",
            )
        elif form is Form.STOP:
            pdf = render.stop_notice_pdf(
                sheet, head, paper, issue, reason=reason, signer=audit.name_of(actor)
            )
        else:
            renderers: dict[Form, Callable[[DossierSheet, Letterhead, Paper, Issue], bytes]] = {
                Form.RECEIPT: render.receipt_pdf,
                Form.SUPPLEMENT: render.supplement_pdf,
                Form.REFUSAL: render.refusal_pdf,
                Form.CONTROL: render.control_slip_pdf,
            }
            pdf = renderers[form](sheet, head, paper, issue)
        reprint = issue.reprinted_at is not None
        if log:
            again = " (reprint)" if reprint else ""
            logger.info(
                "%s: form %s printed%s, by %s", sheet.code, form.value, again, audit.name_of(actor)
            )
        return Printed(sheet.code, form, pdf, reprint, name.number, name.name, issue.record)

    def receive_and_render(self, request: ReceptionInput) -> tuple[ReceptionResult, Printed]:
        """Commit the reception, then render its form: a receipt only for a stored dossier."""
        result = receive(self.services, request)
        form = FORM_OF_OUTCOME[request.outcome]
        person = audit.Signed(request.clerk_login, request.clerk)
        return result, self.render_form(result.code, form, person)

    def lookup(self, query: str) -> tuple[list[DossierSummary], DossierSheet | None]:
        """Search; a single hit (a scanned code) comes with its details, in one round trip."""
        with self.services.db.read() as session:
            rows = search(session, query)
            sheet = (
                dossier_sheet(session, rows[0].code, self.services.settings.timezone)
                if len(rows) == 1
                else None
            )
        return rows, sheet

    def known_applicant(self, id_number: str) -> KnownApplicant | None:
        """A returning applicant's details as at their last dossier (one indexed query)."""
        with self.services.db.read() as session:
            return known_applicant(session, id_number, self.services.settings.timezone)

    def ready_results(self) -> list[DossierSummary]:
        """The center's results ready to hand over ("Kết quả chờ trả")."""
        with self.services.db.read() as session:
            return ready_results(session)

    def ready_count(self) -> int:
        with self.services.db.read() as session:
            return ready_count(session)

    def ledger(self, spec: LedgerFilter) -> list[DossierSummary]:
        with self.services.db.read() as session:
            return ledger(session, spec, self.services.settings.timezone)

    def return_result(self, code: str, name: str, id_number: str, actor: Actor) -> DossierSheet:
        """Hand the result over (status 10, committed); the dossier as it is now."""
        return_result(self.services, code, name, id_number, actor)
        return self.detail(code)

    def void(self, code: str, reason: str, actor: Actor) -> DossierSheet:
        """Void a dossier entered in error (committed, queued for the province); the dossier
        as it is now, marked voided."""
        void_dossier(self.services, code, reason, actor)
        return self.detail(code)

    def recorded_applicant(self, code: str) -> ApplicantInput:
        """The applicant as recorded on the dossier: what a correction starts from."""
        return recorded_applicant(self.services, code)

    def correct(
        self, code: str, applicant: ApplicantInput, reason: str, actor: Actor
    ) -> tuple[Correction, DossierSheet]:
        """Correct the applicant's details (committed, queued for the province with the old
        and new ones); what changed, and the dossier as it is now."""
        done = correct_applicant(self.services, code, applicant, reason, actor)
        return done, self.detail(code)

    def withdraw_print(self, printed: Printed) -> None:
        """The paper never reached a printer: its print is struck from the log."""
        if printed.record is not None:
            with self.services.db.write() as session:
                withdraw_print(session, printed.record, self.services.clock())

    # --- the audit trail (the supervisor's screen) --------------------------------------

    def audit_entries(self, spec: AuditFilter, actor: Actor) -> list[AuditRow]:
        """The entries the filter picks (a supervisor's or an admin's to see)."""
        require(actor, Permission.SEE_AUDIT)
        with self.services.db.read() as session:
            return audit_trail.entries(session, spec, self.services.settings.timezone)

    def audit_export(self, spec: AuditFilter, path: Path, actor: Actor) -> int:
        """The entries the filter picks, all of them, as CSV; how many."""
        require(actor, Permission.SEE_AUDIT)
        with self.services.db.read() as session:
            rows = audit_trail.entries(
                session, replace(spec, limit=10**9), self.services.settings.timezone
            )
        return audit_trail.write_csv(rows, path)

    def audit_verify(self) -> tuple[audit_trail.ChainCheck, str]:
        """The chain's check, and how far the province holds it (its refusal, if any)."""
        with self.services.db.read() as session:
            check = audit_trail.verify(session)
            last, acked, refusal = audit_trail.sync_state(session)
        sent = f"Tỉnh đã nhận đến mục số {acked} (quầy đã ghi đến mục số {last})."
        return check, sent + (f" Máy chủ tỉnh báo: {refusal}" if refusal else "")

    def detail(self, code: str) -> DossierSheet:
        with self.services.db.read() as session:
            return dossier_sheet(session, code, self.services.settings.timezone)

    def reschedule_and_render(
        self, code: str, new_date: datetime, reason: str, actor: Actor
    ) -> Printed:
        """Set the new appointment (committed), then issue the apology with the old and new
        dates, dated today (each new appointment is a new paper, not a reprint)."""
        from counter_app.core.forms import render  # noqa: PLC0415 (see warm_up)

        name = self.form_caption(Form.APOLOGY)
        tz = self.services.settings.timezone
        before = self.detail(code)
        reschedule(self.services, code, new_date, reason, actor)
        with self.services.db.write() as session:
            change = last_appointment_change(session, before.code, tz)
            issue = log_print(
                session,
                before.code,
                Form.APOLOGY,
                actor=actor,
                now=self.services.clock(),
                tz=tz,
                new_issue=True,
            )
        assert change is not None  # reschedule committed it
        pdf = render.apology_pdf(
            before,
            self.letterhead(),
            paper=self.paper(Form.APOLOGY),
            issue=issue,
            new_date=change.new,
            reason=change.reason,
            signer="",
        )
        return Printed(
            before.code, Form.APOLOGY, pdf, False, name.number, name.name, record=issue.record
        )

    def ledger_pdf(
        self,
        first: date,
        last: date,
        *,
        status: Status | None = None,
        procedure_code: str | None = None,
        overdue_at: datetime | None = None,
    ) -> bytes:
        """Form 06 for what the ledger screen shows: its period and filters, named on top."""
        if last < first:
            raise CounterError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        from counter_app.core.forms import render  # noqa: PLC0415 (see warm_up)

        tz = self.services.settings.timezone
        with self.services.db.read() as session:
            lines = ledger_lines(
                session,
                first,
                last,
                tz,
                status=status,
                procedure_code=procedure_code,
                overdue_at=overdue_at,
            )
            procedure = procedure_code and session.scalar(
                select(m.Procedure.name).where(m.Procedure.code == procedure_code)
            )
        shown = []
        if status is not None:
            shown.append(f"trạng thái «{status.label}»")
        if procedure_code:
            shown.append(f"thủ tục {procedure_code}" + (f" — {procedure}" if procedure else ""))
        if overdue_at is not None:
            shown.append(f"chỉ hồ sơ quá hạn lúc {overdue_at.astimezone(tz):%H:%M ngày %d/%m/%Y}")
        period = f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"
        filters = f"Lọc theo: {'; '.join(shown)}." if shown else ""
        now: datetime = self.services.clock().astimezone(tz)
        return render.ledger_pdf(lines, self.letterhead(), period, now, filters=filters)


def _stop_reason(sheet: DossierSheet, typed: str) -> str:
    """The notice's reason: what the clerk typed, else what was recorded with the status."""
    if sheet.status not in STOP_STATUSES:
        raise CounterError(
            "Chỉ in thông báo dừng giải quyết cho hồ sơ ở trạng thái "
            f"«{Status.WITHDRAWN.label}» hoặc «{Status.STOPPED.label}»; hồ sơ {sheet.code} "
            f"đang «{sheet.status_label}»."
        )
    label = "Lý do dừng giải quyết"
    try:
        reason = checked_text("reason", label, typed, MAX_REASON)
        reason = reason or checked_text("reason", label, sheet.stop_reason, MAX_REASON)
    except FieldError as error:
        raise ValidationFailed([error]) from None
    if not reason:
        problem = "chưa có: hồ sơ không ghi lý do khi chuyển trạng thái, hãy nhập lý do để in."
        raise ValidationFailed([FieldError("reason", label, problem)])
    return reason
