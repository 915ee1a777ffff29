"""The lookup screen as a clerk meets it: scans one after another, actions that keep
their own fields and errors, a new appointment only in working time, and a list and a
print strip that follow the dossier on screen.

Scans are typed as a keyboard-wedge scanner types them: fast key events into whatever
widget has the focus, then Enter; nothing clears the field first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.forms.data import Form
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.ui.app.main_window import MainWindow
from tests.conftest import local
from tests.gui.conftest import PdfPrinters, press, screenshot, type_text
from tests.helpers import applicant, reception
from tests.pdf_tools import pdf_text

B_NAME, B_ID = "Đặng Thị Hồng", "022185004321"


@dataclass
class Desk:
    window: MainWindow
    a: str  # 1.001193, same day, already done by the province: Nguyễn Văn Đức
    b: str  # 1.004222, 7 working days, due Thu 19/03/2026 09:30: Đặng Thị Hồng


def focused() -> QWidget:
    target = QApplication.focusWidget()
    assert target is not None, "a scan needs a widget with the keyboard focus"
    return target


def wedge(qtbot: QtBot, text: str) -> None:
    """A scanner: the characters as fast key events, then Enter, each to the widget that
    has the keyboard focus when it arrives (as the keyboard's own events go)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                focused(),
                QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char),
            )
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def scan(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Scan a code and wait until the database worker has answered everything it asked."""
    with qtbot.waitSignal(window.ops.busy_changed, timeout=10_000, check_params_cb=idle):
        wedge(qtbot, text)


def idle(busy: bool) -> bool:
    return not busy


def click_into(qtbot: QtBot, field: QLineEdit) -> None:
    """The clerk clicks into a field (the mouse, not the keyboard, gives it the focus)."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(field.width() - 5, 5))
    qtbot.waitUntil(field.hasFocus, timeout=5_000)


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    click_into(qtbot, field)
    field.selectAll()
    type_text(field, text)


def rows(window: MainWindow) -> dict[str, tuple[str, ...]]:
    """The results list: code → the other columns as shown."""
    table = window.lookup.results
    return {
        table.item(r, 0).text(): tuple(
            table.item(r, c).text() for c in range(1, table.columnCount())
        )
        for r in range(table.rowCount())
    }


def appointment_of(services: Services, code: str) -> datetime | None:
    with services.db.read() as session:
        return session.scalar(select(m.Dossier.appointment_at).where(m.Dossier.code == code))


def prints_of(services: Services, code: str) -> list[str]:
    with services.db.read() as session:
        query = (
            select(m.PrintRecord.form)
            .join(m.Dossier, m.PrintRecord.dossier_id == m.Dossier.id)
            .where(m.Dossier.code == code)
        )
        return list(session.scalars(query))


def event_types(services: Services) -> list[str]:
    with services.db.read() as session:
        return list(session.scalars(select(m.OutboxEvent.type).order_by(m.OutboxEvent.id)))


def open_desk(qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services) -> Desk:
    a = receive(services, reception()).code
    change_status(services, a, Status.DONE, "Cán bộ tư pháp")
    b = receive(
        services, reception("1.004222", applicant=applicant(name=B_NAME, id_number=B_ID))
    ).code
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_F3)
    assert QApplication.focusWidget() is window.lookup.query
    return Desk(window, a, b)


