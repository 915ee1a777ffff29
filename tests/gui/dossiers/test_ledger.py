"""The ledger screen: today's dossiers, filters, highlights, printing form 06."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame
from pytestqt.qtbot import QtBot

from counter_app.core.domain.reception import Outcome
from counter_app.core.domain.status import Status
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.printing import dossier_sheet
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.dossiers.ledger_view import LedgerView
from counter_app.ui.widgets.tables import DUE_TODAY, OVERDUE
from tests.conftest import TZ, FakeClock, local
from tests.gui.conftest import PdfPrinters, press, screenshot, type_text
from tests.helpers import reception
from tests.pdf_tools import pdf_text


def test_today_by_default_with_highlights_and_filters(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, clock: FakeClock
) -> None:
    clock.now = local(2026, 3, 9, 9)  # Monday
    receive(services, reception("1.004194"))  # 3 working days: due Thu 12/3 09:00
    clock.now = local(2026, 3, 12, 8)  # Thursday
    receive(services, reception())  # same day: due 17:00
    clock.now = local(2026, 3, 12, 8, 30)
    window = open_window()
    press(qtbot, window, Qt.Key.Key_F4)
    ledger = window.ledger
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10_000)  # today only
    assert ledger.table.item(0, 0).background().color() == DUE_TODAY
    ledger.first.setText("09/03/2026")
    ledger.show_button.click()
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 2, timeout=10_000)
    assert "quá hạn: 0" in ledger.summary.text() and "đến hạn hôm nay: 2" in ledger.summary.text()
    clock.now = local(2026, 3, 13, 8)  # the next morning both are late
    ledger.overdue.setChecked(True)
    ledger.show_button.click()
    qtbot.waitUntil(lambda: "quá hạn: 2" in ledger.summary.text(), timeout=10_000)
    assert ledger.table.item(1, 0).background().color() == OVERDUE
    ledger.overdue.setChecked(False)
    ledger.status.setCurrentIndex(ledger.status.findData(int(Status.ACCEPTED)))
    ledger.procedure.setCurrentIndex(ledger.procedure.findData("1.001193"))
    ledger.show_button.click()
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10_000)
    screenshot(window, "ledger")


def test_bad_dates_are_explained_and_the_ledger_prints(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, printers: PdfPrinters
) -> None:
    receive(services, reception())
    window = open_window()
    press(qtbot, window, Qt.Key.Key_F4)
    window.ledger.first.clear()
    type_text(window.ledger.first, "31/02/2026")
    window.ledger.show_button.click()  # written right, but no such day
    assert window.ledger.message.text() == (
        "Từ ngày: không có ngày 31/02/2026 (tháng 2 năm 2026 có 28 ngày)."
    )
    window.ledger.first.setText("1/3/26")
    window.ledger.show_button.click()
    assert window.ledger.message.text() == (
        "Từ ngày: phải có dạng ngày/tháng/năm, ví dụ 01/05/1990."
    )
    window.ledger.first.setText("01/03/2026")
    with qtbot.waitSignal(window.ledger_printed, timeout=20_000) as printed:
        window.ledger.print_button.click()
    assert printed.args[1] >= 1 and printers.files[-1].stat().st_size > 10_000


def shows_whole_text(edit: QLineEdit) -> bool:
    """The box is wide enough for its text: nothing scrolled out of sight ("026")."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    # QLineEdit keeps 2 px of its own on each side of the text.
    width = room.width() - margins.left() - margins.right() - 4
    return edit.fontMetrics().horizontalAdvance(edit.text()) <= width


