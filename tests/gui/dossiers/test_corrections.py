"""Correcting a mistake from the lookup screen: void a dossier received in error, correct
the applicant's details, and open a dossier by scanning the QR code of its paper.

Each action is recorded with the person on duty (``settings.clerk``), goes to the outbox
for the province, and leaves nothing behind for the next dossier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.forms.data import Form
from counter_app.core.forms.qr import qr_text
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status, void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.search import search
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.dossiers.correction_dialogs import CorrectDialog, VoidDialog
from tests.gui.conftest import screenshot, type_text
from tests.gui.dossiers.test_lookup_clerk import (
    B_ID,
    B_NAME,
    click_into,
    event_types,
    open_desk,
    retype,
    rows,
    scan,
    wedge,
)
from tests.helpers import acting, applicant, reception
from tests.pdf_tools import pdf_text

ON_DUTY = "Trần Thị Lan"  # not the clerk who received the dossiers
C_NAME, C_ID = "Lò Văn Páo", "011095001122"


def last_event(services: Services) -> dict[str, Any]:
    with services.db.read() as session:
        event = session.scalars(select(m.OutboxEvent).order_by(m.OutboxEvent.id.desc())).first()
        assert event is not None
        return dict(event.payload)


def on_duty(window: MainWindow) -> None:
    window.settings = replace(window.settings, clerk=ON_DUTY)


def shows_voided(window: MainWindow, code: str, reason: str) -> None:
    """The lookup screen shows the dossier voided, with why, and offers no action on it."""
    lookup = window.lookup
    assert lookup.sheet is not None and lookup.sheet.code == code and lookup.sheet.voided
    info = lookup.info.text()
    assert "ĐÃ HỦY" in info and reason in info
    last_step = lookup.timeline.item(lookup.timeline.count() - 1).text()
    assert f"Hủy mã hồ sơ: {reason}" in last_step
    for button in (
        lookup.return_button,
        lookup.apology_button,
        lookup.void_button,
        lookup.correct_button,
    ):
        assert not button.isEnabled(), button.objectName()
    assert lookup.reprint_button.isEnabled()  # a reprint says ĐÃ HỦY
    assert rows(window)[code][2] == "ĐÃ HỦY"


def open_void(qtbot: QtBot, window: MainWindow) -> VoidDialog:
    with qtbot.waitSignal(window.correction_dialog_opened, timeout=10_000) as opened:
        window.lookup.void_button.click()
    dialog = opened.args[0]
    assert isinstance(dialog, VoidDialog) and dialog.isVisible()
    return dialog


def open_correct(qtbot: QtBot, window: MainWindow) -> CorrectDialog:
    with qtbot.waitSignal(window.correction_dialog_opened, timeout=10_000) as opened:
        window.lookup.correct_button.click()  # the recorded details come from the worker
    dialog = opened.args[0]
    assert isinstance(dialog, CorrectDialog) and dialog.isVisible()
    return dialog


def fields_of(dialog: CorrectDialog) -> dict[str, str]:
    form = dialog.applicant
    return {key: form.text_of(key) for key in ("name", "id_number", "birth_date", "sex",
                                               "phone", "email", "address")} | {
        "reason": dialog.reason.text()
    }  # fmt: skip


def paper_qr(code: str, id_number: str) -> str:
    """The QR text of a receipt as printed (counter_app/core/forms/qr.py)."""
    return qr_text(
        [
            ("MaHoSo", code),
            ("MaTTHC", "1.001193"),
            ("SoDinhDanh", id_number),
            ("TenGiayTo", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
            ("MauSo", "01/2025"),
            ("HeThong", "Quầy Một Cửa 000.00.00.H99 quầy 1"),
            ("ThoiDiemCap", "20260310093000"),
            ("NgayHenTra", "20260319093000"),
        ]
    )


def test_voiding_a_dossier_from_the_lookup_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup
    on_duty(window)
    scan(qtbot, window, desk.a)  # done by the province: too late to void
    assert not lookup.void_button.isEnabled()
    assert "Chỉ hủy được hồ sơ chưa chuyển xử lý" in lookup.void_button.toolTip()
    assert lookup.correct_button.isEnabled()
    scan(qtbot, window, desk.b)
    assert lookup.void_button.isEnabled() and lookup.return_button.isEnabled() is False

    dialog = open_void(qtbot, window)
    summary = dialog.summary.text()
    assert desk.b in summary and B_NAME in summary and B_ID in summary
    assert lookup.sheet is not None and lookup.sheet.procedure_name in summary
    warning = dialog.warning.text()
    assert f"Mã {desk.b} được giữ lại" in warning and "không bao giờ được cấp lại" in warning
    assert "hệ thống tỉnh được báo hủy" in warning
    screenshot(dialog, "void-dialog")

    dialog.confirm.click()  # no reason
    assert dialog.reason_message.isVisible()
    assert dialog.reason_message.text() == "Lý do hủy: chưa nhập."
    type_text(dialog.reason, "Nhầm thủ tục 😀")
    dialog.confirm.click()
    assert dialog.reason_message.text().startswith("Lý do hủy: ")
    assert "emoji" in dialog.reason_message.text()
    assert dialog.isVisible() and dialog.reason.text() == "Nhầm thủ tục 😀"  # kept to fix
    assert event_types(services)[-1] == "dossier.received"  # nothing recorded

    dialog.reason.clear()
    type_text(dialog.reason, "Tiếp nhận nhầm thủ tục")
    assert not dialog.reason_message.isVisible() or dialog.reason_message.text() == ""
    with qtbot.waitSignal(window.voided, timeout=10_000):
        dialog.confirm.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert QApplication.focusWidget() is lookup.query  # ready for the next scan

    shows_voided(window, desk.b, "Tiếp nhận nhầm thủ tục")
    event = last_event(services)
    assert event["type"] == "code.voided" and event["dossier"] == desk.b
    assert event["data"] == {
        "MaHoSo": desk.b,
        "LyDo": "Tiếp nhận nhầm thủ tục",
        "NguoiXuLy": ON_DUTY,
    }
    assert lookup.message.text() == ""
    screenshot(window, "lookup-voided")

    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.result.print_button.click()  # the strip: the voided dossier's receipt again
    assert (printed.args[0].code, printed.args[0].form) == (desk.b, Form.RECEIPT)
    assert "ĐÃ HỦY" in " ".join(pdf_text(printed.args[0].pdf))

    scan(qtbot, window, desk.b)  # opened again: still voided, still refused
    assert lookup.sheet is not None and lookup.sheet.voided
    assert not lookup.apology_button.isEnabled() and not lookup.void_button.isEnabled()

    # The next day's window: a search lists it as voided before anyone opens it.
    later = open_window()
    with services.db.read() as session:
        later.lookup.show_results(search(session, desk.b))
    assert later.lookup.results.item(0, 3).text() == "ĐÃ HỦY"


def test_a_void_the_core_refuses_is_told_on_the_lookup_screen_and_stays(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup
    scan(qtbot, window, desk.b)
    dialog = open_void(qtbot, window)
    void_dossier(services, desk.b, "Hủy từ dòng lệnh", acting("Lê Thị Hoa"))  # meanwhile, elsewhere
    type_text(dialog.reason, "Tiếp nhận nhầm người nộp")
    with qtbot.waitSignal(window.ops.busy_changed, timeout=10_000, check_params_cb=lambda b: not b):
        dialog.confirm.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert f"Hồ sơ {desk.b} đã bị hủy (Hủy từ dòng lệnh)" in lookup.message.text()
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):  # the list reloads it...
        lookup.results.clearSelection()
        lookup.results.selectRow(0)
    assert lookup.sheet is not None and lookup.sheet.voided
    assert event_types(services).count("code.voided") == 1


def test_the_correction_is_checked_as_at_reception_and_keeps_what_was_typed(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window = desk.window
    scan(qtbot, window, desk.b)
    dialog = open_correct(qtbot, window)
    assert desk.b in dialog.summary.text()
    assert fields_of(dialog) == {
        "name": B_NAME,
        "id_number": B_ID,
        "birth_date": "",
        "sex": "",
        "phone": "0912345678",
        "email": "",
        "address": "Thôn Hải Tiến, đặc khu Cô Tô",
        "reason": "",
    }
    assert not dialog.applicant.scan.isVisible()  # the card is read on the Receive screen
    form = dialog.applicant

    dialog.confirm.click()  # nothing changed, no reason
    assert dialog.reason_message.text() == "Lý do điều chỉnh: chưa nhập."
    assert "Chưa sửa ô nào" in dialog.message.text()

    retype(qtbot, form.name, f"{B_NAME} ")  # only a space more: the same once cleaned
    retype(qtbot, dialog.reason, "Gõ nhầm tên")
    dialog.confirm.click()
    qtbot.waitUntil(lambda: "không có gì để điều chỉnh" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.reason.text() == "Gõ nhầm tên"  # kept

    retype(qtbot, form.name, "Đặng Thị Hồng Nhung")
    retype(qtbot, form.id_number, "02218500432")  # a digit short
    retype(qtbot, form.birth, "31/02/1985")
    retype(qtbot, dialog.reason, "Gõ nhầm tên")
    dialog.confirm.click()
    assert dialog.isVisible()
    assert form.messages["id_number"].isVisible() and "12" in form.messages["id_number"].text()
    assert form.messages["birth_date"].isVisible()
    assert "không có ngày" in form.messages["birth_date"].text().lower()
    typed = (form.name.text(), form.id_number.text(), dialog.reason.text())
    assert typed == ("Đặng Thị Hồng Nhung", "02218500432", "Gõ nhầm tên")  # kept to fix
    assert "dossier.corrected" not in event_types(services)
    screenshot(dialog, "correct-dialog-refused")
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_correcting_the_applicant_from_the_lookup_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup
    on_duty(window)
    scan(qtbot, window, desk.b)
    dialog = open_correct(qtbot, window)
    form = dialog.applicant
    retype(qtbot, form.name, "Đặng Thị Hồng Nhung")
    retype(qtbot, dialog.reason, "Gõ nhầm tên")
    retype(qtbot, form.birth, "12/05/1985")
    form.sex.setCurrentIndex(form.sex.findData("Nữ"))
    with qtbot.waitSignal(window.corrected, timeout=10_000) as done:
        dialog.confirm.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert done.args[0].changed == ["Họ và tên", "Ngày sinh", "Giới tính"]
    told = window.statusBar().currentMessage()  # the button that prints the receipt, by name
    assert "«In lại giấy tiếp nhận» của màn hình Tra cứu" in told and "cuối cửa sổ" not in told

    assert lookup.sheet is not None and lookup.sheet.applicant_name == "Đặng Thị Hồng Nhung"
    assert "Đặng Thị Hồng Nhung" in lookup.info.text()
    last_step = lookup.timeline.item(lookup.timeline.count() - 1).text()
    assert "Điều chỉnh thông tin người nộp (Họ và tên, Ngày sinh, Giới tính)" in last_step
    assert "Lý do: Gõ nhầm tên" in last_step
    assert lookup.collector_name.text() == "Đặng Thị Hồng Nhung"  # the return's default follows
    assert rows(window)[desk.b][0] == "Đặng Thị Hồng Nhung"
    event = last_event(services)
    assert event["type"] == "dossier.corrected"
    old_new = {
        key: (event["data"]["Cu"][key], event["data"]["Moi"][key])
        for key in ("ChuHoSo", "NgaySinh", "GioiTinh", "SoGiayToChuHoSo")
    }
    assert old_new == {
        "ChuHoSo": (B_NAME, "Đặng Thị Hồng Nhung"),
        "NgaySinh": (None, "19850512"),
        "GioiTinh": (None, "Nữ"),
        "SoGiayToChuHoSo": (B_ID, B_ID),
    }
    assert (event["data"]["LyDo"], event["data"]["NguoiXuLy"]) == ("Gõ nhầm tên", ON_DUTY)

    strip = window.result  # offers the corrected receipt
    assert strip.code.text() == desk.b and "đã hiệu chỉnh" in strip.detail.text()
    screenshot(window, "lookup-corrected")
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        strip.print_button.click()
    assert (printed.args[0].code, printed.args[0].form) == (desk.b, Form.RECEIPT)
    assert "Đặng Thị Hồng Nhung" in " ".join(pdf_text(printed.args[0].pdf))
    assert "đã hiệu chỉnh" not in strip.detail.text()


def test_void_then_correct_then_scan_nothing_carries_over(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Void B, correct C, then scan A's QR code: each dialog is about the dossier open."""
    c = receive(
        services, reception("1.004222", applicant=applicant(name=C_NAME, id_number=C_ID))
    ).code
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup

    scan(qtbot, window, desk.b)
    void = open_void(qtbot, window)
    type_text(void.reason, "Nhầm người nộp")
    with qtbot.waitSignal(window.voided, timeout=10_000):
        void.confirm.click()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is lookup.query, timeout=5_000)
    scan(qtbot, window, c)
    assert lookup.sheet is not None and lookup.sheet.code == c and not lookup.sheet.voided
    assert lookup.void_button.isEnabled() and lookup.apology_button.isEnabled()
    assert lookup.message.text() == "" and "ĐÃ HỦY" not in lookup.info.text()
    correct = open_correct(qtbot, window)
    assert c in correct.summary.text() and desk.b not in correct.summary.text()
    assert fields_of(correct)["name"] == C_NAME and fields_of(correct)["id_number"] == C_ID
    assert fields_of(correct)["reason"] == ""
    retype(qtbot, correct.applicant.phone, "0987654321")
    retype(qtbot, correct.reason, "Ghi sai số điện thoại")
    with qtbot.waitSignal(window.corrected, timeout=10_000):
        correct.confirm.click()
    again = open_void(qtbot, window)  # C's own void dialog: empty
    assert c in again.summary.text() and again.reason.text() == ""
    assert not again.reason_message.isVisible()
    again.close_button.click()
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5_000)
    more = open_correct(qtbot, window)  # starts from C as corrected, with no reason
    assert fields_of(more)["phone"] == "0987654321" and fields_of(more)["reason"] == ""
    retype(qtbot, more.applicant.email, "lovanpao@example.vn")
    retype(qtbot, more.reason, "Bổ sung thư điện tử")
    with qtbot.waitSignal(window.corrected, timeout=10_000):
        more.confirm.click()

    qtbot.waitUntil(lambda: QApplication.focusWidget() is lookup.query, timeout=5_000)
    scan(qtbot, window, paper_qr(desk.a, "022090001234"))  # A's receipt, by its QR code
    assert lookup.query.text() == desk.a
    assert lookup.sheet is not None and lookup.sheet.code == desk.a
    assert "Nguyễn Văn Đức" in lookup.info.text() and C_NAME not in lookup.info.text()
    assert lookup.collector_name.text() == "Nguyễn Văn Đức"
    assert not lookup.void_button.isEnabled()  # done by the province
    correct_a = open_correct(qtbot, window)
    assert desk.a in correct_a.summary.text()
    assert fields_of(correct_a)["name"] == "Nguyễn Văn Đức"
    assert fields_of(correct_a)["phone"] == "0912345678" and fields_of(correct_a)["email"] == ""
    assert fields_of(correct_a)["reason"] == ""
    correct_a.close_button.click()
    qtbot.waitUntil(lambda: not correct_a.isVisible(), timeout=5_000)
    types = event_types(services)
    assert types.count("code.voided") == 1 and types.count("dossier.corrected") == 2


