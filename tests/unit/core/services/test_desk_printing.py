"""Printing through the desk: the day each paper is dated, reprints, voided and stopped dossiers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError, ValidationFailed
from counter_app.core.forms.data import Form
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.services.dossiers import change_status, void_dossier
from counter_app.core.store import models as m
from tests.conftest import FakeClock, local
from tests.helpers import acting, reception
from tests.pdf_tools import pdf_text

CLERK = "Lê Thị Hoa"


def with_set(services: Services, form_set: str) -> Services:
    return replace(services, settings=replace(services.settings, form_set=form_set))


def text_of(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf))


def test_apology_is_dated_the_day_it_is_printed_not_the_new_appointment(
    services: Services, clock: FakeClock
) -> None:
    """Issue 12, item 1: printed on 01/12, it said «Cô Tô, ngày 04 tháng 12 năm 2026»."""
    desk = Desk(services)
    code = desk.receive_and_render(reception())[0].code
    clock.now = local(2026, 12, 1, 10, 15)
    printed = desk.reschedule_and_render(
        code, local(2026, 12, 4, 16), "Chờ xác minh", acting(CLERK)
    )
    text = " ".join(pdf_text(printed.pdf))
    assert "Cô Tô, ngày 01 tháng 12 năm 2026" in text
    assert "Cô Tô, ngày 04 tháng 12 năm 2026" not in text
    assert "16 giờ 00 phút, ngày 04 tháng 12 năm 2026" in text  # the new date, in the body
    assert not printed.reprint


def test_a_reprint_is_dated_with_the_first_print_and_marked(
    services: Services, clock: FakeClock
) -> None:
    desk = Desk(services)
    result, first = desk.receive_and_render(reception())
    assert "Cô Tô, ngày 10 tháng 03 năm 2026" in text_of(first.pdf)
    assert "Bản in lại" not in text_of(first.pdf)
    clock.now = local(2026, 3, 12, 14, 5)
    again = desk.render_form(result.code, Form.RECEIPT, CLERK)
    pages = pdf_text(again.pdf)
    assert again.reprint and len(pages) == 2  # both liên of the A4 receipt
    for page in pages:
        assert "Cô Tô, ngày 10 tháng 03 năm 2026" in page
        assert "Bản in lại ngày 12/03/2026" in page
    # The control slip's first print is its issue, whatever day the receipt was.
    slip = desk.render_form(result.code, Form.CONTROL, CLERK)
    assert not slip.reprint and "Cô Tô, ngày 12 tháng 03 năm 2026" in text_of(slip.pdf)


def test_each_new_appointment_issues_its_own_apology_and_the_last_one_reprints(
    services: Services, clock: FakeClock
) -> None:
    desk = Desk(services)
    code = desk.receive_and_render(reception("1.004222"))[0].code  # 7 working days: 19/3
    with pytest.raises(CounterError, match="chưa có phiếu xin lỗi"):
        desk.render_form(code, Form.APOLOGY, CLERK)
    clock.now = local(2026, 3, 18, 9)
    desk.reschedule_and_render(code, local(2026, 3, 23, 16), "Chờ xác minh", acting(CLERK))
    clock.now = local(2026, 3, 23, 9)
    second = desk.reschedule_and_render(
        code, local(2026, 3, 26, 10), "Chờ ý kiến tỉnh", acting(CLERK)
    )
    assert not second.reprint  # a new paper, not a reprint of the first
    clock.now = local(2026, 3, 24, 8)
    again = desk.render_form(code, Form.APOLOGY, CLERK)
    text = text_of(again.pdf)
    assert again.reprint and "Bản in lại ngày 24/03/2026" in text
    assert "Cô Tô, ngày 23 tháng 03 năm 2026" in text  # the second apology's day
    assert "Chờ ý kiến tỉnh" in text and "10 giờ 00 phút, ngày 26 tháng 03 năm 2026" in text
    assert "16 giờ 00 phút, ngày 23 tháng 03 năm 2026" in text  # the appointment it replaced
    with services.db.read() as session:
        log = session.execute(
            select(m.PrintRecord.form, m.PrintRecord.reprint).order_by(m.PrintRecord.id)
        ).all()
    assert log == [
        ("receipt", False),
        ("apology", False),
        ("apology", False),
        ("apology", True),
    ]


def test_a_voided_dossier_reprints_void(services: Services, clock: FakeClock) -> None:
    desk = Desk(services)
    code = desk.receive_and_render(reception())[0].code
    void_dossier(services, code, "Nhập nhầm thủ tục", acting(CLERK))
    clock.now = local(2026, 3, 10, 10)
    text = text_of(desk.render_form(code, Form.RECEIPT, CLERK).pdf)
    assert "ĐÃ HỦY" in text and "Hồ sơ đã bị hủy: Nhập nhầm thủ tục" in text
    assert "Bản in lại ngày 10/03/2026" in text
    assert desk.detail(code).voided


def test_stop_notice_for_a_stopped_or_withdrawn_dossier(
    services: Services, clock: FakeClock
) -> None:
    desk = Desk(services)
    code = desk.receive_and_render(reception("1.004222"))[0].code
    with pytest.raises(CounterError, match="Chỉ in thông báo dừng giải quyết"):
        desk.render_form(code, Form.STOP, CLERK, reason="Rút hồ sơ")
    clock.now = local(2026, 3, 12, 9)
    change_status(services, code, Status.STOPPED, "Hệ thống tỉnh", "Người nộp không bổ sung")
    sheet = desk.detail(code)
    assert sheet.stop_reason == "Người nộp không bổ sung"
    assert sheet.stopped_at == local(2026, 3, 12, 9)
    clock.now = local(2026, 3, 13, 8)
    printed = desk.render_form(code, Form.STOP, CLERK)  # the recorded reason
    text = text_of(printed.pdf)
    assert (printed.number, printed.name) == ("05", "Thông báo dừng giải quyết hồ sơ")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 05" in text
    assert "Lý do: Người nộp không bổ sung" in text
    assert "Cô Tô, ngày 13 tháng 03 năm 2026" in text and CLERK in text
    typed = desk.render_form(code, Form.STOP, CLERK, reason="  Quá hạn bổ sung 15 ngày ")
    assert "Lý do: Quá hạn bổ sung 15 ngày" in text_of(typed.pdf) and typed.reprint

    withdrawn = desk.receive_and_render(reception())[0].code
    change_status(services, withdrawn, Status.WITHDRAWN, CLERK)  # nothing recorded
    with pytest.raises(ValidationFailed) as failure:
        desk.render_form(withdrawn, Form.STOP, CLERK)
    assert failure.value.errors[0].label == "Lý do dừng giải quyết"
    text = text_of(desk.render_form(withdrawn, Form.STOP, CLERK, reason="Công dân rút").pdf)
    assert "Theo yêu cầu rút hồ sơ của Ông/Bà" in text and "Lý do: Công dân rút" in text


def test_a_stop_notice_reprinted_later_says_what_the_issued_one_said(
    services: Services, clock: FakeClock
) -> None:
    code = Desk(services).receive_and_render(reception())[0].code
    change_status(services, code, Status.STOPPED, "Hệ thống tỉnh", "Không bổ sung")
    issued = Desk(services).render_form(code, Form.STOP, CLERK, reason="Quá hạn bổ sung 15 ngày")
    assert not issued.reprint
    clock.now = local(2026, 3, 20, 9)
    again = Desk(services).render_form(code, Form.STOP, CLERK)  # after a restart: a new Desk
    text = text_of(again.pdf)
    assert again.reprint and "Lý do: Quá hạn bổ sung 15 ngày" in text
    assert "Bản in lại ngày 20/03/2026" in text


def test_the_2018_set_has_no_stop_notice(services: Services) -> None:
    old = Desk(with_set(services, "2018"))
    code = old.receive_and_render(reception())[0].code
    change_status(services, code, Status.WITHDRAWN, CLERK, "Rút hồ sơ")
    with pytest.raises(CounterError, match="Bộ biểu mẫu 2018"):
        old.render_form(code, Form.STOP, CLERK)
    with services.db.read() as session:  # refused before anything was logged
        assert (
            session.scalar(select(m.PrintRecord.form).where(m.PrintRecord.form == "stop")) is None
        )


@pytest.mark.parametrize(
    ("form_set", "control", "ledger"), [("2018", "05", "06"), ("2025", "06", "07")]
)
def test_numbers_follow_the_chosen_set(
    services: Services, form_set: str, control: str, ledger: str
) -> None:
    desk = Desk(with_set(services, form_set))
    _, receipt = desk.receive_and_render(reception())
    slip = desk.render_form(receipt.code, Form.CONTROL, CLERK)
    assert (receipt.number, slip.number) == ("01", control)
    assert f"Mẫu số {control}" in text_of(slip.pdf)
    book = text_of(desk.ledger_pdf(date(2026, 3, 10), date(2026, 3, 10)))
    assert f"Mẫu số {ledger}" in book and "SỔ THEO DÕI HỒ SƠ" in book
