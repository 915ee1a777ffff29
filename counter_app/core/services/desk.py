"""What the reception desk asks of the core, each call one unit of background work.

Everything returned is plain data (dataclasses, bytes), never live ORM objects,
so it can cross from the database worker to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.core.domain.calendar import WorkingCalendar
from counter_app.core.domain.catalog import ProcedureInfo
from counter_app.core.domain.listing import DossierSummary
from counter_app.core.domain.reception import Outcome, ReceptionInput, ReceptionResult
from counter_app.core.errors import CounterError
from counter_app.core.forms.data import DossierSheet, Letterhead
from counter_app.core.forms.paper import Paper
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import reschedule
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.calendar_repo import working_calendar
from counter_app.core.store.catalog import catalog_snapshot
from counter_app.core.store.printing import dossier_sheet, ledger_lines
from counter_app.core.store.search import search
from counter_app.core.sync.outbox import PENDING


class Form(StrEnum):
    RECEIPT = "receipt"  # 01
    SUPPLEMENT = "supplement"  # 02
    REFUSAL = "refusal"  # 03
    APOLOGY = "apology"  # 04
    CONTROL = "control"  # 05


FORM_OF_OUTCOME = {
    Outcome.ACCEPTED: Form.RECEIPT,
    Outcome.SUPPLEMENT: Form.SUPPLEMENT,
    Outcome.REFUSED: Form.REFUSAL,
}


@dataclass(frozen=True)
class DeskSnapshot:
    catalog: list[ProcedureInfo]
    calendar: WorkingCalendar
    pending_events: int


@dataclass(frozen=True)
class Printed:
    code: str
    form: Form
    pdf: bytes
    reprint: bool


def letterhead(services: Services) -> Letterhead:
    s = services.settings
    return Letterhead(s.agency_name, s.place, s.lookup_url)


def pending_events(services: Services) -> int:
    with services.db.read() as session:
        query = select(func.count()).where(m.OutboxEvent.state == PENDING)
        return session.scalar(query) or 0


def snapshot(services: Services) -> DeskSnapshot:
    today = services.clock().astimezone(services.settings.timezone).date()
    with services.db.read() as session:
        catalog = catalog_snapshot(session, today)
        calendar = working_calendar(session, services.settings)
    return DeskSnapshot(catalog, calendar, pending_events(services))


def _log_print(services: Services, session: Session, code: str, form: Form, actor: str) -> bool:
    """Record a print; True if this form was printed for the dossier before (a reprint)."""
    dossier_id = session.scalar(select(m.Dossier.id).where(m.Dossier.code == code))
    earlier = session.scalar(
        select(func.count()).where(
            m.PrintRecord.dossier_id == dossier_id, m.PrintRecord.form == form.value
        )
    )
    session.add(
        m.PrintRecord(
            dossier_id=dossier_id,
            form=form.value,
            reprint=bool(earlier),
            printed_at=services.clock(),
            actor=actor,
        )
    )
    return bool(earlier)


def render_form(services: Services, code: str, form: Form, actor: str) -> Printed:
    """Render a dossier's form and log the print (a later print of the same form is a reprint).

    The log entry is committed before the PDF is handed out for printing.
    """
    tz = services.settings.timezone
    with services.db.write() as session:
        sheet = dossier_sheet(session, code, tz)
        earlier = _log_print(services, session, sheet.code, form, actor)
    from counter_app.core.forms import render  # noqa: PLC0415 (ReportLab: ~70 ms, worker only)

    head, paper = letterhead(services), services.settings.paper
    renderers: dict[Form, Callable[[DossierSheet, Letterhead, Paper], bytes]] = {
        Form.RECEIPT: render.receipt_pdf,
        Form.SUPPLEMENT: render.supplement_pdf,
        Form.REFUSAL: render.refusal_pdf,
        Form.CONTROL: render.control_slip_pdf,
    }
    return Printed(sheet.code, form, renderers[form](sheet, head, paper), bool(earlier))


def receive_and_render(
    services: Services, request: ReceptionInput
) -> tuple[ReceptionResult, Printed]:
    """Commit the reception, then render its form: the receipt exists only for a stored dossier."""
    result = receive(services, request)
    return result, render_form(
        services, result.code, FORM_OF_OUTCOME[request.outcome], request.clerk
    )


def lookup(services: Services, query: str) -> tuple[list[DossierSummary], DossierSheet | None]:
    """Search; a single hit (a scanned code) comes with its details, in one round trip."""
    with services.db.read() as session:
        rows = search(session, query)
        sheet = (
            dossier_sheet(session, rows[0].code, services.settings.timezone)
            if len(rows) == 1
            else None
        )
    return rows, sheet


def detail(services: Services, code: str) -> DossierSheet:
    with services.db.read() as session:
        return dossier_sheet(session, code, services.settings.timezone)


def reschedule_and_render(
    services: Services, code: str, new_date: datetime, reason: str, actor: str
) -> Printed:
    """Set the new appointment (committed), then print form 04 with the old and new dates."""
    from counter_app.core.forms import render  # noqa: PLC0415 (ReportLab, worker only)

    before = detail(services, code)
    reschedule(services, code, new_date, reason, actor)
    with services.db.write() as session:
        earlier = _log_print(services, session, before.code, Form.APOLOGY, actor)
    pdf = render.apology_pdf(
        before,
        letterhead(services),
        paper=services.settings.paper,
        new_date=new_date.astimezone(services.settings.timezone),
        reason=reason,
        signer="",
    )
    return Printed(before.code, Form.APOLOGY, pdf, earlier)


def ledger_pdf(services: Services, first: date, last: date) -> bytes:
    if last < first:
        raise CounterError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    from counter_app.core.forms import render  # noqa: PLC0415 (ReportLab, worker only)

    tz = services.settings.timezone
    with services.db.read() as session:
        lines = ledger_lines(session, first, last, tz)
    period = f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"
    now: datetime = services.clock().astimezone(tz)
    return render.ledger_pdf(lines, letterhead(services), period, now)
