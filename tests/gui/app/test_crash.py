"""An unexpected error in the GUI: a report file, the clerk's input kept, a dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counter_app.core.drafts import DraftStore
from counter_app.ui.app.crash import CrashGuard
from counter_app.ui.app.main_window import MainWindow
from tests.gui.receive.test_receive import NAME, fill_birth_registration

ROOT = Path(__file__).resolve().parents[3]


def answer(guard: CrashGuard, label: str) -> list[str]:
    """Click ``label`` in the crash dialog when it opens; collect the dialog texts."""
    texts: list[str] = []

    def click(box: QMessageBox) -> None:
        texts.append(box.text())
        button = next(b for b in box.buttons() if b.text() == label)
        QTimer.singleShot(0, button.click)

    guard.dialog_opened.connect(click)
    return texts


def test_a_bug_on_the_worker_keeps_the_input_and_writes_a_report(
    qtbot: QtBot, open_window: Callable[[], MainWindow], drafts: DraftStore
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    texts = answer(window.crash_guard, "Tiếp tục làm việc")

    with qtbot.waitSignal(window.crash_guard.crashed, timeout=10_000) as crashed:
        window._core(lambda desk: 1 / 0, lambda _: None)  # a bug in a core call

    error, report = crashed.args
    assert isinstance(error, ZeroDivisionError)
    assert report is not None and "ZeroDivisionError: division by zero" in report.read_text()
    saved = drafts.load()
    assert saved is not None and saved["applicant"]["name"] == NAME
    qtbot.waitUntil(lambda: bool(texts), timeout=10_000)
    assert "Dữ liệu đang nhập đã được lưu lại" in texts[0] and str(report) in texts[0]
    assert window.isVisible() and window.receive.applicant.name.text() == NAME  # goes on


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_qt_slot_reaches_the_guard(qtbot: QtBot, tmp_path: Path) -> None:
    guard = CrashGuard(tmp_path / "logs", None)
    saved: list[bool] = []
    guard.save_input = lambda: saved.append(True)
    answer(guard, "Tiếp tục làm việc")
    guard.install()
    try:

        def broken_slot() -> None:
            raise KeyError("mã thủ tục 1.001193")

        with qtbot.waitSignal(guard.crashed, timeout=10_000) as crashed:
            QTimer.singleShot(0, broken_slot)
    finally:
        guard.uninstall()
    assert isinstance(crashed.args[0], KeyError)
    assert saved == [True]
    assert len(list((tmp_path / "logs").glob("crash-*.txt"))) == 1
