"""Editing the settings from the GUI: same validation as the file, identity changes confirmed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core import settings as settings_file
from counter_app.core.services.context import Services
from counter_app.core.store.models import Station
from counter_app.ui.main_window import MainWindow
from counter_app.ui.settings_dialog import SettingsDialog
from counter_app.ui.sync_console import EnrolDialog
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
