from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import event

from counter_app.core.domain.status import Status
from counter_app.core.errors import NotFound
from counter_app.core.forms.data import Form, Issue
from counter_app.core.forms.paper import Paper
from counter_app.core.forms.render import control_slip_pdf, receipt_pdf
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import correct_applicant, recorded_applicant
from counter_app.core.services.dossiers import (
    change_status,
    reschedule,
    return_result,
    void_dossier,
)
from counter_app.core.services.reception import receive
from counter_app.core.store.printing import (
    dossier_sheet,
    last_appointment_change,
    ledger_lines,
    log_print,
    next_ledger_number,
)
from tests.conftest import TZ, FakeClock, local
from tests.helpers import acting, applicant, reception
from tests.pdf_tools import pdf_text
from tests.unit.core.forms.test_render import HEAD, ISSUE


def test_sheet_from_a_real_reception(services: Services) -> None:
    receive(services, reception())
    code = receive(services, reception("2.000815", pages=4, copies=3)).code
    with services.db.read() as session:
        sheet = dossier_sheet(session, code, TZ)
    assert sheet.received_at == local(2026, 3, 10, 9, 30)
    assert sheet.appointment_at == local(2026, 3, 10, 17)
    assert (sheet.ledger_book, sheet.ledger_number) == ("2026-Q1", 2)  # counter 1's book
    assert sheet.fee_text == "18.000 đ"
    assert sheet.limit_text.startswith("Trong ngày (nhận sau 15:00")
    assert sheet.documents[1].kind == "Bản photo"
    text = pdf_text(receipt_pdf(sheet, HEAD, Paper.A5, ISSUE))[0]
    assert code in text and "Số thứ tự: 2" in text and "18.000 đ" in text


def test_control_slip_marks_timeliness(services: Services, clock: FakeClock) -> None:
    code = receive(services, reception("1.004222")).code  # 7 working days
    change_status(services, code, Status.PROCESSING, "Công an xã")
    clock.now = local(2026, 3, 25, 9)  # after the appointment (19/3)
    change_status(services, code, Status.DONE, "Công an xã")
    with services.db.read() as session:
        sheet = dossier_sheet(session, code, TZ)
    assert [p.timeliness for p in sheet.progress] == ["", "", "Quá hạn"]
    assert "Quá hạn" in " ".join(pdf_text(control_slip_pdf(sheet, HEAD, Paper.A4, ISSUE)))


def test_ledger_lines_cover_local_dates(services: Services, clock: FakeClock) -> None:
    first = receive(services, reception()).code
    clock.now = local(2026, 3, 11, 6, 30)  # 10 March in UTC, 11 March locally
    second = receive(services, reception(applicant=applicant(phone=""))).code
    change_status(services, first, Status.DONE, "Cán bộ")
    return_result(services, first, "Nguyễn Văn Đức", "022090001234", acting("Lê Thị Hoa"))
    with services.db.read() as session:
        tenth = ledger_lines(session, date(2026, 3, 10), date(2026, 3, 10), TZ)
        both = ledger_lines(session, date(2026, 3, 10), date(2026, 3, 11), TZ)
    assert [line.code for line in tenth] == [first]
    assert [line.code for line in both] == [first, second]
    assert tenth[0].collected_by == "Nguyễn Văn Đức (022090001234)"
    assert both[1].address_phone == "Thôn Hải Tiến, đặc khu Cô Tô"


def receive_over_new_year(services: Services, clock: FakeClock) -> list[str]:
    """Three receptions: 31/12/2025, then 00:30 on 1/1/2026 (still 2025 in UTC), then 2/1."""
    codes = []
    for moment in (local(2025, 12, 31, 16), local(2026, 1, 1, 0, 30), local(2026, 1, 2, 8)):
        clock.now = moment
        codes.append(receive(services, reception()).code)
    return codes


def test_each_local_year_has_its_own_ledger_book(services: Services, clock: FakeClock) -> None:
    codes = receive_over_new_year(services, clock)
    with services.db.read() as session:
        sheets = [dossier_sheet(session, code, TZ) for code in codes]
        lines = ledger_lines(session, date(2025, 12, 31), date(2026, 1, 2), TZ)
    assert [(s.ledger_book, s.ledger_number) for s in sheets] == [
        ("2025-Q1", 1),
        ("2026-Q1", 1),
        ("2026-Q1", 2),
    ]
    # The printed ledger shows the receipts' numbers, not a count within the period.
    assert [line.number for line in lines] == ["Q1-1", "Q1-1", "Q1-2"]


