"""Editing the settings from the GUI: same validation as the file, identity changes confirmed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core import settings as settings_file
from counter_app.core.services.context import Services
from counter_app.core.store.models import Station
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.settings_dialog import SettingsDialog
from counter_app.ui.sync.sync_console import EnrolDialog
from tests.gui.conftest import screenshot


def test_invalid_values_are_explained_then_saved(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    settings_path = window.settings_path
    assert settings_path is not None
    with services.db.write() as session:  # the database belongs to counter 1
        session.add(
            Station(
                id=1,
                agency_code=services.settings.agency_code,
                agency_name="x",
                counter_number=1,
                created_at=services.clock(),
            )
        )
    seen: list[str] = []

    def drive(dialog: SettingsDialog) -> None:
        def steps() -> None:
            dialog.edits["agency.code"].setText("H56")
            dialog.hours.setText("17:00-07:00")
            dialog.save_button.click()
            seen.append(dialog.errors.text())
            assert dialog.isVisible()  # refused, nothing lost
            assert dialog.edits["agency.code"].text() == "H56"
            dialog.edits["agency.code"].setText("000.17.22.H56")
            dialog.hours.setText("07:30-11:30, 13:30-17:00")
            dialog.counter.setValue(2)
            dialog.edits["counter.clerk"].setText("Trần Thị Lan")
            dialog.backup_keep.setValue(30)
            dialog.save_button.click()
            seen.append(dialog.errors.text())
            screenshot(dialog, "settings")
            dialog.confirm_identity.setChecked(True)
            dialog.save_button.click()

        QTimer.singleShot(0, steps)

    window.settings_dialog_opened.connect(drive)
    with qtbot.waitSignal(window.settings_saved, timeout=10_000):
        window.settings_action.trigger()
    assert "Mã cơ quan" in seen[0] and "Giờ làm việc" in seen[0]
    assert "xác nhận" in seen[1]
    saved = settings_file.load(settings_path)
    assert (saved.counter_number, saved.clerk, saved.backup_keep) == (2, "Trần Thị Lan", 30)
    assert [str(p) for p in saved.office_periods] == ["07:30-11:30", "13:30-17:00"]
    with services.db.read() as session:
        assert session.scalars(select(Station.counter_number)).one() == 2
    assert "Quầy 2" in window.identity.text() and "Trần Thị Lan" in window.clerk.text()


def test_the_settings_dialog_offers_enrolment(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    enrolments: list[EnrolDialog] = []

    def enrol(dialog: EnrolDialog) -> None:
        enrolments.append(dialog)
        QTimer.singleShot(0, dialog.reject)  # the clerk changes their mind

    def drive(dialog: SettingsDialog) -> None:
        def steps() -> None:
            dialog.enrol_button.click()  # returns when the enrolment dialog closes
            dialog.reject()

        QTimer.singleShot(0, steps)

    window.sync.enrol_dialog_opened.connect(enrol)
    window.settings_dialog_opened.connect(drive)
    window.settings_action.trigger()
    assert len(enrolments) == 1
    assert enrolments[0].parent() is not window  # on top of the settings dialog


def test_printers_and_paper_are_chosen_in_the_settings(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    window.print_desk.printers = lambda: ["XP-80 (quầy 1)", "HP LaserJet A4"]
    settings_path = window.settings_path
    assert settings_path is not None
    offered: list[list[str]] = []

    def drive(dialog: SettingsDialog) -> None:
        def steps() -> None:
            receipt, a4 = dialog.receipt_printer, dialog.a4_printer
            offered.append([receipt.itemText(i) for i in range(receipt.count())])
            receipt.setCurrentIndex(receipt.findData("XP-80 (quầy 1)"))
            dialog.paper.setCurrentIndex(dialog.paper.findData("receipt80"))
            a4.setCurrentIndex(a4.findData("HP LaserJet A4"))
            screenshot(dialog, "settings-printers")
            dialog.save_button.click()

        QTimer.singleShot(0, steps)

    window.settings_dialog_opened.connect(drive)
    with qtbot.waitSignal(window.settings_saved, timeout=10_000):
        window.settings_action.trigger()
    assert offered[0] == ["(Máy in mặc định của máy tính)", "XP-80 (quầy 1)", "HP LaserJet A4"]
    saved = settings_file.load(settings_path)
    assert (saved.receipt_printer, saved.paper.value, saved.a4_printer) == (
        "XP-80 (quầy 1)", "receipt80", "HP LaserJet A4"
    )  # fmt: skip
    assert window.settings == saved


def test_a_chosen_printer_no_longer_installed_is_shown_and_kept(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    window.settings = replace(window.settings, a4_printer="Canon A4 (cũ)")
    window.print_desk.printers = lambda: ["HP LaserJet A4"]
    shown: list[str] = []

    def drive(dialog: SettingsDialog) -> None:
        shown.append(dialog.a4_printer.currentText())
        QTimer.singleShot(0, dialog.save_button.click)

    window.settings_dialog_opened.connect(drive)
    with qtbot.waitSignal(window.settings_saved, timeout=10_000) as saved:
        window.settings_action.trigger()
    assert shown == ["Canon A4 (cũ) — không tìm thấy trên máy này"]
    assert saved.args[0].a4_printer == "Canon A4 (cũ)"  # kept until the clerk chooses another
