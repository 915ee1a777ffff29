"""``counter-app self-test``: does this installation work, end to end, on this machine?

Run by support after installing, and by CI on the frozen build. Everything happens
in a temporary folder (the clerk's data is never opened): a database created by the
real migrations, receptions, every printed form of the form set rendered and read
back (number, title, dossier code, applicant), and an appointment that has to jump
the 30/4–1/5 holidays. Each step names what it checks,
so a failure says where the installation is broken.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from counter_app.app import start
from counter_app.core import settings as settings_file
from counter_app.core.domain.reception import Outcome, ReceptionInput
from counter_app.core.domain.roles import Actor, Role
from counter_app.core.domain.status import Status
from counter_app.core.domain.validation import ApplicantInput, ApplicantType
from counter_app.core.forms.data import Form
from counter_app.core.forms.formset import FormCaption, caption, kinds
from counter_app.core.resources import resource
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.services.dossiers import change_status
from counter_app.core.store.calendar_repo import working_calendar
from counter_app.core.store.catalog import load_catalog
from counter_app.core.store.migrate import current_revision, head_revision
from counter_app.demo import CATALOG
from counter_app.demo_settings import DEMO_SETTINGS
from counter_app.paths import AppPaths
from counter_app.ui.printing.printing import paint, rasterise

log = logging.getLogger("counter_app.cli")

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday before Reunification Day (Thu 30/4) and Labour Day (Fri 1/5) 2026.
RECEIVED_AT = datetime(2026, 4, 29, 9, 0, tzinfo=TZ)
HOLIDAYS = (date(2026, 4, 30), date(2026, 5, 1))
ONE_DAY_PROCEDURE = "1.004206"  # «Xóa đăng ký thường trú»: 1 working day in the demo catalog
# 6 working hours left on the 29th (to 11:30, then 13:30–17:00), 2 more on Monday 4/5.
EXPECTED_APPOINTMENT = datetime(2026, 5, 4, 9, 0, tzinfo=TZ)
APPLICANT = ApplicantInput(
    name="Phạm Thị Tự Kiểm",
    applicant_type=ApplicantType.CITIZEN,
    id_number="022190001234",
    birth_date=date(1990, 5, 17),
    phone="0912345678",
    address="Thôn Hải Tiến, đặc khu Cô Tô, tỉnh Quảng Ninh",
)


class SelfTestFailed(Exception):
    """One step found the installation broken; the message says what is wrong."""


@dataclass(frozen=True)
class FormPdf:
    pdf: bytes
    code: str  # the dossier number it must show
    form: FormCaption  # the number and title it must show


@dataclass
class Findings:
    """What the steps learned, for the next steps and the summary line."""

    schema: str = ""
    code: str = ""
    form_set: str = ""
    pdfs: dict[str, FormPdf] = field(default_factory=dict)  # "01 Giấy tiếp nhận …" → PDF
    appointment: datetime | None = None
    qt_platform: str = ""

    def add(self, kind: str, pdf: bytes, code: str) -> None:
        form = caption(self.form_set, kind)
        self.pdfs[f"{form.number} {form.name}"] = FormPdf(pdf, code, form)


def require(condition: bool, problem: str) -> None:
    if not condition:
        raise SelfTestFailed(problem)


def pdf_pages_text(pdf: bytes) -> list[str]:
    """Each page's text, read back with pdfium (the engine that prints and previews)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(" ".join(text_page.get_text_bounded().split()))
            text_page.close()
            page.close()
        return pages
    finally:
        document.close()


# --- steps ----------------------------------------------------------------------


def step_database(folder: Path, found: Findings) -> Services:
    paths = AppPaths.resolve(folder)
    settings_file.save(DEMO_SETTINGS, paths.settings_file)
    services = start(paths, clock=lambda: RECEIVED_AT)
    found.schema = current_revision(services.db) or ""
    require(found.schema == head_revision(), f"lược đồ {found.schema}, cần {head_revision()}")

    with services.db.write() as session:
        report = load_catalog(session, resource(*CATALOG), RECEIVED_AT)
    require(report.procedures > 0, "danh mục mẫu không có thủ tục nào")
    return services


def step_calendar(services: Services, found: Findings) -> None:
    with services.db.read() as session:
        calendar = working_calendar(session, services.settings)
    for day in HOLIDAYS:
        require(not calendar.is_working_day(day), f"lịch chưa có ngày nghỉ lễ {day:%d/%m/%Y}")