def test_the_number_shown_is_the_ledger_number_of_the_receipt(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, clock: FakeClock
) -> None:
    clock.now = local(2026, 3, 9, 9)
    receive(services, reception())  # number 1 of the 2026 book
    clock.now = local(2026, 3, 10, 9, 30)
    second = receive(services, reception("1.004194")).code  # number 2
    with services.db.read() as session:
        on_receipt = dossier_sheet(session, second, TZ).ledger_number
    window = open_window()
    press(qtbot, window, Qt.Key.Key_F4)
    ledger = window.ledger
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10_000)  # today only
    assert on_receipt == 2
    # As on the receipt (Quyển 2026-Q1, số 2), not the row's place; unique in the center.
    assert ledger.table.item(0, 0).text() == "Q1-2"
    assert ledger.table.item(0, 1).text() == second
    assert not ledger.table.verticalHeader().isVisibleTo(ledger)  # one number column only


def test_date_boxes_show_the_whole_date_on_a_small_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    window.resize(1024, 700)
    press(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(window.ledger.table.isVisible, timeout=10_000)
    window.ledger.first.setText("28/02/2026")
    window.ledger.last.setText("10/03/2026")
    for edit in (window.ledger.first, window.ledger.last):
        assert shows_whole_text(edit), (edit.objectName(), edit.width())
    screenshot(window, "ledger-1024")


def test_the_printed_ledger_is_what_is_shown_landscape_with_its_filters_named(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: Services,
    clock: FakeClock,
    printers: PdfPrinters,
) -> None:
    clock.now = local(2026, 3, 9, 9)
    late = receive(services, reception("1.004194")).code  # due Thu 12/3 09:00
    refused = receive(
        services, reception("1.004194", outcome=Outcome.REFUSED, reason="Không thuộc thẩm quyền")
    ).code
    other = receive(services, reception()).code  # another procedure
    clock.now = local(2026, 3, 13, 8)
    window = open_window()
    press(qtbot, window, Qt.Key.Key_F4)
    ledger = window.ledger
    ledger.first.setText("09/03/2026")
    ledger.overdue.setChecked(True)
    ledger.status.setCurrentIndex(ledger.status.findData(int(Status.ACCEPTED)))
    ledger.procedure.setCurrentIndex(ledger.procedure.findData("1.004194"))
    with qtbot.waitSignal(window.ledger_printed, timeout=20_000) as printed:
        ledger.print_button.click()  # printed as filtered, and shown as printed
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10_000)
    assert ledger.table.item(0, 1).text() == late
    text = " ".join(pdf_text(printed.args[0])).replace(" ", "")
    assert late in text and refused not in text and other not in text
    ledger.status.setCurrentIndex(ledger.status.findData(int(Status.NOT_ACCEPTED)))
    ledger.overdue.setChecked(False)
    with qtbot.waitSignal(window.ledger_printed, timeout=20_000) as printed:
        ledger.print_button.click()
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10_000)
    assert ledger.table.item(0, 1).text() == refused
    assert ledger.table.item(0, 6).text() == "—"  # refused: no appointment at all
    shown = " ".join(pdf_text(printed.args[0]))
    assert "Không có hạn" not in shown and "—" in shown
    ledger.status.setCurrentIndex(ledger.status.findData(int(Status.ACCEPTED)))
    ledger.overdue.setChecked(True)
    with qtbot.waitSignal(window.ledger_printed, timeout=20_000) as printed:
        ledger.print_button.click()
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=10_000)
    heading = " ".join(pdf_text(printed.args[0]))
    assert "Từ ngày 09/03/2026 đến ngày 13/03/2026" in heading
    assert "trạng thái «Được tiếp nhận»" in heading
    assert "thủ tục 1.004194" in heading
    assert "chỉ hồ sơ quá hạn" in heading
    page = PdfReader(printers.files[-1]).pages[0]  # what went to the printer
    assert page.mediabox.width > page.mediabox.height  # A4 landscape, as the form


def test_today_is_the_centers_day_when_the_clock_runs_in_utc(qtbot: QtBot) -> None:
    """Early in the morning in Vietnam it is still yesterday in UTC (the clock's zone)."""
    utc_evening = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # 06:30 on 11/03 at the center
    ledger = LedgerView(lambda: utc_evening, TZ)
    qtbot.addWidget(ledger)
    assert (ledger.first.text(), ledger.last.text()) == ("11/03/2026", "11/03/2026")