def test_unknown_code(services: Services) -> None:
    with services.db.read() as session, pytest.raises(NotFound):
        dossier_sheet(session, "000.17.22.H56-260310-1999", TZ)


def test_print_log_dates_reprints_with_the_issue(services: Services, clock: FakeClock) -> None:
    code = receive(services, reception()).code
    times = [local(2026, 3, 10, 9, 31), local(2026, 3, 11, 8), local(2026, 3, 12, 15)]
    issues = []
    for moment in times:
        clock.now = moment
        with services.db.write() as session:
            issues.append(log_print(session, code, Form.RECEIPT, actor="Hoa", now=moment, tz=TZ))
    assert issues == [
        Issue(times[0]),
        Issue(times[0], reprinted_at=times[1]),
        Issue(times[0], reprinted_at=times[2]),
    ]
    with services.db.write() as session:  # another form: its own first print
        assert log_print(session, code, Form.CONTROL, actor="Hoa", now=times[2], tz=TZ) == Issue(
            times[2]
        )
        # A new paper of the same form (a new apology) starts again from its own day.
        fresh = log_print(
            session, code, Form.RECEIPT, actor="Hoa", now=times[2], tz=TZ, new_issue=True
        )
        assert fresh == Issue(times[2])
    with services.db.write() as session, pytest.raises(NotFound):
        log_print(
            session, "000.17.22.H56-260310-1999", Form.RECEIPT, actor="Hoa", now=times[2], tz=TZ
        )


def test_last_appointment_change(services: Services, clock: FakeClock) -> None:
    code = receive(services, reception("1.004222")).code  # due 19/3 17:00
    with services.db.read() as session:
        assert last_appointment_change(session, code, TZ) is None
    reschedule(services, code, local(2026, 3, 23, 16), "Chờ xác minh", acting("Hoa"))
    reschedule(services, code, local(2026, 3, 26, 10), "Chờ tỉnh", acting("Hoa"))
    with services.db.read() as session:
        change = last_appointment_change(session, code, TZ)
    assert change is not None
    assert (change.old, change.new, change.reason) == (
        local(2026, 3, 23, 16),
        local(2026, 3, 26, 10),
        "Chờ tỉnh",
    )


def test_actions_that_keep_the_status_are_no_handovers(services: Services) -> None:
    """A new appointment, a correction and a void are written in the history with the
    status unchanged: they read by the action, and the control slip's trail of hand-overs
    leaves them out."""
    code = receive(services, reception("1.004222")).code
    reschedule(services, code, local(2026, 3, 23, 16), "Chờ xác minh", acting("Nguyễn Thị Mai"))
    corrected = replace(recorded_applicant(services, code), name="Nguyễn Văn Đông")
    correct_applicant(services, code, corrected, "Gõ nhầm tên", acting("Nguyễn Thị Mai"))
    void_dossier(services, code, "Nhầm thủ tục", acting("Nguyễn Thị Mai"))
    with services.db.read() as session:
        sheet = dossier_sheet(session, code, TZ)
    assert [p.handover for p in sheet.progress] == [True, False, False, False]
    voided = sheet.progress[-1]
    assert voided.action == "Hủy mã hồ sơ: Nhầm thủ tục (Nguyễn Thị Mai)"
    assert voided.status == Status.ACCEPTED  # the status it stayed at
    text = " ".join(pdf_text(control_slip_pdf(sheet, HEAD, Paper.A4, ISSUE)))
    assert text.count("Được tiếp nhận") == 1, text  # the reception only
    assert "Hẹn lại ngày trả" not in text and "Điều chỉnh thông tin" not in text
    assert "Hủy mã hồ sơ" not in text


def test_the_next_ledger_number_is_read_from_the_books_index(services: Services) -> None:
    """A million dossiers: the book's (partial) index answers, not a scan (150 ms)."""
    seen: list[str] = []

    def keep(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", keep)
    try:
        with services.db.read() as session:
            next_ledger_number(session, 2026, 1)
            [query] = [s for s in seen if "max(dossiers.ledger_number)" in s]
            explain = f"EXPLAIN QUERY PLAN {query}"
            plan = session.connection().exec_driver_sql(explain, (2026, 1, 0)).all()
    finally:
        event.remove(services.db.engine, "before_cursor_execute", keep)
    assert any("ix_dossiers_ledger" in str(row) for row in plan), plan
