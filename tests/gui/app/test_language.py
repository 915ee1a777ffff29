"""The interface in English, and translations kept complete."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from counter_app.core.domain.status import Status
from counter_app.core.forms.data import ProgressLine
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import FIELD_LABELS as CORRECTION_FIELDS
from counter_app.core.services.corrections import correct_applicant, recorded_applicant
from counter_app.core.services.dossiers import change_status, return_result
from counter_app.core.services.reception import receive
from counter_app.core.sync.pull import PROVINCE
from counter_app.ui.app.gui import install_language
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.settings_dialog import SettingsDialog
from counter_app.ui.dossiers import history
from tests.gui.conftest import screenshot
from tests.helpers import acting, reception

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))
import i18n


def test_every_interface_string_has_an_english_translation() -> None:
    assert i18n.check() == []
    english = i18n.read(i18n.TRANSLATIONS / "counter_app_en.ts")
    assert len(english) >= len(i18n.sources()) > 100  # checked, not vacuously empty


def test_the_check_fails_without_the_english_file_or_with_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    assert i18n.check() == [f"counter_app_en.ts is missing from {tmp_path}"]
    i18n.write(tmp_path / "counter_app_en.ts", "en", {})
    assert i18n.check() == ["counter_app_en.ts has no messages: run tools/i18n.py update"]


@contextmanager
def language(qapp: QApplication, name: str) -> Iterator[None]:
    """The interface in ``name`` as the program installs it, removed afterwards."""
    installed = install_language(qapp, name)
    assert installed  # something was loaded: Qt's texts for "vi", the program's for "en"
    try:
        yield
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_english_interface(qapp: QApplication, open_window: Callable[[], MainWindow]) -> None:
    with language(qapp, "en"):
        window = open_window()
        assert window.tabs.tabText(0) == "Receive (F2)"
        assert window.receive.accept_button.text() == "Accept and print receipt (Ctrl+P)"
        assert window.connection.text() == "Sync: not connected to the provincial server"
        screenshot(window, "receive-english")


@pytest.mark.parametrize(
    ("name", "save", "cancel", "yes", "no", "all_files"),
    [
        ("vi", "Lưu", "Hủy", "&Có", "&Không", "Mọi tệp (*)"),
        ("en", "Save", "Cancel", "&Yes", "&No", "All Files (*)"),
    ],
)
def test_qt_own_dialogs_speak_the_interface_language(  # noqa: PLR0917
    qapp: QApplication, name: str, save: str, cancel: str, yes: str, no: str, all_files: str
) -> None:
    """Qt's standard buttons and dialogs: Vietnamese in the Vietnamese interface."""
    with language(qapp, name):
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == save
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == cancel
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "",
            "",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        assert box.button(QMessageBox.StandardButton.Yes).text() == yes
        assert box.button(QMessageBox.StandardButton.No).text() == no
        assert QCoreApplication.translate("QFileDialog", "All Files (*)") == all_files
        buttons.deleteLater()
        box.deleteLater()


def test_the_settings_dialog_buttons_are_vietnamese(
    qapp: QApplication, open_window: Callable[[], MainWindow]
) -> None:
    with language(qapp, "vi"):
        window = open_window()
        dialog = SettingsDialog(window.settings, window, lambda: [])
        assert dialog.save_button.text() == "Lưu"
        cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "Hủy"
        screenshot(dialog, "settings-vietnamese-buttons")
        dialog.deleteLater()


def test_english_lookup_shows_english_status_and_history(
    qtbot: QtBot, qapp: QApplication, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Statuses, the history and processing limits are UI: English in the English interface
    (the printed forms stay Vietnamese)."""
    code = receive(services, reception()).code
    change_status(services, code, Status.DONE, "Cán bộ tư pháp")
    recorded = recorded_applicant(services, code)
    corrected = replace(recorded, name="Nguyễn Văn Đông")
    correct_applicant(services, code, corrected, "Gõ nhầm tên", acting("Lê Thị Thu"))
    return_result(services, code, "Nguyễn Văn Đông", "022090001234", acting("Lê Thị Thu"))
    with language(qapp, "en"):
        window = open_window()
        with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000):
            window.lookup.query.setText(code)
            window.lookup.query.returnPressed.emit()
        info = window.lookup.info.text()
        assert "Result returned" in info and "Đã trả kết quả" not in info
        lines = [
            window.lookup.timeline.item(i).text() for i in range(window.lookup.timeline.count())
        ]
        assert any("Accepted (" in line for line in lines), lines
        assert any(
            "Result returned (Lê Thị Thu) — Collected by: Nguyễn Văn Đông" in line for line in lines
        ), lines
        assert any(
            "Applicant's details corrected (Full name). Reason: Gõ nhầm tên" in line
            for line in lines
        ), lines
        assert not any("Được tiếp nhận" in line or "Người nhận" in line for line in lines), lines
        screenshot(window, "lookup-english")


def test_the_screen_knows_the_wording_of_the_desks_own_history_notes(qapp: QApplication) -> None:
    assert history.PROVINCE == PROVINCE
    assert set(CORRECTION_FIELDS.values()) <= set(history.CORRECTED_FIELDS)
    rescheduled = "Hẹn lại ngày trả: 09:00 12/03/2026 (hẹn cũ không có). Lý do: Chờ {xác minh}"
    voided = "Hủy mã hồ sơ: Nhầm thủ tục"
    with language(qapp, "en"):
        assert history.note_text(rescheduled) == (
            "New return date: 09:00 12/03/2026 (previously none). Reason: Chờ {xác minh}"
        )
        assert history.note_text(voided) == "Dossier code voided: Nhầm thủ tục"
        assert history.note_text("Ghi chú của tỉnh") == "Ghi chú của tỉnh"  # typed: as typed
        assert history.actor_text(PROVINCE) == "Provincial system"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vi", "09:15 12/03/2026 — Hủy mã hồ sơ: Nhầm thủ tục (Nguyễn Thị Mai)"),
        ("en", "09:15 12/03/2026 — Dossier code voided: Nhầm thủ tục (Nguyễn Thị Mai)"),
    ],
)
def test_a_history_line_that_kept_the_status_reads_by_the_action(
    qapp: QApplication, name: str, expected: str
) -> None:
    """A void (a new appointment, a correction) leaves the status as it was: the line names
    the action, not the unchanged status."""
    step = ProgressLine(
        body="Bộ phận một cửa",
        at=datetime(2026, 3, 12, 9, 15),
        action="Hủy mã hồ sơ: Nhầm thủ tục (Nguyễn Thị Mai)",
        timeliness="",
        note="Hủy mã hồ sơ: Nhầm thủ tục",
        status=int(Status.ACCEPTED),
        actor="Nguyễn Thị Mai",
        handover=False,
    )
    with language(qapp, name):
        assert history.history_line(step) == expected
