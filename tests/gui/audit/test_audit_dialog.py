"""The audit trail screen: opened from the menu, filters, CSV export, the integrity check."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.sync.wire_audit import AuditAction
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.audit.audit_dialog import AuditDialog
from tests.gui.conftest import screenshot, type_text
from tests.helpers import acting, reception


def opened(qtbot: QtBot, window: MainWindow) -> AuditDialog:
    with qtbot.waitSignal(window.audit_opened, timeout=10_000) as signal:
        window.audit_action.trigger()
    dialog: AuditDialog = signal.args[0]
    qtbot.addWidget(dialog)
    return dialog


def test_filters_export_and_check(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, tmp_path: Path
) -> None:
    codes = [receive(services, reception()).code for _ in range(2)]
    void_dossier(services, codes[1], "Tiếp nhận nhầm", acting("Phạm Thu Hà"))
    window = open_window()
    dialog = opened(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)  # today's, newest first
    assert [dialog.table.item(r, 3).text() for r in range(3)] == [
        "Hủy hồ sơ",
        "Tiếp nhận",
        "Tiếp nhận",
    ]
    assert dialog.table.item(0, 4).text() == codes[1]

    type_text(dialog.person, "phạm")
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.person.clear()
    dialog.action.setCurrentIndex(dialog.action.findData(AuditAction.RECEIVE))
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.summary.text() == "Số mục: 2"

    target = tmp_path / "audit.csv"
    dialog.choose_file = lambda: str(target)  # type: ignore[method-assign]
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Đã xuất 2 mục" in dialog.message.text(), timeout=10_000)
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[5] for row in rows[1:]] == ["Tiếp nhận", "Tiếp nhận"]

    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "nguyên vẹn" in dialog.message.text(), timeout=10_000)
    assert "Tỉnh đã nhận đến mục số 0 (quầy đã ghi đến mục số 3)" in dialog.message.text()

    dialog.first.setText("31/02/2026")
    dialog.show_button.click()
    assert "Từ ngày" in dialog.message.text()  # the wrong date is named, nothing asked
    screenshot(dialog, "audit-dialog")


def test_every_control_is_whole_on_a_1024x768_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    window.resize(1024, 768)
    dialog = opened(qtbot, window)
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert dialog.minimumSizeHint().width() <= 1024 and dialog.minimumSizeHint().height() <= 740
    dialog.resize(dialog.minimumSizeHint())
    qtbot.waitUntil(lambda: dialog.size() == dialog.minimumSizeHint(), timeout=10_000)
    inside = QRect(0, 0, dialog.width(), dialog.height())
    for control in (
        dialog.person, dialog.action, dialog.first, dialog.last,
        dialog.show_button, dialog.export_button, dialog.verify_button,
    ):  # fmt: skip
        box = QRect(control.mapTo(dialog, control.rect().topLeft()), control.size())
        assert inside.contains(box), control.objectName()
        assert control.width() >= control.minimumSizeHint().width(), control.objectName()
    screenshot(dialog, "audit-dialog-small")