def test_a_second_scan_replaces_the_first(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    lookup = desk.window.lookup
    for code in (desk.a, desk.b, desk.a):  # one after another, nothing cleared in between
        scan(qtbot, desk.window, code)
        assert lookup.query.text() == code  # not "…1003000.00.00.H99-…"
        assert lookup.sheet is not None and lookup.sheet.code == code
        assert code in lookup.info.text()
        assert QApplication.focusWidget() is lookup.query  # ready for the next scan


def test_a_scan_that_finds_nothing_closes_the_dossier_on_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    lookup = desk.window.lookup
    scan(qtbot, desk.window, desk.a)
    assert lookup.sheet is not None
    unknown = desk.a[:-4] + "1999"
    scan(qtbot, desk.window, unknown)
    assert lookup.message.text() == "Không tìm thấy hồ sơ nào."
    assert lookup.sheet is None and desk.a not in lookup.info.text()
    assert not lookup.return_button.isEnabled() and not lookup.apology_button.isEnabled()
    scan(qtbot, desk.window, "0912345678")  # both applicants' phone: two rows, none chosen
    assert set(rows(desk.window)) == {desk.a, desk.b}
    assert lookup.sheet is None and lookup.message.text() == ""


def test_opening_another_dossier_resets_every_action_field(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    lookup = desk.window.lookup
    scan(qtbot, desk.window, desk.a)
    assert (lookup.collector_name.text(), lookup.collector_id.text()) == (
        "Nguyễn Văn Đức",
        "022090001234",
    )
    retype(qtbot, lookup.collector_name, "Trần Văn Bình")
    retype(qtbot, lookup.collector_id, "022088005678")
    retype(qtbot, lookup.new_day, "27/03/2026")
    retype(qtbot, lookup.new_time, "10:00")
    retype(qtbot, lookup.delay_reason, "Chờ xác minh")
    lookup.query.setFocus()
    scan(qtbot, desk.window, desk.b)
    assert (lookup.collector_name.text(), lookup.collector_id.text()) == (B_NAME, B_ID)
    # B's own default: the working day after its appointment (Thu 19/03 09:30), same hour.
    assert (lookup.new_day.text(), lookup.new_time.text()) == ("20/03/2026", "09:30")
    assert lookup.delay_reason.text() == "" and lookup.message.text() == ""
    # What the clerk types now is what the field holds: nothing left of A, nor of a default.
    click_into(qtbot, lookup.delay_reason)
    type_text(lookup.delay_reason, "Chờ ý kiến phòng Tài nguyên")
    assert lookup.delay_reason.text() == "Chờ ý kiến phòng Tài nguyên"
    for field, text in ((lookup.new_day, "23/03/2026"), (lookup.collector_name, "Lò Văn Páo")):
        click_into(qtbot, field)  # a click selects the default: typing replaces it
        type_text(field, text)
        assert field.text() == text


def test_a_new_appointment_must_be_a_working_time_later_than_now(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    lookup = desk.window.lookup
    scan(qtbot, desk.window, desk.b)
    before = appointment_of(services, desk.b)
    retype(qtbot, lookup.delay_reason, "Chờ xác minh nơi cư trú")
    cases = {
        "21/03/2026": ("10:00", "21/03/2026 (Thứ Bảy) là ngày nghỉ theo lịch làm việc"),
        "30/04/2026": ("10:00", "30/04/2026 (Thứ Năm) là ngày nghỉ"),  # a holiday
        "23/03/2026": ("12:15", "12:15 không nằm trong giờ làm việc (07:00-11:30, 13:30-17:00)"),
        "09/03/2026": ("10:00", "phải sau thời điểm hiện tại"),
    }
    for day, (clock, problem) in cases.items():
        retype(qtbot, lookup.new_day, day)
        retype(qtbot, lookup.new_time, clock)
        with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):  # refused, then reloaded
            lookup.apology_button.click()
        assert problem in lookup.message.text(), (day, lookup.message.text())
        assert lookup.new_day.text() == day  # kept, for the clerk to correct
        assert lookup.message.text().startswith("Ngày hẹn mới: ")
    assert appointment_of(services, desk.b) == before
    assert "dossier.appointment_changed" not in event_types(services)
    screenshot(desk.window, "lookup-apology-refused")


def test_a_refused_apology_stays_on_screen_until_the_clerk_acts_again(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    lookup = desk.window.lookup
    scan(qtbot, desk.window, desk.b)
    retype(qtbot, lookup.new_day, "09/03/2026")  # yesterday
    retype(qtbot, lookup.delay_reason, "Chờ xác minh")
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):  # the reload after the action
        lookup.apology_button.click()
    assert "phải sau thời điểm hiện tại" in lookup.message.text()
    assert lookup.new_day.text() == "09/03/2026"  # what the clerk typed, kept to correct it
    assert lookup.delay_reason.text() == "Chờ xác minh"
    retype(qtbot, lookup.new_day, "23/03/2026")
    with qtbot.waitSignal(desk.window.printed, timeout=20_000):
        lookup.apology_button.click()  # acting again clears it
    qtbot.waitUntil(lambda: lookup.sheet is not None and "23/03/2026" in lookup.info.text())
    assert lookup.message.text() == ""
    assert appointment_of(services, desk.b) == local(2026, 3, 23, 9, 30)


def test_the_list_follows_a_return_and_a_new_date(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    lookup = desk.window.lookup
    scan(qtbot, desk.window, "0912345678")
    assert rows(desk.window)[desk.a][2] == "Đã xử lý xong"
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):
        lookup.results.selectRow(list(rows(desk.window)).index(desk.a))
    with qtbot.waitSignal(desk.window.returned, timeout=10_000):
        lookup.return_button.click()
    assert rows(desk.window)[desk.a][2] == "Đã trả kết quả"
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):
        lookup.results.selectRow(list(rows(desk.window)).index(desk.b))
    retype(qtbot, lookup.new_day, "23/03/2026")
    retype(qtbot, lookup.new_time, "14:00")
    retype(qtbot, lookup.delay_reason, "Chờ xác minh")
    with qtbot.waitSignal(desk.window.printed, timeout=20_000):
        lookup.apology_button.click()
    qtbot.waitUntil(lambda: rows(desk.window)[desk.b][3] == "14:00 23/03/2026")
    assert set(rows(desk.window)) == {desk.a, desk.b}  # the same list, one row changed
    assert lookup.results.selectedItems()[0].text() == desk.b


def test_the_print_strip_acts_on_the_dossier_open_on_the_lookup_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window, lookup, strip = desk.window, desk.window.lookup, desk.window.result
    saved: list[tuple[bytes, str]] = []
    window.print_desk.save = lambda pdf, name: saved.append((pdf, name))  # type: ignore[method-assign]
    assert not strip.print_button.isEnabled()  # nothing printed, nothing open
    scan(qtbot, window, desk.a)
    assert strip.code.text() == desk.a and "mẫu 01" in strip.detail.text()
    with qtbot.waitSignal(window.printed, timeout=20_000):
        lookup.control_button.click()
    assert strip.code.text() == desk.a and "mẫu 06" in strip.detail.text()  # just printed
    strip.save_button.click()  # the pages just printed, not rendered again
    assert saved[-1] == (window.last.pdf if window.last else b"", f"{desk.a}-phieu-kiem-soat.pdf")

    scan(qtbot, window, desk.b)  # the strip follows the dossier open, not the last print
    assert strip.code.text() == desk.b and "mẫu 01" in strip.detail.text()
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        strip.print_button.click()
    assert (printed.args[0].code, printed.args[0].form) == (desk.b, Form.RECEIPT)

    scan(qtbot, window, desk.a)
    assert strip.code.text() == desk.a and "mẫu 01" in strip.detail.text()
    strip.save_button.click()  # A's receipt, rendered for the file: a copy, not a print
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=10_000)
    assert saved[1][1] == f"{desk.a}-giay-tiep-nhan.pdf"
    assert desk.a in " ".join(pdf_text(saved[1][0]))
    assert prints_of(services, desk.a) == ["control"]

    press(qtbot, window, Qt.Key.Key_F2)  # the Receive screen: the last print again
    assert strip.code.text() == desk.b and "mẫu 01" in strip.detail.text()


