"""The notice of stopping processing, printed from the lookup screen for status 7 or 8."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.dossiers import lookup_view
from tests.gui.dossiers.test_lookup import scan
from tests.helpers import reception
from tests.pdf_tools import pdf_text


class ReasonDialog:
    """Stands in for the reason's QInputDialog: remembers what it offered, answers as told."""

    DialogCode = QInputDialog.DialogCode

    def __init__(self) -> None:
        self.offered: list[str] = []
        self.answer = ("", False)

    def __call__(self, parent: QWidget) -> ReasonDialog:  # the view builds one per click
        return self

    def setTextValue(self, text: str) -> None:  # noqa: N802 (Qt's names)
        self.offered.append(text)

    def textValue(self) -> str:  # noqa: N802
        return self.answer[0]

    def exec(self) -> QInputDialog.DialogCode:
        accepted = self.answer[1]
        return self.DialogCode.Accepted if accepted else self.DialogCode.Rejected

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, 100)

    def __getattr__(self, name: str) -> Callable[..., None]:  # title, label, resize: no matter
        return lambda *args: None


@pytest.fixture
def reason_dialog(monkeypatch: pytest.MonkeyPatch) -> ReasonDialog:
    dialog = ReasonDialog()
    monkeypatch.setattr(lookup_view, "QInputDialog", dialog)
    return dialog


def test_stop_notice_for_a_stopped_dossier(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: Services,
    reason_dialog: ReasonDialog,
) -> None:
    open_code = receive(services, reception()).code
    code = receive(services, reception("1.004222")).code
    change_status(services, code, Status.STOPPED, "Hệ thống tỉnh", "Người nộp không bổ sung")
    window = open_window()
    scan(qtbot, window, open_code)
    qtbot.waitUntil(lambda: window.lookup.sheet is not None, timeout=10_000)
    assert not window.lookup.stop_button.isVisible()  # status 2: nothing to stop

    with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000):
        scan(qtbot, window, code)
    assert window.lookup.stop_button.isVisible()
    reason_dialog.answer = ("", False)  # the clerk cancels: nothing is printed
    with qtbot.assertNotEmitted(window.lookup.stop_notice_requested):
        window.lookup.stop_button.click()
    assert reason_dialog.offered == ["Người nộp không bổ sung"]  # the recorded reason

    reason_dialog.answer = ("Người nộp không bổ sung trong 15 ngày", True)
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.lookup.stop_button.click()
    text = " ".join(pdf_text(printed.args[0].pdf))
    assert "Mẫu số 05" in text and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Lý do: Người nộp không bổ sung trong 15 ngày" in text
    assert window.result.detail.text() == "Thông báo dừng giải quyết hồ sơ (mẫu 05)"
    with services.db.read() as session:
        assert session.scalars(select(m.PrintRecord.form)).all()[-1] == "stop"
    # The result panel's reprint: the reason it printed, marked as a reprint.
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.result.print_button.click()
    again = " ".join(pdf_text(printed.args[0].pdf))
    assert "Lý do: Người nộp không bổ sung trong 15 ngày" in again and "Bản in lại" in again


def test_a_refused_notice_says_why_on_the_lookup_screen(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: Services,
    reason_dialog: ReasonDialog,
) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.WITHDRAWN, "Lê Thị Hoa")  # no reason recorded
    window = open_window()
    scan(qtbot, window, code)
    qtbot.waitUntil(window.lookup.stop_button.isVisible, timeout=10_000)
    reason_dialog.answer = ("   ", True)
    window.lookup.stop_button.click()
    qtbot.waitUntil(lambda: "Lý do dừng giải quyết" in window.lookup.message.text(), timeout=10_000)
    assert "hãy nhập lý do" in window.lookup.message.text()


def test_the_2018_form_set_has_no_stop_notice_to_offer(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    stopped = receive(services, reception()).code
    change_status(services, stopped, Status.STOPPED, "Hệ thống tỉnh", "Không bổ sung")
    window = open_window()
    with qtbot.waitSignal(window.settings_saved, timeout=10_000):  # as the settings dialog does
        window.apply_settings(replace(window.settings, form_set="2018"))
    with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000):
        scan(qtbot, window, stopped)
    assert window.lookup.sheet is not None and not window.lookup.stop_button.isVisible()
