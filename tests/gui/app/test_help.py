"""F1 explains the screen in front of the clerk; Help → About says what support asks for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app import __version__
from counter_app.core import settings as settings_file
from counter_app.demo_settings import DEMO_SETTINGS
from counter_app.paths import AppPaths
from counter_app.ui.app.gui import build_window
from counter_app.ui.app.guide import AboutDialog
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.sync.sync_console import SyncConsole
from tests.conftest import FakeClock, local
from tests.gui.conftest import press, screenshot


def guide_for(qtbot: QtBot, window: MainWindow, target: QWidget) -> str:
    """Press F1 where the clerk is; the screen whose guide opened."""
    with qtbot.waitSignal(window.guide_opened, timeout=5_000) as opened:
        press(qtbot, target, Qt.Key.Key_F1)
    assert window.guide is not None and window.guide.isVisible()
    return str(opened.args[0])


@pytest.mark.parametrize(
    ("key", "screen", "title", "keys"),
    [
        (Qt.Key.Key_F2, "receive", "Tiếp nhận hồ sơ", ("F6", "F7", "Ctrl+A", "Ctrl+P", "F3")),
        (Qt.Key.Key_F3, "lookup", "Tra cứu, trả kết quả", ("Quét mã vạch", "F2", "F4")),
        (Qt.Key.Key_F4, "ledger", "Sổ theo dõi hồ sơ", ("Nhấp đúp", "In sổ theo dõi", "F9")),
    ],
)
def test_f1_opens_the_guide_of_the_screen(  # noqa: PLR0917
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    key: Qt.Key,
    screen: str,
    title: str,
    keys: tuple[str, ...],
) -> None:
    window = open_window()
    press(qtbot, window, key)
    assert guide_for(qtbot, window, window) == screen
    guide = window.guide
    assert guide is not None
    assert guide.windowTitle() == f"Hướng dẫn: {title}"
    text = guide.text.toPlainText()
    for expected in (*keys, "F1"):
        assert expected in text, (expected, text)
    assert not guide.isActiveWindow()  # the keyboard stays on the work
    screenshot(guide, f"guide-{screen}")
    press(qtbot, window, Qt.Key.Key_F1)  # again: closed
    assert not guide.isVisible()


def test_an_open_guide_follows_the_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    """The clerk reads the ledger's guide, presses F3: the guide is now the lookup's."""
    window = open_window()
    press(qtbot, window, Qt.Key.Key_F4)
    assert guide_for(qtbot, window, window) == "ledger"
    with qtbot.waitSignal(window.guide_opened, timeout=5_000) as opened:
        press(qtbot, window, Qt.Key.Key_F3)
    assert opened.args == ["lookup"]
    guide = window.guide
    assert guide is not None and guide.isVisible()
    assert guide.windowTitle() == "Hướng dẫn: Tra cứu, trả kết quả"
    text = guide.text.toPlainText()
    for button in (
        "Hủy hồ sơ…",
        "Hiệu chỉnh thông tin người nộp…",
        "In phiếu kiểm soát",
        "In lại giấy tiếp nhận",
        "In thông báo dừng giải quyết",
    ):
        assert button in text, button
    press(qtbot, window.lookup.query, Qt.Key.Key_F1)  # F1 on the screen it shows: closed
    assert not guide.isVisible()
    press(qtbot, window, Qt.Key.Key_F2)  # a closed guide stays closed
    assert not guide.isVisible()


def test_f1_in_the_sync_console_explains_the_console(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    consoles: list[SyncConsole] = []
    window.sync.console_opened.connect(consoles.append)
    press(qtbot, window, Qt.Key.Key_F9, Qt.KeyboardModifier.ControlModifier)
    console = consoles[0]
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow, timeout=5_000)
    assert guide_for(qtbot, window, console) == "sync"
    assert window.guide is not None
    text = window.guide.text.toPlainText()
    assert "Gửi lại mục đã chọn" in text and "Đăng ký máy chủ" in text
    console.close()


def test_about_shows_the_folders_of_the_running_window(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    paths = AppPaths.resolve(tmp_path / "quay")
    settings_file.save(DEMO_SETTINGS, paths.settings_file)
    window = build_window(DEMO_SETTINGS, paths, FakeClock(local(2026, 3, 10, 9, 30)))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.show()
    help_menu = [a.menu() for a in window.menuBar().actions() if a.text() == "Trợ giúp"]
    assert help_menu and window.about_action in help_menu[0].actions()
    with qtbot.waitSignal(window.about_opened, timeout=5_000) as opened:
        window.about_action.trigger()
    about = opened.args[0]
    assert isinstance(about, AboutDialog) and about.isVisible()
    shown = {label: value.text() for label, value in about.values.items()}
    assert shown["Thư mục dữ liệu"] == str(paths.data_dir)
    assert shown["Thư mục nhật ký"] == str(paths.logs) == str(tmp_path / "quay" / "logs")
    assert shown["Chương trình"] == f"Quầy Một Cửa {__version__}"
    screenshot(about, "about")
    with qtbot.waitSignal(about.copied, timeout=5_000):
        about.copy_button.click()
    copied = qapp.clipboard().text()
    assert str(paths.data_dir) in copied and str(paths.logs) in copied and __version__ in copied
    about.close()
    window.ops.shutdown()