def test_the_clerks_round_at_the_lookup_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Open A and fill its apology, scan B over it, try a Saturday, then a right day;
    search both, return A's result: each step shows the dossier asked for, fresh."""
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup
    scan(qtbot, window, desk.a)
    retype(qtbot, lookup.new_day, "21/03/2026")
    retype(qtbot, lookup.delay_reason, "Chờ ký")
    retype(qtbot, lookup.collector_name, "Trần Văn Bình")
    click_into(qtbot, lookup.query)
    scan(qtbot, window, desk.b)
    fields = [
        lookup.collector_name,
        lookup.collector_id,
        lookup.new_day,
        lookup.new_time,
        lookup.delay_reason,
    ]
    assert [f.text() for f in fields] == [
        B_NAME,
        B_ID,
        "20/03/2026",
        "09:30",
        "",
    ]
    assert lookup.sheet is not None and lookup.sheet.code == desk.b
    assert desk.b in lookup.info.text() and B_NAME in lookup.info.text()
    retype(qtbot, lookup.new_day, "21/03/2026")  # a Saturday
    retype(qtbot, lookup.delay_reason, "Chờ xác minh nơi cư trú")
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):
        lookup.apology_button.click()
    assert "21/03/2026 (Thứ Bảy) là ngày nghỉ" in lookup.message.text()
    assert "ngày làm việc tiếp theo 23/03/2026 (Thứ Hai)" in lookup.message.text()
    assert appointment_of(services, desk.b) == local(2026, 3, 19, 9, 30)
    retype(qtbot, lookup.new_day, "23/03/2026")
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        lookup.apology_button.click()
    assert printed.args[0].form is Form.APOLOGY and printed.args[0].code == desk.b
    qtbot.waitUntil(lambda: rows(window)[desk.b][3] == "09:30 23/03/2026")
    assert lookup.message.text() == ""
    click_into(qtbot, lookup.query)
    scan(qtbot, window, "0912345678")
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):
        lookup.results.selectRow(list(rows(window)).index(desk.a))
    assert lookup.collector_name.text() == "Nguyễn Văn Đức"
    with qtbot.waitSignal(window.returned, timeout=10_000):
        lookup.return_button.click()
    assert rows(window)[desk.a][2] == "Đã trả kết quả"
    assert rows(window)[desk.b][3] == "09:30 23/03/2026"
    screenshot(window, "lookup-round")


