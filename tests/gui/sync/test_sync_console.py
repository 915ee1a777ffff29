"""The sync console as a clerk reads it: whole dossier codes, progress only while sending."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from counter_app.core.sync.status import QUARANTINED, OutboxItem
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.sync.sync_console import SyncConsole
from tests.conftest import TZ, local
from tests.gui.conftest import screenshot

CODES = ("000.17.22.H56-260310-1001", "000.17.22.H56-260310-1002")


def items() -> list[OutboxItem]:
    return [
        OutboxItem(
            n, f"e{n}", "dossier.received", code, state, local(2026, 3, 10, 9), 3, error, None
        )
        for n, (code, state, error) in enumerate(
            [(CODES[0], "pending", None), (CODES[1], QUARANTINED, "Mã thủ tục không có " * 6)],
            start=1,
        )
    ]


def test_dossier_codes_are_shown_whole(qtbot: QtBot) -> None:
    console = SyncConsole(TZ, lambda: local(2026, 3, 10, 10))
    qtbot.addWidget(console)
    console.show()
    console.show_items(items())
    table = console.table
    padding = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    for row, code in enumerate(CODES):
        assert table.item(row, 1).text() == code
        needed = table.fontMetrics().horizontalAdvance(code) + padding
        assert table.columnWidth(1) >= needed, (table.columnWidth(1), needed)
    screenshot(console, "sync-console-codes")


def test_the_progress_goes_when_sending_ends(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    consoles: list[SyncConsole] = []
    window.sync.console_opened.connect(consoles.append)
    window.sync.open_console()
    console = consoles[0]
    controller = window.sync.controller
    controller.running_changed.emit(True)
    controller.progress.emit(17, 17)
    assert console.progress.text() == "Đang gửi 17/17"
    controller.running_changed.emit(False)  # the cycle is over (sent, or broken off)
    assert not console.progress.isVisibleTo(console)
    assert console.progress.text() == ""