def step_forms(services: Services, found: Findings) -> None:
    """Every form of the chosen set (the 2025 set: seven), each for a dossier it fits."""
    desk = Desk(services)
    clerk = services.settings.clerk or "Tự kiểm tra"
    found.form_set = services.settings.form_set

    def reception(outcome: Outcome) -> ReceptionInput:
        reason = "" if outcome is Outcome.ACCEPTED else "Tự kiểm tra: thiếu giấy tờ"
        return ReceptionInput(ONE_DAY_PROCEDURE, APPLICANT, clerk, outcome, reason=reason)

    result, receipt = desk.receive_and_render(reception(Outcome.ACCEPTED))
    code = found.code = result.code
    found.appointment = result.appointment_at
    found.add("receipt", receipt.pdf, code)
    for kind, outcome in (("supplement", Outcome.SUPPLEMENT), ("refusal", Outcome.REFUSED)):
        other, printed = desk.receive_and_render(reception(outcome))
        found.add(kind, printed.pdf, other.code)
    # The new appointment a clerk is offered: a working day after the old one.
    later = desk.snapshot().calendar.later_appointment(result.appointment_at, services.clock())
    person = Actor("tu-kiem-tra", clerk, Role.CLERK)
    found.add("apology", desk.reschedule_and_render(code, later, "Tự kiểm tra", person).pdf, code)
    if "stop" in kinds(found.form_set):
        stopped = desk.receive_and_render(reception(Outcome.ACCEPTED))[0].code
        change_status(services, stopped, Status.STOPPED, clerk, "Tự kiểm tra: dừng giải quyết")
        found.add("stop", desk.render_form(stopped, Form.STOP, clerk).pdf, stopped)
    found.add("control", desk.render_form(code, Form.CONTROL, clerk).pdf, code)
    day = RECEIVED_AT.date()
    found.add("ledger", desk.ledger_pdf(day, day), code)
    missing = set(kinds(found.form_set)) - {f.form.kind for f in found.pdfs.values()}
    require(not missing, f"chưa in thử biểu mẫu: {', '.join(sorted(missing))}")


def step_read_back(services: Services, found: Findings) -> None:
    for name, printed in found.pdfs.items():
        require(printed.pdf.startswith(b"%PDF-"), f"{name}: không phải tệp PDF")
        try:
            text = " ".join(pdf_pages_text(printed.pdf))
        except Exception as error:  # pdfium reports a broken file with its own types
            raise SelfTestFailed(f"{name}: không đọc lại được ({error})") from error
        # A table cell may wrap the number; compare without the line breaks.
        require(printed.code in text.replace(" ", ""), f"{name}: không có số hồ sơ {printed.code}")
        require(APPLICANT.name in text, f"{name}: tên người nộp bị sai dấu hoặc thiếu")
        form = printed.form
        require(form.number_line in text, f"{name}: không có «{form.number_line}»")
        require(form.title in text, f"{name}: không có tiêu đề «{form.title}»")


def step_appointment(services: Services, found: Findings) -> None:
    due = found.appointment
    require(due is not None, "phiếu tiếp nhận không có ngày hẹn trả")
    assert due is not None
    shown = due.astimezone(TZ)
    require(
        shown == EXPECTED_APPOINTMENT,
        f"hẹn trả {shown:%H:%M %d/%m/%Y}, đúng ra {EXPECTED_APPOINTMENT:%H:%M %d/%m/%Y}",
    )


def step_qt(services: Services, found: Findings) -> None:
    """The printing path: Qt's platform plugin, pdfium rasterising, QPainter on a QPrinter."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a server or CI: no screen
    app = QApplication.instance() or QApplication(["counter-app"])
    found.qt_platform = QGuiApplication.platformName()
    images = rasterise(next(iter(found.pdfs.values())).pdf, dpi=72)
    require(bool(images) and not images[0].isNull(), "Qt không dựng được ảnh trang in")
    target = services.db.path.parent / "printed.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    paint(images, printer)
    require(target.exists() and target.stat().st_size > 0, "Qt không in được ra tệp")
    app.processEvents()


STEPS: list[tuple[str, Callable[[Services, Findings], None]]] = [
    ("lịch nghỉ lễ", step_calendar),
    ("tiếp nhận và in biểu mẫu", step_forms),
    ("đọc lại biểu mẫu", step_read_back),
    ("ngày hẹn trả qua ngày lễ", step_appointment),
    ("in qua Qt", step_qt),
]


def run_self_test() -> tuple[bool, str]:
    """(passed, the one-line summary). Never raises: a failure is the answer."""
    started = time.perf_counter()
    found = Findings()
    step = "cơ sở dữ liệu"
    try:
        with tempfile.TemporaryDirectory(prefix="counter-selftest-") as tmp:
            services = step_database(Path(tmp), found)
            try:
                for name, check in STEPS:
                    step = name
                    check(services, found)
            finally:
                services.db.close()
    except SelfTestFailed as failure:
        return False, f"Tự kiểm tra KHÔNG ĐẠT — bước «{step}»: {failure}"
    except Exception as error:
        log.exception("self-test step %s", step)
        return False, f"Tự kiểm tra KHÔNG ĐẠT — bước «{step}»: {type(error).__name__}: {error}"
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    assert found.appointment is not None
    return True, (
        f"Tự kiểm tra ĐẠT: lược đồ {found.schema}, hồ sơ {found.code}, "
        f"{len(found.pdfs)} biểu mẫu PDF (bộ {found.form_set}) đọc lại đúng, hẹn trả "
        f"{found.appointment.astimezone(TZ):%H:%M %d/%m/%Y} (qua nghỉ lễ 30/4–1/5), "
        f"Qt «{found.qt_platform}» in được — {seconds} giây."
    )