def test_a_scan_lands_in_the_lookup_field_wherever_the_cursor_was(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """After picking a row, or typing a reason, the next receipt scanned opens its dossier:
    not the list's type-ahead picking another row, nor a code typed into the reason."""
    desk = open_desk(qtbot, open_window, services)
    window, lookup = desk.window, desk.window.lookup
    scan(qtbot, window, "0912345678")
    table = lookup.results
    row_a = list(rows(window)).index(desk.a)
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):
        qtbot.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=table.visualItemRect(table.item(row_a, 1)).center(),
        )
    assert QApplication.focusWidget() is table and lookup.sheet is not None
    scan(qtbot, window, desk.b)
    assert lookup.query.text() == desk.b
    assert lookup.sheet is not None and lookup.sheet.code == desk.b
    assert set(rows(window)) == {desk.b}

    click_into(qtbot, lookup.delay_reason)
    type_text(lookup.delay_reason, "Chờ ")
    scan(qtbot, window, desk.a)  # into the reason field
    assert lookup.query.text() == desk.a
    assert lookup.sheet is not None and lookup.sheet.code == desk.a
    assert lookup.delay_reason.text() == ""  # A's own, fresh: no code, no "Chờ "
    assert QApplication.focusWidget() is lookup.query


def test_the_strip_prints_form_04_again_as_it_was_issued(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, printers: PdfPrinters
) -> None:
    desk = open_desk(qtbot, open_window, services)
    window, lookup, strip = desk.window, desk.window.lookup, desk.window.result
    scan(qtbot, window, desk.b)
    retype(qtbot, lookup.delay_reason, "Chờ xác minh")
    with qtbot.waitSignal(window.printed, timeout=20_000) as first:
        lookup.apology_button.click()
    qtbot.waitUntil(lambda: "mẫu 04" in strip.detail.text(), timeout=10_000)
    with qtbot.waitSignal(window.printed, timeout=20_000) as again:
        strip.print_button.click()
    issued, reprinted = first.args[0], again.args[0]
    assert (reprinted.code, reprinted.form, reprinted.reprint) == (desk.b, Form.APOLOGY, True)
    text = " ".join(pdf_text(reprinted.pdf))  # the same form 04: its reason, marked as a reprint
    assert "Chờ xác minh" in text and "Bản in lại ngày" in text
    assert not issued.reprint
    assert len(printers.files) == 2 and all(f.stat().st_size > 0 for f in printers.files)
