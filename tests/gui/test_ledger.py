"""The ledger screen: today's dossiers, filters, highlights, printing form 06."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.core.domain.status import Status
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.ui.main_window import MainWindow
from counter_app.ui.tables import DUE_TODAY, OVERDUE
from tests.conftest import FakeClock, local
from tests.gui.conftest import PdfPrinters, press, screenshot, type_text
from tests.helpers import reception


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
    window.ledger.show_button.click()
    assert "dd/mm/yyyy" in window.ledger.message.text()
    window.ledger.first.setText("01/03/2026")
    with qtbot.waitSignal(window.ledger_printed, timeout=20_000) as printed:
        window.ledger.print_button.click()
    assert printed.args[0] >= 1 and printers.files[-1].stat().st_size > 10_000
