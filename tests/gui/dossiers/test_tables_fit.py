"""On a 1024-pixel screen the lookup and ledger tables show code, status and dates whole:
the long texts (procedure, applicant, address) give up the width, cut with "…"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import void_dossier
from counter_app.core.services.reception import receive
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.dossiers import ledger_view, lookup_view
from tests.conftest import FakeClock, local
from tests.gui.conftest import press, screenshot, type_text
from tests.helpers import acting, applicant, reception

LONG_PROCEDURE = "1.012756"  # "Đăng ký đất đai, cấp Giấy chứng nhận … (xã đảo, miền núi)"
COMPANY = "Công ty TNHH Thủy sản và Dịch vụ Hậu cần Nghề cá Cô Tô"
ADDRESS = "Số 12, đường Hải Tiến, thôn Hải Tiến, đặc khu Cô Tô, tỉnh Quảng Ninh"


def whole_columns(table: QTableWidget, stretched: tuple[int, ...]) -> list[str]:
    """The columns, not stretched, that are cut or off the visible width (empty: all whole)."""
    header = table.horizontalHeader()
    width = table.viewport().width()
    problems = []
    for column in range(table.columnCount()):
        if column in stretched:
            continue
        left = header.sectionViewportPosition(column)
        needed = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        if left < 0 or left + header.sectionSize(column) > width:
            problems.append(f"{column}: off the view ({left}+{header.sectionSize(column)}>{width})")
        elif header.sectionSize(column) < needed:
            problems.append(f"{column}: cut ({header.sectionSize(column)}<{needed})")
    return problems


def received_long(services: Services, clock: FakeClock) -> None:
    clock.now = local(2026, 3, 9, 9)
    for name in (COMPANY, "Nguyễn Văn Đức"):
        receive(
            services,
            reception(LONG_PROCEDURE, applicant=applicant(name=name, address=ADDRESS)),
        )


def test_lookup_columns_fit_a_1024_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, clock: FakeClock
) -> None:
    received_long(services, clock)
    window = open_window()
    window.resize(1024, 768)
    press(qtbot, window, Qt.Key.Key_F3)
    lookup = window.lookup
    type_text(lookup.query, "022090001234")
    press(qtbot, lookup.query, Qt.Key.Key_Return)
    table = lookup.results
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=10_000)
    table.selectRow(0)
    qtbot.waitUntil(lambda: lookup.sheet is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.width() == 1024 and table.viewport().width() > 0)
    assert whole_columns(table, lookup_view.STRETCHED) == []
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    procedure = table.item(0, 2)
    assert procedure.toolTip() == procedure.text()  # the whole name, when the cell cuts it
    assert table.visualItemRect(procedure).width() < table.sizeHintForColumn(2)  # cut here
    info = lookup.info  # the details' last line ("Giấy tờ: …") is not cut
    assert info.height() >= info.heightForWidth(info.width())
    screenshot(window, "lookup-1024")


def test_ledger_columns_fit_a_1024_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, clock: FakeClock
) -> None:
    received_long(services, clock)
    window = open_window()
    window.resize(1024, 768)
    press(qtbot, window, Qt.Key.Key_F4)
    table = window.ledger.table
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: window.width() == 1024 and table.viewport().width() > 0)
    assert whole_columns(table, ledger_view.STRETCHED) == []
    assert table.horizontalScrollBar().maximum() == 0
    for column in ledger_view.STRETCHED:
        assert table.item(0, column).toolTip() == table.item(0, column).text()
    screenshot(window, "ledger-1024")


def test_a_long_voided_dossier_never_makes_the_window_taller_than_a_laptop_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Its details (three documents, the void's reason) scroll beside the list: the window's
    status bar stays on a 1024x768 screen."""
    code = receive(services, reception()).code
    void_dossier(
        services, code, "Tiếp nhận nhầm thủ tục, công dân cần chứng thực", acting("Lê Thị Hoa")
    )
    window = open_window()
    window.resize(1024, 700)
    press(qtbot, window, Qt.Key.Key_F3)
    lookup = window.lookup
    with qtbot.waitSignal(lookup.detail_shown, timeout=10_000):
        type_text(lookup.query, code)
        press(qtbot, lookup.query, Qt.Key.Key_Return)
    assert lookup.sheet is not None and lookup.sheet.voided
    QApplication.processEvents()
    # The screen above the strip and status bar: 768 less the title, tabs, strip and bar.
    assert lookup.minimumSizeHint().height() <= 768 - 250
    screenshot(window, "lookup-1024-voided")