def test_the_qr_code_of_a_paper_opens_its_dossier_like_its_barcode(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup
    for code, id_number in ((desk.a, "022090001234"), (desk.b, B_ID), (desk.a, "022090001234")):
        scan(qtbot, window, paper_qr(code, id_number))  # one after another, as scanned
        assert lookup.query.text() == code
        assert lookup.sheet is not None and lookup.sheet.code == code
        assert set(rows(window)) == {code}
        assert QApplication.focusWidget() is lookup.query
    assert lookup.message.text() == ""

    click_into(qtbot, lookup.delay_reason)  # B's QR scanned while the cursor is in a reason
    type_text(lookup.delay_reason, "Chờ ")
    scan(qtbot, window, paper_qr(desk.b, B_ID))
    assert lookup.sheet is not None and lookup.sheet.code == desk.b
    assert lookup.delay_reason.text() == "" and lookup.query.text() == desk.b

    wedge(qtbot, "QMC1|MaTTHC=1.001193|SoDinhDanh=")  # cut short: no dossier code in it
    assert lookup.sheet is None and "Mã QR vừa quét không đọc được" in lookup.message.text()
    change_status(services, desk.b, Status.PROCESSING, "Cán bộ tư pháp")
    scan(qtbot, window, paper_qr(desk.b, B_ID))
    assert lookup.sheet is not None and lookup.sheet.status == Status.PROCESSING
    assert lookup.message.text() == ""


def test_nothing_is_recorded_without_a_person_on_duty(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window = desk.window
    window.settings = replace(window.settings, clerk="")
    scan(qtbot, window, desk.b)
    dialog = open_void(qtbot, window)
    type_text(dialog.reason, "Tiếp nhận nhầm thủ tục")
    dialog.confirm.click()
    assert dialog.isVisible() and dialog.confirm.isEnabled()
    assert dialog.message.text().startswith("Người thực hiện: chưa đặt cán bộ trực.")
    assert "Hệ thống → Cài đặt" in dialog.message.text()
    assert event_types(services)[-1] == "dossier.received"
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
